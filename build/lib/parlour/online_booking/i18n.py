"""Widget strings served by GET /i18n/{lang_code} (Parlour's own wording)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en-US": {
        "choose_service": "Choose a service",
        "choose_staff": "Choose a team member",
        "any_staff": "Any team member",
        "choose_date": "Choose a date",
        "choose_time": "Choose a time",
        "your_name": "Your name",
        "your_phone": "Phone number",
        "your_email": "Email",
        "comment": "Comment",
        "book": "Book",
        "booked": "Your appointment is booked",
        "slot_taken": "This time has just been taken, please choose another one",
        "no_slots": "No free time on this day",
    },
    "ru-RU": {
        "choose_service": "Выберите услугу",
        "choose_staff": "Выберите специалиста",
        "any_staff": "Любой специалист",
        "choose_date": "Выберите дату",
        "choose_time": "Выберите время",
        "your_name": "Ваше имя",
        "your_phone": "Телефон",
        "your_email": "Email",
        "comment": "Комментарий",
        "book": "Записаться",
        "booked": "Вы записаны",
        "slot_taken": "Это время уже заняли, выберите другое",
        "no_slots": "В этот день нет свободного времени",
    },
}
# Short codes and upstream's other spellings map onto the tables above.
ALIASES = {"en": "en-US", "en-us": "en-US", "en-gb": "en-US", "ru": "ru-RU", "ru-ru": "ru-RU"}


def strings_for(lang_code: str) -> dict[str, str] | None:
    key = ALIASES.get(lang_code.lower(), lang_code)
    return STRINGS.get(key)
