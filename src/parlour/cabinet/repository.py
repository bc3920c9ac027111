"""SQL for the client cabinet: a record by id, and the records of one phone in a chain."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Client, Location, LocationChain, Record, Review


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


async def record_by_hash(session: AsyncSession, token: str) -> Record | None:
    if not token:
        return None
    stmt = select(Record).where(Record.record_hash == token)
    return (await session.execute(stmt)).scalars().first()


async def review_of(session: AsyncSession, record_id: int) -> Review | None:
    stmt = select(Review).where(Review.record_id == record_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def rating_of(session: AsyncSession, team_member_id: int) -> tuple[int, float]:
    """How many reviews the member has and their mean stars."""
    stmt = select(func.count(Review.id), func.avg(Review.rating)).where(
        Review.team_member_id == team_member_id
    )
    count, mean = (await session.execute(stmt)).one()
    return int(count or 0), float(mean or 0)
