"""Fiscal request bodies: the print request (upstream's fields), the provider's callback and
Parlour's provider settings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from parlour.kit.ids import Id
from parlour.kit.schema import ParlourModel


class PrintBill(ParlourModel):
    document_id: Id
    type: int
    is_pos_enabled: bool = False


class Callback(ParlourModel):
    id: Annotated[str, Field(min_length=1, max_length=64)]
    status: Literal["success", "error"]
    code: int = 0
    message: Annotated[str, Field(max_length=2000)] | None = None


class SettingsWrite(ParlourModel):
    url: Annotated[str, Field(min_length=8, max_length=1024, pattern=r"^https?://")]
    tax_system: Annotated[str, Field(min_length=1, max_length=32)] = "ru_osn"
    print_receipt: bool = True
