"""Client rules: the card (create, change, delete, bulk), rendering with computed figures,
search, the deprecated list, and comments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.clients import repository as repo
from parlour.clients import search
from parlour.clients.schemas import Category, ClientRead, ClientSearch, ClientWrite
from parlour.custom_fields.service import validate_values
from parlour.errors import ParlourError, ValidationFailed
from parlour.kit.money import ZERO, cents, wire
from parlour.kit.phones import location_region, normalize_phone, search_forms
from parlour.kit.text import fold
from parlour.kit.timeutil import in_range, iso, iso_compact, parse_datetime, zone
from parlour.models import Client, ClientComment, Location, User
from parlour.tags import service as tags_service

SEX = {0: "unknown", 1: "Male", 2: "Female"}
IMPORTANCE = {0: "No importance class", 1: "Bronze", 2: "Silver", 3: "Gold"}
DUPLICATE_PHONE = "The client with the specified phone number already exists in the database"


def _birth_date(raw: str | int | None) -> date | None:
    if raw is None or raw == "" or raw == 0:
        return None
    if isinstance(raw, int) or (isinstance(raw, str) and raw.strip().isdigit()):
        # The samples show a unix timestamp; read it as a UTC day.
        try:
            day = datetime.fromtimestamp(int(raw), UTC).date()
        except (OverflowError, OSError, ValueError):
            raise ValidationFailed.field("birth_date", "timestamp out of range") from None
        return in_range(day, "birth_date")
    try:
        day = date.fromisoformat(raw.strip()[:10])
    except ValueError:
        raise ValidationFailed.field("birth_date", "expected a date yyyy-mm-dd") from None
    return in_range(day, "birth_date")


def _text(value: str | int | None) -> str:
    return "" if value is None else str(value).strip()


async def _apply(
    session: AsyncSession, location: Location, client: Client, body: ClientWrite, *, full: bool
) -> list[int] | None:
    """Copy ``body`` onto ``client`` (``full``: fields not sent take their defaults).

    Returns the label ids to store, or None when labels were not sent.
    """
    name = _text(body.name)
    if not name:
        raise ValidationFailed.field("name", "Client name not specified")
    if body.phone is None or _text(body.phone) == "":
        raise ValidationFailed.field("phone", "Customer phone number cannot be empty")
    client.name = name
    client.phone = normalize_phone(_text(body.phone), region=location_region(location))

    def pick(value: Any, current: Any, default: Any) -> Any:
        if value is not None:
            return value
        return default if full else current

    client.surname = pick(body.surname, client.surname, "").strip()
    client.patronymic = pick(body.patronymic, client.patronymic, "").strip()
    client.email = pick(body.email, client.email, "").strip()
    client.sex_id = pick(body.sex_id, client.sex_id, 0)
    client.importance_id = pick(body.importance_id, client.importance_id, 0)
    client.discount = pick(body.discount, client.discount, ZERO)
    client.card = _text(body.card) if body.card is not None else ("" if full else client.card)
    if body.birth_date is not None or full:
        client.birth_date = _birth_date(body.birth_date)
    client.comment = pick(body.comment, client.comment, "")
    client.spent = pick(body.spent, client.spent, ZERO)
    client.balance = pick(body.balance, client.balance, ZERO)
    client.sms_check = pick(body.sms_check, client.sms_check, False)
    client.sms_not = pick(body.sms_not, client.sms_not, False)
    if body.custom_fields is not None:
        client.custom_fields = await validate_values(
            session, location.id, "client", body.custom_fields, client.custom_fields or {}
        )
    elif client.custom_fields is None:
        client.custom_fields = {}
    if body.categories is not None:
        return await tags_service.checked_ids(
            session, location.id, body.categories, tags_service.CLIENT, "categories"
        )
    return None


async def _flush_unique(session: AsyncSession, client: Client) -> None:
    """Flush, turning a phone already used at the location into a field error."""
    with session.no_autoflush:
        other = await repo.get_by_phone(session, client.location_id, client.phone or "")
    if other is not None and other is not client:
        raise ValidationFailed.field("phone", DUPLICATE_PHONE)
    try:
        async with session.begin_nested():
            session.add(client)
            await session.flush()
    except IntegrityError:
        # A parallel request stored the same phone first.
        raise ValidationFailed.field("phone", DUPLICATE_PHONE) from None


async def create(session: AsyncSession, location: Location, body: ClientWrite) -> Client:
    client = Client(location_id=location.id, custom_fields={})
    labels = await _apply(session, location, client, body, full=True)
    await _flush_unique(session, client)
    if labels:
        await repo.set_labels(session, client.id, labels)
        await session.flush()
    return client


async def update(
    session: AsyncSession, location: Location, client: Client, body: ClientWrite
) -> Client:
    # Upstream's PUT needs name and phone; other fields not sent keep their values.
    labels = await _apply(session, location, client, body, full=False)
    client.updated_at = datetime.now(UTC)
    await _flush_unique(session, client)
    if labels is not None:
        await repo.set_labels(session, client.id, labels)
        await session.flush()
    return client


async def delete(session: AsyncSession, client: Client) -> list[str]:
    """Remove the client; returns the storage keys of their files (removed after commit)."""
    keys = [f.storage_key for f in await repo.files(session, client)]
    await session.delete(client)
    await session.flush()
    return keys


def _row_identity(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if raw.get("phone") not in (None, ""):
        out["phone"] = raw["phone"]
    name = " ".join(
        str(raw.get(k) or "").strip() for k in ("name", "surname") if raw.get(k)
    ).strip()
    if name:
        out["name"] = name
    return out


async def bulk_create(
    session: AsyncSession, location: Location, rows: Sequence[Any]
) -> tuple[list[Client], list[dict[str, Any]]]:
    """Each valid row is saved; each invalid one is reported with its phone, name and error."""
    created: list[Client] = []
    errors: list[dict[str, Any]] = []
    for raw in rows:
        if not isinstance(raw, dict):
            errors.append({"error": "Each row must be a client object"})
            continue
        ident = _row_identity(raw)
        try:
            body = ClientWrite.model_validate(raw)
            async with session.begin_nested():
                created.append(await create(session, location, body))
        except ParlourError as exc:
            message = exc.message
            if isinstance(exc.errors, dict):
                first = next(iter(exc.errors.values()), None)
                if isinstance(first, list) and first:
                    message = str(first[0])
            errors.append({**ident, "error": message})
        except ValueError as exc:  # pydantic's ValidationError
            errors.append({**ident, "error": _pydantic_message(exc)})
    return created, errors


def _pydantic_message(exc: ValueError) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError) and exc.errors():
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err.get("loc", ()))
        return f"{field}: {err.get('msg', 'invalid value')}"
    return str(exc)


async def render(
    session: AsyncSession, location: Location, clients: Sequence[Client]
) -> list[ClientRead]:
    ids = [c.id for c in clients]
    stats = await repo.stats_for(session, location.id, ids)
    labels = await repo.labels_for(session, ids)
    tags = await tags_service.refs(
        session, [location.id], [lid for found in labels.values() for lid in found]
    )
    tz = zone(location.timezone_name)
    out = []
    for c in clients:
        s = stats.get(c.id, repo.Stats())
        sex = SEX.get(c.sex_id, "unknown")
        out.append(
            ClientRead(
                id=c.id,
                name=c.name,
                surname=c.surname,
                patronymic=c.patronymic,
                phone=c.phone or "",
                email=c.email,
                categories=[
                    Category(id=tag.id, title=tag.title, color=tag.color)
                    for lid in labels.get(c.id, [])
                    if (tag := tags.get(lid)) is not None
                ],
                sex_id=c.sex_id,
                sex=sex,
                gender_id=c.sex_id,
                gender=sex,
                discount=c.discount,
                importance_id=c.importance_id,
                importance=IMPORTANCE.get(c.importance_id, IMPORTANCE[0]),
                # The card number, or null without a card (never "").
                card=c.card or None,
                # "" when unknown: a string in every state.
                birth_date=c.birth_date.isoformat() if c.birth_date else "",
                comment=c.comment,
                sms_check=int(c.sms_check),
                sms_not=int(c.sms_not),
                spent=cents(c.spent + s.sold),
                paid=cents(s.sold),
                balance=c.balance,
                visits=s.visits,
                first_visit_date=iso(s.first_visit, tz),
                last_visit_date=iso(s.last_visit, tz),
                last_change_date=iso_compact(c.updated_at, tz),
                custom_fields=dict(c.custom_fields or {}),
            )
        )
    return out


async def render_one(session: AsyncSession, location: Location, client: Client) -> ClientRead:
    return (await render(session, location, [client]))[0]


async def search_clients(
    session: AsyncSession, location: Location, body: ClientSearch
) -> tuple[list[dict[str, Any]], int]:
    tz = zone(location.timezone_name)
    stmt, stats = repo.with_stats(location.id)
    where = search.compile_filters(body, location.id, tz, stats)
    order = search.order_of(body, stats)
    fields = search.fields_of(body)
    page = body.page or 1
    size = body.page_size or 25
    rows, total = await repo.page_of_clients(session, stmt, where, order, (page - 1) * size, size)
    figures = await repo.stats_for(session, location.id, [c.id for c in rows])
    items = []
    for c in rows:
        s = figures.get(c.id, repo.Stats())
        values: dict[str, Any] = {
            "id": c.id,
            "name": c.name,
            "phone": c.phone or "",
            "email": c.email,
            "discount": wire(c.discount),
            "first_visit_date": iso(s.first_visit, tz),
            "last_visit_date": iso(s.last_visit, tz),
            "sold_amount": wire(cents(s.sold)),
            "visits_count": s.visits,
            "passteam_card_id": None,
        }
        items.append({name: values[name] for name in fields})
    return items, total


async def list_deprecated(
    session: AsyncSession,
    location: Location,
    *,
    fullname: str | None,
    phone: str | None,
    email: str | None,
    card: str | None,
    paid_min: Decimal | None,
    paid_max: Decimal | None,
    ids: Sequence[int],
    changed_after: str | None,
    changed_before: str | None,
    page: int,
    count: int,
) -> tuple[list[ClientRead], int]:
    tz = zone(location.timezone_name)
    stmt, stats = repo.with_stats(location.id)
    conds = contact_filters(location, fullname=fullname, phone=phone, email=email, card=card)
    if paid_min is not None:
        conds.append(stats.sold >= paid_min)
    if paid_max is not None and paid_max > 0:
        # Upstream's sample sends paid_max=0 meaning "no upper bound".
        conds.append(stats.sold <= paid_max)
    if ids:
        conds.append(Client.id.in_(ids))
    if changed_after:
        conds.append(Client.updated_at >= parse_datetime(changed_after, tz, "changed_after"))
    if changed_before:
        conds.append(Client.updated_at <= parse_datetime(changed_before, tz, "changed_before"))
    where = and_(*conds) if conds else None
    rows, total = await repo.page_of_clients(
        session, stmt, where, [Client.id.asc()], (page - 1) * count, count
    )
    return await render(session, location, rows), total


def contact_filters(
    location: Location,
    *,
    fullname: str | None,
    phone: str | None,
    email: str | None,
    card: str | None,
) -> list[ColumnElement[bool]]:
    """Conditions for upstream's client filters by part of the name, phone, e-mail or card
    (the client list and the campaigns share them); none given, none returned."""
    conds: list[ColumnElement[bool]] = []
    if fullname:
        # Folded by Python, so any script matches case-insensitively (kit/text.py).
        conds.append(Client.search_name.contains(fold(fullname.strip()), autoescape=True))
    if phone:
        forms = search_forms(phone, region=location_region(location))
        # A phone filter with no digits in it matches no one (never "everyone").
        conds.append(or_(false(), *(Client.phone.contains(f, autoescape=True) for f in forms)))
    if email:
        conds.append(func.lower(Client.email).contains(email.strip().lower(), autoescape=True))
    if card:
        conds.append(Client.card.contains(card.strip(), autoescape=True))
    return conds


# Comments


def render_comment(
    comment: ClientComment, location: Location, users: dict[int, User], link: str | None
) -> dict[str, Any]:
    tz = zone(location.timezone_name)
    user = users.get(comment.user_id) if comment.user_id else None
    files = [{"link": link, "filename": comment.text}] if link else []
    return {
        "id": comment.id,
        "create_date": iso(comment.created_at, tz),
        "update_date": iso(comment.updated_at, tz),
        "type": comment.type,
        "text": comment.text,
        "files": files,
        "user": {"id": user.id, "name": user.name, "avatar": user.avatar} if user else None,
    }


async def add_comment(
    session: AsyncSession, client: Client, user: User, text: str
) -> ClientComment:
    text = text.strip()
    if not text:
        raise ValidationFailed.field("text", "text must not be empty")
    comment = ClientComment(
        location_id=client.location_id, client_id=client.id, user_id=user.id, text=text
    )
    session.add(comment)
    await session.flush()
    return comment


async def delete_comment(session: AsyncSession, client: Client, comment_id: int) -> None:
    comment = await repo.load_comment(session, client, comment_id)
    # The file that created a "file" entry stays.
    await session.delete(comment)
    await session.flush()
