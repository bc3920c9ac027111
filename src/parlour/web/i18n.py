"""Words of the booking widget page, English and Russian.

The widget's own step words come from ``online_booking.i18n`` (what GET /i18n/{lang} serves);
this table adds the page's other labels."""

from __future__ import annotations

from parlour.online_booking.i18n import STRINGS

DEFAULT = "en-US"

PAGE: dict[str, dict[str, str]] = {
    "en-US": {
        "services": "Services",
        "team_member": "Team member",
        "date": "Date",
        "time": "Time",
        "contacts": "Your details",
        "next": "Next",
        "confirm": "Confirm booking",
        "cancel_booking": "Cancel this booking",
        "cancelled": "Your booking is cancelled",
        "book_again": "Book another visit",
        "loading": "Loading",
        "no_dates": "No bookable dates",
        "choose_first": "Choose a service first",
        "minutes": "min",
        "when": "When",
        "with": "With",
        "not_found": "This booking form does not exist.",
        "required": "required",
    },
    "ru-RU": {
        "services": "Услуги",
        "team_member": "Специалист",
        "date": "Дата",
        "time": "Время",
        "contacts": "Ваши данные",
        "next": "Далее",
        "confirm": "Подтвердить запись",
        "cancel_booking": "Отменить запись",
        "cancelled": "Запись отменена",
        "book_again": "Записаться ещё раз",
        "loading": "Загрузка",
        "no_dates": "Нет дат для записи",
        "choose_first": "Сначала выберите услугу",
        "minutes": "мин",
        "when": "Когда",
        "with": "Специалист",
        "not_found": "Такой формы записи нет.",
        "required": "обязательно",
    },
}


def words(lang: str) -> dict[str, str]:
    """All words of the page in ``lang`` (one of ``PAGE``'s keys)."""
    return {**STRINGS[lang], **PAGE[lang]}
