"""Bodies of the tags section."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from parlour.kit.schema import ParlourModel

# 0 common, 1 client, 2 record (appointment), 3 event.
Entity = Annotated[int, Field(ge=0, le=3)]


class TagWrite(ParlourModel):
    """POST /labels/{location_id} and PUT /labels/{location_id}/{tag_id}."""

    title: Annotated[str, Field(max_length=255)] | None = None
    color: Annotated[str, Field(max_length=32)] | None = None
    entity: Entity | None = None
    icon: Annotated[str, Field(max_length=64)] | None = None


class ClientTagCreate(ParlourModel):
    """POST /labels/{location_id}/clients/create."""

    title: Annotated[str, Field(max_length=255)] = ""
    color: Annotated[str, Field(max_length=32)] = ""
