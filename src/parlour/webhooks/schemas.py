"""Bodies of the webhook operations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

# Upstream's flags, in its order; one set for all of a location's URLs.
FLAGS: tuple[str, ...] = (
    "salon",
    "service_category",
    "service",
    "good",
    "master",
    "client",
    "record",
    "goods_operations_sale",
    "goods_operations_receipt",
    "goods_operations_consumable",
    "goods_operations_stolen",
    "goods_operations_move",
    "finances_operation",
    "loyalty_card",
)
MAX_URLS = 10


def _flag(value: Any) -> Any:
    """0/1 (numbers or numeric strings) or JSON booleans; anything else is refused."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip() in ("0", "1"):
        return value.strip() == "1"
    raise ValueError("must be 0, 1, true or false")


Flag = Annotated[bool, BeforeValidator(_flag)]


class HooksSettingsWrite(BaseModel):
    """``POST /hooks_settings/{location_id}``: replaces the whole list and the flags."""

    model_config = ConfigDict(extra="ignore")

    urls: list[str]
    active: Flag
    self_sending: Flag = False
    salon: Flag = False
    service_category: Flag = False
    service: Flag = False
    good: Flag = False
    master: Flag = False
    client: Flag = False
    record: Flag = False
    goods_operations_sale: Flag = False
    goods_operations_receipt: Flag = False
    goods_operations_consumable: Flag = False
    goods_operations_stolen: Flag = False
    goods_operations_move: Flag = False
    finances_operation: Flag = False
    loyalty_card: Flag = False

    @field_validator("urls", mode="before")
    @classmethod
    def _urls(cls, value: Any) -> Any:
        # Upstream's field table calls it an array of arrays; its sample sends strings.
        if isinstance(value, list):
            flat: list[Any] = []
            for item in value:
                flat.extend(item if isinstance(item, list) else [item])
            return flat
        return value

    @field_validator("urls")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        out: list[str] = []
        for url in value:
            url = url.strip()
            if not url.lower().startswith(("http://", "https://")) or len(url) > 1024:
                raise ValueError(f"not an http(s) URL: {url[:80]}")
            if url not in out:
                out.append(url)
        if len(out) > MAX_URLS:
            raise ValueError(f"at most {MAX_URLS} distinct URLs")
        return out


class EndpointUpdate(BaseModel):
    """``PUT /company/{location_id}/hooks/endpoints/{endpoint_id}`` (Parlour extension)."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = None
    # true: sign deliveries (a secret is made if there is none); false: stop signing.
    signing: bool | None = None
    # true: a new secret replaces the old one.
    rotate_secret: bool = False


class ReplayRange(BaseModel):
    """``POST /company/{location_id}/hooks/replay``: every event of a time range again."""

    model_config = ConfigDict(extra="forbid")

    start: datetime
    end: datetime
    endpoint_id: int | None = Field(default=None, ge=1)


class ReplayOne(BaseModel):
    model_config = ConfigDict(extra="forbid")

    endpoint_id: int | None = Field(default=None, ge=1)


class TestEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    endpoint_id: int | None = Field(default=None, ge=1)


class MessageStatus(BaseModel):
    """One entry of the operator's delivery-status callback (``POST /delivery/status``)."""

    model_config = ConfigDict(extra="ignore")

    id: Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)] = Field(
        min_length=1, max_length=64
    )
    status: int
    payment_sum: float | None = None
    currency_iso: str | None = Field(default=None, max_length=8)
    parts_amount: int | None = Field(default=None, ge=0)
