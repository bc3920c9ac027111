"""The tenancy matrix: every operation of the served OpenAPI that names a location (or a chain)
refuses a user of another location with 403 in the upstream envelope.

The list of operations comes from the app itself, so an operation added later joins the matrix
without a line here. A few operations name no location at all (a visit, a booking form, a
language); they are listed in ``UNSCOPED`` with the reason, and a test keeps that list exact.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.fixtures.factories import Tenant

LOCATION_PARAMS = ("location_id", "company_id", "salon_id")
CHAIN_PARAMS = ("chain_id", "group_id")
METHODS = ("get", "post", "put", "patch", "delete")

# Operations that name neither a location nor a chain in their path, and why they are safe.
UNSCOPED: dict[tuple[str, str], str] = {
    ("GET", "/integration/kkm/references/tax_system/{country_id}"): (
        "a public reference list of tax systems; names no tenant"
    ),
    ("POST", "/integration/kkm/callback"): (
        "the fiscal provider's callback: the receipt's secret id is the credential"
    ),
    ("POST", "/auth"): "signs a user in; names no tenant",
    ("POST", "/delivery/status"): "the SMS operator's status callback: sets only the delivery "
    "status of SMS it was handed, by the id it was given",
    ("GET", "/companies"): "lists only the caller's own locations (tested in locations)",
    ("POST", "/companies"): "creates a new location owned by the caller",
    ("GET", "/groups"): "lists only the caller's own chains",
    ("GET", "/records/partner"): "filtered to the partner's own bookings",
    ("GET", "/visits/{visit_id}"): "visit ids are checked against the caller's locations",
    ("PUT", "/visits/{visit_id}/{record_id}"): "visit ids are checked against the caller",
    ("GET", "/attendance/receipt_print/{visit_id}"): "visit ids are checked against the caller",
    ("GET", "/visit/loyalty/transactions/{visit_id}"): "visit ids are checked against the caller",
    ("GET", "/bookform/{id}"): "a public booking form, read by anyone who has its id",
    ("GET", "/storage_operations/documents/goods_transactions/{document_id}"): (
        "the document's location is checked against the caller's (tested in inventory)"
    ),
    ("GET", "/storage_operations/documents/finance_transactions/{document_id}"): (
        "the document's location is checked against the caller's (tested in inventory)"
    ),
    ("GET", "/i18n/{lang_code}"): "static translations",
    ("POST", "/images/{entity}"): "the form names the location (tested in tests/media)",
    ("DELETE", "/images/{entity}"): "the picture's location is checked (tested in tests/media)",
    ("GET", "/image_groups/{image_group_id}/{name}"): "a public picture, by its id",
    ("GET", "/health"): "liveness probe",
    ("GET", "/loyalty/abonements"): "the company_id query names the location; a member of it only "
    "(tested in tests/memberships)",
    ("GET", "/user/loyalty/abonements"): "the caller's own memberships, by the account's phone",
    ("GET", "/validation/validate_phone/{phone}"): "checks a string; names no tenant",
    ("POST", "/user/invite/accept"): "the invitation code decides the location",
    ("POST", "/booking/auth"): "signs a client in; names no tenant",
    ("POST", "/user/auth"): "signs a client in; names no tenant",
    ("GET", "/booking/user/phone_confirmation"): "public; the location comes in the query",
    ("GET", "/booking/user/data"): "the caller's own account",
    ("PUT", "/booking/user"): "the caller's own account",
    ("PUT", "/booking/user/password"): "the caller's own account",
    ("GET", "/user/records/{record_id}/{record_hash}"): "the client's phone or the hash decides",
    ("DELETE", "/user/records/{record_id}/{record_hash}"): "the client's phone or the hash",
    ("GET", "/master_record_review/{record_token}"): "the record token names the record",
    ("POST", "/master_record_review/{record_token}"): "the record token names the record",
    (
        "GET",
        "/loyalty/client_cards/{client_id}",
    ): "the client's location is checked against the caller",
    ("GET", "/loyalty/certificates"): "the company_id query names the location: a member with "
    "loyalty_access there only (tests/certificates/test_types.py)",
    ("GET", "/user/loyalty/certificates"): "the caller's own certificates, by the account's phone",
}

# Operations that name a chain but answer the caller's own data there (a client's own cards):
# another location's user gets their own, empty, answer, never the chain's.
OWN_DATA: dict[tuple[str, str], str] = {
    ("GET", "/user/loyalty_cards/{chain_id}"): "the account's own cards, by its phone",
}

_SAMPLE = {
    "date": "2030-01-07",
    "start_date": "2030-01-07",
    "end_date": "2030-01-08",
    "record_hash": "0" * 32,
    "field_category": "client",
    "lang_code": "en-US",
}


def _operations(app: FastAPI) -> list[tuple[str, str, list[str]]]:
    spec = app.openapi()
    out = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            names = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
            out.append((method.upper(), path.removeprefix("/api/v1"), names))
    return out


def _url(path: str, owner: Tenant) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in LOCATION_PARAMS:
            return str(owner.location_id)
        if name in CHAIN_PARAMS:
            return str(owner.chain.id)
        return _SAMPLE.get(name, "1")

    return re.sub(r"\{([^}]+)\}", fill, path)


def _scoped(names: list[str]) -> bool:
    return any(n in LOCATION_PARAMS or n in CHAIN_PARAMS for n in names)


def test_unscoped_list_is_exact(app: FastAPI) -> None:
    unscoped = {(m, p) for m, p, names in _operations(app) if not _scoped(names)}
    assert unscoped - set(UNSCOPED) == set(), "say in UNSCOPED why these are safe"


async def test_another_locations_user_is_refused(
    app: FastAPI, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
) -> None:
    """A user of another location, with valid partner and user tokens, gets 403 everywhere."""
    failures: list[str] = []
    checked = 0
    for method, path, names in _operations(app):
        if not _scoped(names):
            continue
        body: Any = {} if method in ("POST", "PUT", "PATCH") else None
        response = await client.request(
            method, _url(path, world), headers=stranger.headers, json=body
        )
        checked += 1
        if (method, path) in OWN_DATA:
            if response.status_code != 200 or response.json() != []:
                failures.append(f"{method} {path}: {response.status_code} {response.text[:120]}")
            continue
        payload = response.json() if response.content else None
        if response.status_code != 403 or not (
            isinstance(payload, dict) and payload.get("success") is False
        ):
            failures.append(f"{method} {path}: {response.status_code} {response.text[:120]}")
    assert checked > 50
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("token", ["none", "partner_only"])
async def test_user_operations_need_a_user(
    app: FastAPI, client: httpx.AsyncClient, world: Tenant, token: str
) -> None:
    """Without credentials every scoped operation answers 401 or 403, never data."""
    headers = {} if token == "none" else world.partner_headers
    leaks: list[str] = []
    for method, path, names in _operations(app):
        if not _scoped(names):
            continue
        response = await client.request(
            method, _url(path, world), headers=headers, json={} if method != "GET" else None
        )
        if token == "none" and response.status_code != 401:
            leaks.append(f"{method} {path}: {response.status_code}")
        if token == "partner_only" and 200 <= response.status_code < 300 and method != "GET":
            leaks.append(f"{method} {path}: {response.status_code} with a partner token only")
    assert leaks == [], "\n".join(leaks)
