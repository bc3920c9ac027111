"""What the web pages need from the server: the pages' partner token and the widget's form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth import tokens
from parlour.booking import search
from parlour.config import secret_key
from parlour.errors import BookingFormNotFound
from parlour.models import Location, Partner
from parlour.online_booking import repository as online_repo
from parlour.web import repository as repo
from parlour.web.i18n import DEFAULT, PAGE

PARTNER_NAME = "Parlour web pages"
# Countries whose salons get the Russian widget when the form names no language.
_RUSSIAN_COUNTRIES = {"russia", "россия", "belarus", "беларусь", "kazakhstan", "казахстан"}


def partner_token() -> str:
    """The partner token the pages call the API with (``tokens.pages_partner_token``). It is
    public by design, like any booking widget's: it opens the partner-level (public)
    operations only; staff operations also need a user token from sign-in."""
    return tokens.pages_partner_token(secret_key())


async def ensure_partner(session: AsyncSession) -> bool:
    """Create the pages' partner row once. False when an operator revoked it (the pages then
    answer that they are switched off)."""
    digest = tokens.digest(partner_token())
    found = await repo.partner_by_token_hash(session, digest)
    if found is not None:
        return found.active
    try:
        async with session.begin_nested():
            session.add(Partner(name=PARTNER_NAME, token_hash=digest))
    except IntegrityError:
        # Another process created it a moment ago.
        found = await repo.partner_by_token_hash(session, digest)
        return found is not None and found.active
    return True


def language(override: str | None, form_settings: dict[str, Any], location: Location) -> str:
    """``?lang=`` first, then the form's ``language`` setting, then the location's country."""
    for raw in (override, form_settings.get("language"), form_settings.get("lang")):
        if isinstance(raw, str) and raw.strip():
            code = raw.strip().lower()
            if code.startswith("ru"):
                return "ru-RU"
            if code.startswith("en"):
                return "en-US"
    if location.country.strip().lower() in _RUSSIAN_COUNTRIES:
        return "ru-RU"
    return DEFAULT if DEFAULT in PAGE else next(iter(PAGE))


@dataclass(slots=True, frozen=True)
class WidgetPage:
    form_id: int
    title: str
    location_id: int
    location_title: str
    address: str
    currency: str
    any_master: bool
    lang: str


async def widget_page(session: AsyncSession, form_id: int, lang: str | None) -> WidgetPage:
    found = await online_repo.form_by_id(session, form_id)
    if found is None:
        raise BookingFormNotFound()
    form, location = found
    settings = await search.settings_of(session, location.id)
    return WidgetPage(
        form_id=form.id,
        title=form.title,
        location_id=location.id,
        location_title=location.public_title or location.title,
        address=location.address,
        currency=location.currency_short_title,
        any_master=bool(settings.any_master),
        lang=language(lang, form.settings or {}, location),
    )
