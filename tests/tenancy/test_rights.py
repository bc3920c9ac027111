"""The rights matrix: every B2B operation of the served OpenAPI names the right that opens it
(``x-parlour-right``, from the route's ``deps.needs(...)`` gate), and for each one

- a member of the location holding every right but that one gets 403 in the envelope;
- a member holding that right and nothing else gets past the gate (any answer but 401/403,
  and never a 500);

(another location's user is refused everywhere: ``test_matrix.py``).

The operations come from the app itself, so an operation added later joins the matrix without
a line here; an operation that declares no right fails ``test_every_operation_names_a_right``
unless it is in ``NO_RIGHT`` below, with the reason it needs none.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI
from PIL import Image
from sqlalchemy import select, update

from parlour.auth import service as auth_service
from parlour.auth.access import RIGHTS
from parlour.auth.permissions import OWNER, no_access
from parlour.db import Database
from parlour.models import ImageGroup, Membership, Record, Storage, StorageDocument
from tests.fixtures.factories import Tenant, make_client, make_record, make_staff_and_service
from tests.tenancy.test_matrix import METHODS, _url

# Operations that open without a right, and why. Partner-level (public) operations are read by
# anyone holding the partner token; the others act on the caller's own identity.
NO_RIGHT: dict[tuple[str, str], str] = {
    ("GET", "/integration/kkm/references/tax_system/{country_id}"): "public reference list",
    ("POST", "/integration/kkm/callback"): "the fiscal provider's callback (receipt id)",
    ("POST", "/auth"): "signs a user in",
    ("GET", "/companies"): "lists the caller's own locations",
    ("POST", "/companies"): "creates a location the caller will own",
    ("GET", "/groups"): "lists the caller's own chains",
    ("GET", "/records/partner"): "the partner's own bookings",
    ("GET", "/user/permissions/{location_id}"): "the caller's own permissions (members only)",
    ("GET", "/validation/validate_phone/{phone}"): "checks a string; names no tenant",
    ("POST", "/user/invite/accept"): "the invitation code is the credential",
    ("POST", "/delivery/status"): "the SMS operator's partner token; sets only the delivery "
    "status of messages it was handed",
    # The client's own account (public online-booking API).
    ("POST", "/booking/auth"): "signs a client in",
    ("POST", "/user/auth"): "signs a client in by SMS code",
    ("GET", "/booking/user/phone_confirmation"): "sends a code to a phone",
    ("GET", "/booking/user/data"): "the caller's own account",
    ("PUT", "/booking/user"): "the caller's own account",
    ("PUT", "/booking/user/password"): "the caller's own account",
    ("GET", "/user/records/{record_id}/{record_hash}"): "the client's own bookings (phone/hash)",
    ("DELETE", "/user/records/{record_id}/{record_hash}"): "the client's own booking",
    ("GET", "/master_record_review/{record_token}"): "the record token is the credential",
    ("POST", "/master_record_review/{record_token}"): "the record token is the credential",
    ("GET", "/user/loyalty_cards/{chain_id}"): "the caller's own cards (by the account's phone)",
    ("GET", "/user/loyalty/certificates"): "the caller's own certificates (the account's phone)",
    ("GET", "/loyalty/certificates"): "the location is in the query: the route's own dependency "
    "checks loyalty_access there (tests/certificates/test_types.py)",
    ("GET", "/user/loyalty/abonements"): "the caller's own memberships (by the account's phone)",
    # Public (BearerPartner) reads and online booking: the partner token is the right.
    ("GET", "/company/{location_id}"): "public location card",
    ("GET", "/service_categories/{location_id}"): "public catalog",
    ("GET", "/service_categories/{location_id}/{id}"): "public catalog",
    ("GET", "/service_category/{location_id}/{id}"): "public catalog",
    ("GET", "/chain/{chain_id}/service_categories"): "public catalog",
    ("GET", "/services/{location_id}"): "public catalog",
    ("GET", "/services/{location_id}/{service_id}"): "public catalog",
    ("GET", "/staff/{location_id}"): "public team list",
    ("GET", "/staff/{location_id}/{team_member_id}"): "public team member card",
    ("GET", "/bookform/{id}"): "public booking form",
    ("GET", "/i18n/{lang_code}"): "static translations",
    ("GET", "/image_groups/{image_group_id}/{name}"): "a public picture (shown in the widget)",
    ("GET", "/book_services/{location_id}"): "online booking",
    ("GET", "/book_staff/{location_id}"): "online booking",
    ("GET", "/book_staff_seances/{location_id}/{team_member_id}"): "online booking",
    ("GET", "/book_dates/{location_id}"): "online booking",
    ("GET", "/book_times/{location_id}/{team_member_id}/{date}"): "online booking",
    ("POST", "/book_check/{location_id}"): "online booking",
    ("POST", "/book_record/{location_id}"): "online booking",
    ("GET", "/book_record/{location_id}/{record_id}/{record_hash}"): "online booking",
    ("PUT", "/book_record/{location_id}/{record_id}"): "online booking",
    ("GET", "/privacy_policy/{location_id}"): "public policy text",
    # Group events a client can see and book with the partner token.
    ("GET", "/activity/{location_id}/search"): "public class timetable",
    ("GET", "/activity/{location_id}/search_dates"): "public class timetable",
    ("GET", "/activity/{location_id}/search_dates_range"): "public class timetable",
    ("GET", "/activity/{location_id}/filters"): "public class timetable",
    ("GET", "/activity/{location_id}/services"): "public class timetable",
    ("POST", "/activity/{location_id}/{event_id}/book"): "online booking of a seat",
}


def _spec_operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path, item in app.openapi()["paths"].items():
        for method in METHODS:
            if method in item:
                out.append((method.upper(), path.removeprefix("/api/v1"), item[method]))
    return out


def test_every_operation_names_a_right(app: FastAPI) -> None:
    missing, stale, unknown = [], [], []
    for method, path, op in _spec_operations(app):
        right = op.get("x-parlour-right")
        if right is None and (method, path) not in NO_RIGHT:
            missing.append(f"{method} {path}")
        if right is not None and (method, path) in NO_RIGHT:
            stale.append(f"{method} {path}")
        if right is not None and right not in RIGHTS:
            unknown.append(f"{method} {path}: {right}")
    assert missing == [], "add dependencies=[needs('<right>')] to the route:\n" + "\n".join(missing)
    assert stale == [], "these declare a right now; drop them from NO_RIGHT"
    assert unknown == []
    served = {(m, p) for m, p, _ in _spec_operations(app)}
    assert set(NO_RIGHT) <= served, set(NO_RIGHT) - served


def test_public_operations_need_no_user(app: FastAPI) -> None:
    """What NO_RIGHT calls public is what the OpenAPI serves as partner-level."""
    for method, path, op in _spec_operations(app):
        partner_level = {"BearerPartner": []} in (op.get("security") or [])
        if partner_level:
            assert (method, path) in NO_RIGHT, f"{method} {path} is public: say so in NO_RIGHT"


async def _clerk(db: Database, world: Tenant) -> dict[str, str]:
    """A second member of the world's location; returns their headers."""
    async with db.session(write=True) as session:
        user = await auth_service.create_user(
            session, login="clerk@salon.test", password="s3cret-pass", name="Clerk"
        )
        await auth_service.grant(session, user, world.location, role="worker")
        token = auth_service.token_of(user)
    return {
        "Authorization": f"Bearer {world.partner_token}, User {token}",
        "Accept": "application/vnd.api.v2+json",
    }


