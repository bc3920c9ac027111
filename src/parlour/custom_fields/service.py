"""Custom field rules: categories, types, who may change definitions, and value checks.

``validate_values`` is the one place that checks values sent in ``custom_fields`` of a
client or a record against the location's definitions.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.custom_fields import repository as repo
from parlour.custom_fields.schemas import (
    CustomFieldBody,
    CustomFieldCreate,
    CustomFieldRead,
    CustomFieldUpdate,
    FieldType,
)
from parlour.errors import AccessDenied, FieldCategoryNotFound, ValidationFailed
from parlour.models import CustomField, Location

# Upstream path names: the blueprint says "record" for appointments, the newer page says
# "appointment"; both name the same category.
CATEGORIES = {"record": "record", "appointment": "record", "client": "client"}

# The blueprint's field types; "list" is the name the record docs use for "select".
TYPE_TITLES = {
    "text": "Text",
    "number": "Number",
    "select": "List",
    "date": "Date",
    "datetime": "Date and time",
}
TYPE_ALIASES = {"list": "select"}

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
TEXT_LIMIT = 255
RIGHT = "settings_access"  # upstream keeps additional fields among the settings


def category_of(raw: str) -> str:
    category = CATEGORIES.get(raw.strip().lower())
    if category is None:
        raise FieldCategoryNotFound()
    return category


def _type_of(raw: str) -> str:
    code = raw.strip().lower()
    code = TYPE_ALIASES.get(code, code)
    if code not in TYPE_TITLES:
        raise ValidationFailed.field("type", f"type must be one of {', '.join(TYPE_TITLES)}")
    return code


def _code_of(raw: str) -> str:
    code = raw.strip()
    if not CODE_PATTERN.match(code):
        raise ValidationFailed.field("code", "code may hold only letters, digits, '_' and '-'")
    return code


def _choices(field_type: str, values: list[str] | None) -> list[str]:
    if field_type != "select":
        return []
    choices = [v.strip() for v in (values or []) if v.strip()]
    if not choices:
        raise ValidationFailed.field("values", "a select field needs a non-empty list of values")
    return list(dict.fromkeys(choices))


def render(field: CustomField) -> CustomFieldRead:
    return CustomFieldRead(
        id=field.id,
        salon_id=field.location_id,
        custom_field=CustomFieldBody(
            id=field.id,
            code=field.code,
            entity_type=None,
            show_in_ui=field.show_in_ui,
            title=field.title,
            user_can_edit=field.user_can_edit,
            type=FieldType(code=field.type, title=TYPE_TITLES.get(field.type, field.type)),
            values=list(field.values) if field.type == "select" else None,
        ),
    )


async def _check_may_manage(session: AsyncSession, location: Location, access: Access) -> None:
    """Upstream: the user must belong to the location's chain and hold the right."""
    if not await repo.location_in_chain(session, location):
        raise AccessDenied()
    access.require(RIGHT)


async def _check_code_free(
    session: AsyncSession, location_id: int, category: str, code: str, own_id: int | None
) -> None:
    other = await repo.by_code(session, location_id, category, code)
    if other is not None and other.id != own_id:
        raise ValidationFailed.field("code", "a field with this code already exists")


async def create(
    session: AsyncSession,
    location: Location,
    access: Access,
    category: str,
    body: CustomFieldCreate,
) -> CustomField:
    await _check_may_manage(session, location, access)
    field_type = _type_of(body.type)
    code = _code_of(body.code)
    await _check_code_free(session, location.id, category, code, None)
    field = CustomField(
        location_id=location.id,
        category=category,
        code=code,
        title=body.title.strip(),
        type=field_type,
        values=_choices(field_type, body.values),
        user_can_edit=body.user_can_edit,
        show_in_ui=body.show_in_ui,
    )
    session.add(field)
    await session.flush()
    return field


async def _get(
    session: AsyncSession, location: Location, category: str, field_id: int
) -> CustomField:
    return await repo.load(session, location.id, category, field_id)


async def update(
    session: AsyncSession,
    location: Location,
    access: Access,
    category: str,
    field_id: int,
    body: CustomFieldUpdate,
) -> CustomField:
    await _check_may_manage(session, location, access)
    field = await _get(session, location, category, field_id)
    field_type = _type_of(body.type) if body.type is not None else field.type
    if body.code is not None:
        code = _code_of(body.code)
        await _check_code_free(session, location.id, category, code, field.id)
        field.code = code
    if body.title is not None:
        field.title = body.title.strip()
    if body.user_can_edit is not None:
        field.user_can_edit = body.user_can_edit
    if body.show_in_ui is not None:
        field.show_in_ui = body.show_in_ui
    if field_type == "select":
        field.values = _choices(
            field_type, body.values if body.values is not None else field.values
        )
    else:
        field.values = []
    field.type = field_type
    await session.flush()
    return field


async def delete(
    session: AsyncSession, location: Location, access: Access, category: str, field_id: int
) -> None:
    await _check_may_manage(session, location, access)
    field = await _get(session, location, category, field_id)
    await session.delete(field)
    await session.flush()


def _check_value(field: CustomField, value: Any, name: str) -> Any:
    def fail(message: str) -> ValidationFailed:
        return ValidationFailed.field(name, message)

    if field.type == "text":
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise fail("expected text")
        text = str(value)
        if len(text) > TEXT_LIMIT:
            raise fail(f"text is longer than {TEXT_LIMIT} characters")
        return text
    if field.type == "number":
        if isinstance(value, bool):
            raise fail("expected a number")
        if isinstance(value, (int, float)):
            return value
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                raise fail("expected a number") from None
            return int(number) if number.is_integer() else number
        raise fail("expected a number")
    if field.type == "select":
        # The record docs pass a list for a "list" field; a single choice is also accepted.
        chosen = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) and v in field.values for v in chosen):
            raise fail(f"expected one of {', '.join(field.values)}")
        return value
    if field.type == "date":
        if not isinstance(value, str):
            raise fail("expected a date YYYY-MM-DD")
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise fail("expected a date YYYY-MM-DD") from None
    if field.type == "datetime":
        if not isinstance(value, str):
            raise fail("expected a date and time YYYY-MM-DD HH:MM:SS")
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise fail("expected a date and time YYYY-MM-DD HH:MM:SS") from None
        return parsed.strftime("%Y-%m-%d %H:%M:%S")
    return value


async def validate_values(
    session: AsyncSession,
    location_id: int,
    category: str,
    values: dict[str, Any],
    current: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``current`` merged with ``values`` after checking each against its field definition.

    A key that names no field of the location is refused; ``null`` clears a value.
    """
    fields = {f.code: f for f in await repo.list_fields(session, location_id, category)}
    merged = dict(current or {})
    for code, value in values.items():
        name = f"custom_fields.{code}"
        field = fields.get(code)
        if field is None:
            raise ValidationFailed.field(name, "no custom field with this code")
        if value is None:
            merged.pop(code, None)
            continue
        merged[code] = _check_value(field, value, name)
    return merged
