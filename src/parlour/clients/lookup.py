"""Finding a location's client by phone, shared by appointments, online booking and the CRM."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.clients import repository as repo
from parlour.kit.phones import location_region, normalize_phone
from parlour.models import Client, Location

by_phone = repo.get_by_phone


async def find_or_create(
    session: AsyncSession,
    location: Location,
    *,
    phone: str,
    name: str = "",
    email: str = "",
    field: str = "phone",
) -> Client:
    """The client with this phone at the location, created if missing (phone normalised to
    E.164; a bad phone raises a field error naming ``field``). Safe under concurrency: a
    parallel insert of the same phone is caught by the unique constraint and re-read."""
    e164 = normalize_phone(phone, region=location_region(location), field=field)
    client = await by_phone(session, location.id, e164)
    if client is not None:
        return client
    client = Client(location_id=location.id, phone=e164, name=name, email=email)
    try:
        async with session.begin_nested():
            session.add(client)
            await session.flush()
    except IntegrityError:
        found = await by_phone(session, location.id, e164)
        if found is None:
            raise
        return found
    return client
