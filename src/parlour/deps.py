"""Request dependencies: the session, the caller's credentials, validated path objects."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.appointments import repository as appointments_repo
from parlour.auth import service as auth_service
from parlour.auth import tokens
from parlour.auth.access import Access, check_right
from parlour.auth.service import Credentials
from parlour.auth.tokens import parse_authorization
from parlour.cache import store as cache
from parlour.clients import repository as clients_repo
from parlour.config import secret_key
from parlour.db import Database, write_intent
from parlour.errors import (
    AccessDenied,
    AuthenticationNeeded,
    ClientNotFound,
    DocumentNotFound,
    VisitNotFound,
)
from parlour.event_schedules import repository as event_schedules_repo
from parlour.events import repository as events_repo
from parlour.kit.ids import MAX_ID, PathId
from parlour.kit.transaction import session_of
from parlour.locations import repository as locations_repo
from parlour.loyalty import repository as loyalty_repo
from parlour.models import (
    BookingForm,
    Chain,
    Client,
    ClientSchedule,
    Event,
    EventSchedule,
    EventScheduleDay,
    Location,
    Membership,
    Partner,
    Record,
    Service,
    ServiceCategory,
    Tag,
    TeamMember,
    User,
    Visit,
)
from parlour.models.records import SOURCE_ADMIN, SOURCE_API, SOURCE_WIDGET
from parlour.online_booking import repository as online_booking_repo
from parlour.payments import repository as payments_repo
from parlour.services import repository as services_repo
from parlour.tags import repository as tags_repo
from parlour.team_members import repository as team_members_repo
from parlour.users import repository as users_repo


async def get_database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def get_session(request: Request) -> AsyncSession:
    """The request's session, opened by ``TransactionMiddleware``: a write is committed before
    its answer is sent and rolled back when the answer is an error. Handlers never commit."""
    return session_of(request.scope)


SessionDep = Annotated[AsyncSession, Depends(get_session)]


def _path_location(request: Request) -> int | None:
    raw = request.path_params.get("location_id")
    if isinstance(raw, str) and raw.isdigit() and 0 < int(raw) <= MAX_ID:
        return int(raw)
    return None


async def get_credentials(request: Request, session: SessionDep) -> Credentials:
    cached: Credentials | None = getattr(request.state, "credentials", None)
    if cached is not None:
        return cached
    if not write_intent.get():
        # A read: one query reads the cache counters (identities, and the path's location),
        # then the rows this process cached under them are used (see cache/store.py).
        await cache.begin(session, _path_location(request))
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


async def optional_user(request: Request, creds: CredentialsDep) -> User | None:
    """Partner-level operations that also serve a signed-in user: no user token is fine, a
    user token that does not sign anyone in (changed password, revoked) is 401."""
    if creds.partner is None:
        raise AuthenticationNeeded()
    _, user_token = parse_authorization(request.headers.get("authorization"))
    if user_token and creds.user is None:
        raise AuthenticationNeeded()
    return creds.user


CurrentPartner = Annotated[Partner, Depends(require_partner)]
OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(require_user)]


async def record_source(creds: CredentialsDep) -> str:
    """Where a record this request makes comes from (``Record.source``): a user token is the
    location's staff (public operations refuse users who are not members); Parlour's own web
    pages' partner token is the booking widget; any other partner token is an integration."""
    if creds.user is not None:
        return SOURCE_ADMIN
    pages = tokens.digest(tokens.pages_partner_token(secret_key()))
    if creds.partner is not None and hmac.compare_digest(creds.partner.token_hash, pages):
        return SOURCE_WIDGET
    return SOURCE_API


RecordSourceDep = Annotated[str, Depends(record_source)]


# Upstream names some path ids just ``{id}``; ours get a clear name and this alias.
PathIdAsId = Annotated[int, Path(alias="id", ge=1, le=MAX_ID)]


async def load_location(session: AsyncSession, location_id: int) -> Location:
    """The live location; on a read, the copy this process cached under the current counters."""
    entry = cache.entry_of(session, location_id)
    if entry is not None and entry.location is not None:
        return entry.location
    location = await locations_repo.load_location(session, location_id)
    if entry is not None:
        entry.location = cache.keep(session, location)
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
    if member is None or not member.is_approved:  # an invitation not yet accepted opens nothing
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


async def current_access(request: Request, _location: LocationDep) -> Access:
    """The caller's rights at the path's location (checked by ``LocationDep``)."""
    return Access.of(current_membership(request))


AccessDep = Annotated[Access, Depends(current_access)]


# --------------------------------------------------------------------------------------------
# The rights gate. Every B2B operation names the right that opens it on its route:
#
#     @router.get("/clients/{location_id}", dependencies=[needs("clients_access")])
#
# Route dependencies run before the handler's parameters, so the right is checked right after
# the membership and before any object in the path is loaded. The served OpenAPI shows it as
# ``x-parlour-right`` (``openapi.right_of``), and tests/tenancy/test_rights.py checks every
# operation: without the right 403, with it (and nothing else) past the gate.
# --------------------------------------------------------------------------------------------


