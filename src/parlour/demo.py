"""The demo business: a chain, a location, a partner token and a user (plus whatever each
section's ``seed_demo`` adds), so that one command gives something to try."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from parlour.auth import service as auth_service
from parlour.db import Database
from parlour.ledger_defaults import seed_location
from parlour.locations import repository as locations_repo
from parlour.models import Chain, Location, LocationChain, Membership, User

DEMO_LOGIN = "demo@parlour.local"
DEMO_PASSWORD = "demo-password"


async def create_demo(url: str) -> dict[str, Any]:
    """Idempotent: a second run reuses the demo location and user and issues a new partner
    token (tokens are stored hashed, so an old one cannot be shown again)."""
    db = Database(url)
    try:
        async with db.session(write=True) as session:
            user = (
                await session.execute(select(User).where(User.email == DEMO_LOGIN))
            ).scalar_one_or_none()
            if user is None:
                user = await auth_service.create_user(
                    session, login=DEMO_LOGIN, password=DEMO_PASSWORD, name="Demo Owner"
                )
            # The demo is the first location its owner was given: found again after a
            # rename (the README renames it), so a second run never builds a second one.
            location = (
                await session.execute(
                    select(Location)
                    .join(Membership, Membership.location_id == Location.id)
                    .where(Membership.user_id == user.id)
                    .order_by(Membership.id)
                    .limit(1)
                )
            ).scalar_one_or_none()
            if location is None:
                chain = Chain(title="Parlour Demo Chain")
                session.add(chain)
                await session.flush()
                location = Location(
                    title="Parlour Demo Salon",
                    public_title="Parlour Demo Salon",
                    short_descr="Beauty salon",
                    description="A demo location created by <strong>parlour demo</strong>.",
                    country_id=7,
                    country="United States",
                    city_id=181,
                    city="New York",
                    timezone_name="America/New_York",
                    address="New York, 787 Jackson Drive",
                    zip="11435",
                    coordinate_lat=40.73061,
                    coordinate_lon=-73.935242,
                    phone="+13155550175",
                    phones=["+13155550175"],
                    site="parlour.example",
                    social={"instagram": "instagram.com/parlour_demo/"},
                    photos=[],
                    main_group_id=chain.id,
                )
                session.add(location)
                await session.flush()
                session.add(LocationChain(location_id=location.id, chain_id=chain.id))
                await session.flush()
                await seed_location(session, location.id)
                await seed_sections(session, location)
            await auth_service.grant(session, user, location)
            partner, partner_token = await auth_service.create_partner(session, "demo")
            forms = (await locations_repo.bookforms_of(session, [location.id]))[location.id]
            return {
                "partner_token": partner_token,
                "user_login": DEMO_LOGIN,
                "user_password": DEMO_PASSWORD,
                "user_token": auth_service.token_of(user),
                "location_id": location.id,
                "chain_id": location.main_group_id,
                "bookform_id": forms[0].id if forms else None,
            }
    finally:
        await db.dispose()


async def seed_sections(session: Any, location: Location) -> None:
    """Each section that has demo data exposes ``seed_demo(session, location)``."""
    import importlib

    for name in (
        "services",
        "team_members",
        "schedules",
        "online_booking",
        "clients",
        "appointments",
        "users",
        "inventory",
        "loyalty",
        "salary",
        "certificates",
        "memberships",
    ):
        try:
            module = importlib.import_module(f"parlour.{name}.demo")
        except ModuleNotFoundError:
            continue
        await module.seed_demo(session, location)
