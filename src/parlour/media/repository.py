"""Image groups and tip settings, scoped to a location."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import ImageNotFound, TipSettingsNotFound
from parlour.kit.repository import Root, Scoped
from parlour.models import ImageGroup, Position, Service, TeamMember, TipSettings, User

IMAGES = Scoped(ImageGroup, not_found=ImageNotFound)
ANY_IMAGE = Root(ImageGroup)
TIPS = Scoped(TipSettings, not_found=TipSettingsNotFound)
MEMBERS = Root(TeamMember)
LOCATION_MEMBERS = Scoped(TeamMember)
SERVICES = Scoped(Service)


async def image(session: AsyncSession, image_group_id: int) -> ImageGroup | None:
    """An image group by id alone (its location is checked by the caller)."""
    return await ANY_IMAGE.get(session, image_group_id)


async def member(session: AsyncSession, member_id: int) -> TeamMember | None:
    """A live team member by id alone (its location decides who may change it)."""
    return await MEMBERS.get(session, member_id)


async def service(session: AsyncSession, location_id: int, service_id: int) -> Service | None:
    return await SERVICES.get(session, location_id, service_id)


async def bound(
    session: AsyncSession, location_ids: Iterable[int], entity: str, entity_ids: Sequence[int]
) -> dict[int, ImageGroup]:
    """The picture bound to each of the entities (the newest one wins)."""
    if not entity_ids:
        return {}
    rows = await session.scalars(
        IMAGES.select(
            location_ids,
            ImageGroup.entity == entity,
            ImageGroup.entity_id.in_(list(entity_ids)),
        ).order_by(ImageGroup.id)
    )
    return {row.entity_id: row for row in rows}


async def tip_settings(session: AsyncSession, location_id: int) -> list[TipSettings]:
    return list(await TIPS.all(session, location_id))


async def members_without_tip_settings(session: AsyncSession, location_id: int) -> list[TeamMember]:
    have = select(TipSettings.team_member_id).where(TipSettings.location_id == location_id)
    rows = await session.scalars(
        select(TeamMember)
        .where(
            TeamMember.location_id == location_id,
            TeamMember.deleted.is_(False),
            TeamMember.id.not_in(have),
        )
        .order_by(TeamMember.id)
    )
    return list(rows)


async def members_by_id(
    session: AsyncSession, location_id: int, ids: Sequence[int]
) -> dict[int, TeamMember]:
    return await LOCATION_MEMBERS.by_ids(session, location_id, ids, with_deleted=True)


async def users_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in await session.scalars(select(User).where(User.id.in_(list(ids))))}


async def positions_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Position]:
    if not ids:
        return {}
    rows = await session.scalars(select(Position).where(Position.id.in_(list(ids))))
    return {p.id: p for p in rows}
