"""Pictures of services and team members, and team members' tip settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, IdType, fk, id_column


class ImageGroup(Base):
    """One uploaded picture (upstream's image group with its single ``basic`` version), bound
    to a service or a team member of its location, or to nothing yet (``entity_id`` 0). The
    bytes live under ``Settings.files_dir``; ``storage_key`` names them."""

    __tablename__ = "image_group"
    __table_args__ = (Index("ix_image_group_entity", "location_id", "entity", "entity_id"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    entity: Mapped[str] = mapped_column(String(16))  # master | service
    entity_id: Mapped[int] = mapped_column(IdType, default=0)
    storage_key: Mapped[str] = mapped_column(String(255))
    # The public address handed out (the server's public URL when the picture was uploaded).
    url: Mapped[str] = mapped_column(String(1024), default="")
    image_type: Mapped[str] = mapped_column(String(8))  # jpeg | png
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TipSettings(Base):
    """Whether a team member takes tips, and the member's tip page token (``hash``)."""

    __tablename__ = "tip_settings"
    __table_args__ = (UniqueConstraint("team_member_id", name="uq_tip_settings_team_member_id"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    team_member_id: Mapped[int] = fk("team_member.id", index=False)
    hash: Mapped[str] = mapped_column(String(36), unique=True)
    status: Mapped[int] = mapped_column(Integer, default=1)
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    invite_sms_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
