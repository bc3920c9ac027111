"""Tags ("labels", "categories" upstream): the labels a location puts on clients, records and
events. Other sections store tag ids and render them through :func:`refs`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.errors import ValidationFailed
from parlour.kit.ids import is_id
from parlour.models import Location, Tag
from parlour.tags import repository as repo

RIGHT = "settings_access"
COMMON, CLIENT, RECORD, EVENT = 0, 1, 2, 3
_COLOR = re.compile(r"^(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}|)$")


def _color(value: str) -> str:
    if not _COLOR.match(value):
        raise ValidationFailed.field("color", "expected #RRGGBB")
    return value


def _title(value: str | None) -> str:
    title = (value or "").strip()
    if not title:
        raise ValidationFailed.field("title", "required")
    return title


async def create(
    session: AsyncSession,
    location: Location,
    access: Access,
    *,
    title: str | None,
    color: str | None,
    entity: int,
    icon: str | None,
    right: str = RIGHT,
) -> Tag:
    access.require(right)
    tag = Tag(
        location_id=location.id,
        entity=entity,
        title=_title(title),
        color=_color(color or ""),
        icon=icon or "",
        deleted=False,
    )
    session.add(tag)
    await session.flush()
    return tag


async def update(
    session: AsyncSession,
    location: Location,
    access: Access,
    tag: Tag,
    *,
    title: str | None,
    color: str | None,
    entity: int | None,
    icon: str | None,
) -> Tag:
    """Fields not sent keep their values."""
    access.require(RIGHT)
    if title is not None:
        tag.title = _title(title)
    if color is not None:
        tag.color = _color(color)
    if entity is not None:
        tag.entity = entity
    if icon is not None:
        tag.icon = icon
    await session.flush()
    return tag


async def delete(session: AsyncSession, access: Access, tag: Tag) -> None:
    """Soft delete: clients, records and events that carry it stop showing it."""
    access.require(RIGHT)
    tag.deleted = True
    await session.flush()


def render(tag: Tag) -> dict[str, Any]:
    return {
        "id": tag.id,
        "salon_id": tag.location_id,
        "title": tag.title,
        "color": tag.color,
        "icon": tag.icon,
        "entity": tag.entity,
        "deleted": 1 if tag.deleted else 0,
        "not_editable": 0,
    }


def render_created(tag: Tag) -> dict[str, Any]:
    return {
        "id": tag.id,
        "salon_id": tag.location_id,
        "title": tag.title,
        "color": tag.color,
        "entity": tag.entity,
        "icon": tag.icon,
    }


async def checked_ids(
    session: AsyncSession, location_id: int, ids: Iterable[int | str], entity: int, field: str
) -> list[int]:
    """``ids`` as tag ids of the location that fit ``entity`` (or are common), in order and
    once each; an unknown id is a field error."""
    wanted: list[int] = []
    for value in ids:
        text = str(value).strip()
        if not text.isdigit() or not is_id(int(text)):
            raise ValidationFailed.field(field, f"{value!r} is not a tag id")
        wanted.append(int(text))
    wanted = list(dict.fromkeys(wanted))
    with session.no_autoflush:
        found = await repo.by_ids(session, location_id, wanted)
    for tag_id in wanted:
        tag = found.get(tag_id)
        if tag is None or tag.entity not in (COMMON, entity):
            raise ValidationFailed.field(field, f"tag {tag_id} not found")
    return wanted


async def refs(
    session: AsyncSession, location_ids: Sequence[int], ids: Iterable[Any]
) -> dict[int, Tag]:
    """The live tags among ``ids`` (ids stored as numbers or digit strings), by id."""
    wanted = sorted({int(str(i)) for i in ids if str(i).isdigit() and is_id(int(str(i)))})
    out: dict[int, Tag] = {}
    for location_id in location_ids:
        out.update(await repo.by_ids(session, location_id, wanted))
    return out


def label_view(tag: Tag) -> dict[str, Any]:
    """A tag as clients, records and events embed it."""
    return {
        "id": tag.id,
        "title": tag.title,
        "color": tag.color,
        "icon": tag.icon,
        "font_color": "#ffffff" if tag.color else "",
    }
