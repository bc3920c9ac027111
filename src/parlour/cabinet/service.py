"""Client accounts: sign-in by password or by an SMS code, the account's data and password.

A client account is a ``User`` without memberships; signing in by phone and code creates one
for a phone that has none. The user token is the same kind B2B users hold (a password change
replaces it, so the old one gets 401).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth import service as auth_service
from parlour.auth import tokens
from parlour.cabinet.schemas import BookingAuth, BookingUserUpdate, PasswordChange
from parlour.errors import AuthenticationNeeded, Conflict, ValidationFailed
from parlour.kit.phones import normalize_phone
from parlour.models import User
from parlour.phone_codes import service as codes


def render(user: User, token: str) -> dict[str, object]:
    return {
        "id": user.id,
        "user_token": token,
        "name": user.name,
        "phone": user.phone or "",
        "login": user.login,
        "email": user.email or "",
        "avatar": user.avatar,
    }


async def sign_in_by_code(session: AsyncSession, phone_raw: str, code: str) -> tuple[User, str]:
    phone = normalize_phone(phone_raw)
    await codes.consume(session, phone, code)
    user = await auth_service.find_user_by_login(session, phone)
    if user is None:
        user = User(
            name=phone,
            login=phone,
            phone=phone,
            password_hash="",
            token_hash="",
        )
        session.add(user)
        await session.flush()
        user.token_hash = tokens.digest(auth_service.token_of(user))
        await session.flush()
    if not user.is_approved:
        raise AuthenticationNeeded("This account is blocked.")
    return user, auth_service.token_of(user)


async def sign_in(session: AsyncSession, body: BookingAuth) -> tuple[User, str]:
    if body.phone and body.code:
        return await sign_in_by_code(session, body.phone, body.code)
    if body.login and body.password:
        return await auth_service.login(session, body.login, body.password)
    raise ValidationFailed.field("login", "send login and password, or phone and code")


async def update(session: AsyncSession, user: User, body: BookingUserUpdate) -> None:
    if body.name is not None:
        if not body.name.strip():
            raise ValidationFailed.field("name", "the name is empty")
        user.name = body.name.strip()
    if body.email is not None and body.email.strip().lower() != (user.email or ""):
        email = body.email.strip().lower()
        if email and ("@" not in email or "." not in email.partition("@")[2]):
            raise ValidationFailed.field("email", "not an e-mail address")
        if email and await auth_service.find_user_by_login(session, email) is not None:
            raise Conflict("This e-mail belongs to another account.")
        user.email = email or None
    if body.phone is not None:
        phone = normalize_phone(body.phone)
        if phone != user.phone:
            # A new phone must be proven with the code sent to it.
            if not body.confirmation_code:
                raise ValidationFailed.field("confirmation_code", "confirm the new phone")
            await codes.consume(session, phone, body.confirmation_code)
            if await auth_service.find_user_by_login(session, phone) is not None:
                raise Conflict("This phone belongs to another account.")
            user.phone = phone
    await session.flush()


async def change_password(session: AsyncSession, user: User, body: PasswordChange) -> str:
    if user.password_hash and not tokens.verify_password(
        user.password_hash, body.old_password or ""
    ):
        raise ValidationFailed.field("old_password", "the current password is wrong")
    return await auth_service.set_password(session, user, body.new_password)
