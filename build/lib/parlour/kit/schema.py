"""Base schema for request bodies: accepts id aliases, ignores unknown fields as upstream does."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from parlour.kit.aliases import resolve_body


class ParlourModel(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _resolve_aliases(cls, data: Any) -> Any:
        if isinstance(data, dict):
            declared = set(cls.model_fields)
            declared |= {f.alias for f in cls.model_fields.values() if f.alias}
            return resolve_body(data, declared)
        return data


class ReadModel(BaseModel):
    """Base for response objects (built from ORM rows or dicts)."""

    model_config = ConfigDict(from_attributes=True, populate_by_name=True)
