"""Notification settings payloads."""

from __future__ import annotations

from pydantic import Field

from parlour.kit.schema import ParlourModel


class Channels(ParlourModel):
    push: int | bool | None = None
    sms: int | bool | None = None
    email: int | bool | None = None


class TypeSetting(ParlourModel):
    type: str = Field(max_length=64)
    channels: Channels = Field(default_factory=Channels)


class SettingsUpdate(ParlourModel):
    notification_types: list[TypeSetting] = Field(default_factory=list, max_length=50)
    # Parlour also takes the mode here; "team_member" is read as "staff".
    mode: str | None = Field(default=None, max_length=32)
