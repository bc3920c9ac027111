"""Custom field request and response shapes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from parlour.kit.schema import ParlourModel


class CustomFieldCreate(ParlourModel):
    type: str = Field(min_length=1, max_length=32)
    code: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=255)
    user_can_edit: bool = True
    show_in_ui: bool = True
    # The allowed choices of a "select" ("list") field.
    values: list[str] | None = None


class CustomFieldUpdate(ParlourModel):
    """Legacy docs mark every field required, the blueprint none: we accept a partial body
    and keep what is not sent."""

    type: str | None = Field(default=None, min_length=1, max_length=32)
    code: str | None = Field(default=None, min_length=1, max_length=64)
    title: str | None = Field(default=None, min_length=1, max_length=255)
    user_can_edit: bool | None = None
    show_in_ui: bool | None = None
    values: list[str] | None = None


class FieldType(BaseModel):
    code: str
    title: str


class CustomFieldBody(BaseModel):
    id: int
    code: str
    entity_type: str | None = None
    show_in_ui: bool
    title: str
    user_can_edit: bool
    type: FieldType
    values: list[Any] | None = None


class CustomFieldRead(BaseModel):
    id: int
    salon_id: int
    custom_field: CustomFieldBody
