"""SQL for the client cabinet: a record by id, and the records of one phone in a chain."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Client, Location, LocationChain, Record


async def record(session: AsyncSession, record_id: int) -> Record | None:
    """A record named by id alone (the cabinet's path names no location); callers prove the
    right to see it (its hash, or the signed-in client's phone)."""
    return (
        await session.execute(select(Record).where(Record.id == record_id))
    ).scalar_one_or_none()


async def sibling_location_ids(session: AsyncSession, location_id: int) -> list[int]:
    """The location and every location that shares its main chain."""
    location = await session.get(Location, location_id)
    if location is None or location.main_group_id is None:
        return [location_id]
    stmt = select(LocationChain.location_id).where(LocationChain.chain_id == location.main_group_id)
    ids = set((await session.execute(stmt)).scalars())
    return sorted(ids | {location_id})


async def records_of_phone(
    session: AsyncSession, location_ids: Sequence[int], phone: str
) -> Sequence[Record]:
    stmt = (
        select(Record)
        .join(Client, Client.id == Record.client_id)
        .where(Record.location_id.in_(list(location_ids)), Client.phone == phone)
        .order_by(Record.start_at.desc(), Record.id.desc())
    )
    return (await session.execute(stmt)).scalars().all()


async def client_phone(session: AsyncSession, client_id: int | None) -> str | None:
    if client_id is None:
        return None
    client = await session.get(Client, client_id)
    return client.phone if client is not None else None