def _gate(right: str, gate: Callable[..., Any]) -> Any:
    gate.parlour_right = right  # type: ignore[attr-defined]
    return Depends(gate)


def needs(right: str) -> Any:
    """The route's right at the location named in its path."""
    check_right(right)

    async def gate(access: AccessDep) -> None:
        access.require(right)

    return _gate(right, gate)


async def user_chain(session: SessionDep, user: CurrentUser, chain_id: PathId) -> Chain:
    """A chain that has at least one location the user is a member of (else 403/404)."""
    chain = await locations_repo.CHAINS.load(session, chain_id)
    if not await locations_repo.user_in_chain(session, user.id, chain.id):
        raise AccessDenied()
    return chain


ChainDep = Annotated[Chain, Depends(user_chain)]


def needs_in_chain(right: str) -> Any:
    """The route's right, held at one or more of the chain's locations."""
    check_right(right)

    async def gate(session: SessionDep, user: CurrentUser, chain: ChainDep) -> None:
        members = await locations_repo.chain_memberships(session, user.id, chain.id)
        if not any(m.is_approved and Access.of(m).has(right) for m in members):
            raise AccessDenied()

    return _gate(right, gate)


# --------------------------------------------------------------------------------------------
# Path objects: each loads the row named in the path inside the path's location, or raises
# that thing's typed NotFound, so no handler writes a 404 check. FastAPI runs LocationDep (and
# its membership check) once per request, before these.
# --------------------------------------------------------------------------------------------


async def path_record(session: SessionDep, location: LocationDep, record_id: PathId) -> Record:
    """A live record of the location."""
    return await appointments_repo.load_record(session, location.id, record_id)


async def path_any_record(session: SessionDep, location: LocationDep, record_id: PathId) -> Record:
    """A record of the location, deleted ones included (GET shows them)."""
    return await appointments_repo.load_record(session, location.id, record_id, with_deleted=True)


RecordDep = Annotated[Record, Depends(path_record)]


async def path_event(session: SessionDep, location: LocationDep, event_id: PathId) -> Event:
    return await events_repo.load_event(session, location.id, event_id)


async def public_path_event(
    session: SessionDep, location: PublicLocationDep, event_id: PathId
) -> Event:
    return await events_repo.load_event(session, location.id, event_id)


EventDep = Annotated[Event, Depends(path_event)]


async def path_schedule(
    session: SessionDep, location: LocationDep, schedule_id: PathId
) -> EventSchedule:
    return await event_schedules_repo.load_schedule(session, location.id, schedule_id)


EventScheduleDep = Annotated[EventSchedule, Depends(path_schedule)]


async def path_schedule_day(
    session: SessionDep, schedule: EventScheduleDep, day_id: PathId
) -> EventScheduleDay:
    return await event_schedules_repo.load_day(session, schedule, day_id)


async def path_client_schedule(
    session: SessionDep, schedule: EventScheduleDep, client_schedule_id: PathId
) -> ClientSchedule:
    return await event_schedules_repo.load_client_schedule(session, schedule, client_schedule_id)


ScheduleDayDep = Annotated[EventScheduleDay, Depends(path_schedule_day)]
ClientScheduleDep = Annotated[ClientSchedule, Depends(path_client_schedule)]


async def path_tag(session: SessionDep, location: LocationDep, tag_id: PathId) -> Tag:
    return await tags_repo.load_tag(session, location.id, tag_id)


TagDep = Annotated[Tag, Depends(path_tag)]
PublicEventDep = Annotated[Event, Depends(public_path_event)]
AnyRecordDep = Annotated[Record, Depends(path_any_record)]


@dataclass(slots=True)
class VisitAt:
    visit: Visit
    location: Location
    access: Access


async def member_visit(session: SessionDep, user: CurrentUser, visit_id: PathId) -> VisitAt:
    """The visit named by ``/visits/{visit_id}`` (no location in the path), for a member of its
    location: unknown 404, another location's 403."""
    visit = await appointments_repo.visit(session, visit_id)
    if visit is None:
        raise VisitNotFound()
    location = await locations_repo.get_location(session, visit.location_id)
    if location is None:
        raise VisitNotFound()
    member = await auth_service.membership(session, user.id, location.id)
    if member is None or not member.is_approved:
        raise AccessDenied()
    return VisitAt(visit, location, Access.of(member))


VisitDep = Annotated[VisitAt, Depends(member_visit)]


def needs_at_visit(right: str) -> Any:
    """The route's right at the location of the visit named in the path."""
    check_right(right)

    async def gate(at: VisitDep) -> None:
        at.access.require(right)

    return _gate(right, gate)


@dataclass(slots=True)
class ClientAt:
    client: Client
    location: Location
    access: Access


async def member_client(session: SessionDep, user: CurrentUser, client_id: PathId) -> ClientAt:
    """The client named by a path without a location (``/loyalty/client_cards/{client_id}``),
    for a member of the client's location: unknown 404, another location's 403."""
    client = await loyalty_repo.client_anywhere(session, client_id)
    if client is None:
        raise ClientNotFound()
    location = await locations_repo.get_location(session, client.location_id)
    if location is None:
        raise ClientNotFound()
    member = await auth_service.membership(session, user.id, location.id)
    if member is None or not member.is_approved:
        raise AccessDenied()
    return ClientAt(client, location, Access.of(member))


