"""Users & Permissions payloads."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from parlour.kit.schema import ParlourModel


class PermissionValue(ParlourModel):
    slug: str = Field(max_length=128)
    value: Any = None


class PermissionsUpdate(ParlourModel):
    user_role: str | None = Field(default=None, max_length=32)
    user_permissions: list[PermissionValue] = Field(default_factory=list, max_length=500)
    staff_id: int | None = Field(default=None, ge=0)


class Invite(ParlourModel):
    name: str = Field(default="", max_length=255)
    search: str = Field(min_length=1, max_length=255)
    position: str = Field(default="", max_length=255)
    user_role: str | None = Field(default=None, max_length=32)
    user_permissions: list[PermissionValue] = Field(default_factory=list, max_length=500)
    staff_id: int | None = Field(default=None, ge=0)


class InviteRequest(ParlourModel):
    # Upstream: at most 15 invitations at once.
    invites: list[Invite] = Field(min_length=1, max_length=15)


class InviteAccept(ParlourModel):
    code: str = Field(min_length=8, max_length=128)
    password: str | None = Field(default=None, max_length=255)
    name: str | None = Field(default=None, max_length=255)


class CompanyLink(ParlourModel):
    company_id: int = Field(ge=1)
    user_permissions: list[PermissionValue] = Field(default_factory=list, max_length=500)


class CompanyLinks(ParlourModel):
    user_company_links: list[CompanyLink] = Field(min_length=1, max_length=100)
