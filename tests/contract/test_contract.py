"""Every implemented operation's live answers against upstream's type tree.

One walk (tests/contract/scenario.py) drives a running server through every operation, in
created, updated and seeded empty states; each route is then one test case. A route fails when
it has no upstream operation (or alias decision), when the walk does not reach it, or when an
answer does not fit the tree with the recorded decisions applied.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest

from parlour import contract
from parlour.config import Settings
from parlour.db import Database
from parlour.main import API_PREFIX, create_app
from tests.booking.server import running_server
from tests.contract import scenario
from tests.fixtures.factories import make_tenant


def _routes() -> list[tuple[str, str]]:
    """Every served operation, from the app's own OpenAPI document."""
    spec = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:")).openapi()
    out = []
    for path, item in spec["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                out.append((method.upper(), path.removeprefix(API_PREFIX)))
    return out


ROUTES = _routes()


def route_key(method: str, path: str) -> str | None:
    """The catalog operation a route answers for: its own, or the one its alias names."""
    key = contract.catalog_key(method, path)
    if key is None:
        alias = contract.aliases().get(f"{method} {path}")
        key = alias.get("same_as") if alias else None
    return key


@pytest.fixture(scope="module")
async def walk(
    database: Database, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[list[scenario.Answer]]:
    tenant = await make_tenant(database, login="contract@salon.test")
    data_dir = Path(tmp_path_factory.mktemp("contract"))
    with (
        running_server(database_url, data_dir, workers=1) as (base, _proc),
        httpx.Client(base_url=base, timeout=30) as http,
    ):
        answers = await asyncio.to_thread(scenario.run, http, tenant)
        served = await asyncio.to_thread(http.get, "/openapi.json")
        SERVED["spec"] = served.json()
    yield answers


SERVED: dict[str, Any] = {}


@pytest.fixture(scope="module")
def served_spec(walk: list[scenario.Answer]) -> dict[str, Any]:
    """The OpenAPI document the running server served during the walk."""
    spec: dict[str, Any] = SERVED["spec"]
    return spec


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_answers_fit_upstream_tree(method: str, path: str, walk: list[scenario.Answer]) -> None:
    key = route_key(method, path)
    extra = contract.aliases().get(f"{method} {path}", {})
    assert key is not None or "tree" in extra, "no upstream operation and no alias decision"
    tree = contract.effective_tree(key) if key else extra["tree"]
    assert tree is not None, f"{key}: no tree from the reference and no decision"
    answers = [a for a in walk if a.method == method and a.template == path]
    assert answers, "the contract walk does not reach this route"
    problems: list[str] = []
    for a in answers:
        if a.status >= 400:
            problems += _error_problems(a)
        elif tree == "binary":
            if a.body is not None or not a.content_type:
                problems.append(f"[{a.state}] expected a file body")
        elif tree == "empty":
            if a.status != 204:
                problems.append(f"[{a.state}] expected 204 without body")
        else:
            found = contract.check(key, a.body) if key else contract.mismatches(a.body, tree)
            problems += [f"[{a.state}] {p}" for p in found]
    if os.environ.get("PARLOUR_CONTRACT_REPORT"):  # a triage aid: one JSON line per route
        with open(os.environ["PARLOUR_CONTRACT_REPORT"], "a") as out:
            out.write(
                json.dumps({"route": f"{method} {path}", "key": key, "problems": problems}) + "\n"
            )
    assert not problems, "\n".join(problems)


def _error_problems(a: scenario.Answer) -> list[str]:
    body: Any = a.body
    if (
        not isinstance(body, dict)
        or body.get("success") is not False
        or "message" not in (body.get("meta") or {})
    ):
        return [f"[{a.state}] not the upstream error envelope: {body}"]
    return []


def test_every_catalog_operation_with_a_route_is_checked() -> None:
    """New operations join the check by existing: each route maps to a tree or a decision."""
    keys = {route_key(m, p) or contract.aliases()[f"{m} {p}"]["operation"] for m, p in ROUTES}
    assert len(keys) >= 90


def _shape(value: Any) -> Any:
    """Field names and JSON types, recursively (list items by their first item)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__ if value is not None else "null"


def _data(walk: list[scenario.Answer], method: str, template: str, state: str) -> Any:
    for a in walk:
        if a.method == method and a.template == template and a.state.startswith(state):
            return a.body["data"]
    raise LookupError(f"{method} {template} [{state}]")


def test_embedded_entities_match_their_standalone_answer(walk: list[scenario.Answer]) -> None:
    """One entity, one shape: an entity embedded anywhere has the fields and JSON types of
    the answer that creates or reads it on its own."""
    position = _data(walk, "POST", "/company/{location_id}/positions/quick", "created")
    member = _data(walk, "GET", "/company/{location_id}/staff/{team_member_id}", "full")
    listed = _data(walk, "GET", "/staff/{location_id}", "list")
    booked = _data(walk, "GET", "/book_staff/{location_id}", "list")
    record = _data(walk, "GET", "/record/{location_id}/{record_id}", "custom fields")
    companies = _data(walk, "GET", "/companies", "my+include")
    positions = _data(walk, "GET", "/company/{location_id}/staff/positions", "list")
    for embedded in (
        member["position"],
        next(m["position"] for m in listed if m["position"]),
        next(m["position"] for m in booked if m["position"]),
        record["staff"]["position"],
        companies[0]["positions"][0],
        positions[0],
    ):
        assert _shape(embedded) == _shape(position)

    link = _data(walk, "POST", "/company/{location_id}/services/{service_id}/staff", "created")
    linked = _data(walk, "GET", "/company/{location_id}/staff/{team_member_id}", "with services")
    assert _shape(linked["services_links"][0]) == _shape(link)

    standalone = _data(walk, "GET", "/company/{location_id}/staff/{team_member_id}", "empty")
    included = next(m for m in companies[0]["staff"] if m["id"] == standalone["id"])
    assert _shape(included) == _shape(standalone)
    created = _data(walk, "POST", "/staff/{location_id}", "empty")
    assert _shape(created) == _shape(standalone)

    category = _data(walk, "POST", "/service_categories/{location_id}", "created")
    for listed_category in _data(walk, "GET", "/company/{location_id}/service_categories", "all"):
        assert _shape(listed_category) == _shape(category)

    client = _data(walk, "GET", "/client/{location_id}/{id}", "full")
    assert _shape(_data(walk, "POST", "/clients/{location_id}", "created")) == _shape(client)
    assert _shape(_data(walk, "PUT", "/client/{location_id}/{id}", "updated")) == _shape(client)


def test_seeded_empty_states(walk: list[scenario.Answer]) -> None:
    """The empty states hold their JSON types: objects stay objects, strings stay strings."""
    bare = _data(walk, "GET", "/company/{location_id}/staff/{team_member_id}", "empty")
    assert bare["position"] == {} and bare["position_id"] == 0
    assert bare["user"] is None and bare["image_group"] == {}
    assert bare["grid_settings"] == {
        "is_enabled": False,
        "weekdays_settings": [],
        "dates_settings": [],
    }
    full = _data(walk, "GET", "/company/{location_id}/staff/{team_member_id}", "full")
    assert full["user"]["id"] and full["image_group"]["entity"] == "master"
    legacy = _data(walk, "GET", "/staff/{location_id}", "list")
    assert all(isinstance(m[k], str) for m in legacy for k in ("weight", "hidden", "fired"))
    assert all(
        isinstance(m["weight"], str)
        for m in _data(walk, "GET", "/book_staff/{location_id}", "list")
    )
    plain = _data(walk, "GET", "/company/{location_id}/services/{service_id}", "empty")[0]
    assert plain["date_from"] == "" and plain["date_to"] == "" and plain["image_group"] == []
    assert plain["discount"] == "0"
    svc = _data(walk, "GET", "/company/{location_id}/services/{service_id}", "one")[0]
    assert svc["discount"] == "12.5" and {"name", "image_url"} <= set(svc["staff"][0])
    assert svc["staff"][0]["technological_card_id"] == 0
    empty_client = _data(walk, "GET", "/client/{location_id}/{id}", "empty")
    assert empty_client["card"] is None and empty_client["custom_fields"] == {}
    rich = _data(walk, "GET", "/client/{location_id}/{id}", "full")
    assert rich["card"] == "555000" and rich["custom_fields"] == {"hobby": "chess"}
    assert _data(walk, "GET", "/record/{location_id}/{record_id}", "empty")["custom_fields"] == []
    assert _data(walk, "GET", "/record/{location_id}/{record_id}", "custom")["custom_fields"] == {
        "note": "window seat"
    }
    location = _data(walk, "GET", "/company/{location_id}", "read")
    assert isinstance(location["online_sales_form_url"], str)
    gone = [a for a in walk if a.state == "deleted record"]
    assert [a.status for a in gone] == [404, 404, 404]
    with_deleted = _data(walk, "GET", "/records/{location_id}", "with deleted")
    assert any(r["deleted"] for r in with_deleted)
    for single in (
        _data(walk, "GET", "/company/{location_id}", "read"),
        _data(walk, "GET", "/client/{location_id}/{id}", "full"),
    ):
        assert isinstance(single, dict)
    metas = [a.body["meta"] for a in walk if a.state in ("read", "full") and a.body]
    assert all(m == [] for m in metas if not isinstance(m, dict) or not m.get("count"))


def test_decisions_are_rendered_for_people() -> None:
    """docs/DECISIONS.md is the decisions file rendered; every decision says why."""
    import runpy

    script = Path(__file__).resolve().parents[2] / "scripts" / "render_decisions.py"
    render = runpy.run_path(str(script))["render"]
    assert (script.parents[1] / "docs" / "DECISIONS.md").read_text() == render()
    for d in contract.decisions():
        assert d["why"].strip() and "operation" in d and "chosen" in d
    for alias in contract.aliases().values():
        assert alias["why"].strip()


def _operation(spec: dict[str, Any], method: str, template: str) -> dict[str, Any]:
    op: dict[str, Any] = spec["paths"][API_PREFIX + template][method.lower()]
    return op


def test_every_live_answer_fits_the_served_schema(
    walk: list[scenario.Answer], served_spec: dict[str, Any]
) -> None:
    """Each answer of the walk validates against the response schema the server serves for
    its operation and status (success schemas and the error envelope alike)."""
    mismatches: list[str] = []
    checked = 0
    for a in walk:
        op = _operation(served_spec, a.method, a.template)
        declared = op["responses"].get(str(a.status))
        if declared is None:
            mismatches.append(f"{a.method} {a.template} [{a.state}]: {a.status} not declared")
            continue
        content = declared.get("content", {})
        if a.body is None:
            if "application/json" in content:
                mismatches.append(f"{a.method} {a.template} [{a.state}]: no JSON body")
            continue
        schema = {**content["application/json"]["schema"], "components": served_spec["components"]}
        validator = jsonschema_rs.validator_for(schema)
        for error in validator.iter_errors(a.body):
            mismatches.append(f"{a.method} {a.template} [{a.state}]: {error.message}")
        checked += 1
    assert checked > 100
    assert not mismatches, "\n".join(mismatches)


def test_served_document_speaks_upstream(served_spec: dict[str, Any]) -> None:
    """Operation ids are upstream's names, errors are the upstream envelope, both security
    schemes are declared, array query parameters are listed."""
    ids = []
    for path, item in served_spec["paths"].items():
        ours = path.removeprefix(API_PREFIX)
        for method, op in item.items():
            ids.append(op["operationId"])
            expected = contract.operation_name(method, ours)
            if expected is not None:
                assert op["operationId"] == expected, (method, path)
            for code in ("401", "403", "404", "422"):
                ref = op["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorEnvelope"
            status = next(c for c in op["responses"] if c.startswith("2"))
            assert op["responses"][status].get("content") or method == "delete" or status == "204"
    assert len(ids) == len(set(ids))
    assert {"get_location", "create_appointment", "get_team_member"} <= set(ids)
    schemas = served_spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ErrorEnvelope" in schemas
    assert set(served_spec["components"]["securitySchemes"]) == {
        "BearerPartner",
        "BearerPartnerUser",
    }
    get_location = _operation(served_spec, "GET", "/company/{location_id}")
    assert {"BearerPartner": []} in get_location["security"]
    create = _operation(served_spec, "POST", "/records/{location_id}")
    assert create["security"] == [{"BearerPartnerUser": []}]
    params = {
        p["name"] for p in _operation(served_spec, "GET", "/book_staff/{location_id}")["parameters"]
    }
    assert "service_ids[]" in params
