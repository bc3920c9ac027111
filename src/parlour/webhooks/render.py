"""An event's ``data``: the entity in the shape of its section's REST answer.

Each watched model names its upstream resource (the flag of ``hooks_settings`` that turns it
on) and the section serializer that renders it. A section added later (loyalty cards) joins
with one entry in ``WATCHED``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.kit.envelope import wire_value
from parlour.models import (
    Client,
    FinanceTransaction,
    GoodsTransaction,
    Location,
    LoyaltyCard,
    Product,
    Record,
    Service,
    ServiceCategory,
    TeamMember,
)
from parlour.models.ledgers import (
    CONSUMABLES,
    GOODS_SALE,
    RECEIPT,
    SERVICES_SALE,
    TRANSFER,
    VISIT,
    WRITE_OFF,
)

log = logging.getLogger("parlour.webhooks")

Renderer = Callable[[AsyncSession, Location, Sequence[Any]], Awaitable[list[Any]]]


@dataclass(frozen=True)
class Watch:
    resource: Callable[[Any], str | None]  # the resource (flag) of a row; None: not sent
    location_id: Callable[[Any], int]
    render: Renderer


def _plain(value: Any) -> Any:
    """The entity as its REST answer carries it (Decimals, dates and models made JSON)."""
    return wire_value(value)


async def _locations(session: AsyncSession, location: Location, rows: Sequence[Any]) -> list[Any]:
    from parlour.locations.service import Extras, render

    return await render(session, rows, Extras())


async def _categories(session: AsyncSession, _loc: Location, rows: Sequence[Any]) -> list[Any]:
    from parlour.services.service import render_categories

    return await render_categories(session, rows)


async def _services(session: AsyncSession, _loc: Location, rows: Sequence[Any]) -> list[Any]:
    from parlour.services.service import render_services

    return await render_services(session, rows)


async def _members(session: AsyncSession, _loc: Location, rows: Sequence[Any]) -> list[Any]:
    from parlour.team_members.service import render

    return await render(session, rows)


async def _clients(session: AsyncSession, location: Location, rows: Sequence[Any]) -> list[Any]:
    from parlour.clients.service import render

    return list(await render(session, location, rows))


async def _records(session: AsyncSession, location: Location, rows: Sequence[Any]) -> list[Any]:
    from parlour.appointments.service import render

    return list(await render(session, rows, {location.id: location}))


async def _goods(session: AsyncSession, location: Location, rows: Sequence[Any]) -> list[Any]:
    from parlour.products.service import render_products

    return await render_products(session, location, rows)


async def _goods_lines(session: AsyncSession, location: Location, rows: Sequence[Any]) -> list[Any]:
    from parlour.inventory.service import render_lines

    return await render_lines(session, location, rows)


async def _finance_lines(
    session: AsyncSession, location: Location, rows: Sequence[Any]
) -> list[Any]:
    from parlour.payments.service import render_lines

    return await render_lines(session, location, rows)


async def _cards(session: AsyncSession, location: Location, rows: Sequence[Any]) -> list[Any]:
    from parlour.loyalty.service import render_cards

    return await render_cards(session, rows, location.id)


_GOODS_OPERATION = {
    GOODS_SALE: "goods_operations_sale",
    SERVICES_SALE: "goods_operations_sale",
    VISIT: "goods_operations_sale",
    RECEIPT: "goods_operations_receipt",
    CONSUMABLES: "goods_operations_consumable",
    WRITE_OFF: "goods_operations_stolen",
    TRANSFER: "goods_operations_move",
}


def _loc(row: Any) -> int:
    return int(row.location_id)


WATCHED: dict[type, Watch] = {
    Location: Watch(lambda _r: "salon", lambda r: int(r.id), _locations),
    ServiceCategory: Watch(lambda _r: "service_category", _loc, _categories),
    Service: Watch(lambda _r: "service", _loc, _services),
    TeamMember: Watch(lambda _r: "master", _loc, _members),
    Client: Watch(lambda _r: "client", _loc, _clients),
    Record: Watch(lambda r: None if r.event_hold else "record", _loc, _records),
    Product: Watch(lambda _r: "good", _loc, _goods),
    GoodsTransaction: Watch(lambda r: _GOODS_OPERATION.get(r.type_id), _loc, _goods_lines),
    FinanceTransaction: Watch(lambda _r: "finances_operation", _loc, _finance_lines),
    # A card belongs to its chain; its events go to the location that issued it.
    LoyaltyCard: Watch(lambda _r: "loyalty_card", lambda r: int(r.location_id or 0), _cards),
}


def snapshot(row: Any) -> dict[str, Any]:
    """A row's columns as JSON values: the data of an entity removed from the database."""
    out: dict[str, Any] = {}
    for attr in sa_inspect(row).mapper.column_attrs:
        value: Any = getattr(row, attr.key, None)
        if isinstance(value, Decimal):
            value = float(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out[attr.key] = value
    out["deleted"] = True
    return out


async def render_rows(
    session: AsyncSession, watch: Watch, location: Location, rows: Sequence[Any]
) -> dict[int, dict[str, Any]]:
    """``{row id: data}``; a serializer that fails leaves the rows as their columns (the event
    is still written: a change never loses its event)."""
    try:
        rendered = await watch.render(session, location, rows)
        return {row.id: _plain(item) for row, item in zip(rows, rendered, strict=True)}
    except Exception:
        log.exception("rendering %s for a webhook failed", type(rows[0]).__name__)
        return {
            row.id: {**snapshot(row), "deleted": bool(getattr(row, "deleted", False))}
            for row in rows
        }
