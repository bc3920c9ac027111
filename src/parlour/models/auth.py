"""Partners (integrations), users and their membership in locations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, JSONType, fk, id_column


class Partner(Base):
    """An integration. Its token is shown once and kept only as a SHA-256 digest."""

    __tablename__ = "partner"

    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(255))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(255), default="")
    login: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    avatar: Mapped[str] = mapped_column(String(1024), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    # The user token is derived from a server secret and the password hash (so it changes with
    # the password and POST /auth can hand it out again); only its digest is stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    is_approved: Mapped[bool] = mapped_column(Boolean, default=True)
    is_email_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Membership(Base):
    """A user's access to one location: a role and one flat map of upstream's permission
    slugs to their values (``parlour.auth.permissions``). ``is_approved`` is false while an
    invitation waits to be accepted; ``team_member_id`` links the user to a team member."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "location_id"),)

    id: Mapped[int] = id_column()
    user_id: Mapped[int] = fk("app_user.id")
    location_id: Mapped[int] = fk("location.id")
    role: Mapped[str] = mapped_column(String(32), default="owner")
    permissions: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    is_approved: Mapped[bool] = mapped_column(Boolean, default=True)
    team_member_id: Mapped[int | None] = fk("team_member.id", nullable=True, ondelete="SET NULL")
    # What the location's user list shows about the user (an invitation's position).
    information: Mapped[str] = mapped_column(String(255), default="")
    # Notification settings: the mode (None: the role's default) and per-type channel flags.
    notification_mode: Mapped[str | None] = mapped_column(String(16), nullable=True)
    notification_channels: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
