"""Authentication payloads."""

from __future__ import annotations

from parlour.kit.schema import ParlourModel, ReadModel


class AuthRequest(ParlourModel):
    login: str
    password: str


class AuthUserRead(ReadModel):
    id: int
    user_token: str
    name: str
    phone: str
    login: str
    email: str
    avatar: str
    is_approved: bool
    is_email_confirmed: bool