async def _set(db: Database, login: str, values: dict[str, Any]) -> None:
    async with db.session(write=True) as session:
        user = await auth_service.find_user_by_login(session, login)
        assert user is not None
        await session.execute(
            update(Membership).where(Membership.user_id == user.id).values(permissions=values)
        )


async def _visit_ids(db: Database, world: Tenant) -> dict[str, str]:
    """A real record in a visit, so the visit operations reach their gate."""
    staff_id, service_id = await make_staff_and_service(db, world)
    client_id = await make_client(db, world, "+15550001122")
    record_id = await make_record(
        db,
        world,
        staff_id=staff_id,
        service_id=service_id,
        client_id=client_id,
        start=datetime(2031, 6, 2, 14, tzinfo=UTC),
        cost=10,
    )
    async with db.session(write=True) as session:
        visit_id = await session.scalar(select(Record.visit_id).where(Record.id == record_id))
        # A stock document, for the operations named by a document id alone.
        storage = Storage(location_id=world.location_id, title="Main")
        session.add(storage)
        await session.flush()
        document = StorageDocument(
            location_id=world.location_id,
            type_id=3,
            storage_id=storage.id,
            number=1,
            create_date=datetime(2031, 6, 2, 9, tzinfo=UTC),
        )
        session.add(document)
        await session.flush()
        document_id = document.id
        # A picture, for DELETE /images/{entity} (its bytes need not exist).
        picture = ImageGroup(
            location_id=world.location_id,
            entity="service",
            entity_id=service_id,
            storage_key="images/none.png",
            image_type="png",
            width=1,
            height=1,
            size=1,
        )
        session.add(picture)
        await session.flush()
    return {
        "record_id": str(record_id),
        "visit_id": str(visit_id),
        "document_id": str(document_id),
        "client_id": str(client_id),
        "entity": "service",
        "service_id": str(service_id),
        "image_group_id": str(picture.id),
    }


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, format="PNG")
    return out.getvalue()


