"""Team member and position payloads."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from parlour.kit.ids import MAX_ID
from parlour.kit.schema import ParlourModel

Name = Annotated[str, Field(min_length=1, max_length=255)]
Text255 = Annotated[str, Field(max_length=255)]
# Upstream: digits only, without "+", 9 to 15 of them.
Digits = Annotated[str, Field(pattern=r"^\d{9,15}$")]
Email = Annotated[str, Field(max_length=255, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class MemberFields(ParlourModel):
    """PUT /staff/{location_id}/{team_member_id}: only sent fields change."""

    name: Name | None = None
    specialization: Text255 | None = None
    weight: int | None = Field(default=None, ge=-(2**31), le=2**31 - 1)
    information: str | None = Field(default=None, max_length=20000)
    api_id: Text255 | None = None
    hidden: bool | None = None
    fired: bool | None = None
    # 0 unlinks the user.
    user_id: int | None = Field(default=None, ge=0, le=MAX_ID)
    # 0 or null clears the position.
    position_id: int | None = Field(default=None, ge=0, le=MAX_ID)
    avatar: str | None = Field(default=None, max_length=1024)
    has_access_timetable: bool | None = None
    is_paid_staff: bool | None = None
    is_included_in_payment_policy: bool | None = None


class MemberCreate(MemberFields):
    name: Name


class MemberQuickCreate(ParlourModel):
    name: Name
    specialization: Text255 = ""
    position_id: int | None = Field(default=None, ge=0, le=MAX_ID)
    phone_number: Digits | None = None
    user_email: Email | None = None
    user_phone: Digits | None = None
    # Parlour sends no e-mail; the flag is accepted and has no effect.
    is_user_invite: bool = False
    is_paid_staff: bool = True


class PositionCreate(ParlourModel):
    title: Name
