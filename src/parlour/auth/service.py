"""Users, partners and memberships: creation, login, lookups."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth import repository as repo
from parlour.auth import tokens
from parlour.auth.permissions import role_defaults
from parlour.cache import store as cache
from parlour.config import secret_key
from parlour.errors import AuthenticationNeeded, Conflict, UserNotFound, ValidationFailed
from parlour.kit import request_context
from parlour.kit.phones import normalize_phone
from parlour.models import Location, Membership, Partner, User


@dataclass(slots=True)
class Credentials:
    partner: Partner | None
    user: User | None


async def create_partner(session: AsyncSession, name: str) -> tuple[Partner, str]:
    token = tokens.new_partner_token()
    partner = Partner(name=name, token_hash=tokens.digest(token))
    session.add(partner)
    await session.flush()
    return partner, token


def _login_fields(login: str) -> tuple[str | None, str | None]:
    """Split a login into (email, phone)."""
    login = login.strip()
    if "@" in login:
        return login.lower(), None
    try:
        return None, normalize_phone(login)
    except ValidationFailed:
        raise ValidationFailed.field("login", "expected an email or a phone number") from None


async def create_user(session: AsyncSession, *, login: str, password: str, name: str = "") -> User:
    if len(password) < 4:
        raise ValidationFailed.field("password", "must be at least 4 characters")
    email, phone = _login_fields(login)
    existing = await find_user_by_login(session, login)
    if existing is not None:
        raise Conflict(f"A user with login {login!r} already exists.")
    user = User(
        name=name or login,
        login=login,
        email=email,
        phone=phone,
        password_hash=tokens.hash_password(password),
        token_hash="",
    )
    session.add(user)
    await session.flush()
    user.token_hash = tokens.digest(token_of(user))
    await session.flush()
    return user


def token_of(user: User) -> str:
    return tokens.user_token(secret_key(), user.id, user.password_hash)


async def set_password(session: AsyncSession, user: User, password: str) -> str:
    """Change the password; the user token changes with it. Returns the new token. A revoked
    user is let in again."""
    if len(password) < 4:
        raise ValidationFailed.field("password", "must be at least 4 characters")
    user.password_hash = tokens.hash_password(password)
    user.is_approved = True
    token = token_of(user)
    user.token_hash = tokens.digest(token)
    await session.flush()
    return token


async def revoke_user(session: AsyncSession, user: User) -> None:
    """The user's token stops working and login is refused until a new password is set."""
    user.is_approved = False
    user.token_hash = tokens.digest(f"revoked:{tokens.new_partner_token()}")
    await session.flush()


async def find_user_by_login(session: AsyncSession, login: str) -> User | None:
    try:
        email, phone = _login_fields(login)
    except ValidationFailed:
        return None
    if email:
        return await repo.user_by_email(session, email)
    return await repo.user_by_phone(session, phone) if phone else None


async def login(session: AsyncSession, login_: str, password: str) -> tuple[User, str]:
    user = await find_user_by_login(session, login_)
    if (
        user is None
        or not user.is_approved  # revoked by an operator (`parlour user revoke`)
        or not tokens.verify_password(user.password_hash, password)
    ):
        # Upstream answers a wrong login or password with 401.
        raise AuthenticationNeeded("Incorrect login or password.")
    return user, token_of(user)


async def _partner_by_token(session: AsyncSession, token: str) -> Partner | None:
    digest = tokens.digest(token)
    view = cache.view_of(session)
    known = view.identities().partners if view is not None else None
    if known is not None and digest in known:
        return known[digest]
    partner = await repo.active_partner_by_token_hash(session, digest)
    # Only known-good tokens are kept (junk tokens cost no memory); a deactivated partner
    # bumps the identities' counter, so every process forgets it on its next request.
    if known is not None and partner is not None:
        known[digest] = cache.keep(session, partner)
    return partner


async def _user_by_token(session: AsyncSession, token: str) -> User | None:
    digest = tokens.digest(token)
    view = cache.view_of(session)
    known = view.identities().users if view is not None else None
    if known is not None and digest in known:
        return known[digest]
    user = await repo.user_by_token_hash(session, digest)
    if known is not None and user is not None:
        known[digest] = cache.keep(session, user)
    return user


async def authenticate(
    session: AsyncSession, partner_token: str | None, user_token: str | None
) -> Credentials:
    """The partner and user of the tokens. A read request (one that began a cache view) is
    answered from this process's cache while the identities' counter has not moved."""
    partner = await _partner_by_token(session, partner_token) if partner_token else None
    user = None
    if user_token and partner is not None:
        user = await _user_by_token(session, user_token)
    # For the access log line (ids only, never tokens).
    request_context.note(
        partner_id=partner.id if partner else None, user_id=user.id if user else None
    )
    return Credentials(partner=partner, user=user)


async def membership(session: AsyncSession, user_id: int, location_id: int) -> Membership | None:
    """The user's membership at the location (pending included), from the cache on reads."""
    entry = cache.entry_of(session, location_id)
    if entry is not None and user_id in entry.memberships:
        return entry.memberships[user_id]
    found = await repo.membership(session, user_id, location_id)
    if entry is not None:
        entry.memberships[user_id] = cache.keep(session, found)
    return found


async def grant(
    session: AsyncSession, user: User, location: Location, *, role: str = "owner"
) -> Membership:
    existing = await membership(session, user.id, location.id)
    if existing is not None:
        return existing
    member = Membership(
        user_id=user.id,
        location_id=location.id,
        role=role,
        permissions=role_defaults(role),
        is_approved=True,
    )
    session.add(member)
    await session.flush()
    return member


async def get_user(session: AsyncSession, user_id: int) -> User:
    user = await repo.user(session, user_id)
    if user is None:
        raise UserNotFound()
    return user