# Operations whose location is named in a multipart form rather than the path: the request
# that reaches their gate.
FORMS: dict[tuple[str, str], Callable[[Tenant, dict[str, str]], dict[str, Any]]] = {
    ("POST", "/images/{entity}"): lambda world, ids: {
        "data": {"company_id": str(world.location_id), "service_id": ids["service_id"]},
        "files": {"image": ("p.png", _png(), "image/png")},
    },
    ("DELETE", "/images/{entity}"): lambda _world, ids: {
        "data": {"image_group_id": ids["image_group_id"]}
    },
    # The location is the company_id query parameter.
    ("GET", "/loyalty/abonements"): lambda world, _ids: {
        "params": {"company_id": str(world.location_id), "phone": "13155550175"}
    },
}


def _last(operation: tuple[str, str]) -> bool:
    # Deleting the location ends the run: it goes last.
    return operation == ("DELETE", "/company/{location_id}")


async def test_rights_open_exactly_their_operations(
    app: FastAPI, client: httpx.AsyncClient, world: Tenant, database: Database
) -> None:
    headers = await _clerk(database, world)
    ids = await _visit_ids(database, world)
    by_right: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for method, path, op in _spec_operations(app):
        if op.get("x-parlour-right"):
            by_right[op["x-parlour-right"]].append((method, path))
    assert len(by_right) >= 20 and sum(map(len, by_right.values())) > 60

    def url(path: str) -> str:
        for name, value in ids.items():
            path = path.replace("{" + name + "}", value)
        return _url(path, world)

    async def call(method: str, path: str) -> httpx.Response:
        form = FORMS.get((method, path))
        if form is not None:
            return await client.request(method, url(path), headers=headers, **form(world, ids))
        body: Any = {} if method in ("POST", "PUT", "PATCH") else None
        return await client.request(method, url(path), headers=headers, json=body)

    failures: list[str] = []
    for right, operations in sorted(by_right.items()):
        await _set(database, "clerk@salon.test", {**OWNER, right: no_access(right)})
        for method, path in operations:
            r = await call(method, path)
            payload = r.json() if r.content else None
            if r.status_code != 403 or not (
                isinstance(payload, dict) and payload.get("success") is False
            ):
                failures.append(f"without {right}: {method} {path} -> {r.status_code}")

    order = sorted(by_right.items(), key=lambda item: any(map(_last, item[1])))
    for right, operations in order:
        await _set(database, "clerk@salon.test", {s: no_access(s) for s in OWNER} | {right: True})
        for method, path in sorted(operations, key=_last):
            r = await call(method, path)
            if r.status_code in (401, 403) or r.status_code >= 500:
                failures.append(f"with only {right}: {method} {path} -> {r.status_code} {r.text}")
    assert failures == [], "\n".join(failures)


async def test_an_invited_member_is_refused_until_approved(
    client: httpx.AsyncClient, world: Tenant, database: Database
) -> None:
    headers = await _clerk(database, world)
    async with database.session(write=True) as session:
        await session.execute(
            update(Membership)
            .where(Membership.user_id != world.user.id)
            .values(permissions=dict(OWNER), is_approved=False)
        )
    url = f"/company/{world.location_id}/clients/search"
    r = await client.post(url, headers=headers, json={})
    assert r.status_code == 403 and r.json()["success"] is False
    async with database.session(write=True) as session:
        await session.execute(
            update(Membership).where(Membership.user_id != world.user.id).values(is_approved=True)
        )
    assert (await client.post(url, headers=headers, json={})).status_code == 200
