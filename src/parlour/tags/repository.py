"""SQL of the tags section, scoped to the location."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import TagNotFound
from parlour.kit.repository import Scoped
from parlour.models import Tag

TAGS = Scoped(Tag, not_found=TagNotFound)


async def list_tags(session: AsyncSession, location_id: int, entities: Sequence[int]) -> list[Tag]:
    return await TAGS.all(session, location_id, Tag.entity.in_(list(entities)))


async def load_tag(session: AsyncSession, location_id: int, tag_id: int) -> Tag:
    return await TAGS.load(session, location_id, tag_id)


async def by_ids(session: AsyncSession, location_id: int, ids: Iterable[int]) -> dict[int, Tag]:
    """Live tags of the location among ``ids``."""
    return await TAGS.by_ids(session, location_id, ids)