ClientAtDep = Annotated[ClientAt, Depends(member_client)]


def needs_at_client(right: str) -> Any:
    """The route's right at the location of the client named in the path."""
    check_right(right)

    async def gate(at: ClientAtDep) -> None:
        at.access.require(right)

    return _gate(right, gate)


async def path_client(session: SessionDep, location: LocationDep, client_id: PathId) -> Client:
    return await clients_repo.CLIENTS.load(session, location.id, client_id)


async def path_client_by_id(
    session: SessionDep,
    location: LocationDep,
    client_id: PathIdAsId,
) -> Client:
    """The client of ``/client/{location_id}/{id}`` (upstream names the parameter ``id``)."""
    return await clients_repo.CLIENTS.load(session, location.id, client_id)


ClientDep = Annotated[Client, Depends(path_client)]
ClientByIdDep = Annotated[Client, Depends(path_client_by_id)]


async def path_service(session: SessionDep, location: LocationDep, service_id: PathId) -> Service:
    """A live service of the location."""
    return await services_repo.SERVICES.load(session, location.id, service_id)


async def public_path_service(
    session: SessionDep, location: PublicLocationDep, service_id: PathId
) -> Service:
    """A live service, for partner-level reads."""
    return await services_repo.SERVICES.load(session, location.id, service_id)


ServiceDep = Annotated[Service, Depends(path_service)]
PublicServiceDep = Annotated[Service, Depends(public_path_service)]


async def path_category(
    session: SessionDep,
    location: LocationDep,
    category_id: PathIdAsId,
) -> ServiceCategory:
    """The service category of ``/service_category/{location_id}/{id}``."""
    return await services_repo.CATEGORIES.load(session, location.id, category_id)


async def public_path_category(
    session: SessionDep, location: PublicLocationDep, category_id: PathIdAsId
) -> ServiceCategory:
    return await services_repo.CATEGORIES.load(session, location.id, category_id)


CategoryDep = Annotated[ServiceCategory, Depends(path_category)]
PublicCategoryDep = Annotated[ServiceCategory, Depends(public_path_category)]


async def path_team_member(
    session: SessionDep, location: LocationDep, team_member_id: PathId
) -> TeamMember:
    """A team member of the location that is not deleted."""
    return await team_members_repo.MEMBERS.load(session, location.id, team_member_id)


async def path_any_team_member(
    session: SessionDep, location: LocationDep, team_member_id: PathId
) -> TeamMember:
    """A team member of the location, deleted ones included (old appointments name them)."""
    return await team_members_repo.MEMBERS.load(
        session, location.id, team_member_id, with_deleted=True
    )


async def public_path_any_team_member(
    session: SessionDep, location: PublicLocationDep, team_member_id: PathId
) -> TeamMember:
    return await team_members_repo.MEMBERS.load(
        session, location.id, team_member_id, with_deleted=True
    )


TeamMemberDep = Annotated[TeamMember, Depends(path_team_member)]
AnyTeamMemberDep = Annotated[TeamMember, Depends(path_any_team_member)]
PublicAnyTeamMemberDep = Annotated[TeamMember, Depends(public_path_any_team_member)]


async def path_form(session: SessionDep, location: LocationDep, form_id: PathId) -> BookingForm:
    return await online_booking_repo.FORMS.load(session, location.id, form_id)


BookingFormDep = Annotated[BookingForm, Depends(path_form)]


async def path_location_user(
    session: SessionDep, location: LocationDep, user_id: PathId
) -> Membership:
    """The membership of the user named in the path at the path's location (pending ones
    included), or ``UserNotFound``."""
    return await users_repo.load_member(session, location.id, user_id)


LocationUserDep = Annotated[Membership, Depends(path_location_user)]


@dataclass(slots=True)
class DocumentAt:
    """A stock document named by a path without a location, its location, and the caller's
    rights there."""

    id: int
    location: Location
    access: Access


async def member_document(
    session: SessionDep, user: CurrentUser, document_id: PathId
) -> DocumentAt:
    """The document of ``/storage_operations/documents/.../{document_id}``, for a member of
    its location: unknown 404, another location's 403."""
    location_id = await payments_repo.document_location(session, document_id)
    location = await locations_repo.get_location(session, location_id) if location_id else None
    if location is None:
        raise DocumentNotFound()
    member = await auth_service.membership(session, user.id, location.id)
    if member is None or not member.is_approved:
        raise AccessDenied()
    return DocumentAt(document_id, location, Access.of(member))


DocumentDep = Annotated[DocumentAt, Depends(member_document)]


def needs_at_document(right: str) -> Any:
    """The route's right at the location of the stock document named in the path."""
    check_right(right)

    async def gate(at: DocumentDep) -> None:
        at.access.require(right)

    return _gate(right, gate)
