"""Request dependencies: the session, the caller's credentials, validated path objects."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth import service as auth_service
from parlour.auth.service import Credentials
from parlour.auth.tokens import parse_authorization
from parlour.db import Database
from parlour.errors import AccessDenied, AuthenticationNeeded, NotFound
from parlour.kit.ids import PathId
from parlour.kit.transaction import session_of
from parlour.models import Chain, Location, Membership, Partner, User


def get_database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def get_session(request: Request) -> AsyncSession:
    """The request's session, opened by ``TransactionMiddleware``: a write is committed before
    its answer is sent and rolled back when the answer is an error. Handlers never commit."""
    return session_of(request.scope)


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def get_credentials(request: Request, session: SessionDep) -> Credentials:
    cached: Credentials | None = getattr(request.state, "credentials", None)
    if cached is not None:
        return cached
    partner_token, user_token = parse_authorization(request.headers.get("authorization"))
    creds = await auth_service.authenticate(session, partner_token, user_token)
    request.state.credentials = creds
    return creds


CredentialsDep = Annotated[Credentials, Depends(get_credentials)]


async def require_partner(creds: CredentialsDep) -> Partner:
    """BearerPartner operations: a valid partner token."""
    if creds.partner is None:
        raise AuthenticationNeeded()
    return creds.partner


async def require_user(creds: CredentialsDep) -> User:
    """BearerPartnerUser operations: a valid partner token and a valid user token."""
    if creds.partner is None or creds.user is None:
        raise AuthenticationNeeded()
    return creds.user


CurrentPartner = Annotated[Partner, Depends(require_partner)]
CurrentUser = Annotated[User, Depends(require_user)]


async def load_location(session: AsyncSession, location_id: int) -> Location:
    location = await session.get(Location, location_id)
    if location is None or location.deleted:
        raise NotFound("Location not found")
    return location


async def member_location(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    location_id: PathId,
) -> Location:
    """The location in the path, for a user who is a member of it (else 403)."""
    location = await load_location(session, location_id)
    member = await auth_service.membership(session, user.id, location.id)
    if member is None:
        raise AccessDenied()
    request.state.membership = member
    return location


async def public_location(
    creds: CredentialsDep,
    session: SessionDep,
    _partner: CurrentPartner,
    location_id: PathId,
) -> Location:
    """The location in the path, for partner-level (public) operations.

    A user token, when one is sent, must belong to a member: a user never reads a location
    they are not part of, even through a public operation.
    """
    location = await load_location(session, location_id)
    if (
        creds.user is not None
        and (await auth_service.membership(session, creds.user.id, location.id)) is None
    ):
        raise AccessDenied()
    return location


LocationDep = Annotated[Location, Depends(member_location)]
PublicLocationDep = Annotated[Location, Depends(public_location)]


def current_membership(request: Request) -> Membership:
    """The membership that ``LocationDep`` checked (use after it)."""
    member: Membership = request.state.membership
    return member


def require_right(member: Membership, right: str) -> None:
    if not member.rights.get(right, False):
        raise AccessDenied()


async def user_chain(
    session: SessionDep,
    user: CurrentUser,
    chain_id: PathId,
) -> Chain:
    """A chain that has at least one location the user is a member of (else 403/404)."""
    from parlour.models import LocationChain

    chain = await session.get(Chain, chain_id)
    if chain is None:
        raise NotFound("Chain not found")
    stmt = (
        select(Membership.id)
        .join(LocationChain, LocationChain.location_id == Membership.location_id)
        .where(Membership.user_id == user.id, LocationChain.chain_id == chain.id)
        .limit(1)
    )
    if (await session.execute(stmt)).first() is None:
        raise AccessDenied()
    return chain


ChainDep = Annotated[Chain, Depends(user_chain)]
