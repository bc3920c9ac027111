"""Cache versions: the counter that tells every server process its cached rows are stale."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from parlour.models.base import Base


class CacheVersion(Base):
    """One counter per scope: ``scope`` is a location id, or 0 for what belongs to no location
    (partners, users). Bumped in the transaction that changes a cached row (``cache.bump``)."""

    __tablename__ = "cache_version"

    scope: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
