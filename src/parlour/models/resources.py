"""Resources (rooms, equipment) with their instances, and the time each instance is taken by
an appointment. The resources a service needs are listed on the service (``resource_ids``).

No two live occupancies of one instance overlap: the database enforces it (migration 0003), an
exclusion constraint on PostgreSQL and triggers on SQLite, like the record rule of 0001.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, fk, id_column

# The name both backends put in the error raised on an overlapping occupancy.
RESOURCE_OVERLAP_MARKER = "resource_no_overlap"


class Resource(Base):
    __tablename__ = "resource"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ResourceInstance(Base):
    __tablename__ = "resource_instance"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    resource_id: Mapped[int] = fk("resource.id")
    title: Mapped[str] = mapped_column(String(255))


class ResourceOccupancy(Base):
    """An instance taken by an appointment over ``[start_at, end_at)``."""

    __tablename__ = "resource_occupancy"
    __table_args__ = (Index("ix_resource_occupancy_instance_start", "instance_id", "start_at"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    instance_id: Mapped[int] = fk("resource_instance.id", index=False)
    record_id: Mapped[int] = fk("record.id")
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
