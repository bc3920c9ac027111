"""The served OpenAPI document, described in upstream's terms.

FastAPI builds the paths from the routes; this module then

- names each operation as upstream's catalog does (``get_location``, ``create_appointment``);
  routes outside the catalog keep the name their alias decision gives;
- describes each success answer with the JSON Schema of its contract tree
  (``parlour.contract``: upstream's sample tree with the recorded decisions applied), as a
  named component ``<operation>_response``; handlers keep returning their prepared
  ``JSONResponse``, so declaring the schema adds no validation on the hot path;
- documents errors as upstream's envelope (``ErrorEnvelope``) instead of FastAPI's
  ``{"detail": ...}``;
- names the right that opens each B2B operation as ``x-parlour-right`` (its ``deps.needs``
  gate), which the rights matrix reads;
- declares both security schemes (partner token; partner and user token) on the operations
  whose dependencies ask for them, so "Try it out" sends the right header.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ConfigDict, Field

from parlour import contract
from parlour.deps import require_partner, require_user

HTTP_METHODS = ("get", "post", "put", "patch", "delete")

SECURITY_SCHEMES: dict[str, Any] = {
    "BearerPartner": {
        "type": "http",
        "scheme": "bearer",
        "description": "The partner token: `Authorization: Bearer <partner_token>`.",
    },
    "BearerPartnerUser": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "Partner and user token, the whole header value: "
        "`Bearer <partner_token>, User <user_token>`.",
    },
}

ERROR_STATUSES = {
    "400": "Malformed request (code 5 or 10)",
    "401": "Authentication needed (code 20)",
    "403": "Access denied (code 15)",
    "404": "Not found (code 30)",
    "422": "A field is invalid (code 10)",
}


class ErrorDetail(BaseModel):
    code: int
    message: str


class ErrorMeta(BaseModel):
    model_config = ConfigDict(extra="allow")
    message: str
    errors: Any = Field(default=None, description="Field name -> messages, when known")


class ErrorEnvelope(BaseModel):
    """Every error answer: upstream's envelope with ``success: false`` and ``data: null``."""

    success: bool = Field(description="Always false")
    data: None
    errors: ErrorDetail
    meta: ErrorMeta


def _walk(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _walk(sub)


def security_of(route: APIRoute) -> list[dict[str, list[str]]] | None:
    calls = set(_walk(route.dependant))
    if require_user in calls:
        return [{"BearerPartnerUser": []}]
    if require_partner in calls:
        # Partner-level operations also accept the user token beside the partner's.
        return [{"BearerPartner": []}, {"BearerPartnerUser": []}]
    return None


def right_of(route: APIRoute) -> str | None:
    """The right the route's gate (``deps.needs``) asks for, if it has one."""
    for call in _walk(route.dependant):
        right = getattr(call, "parlour_right", None)
        if isinstance(right, str):
            return right
    return None


def _route_map(app: FastAPI) -> dict[tuple[str, str], APIRoute]:
    out: dict[tuple[str, str], APIRoute] = {}
    for ctx in iter_route_contexts(app.router.routes):
        route = ctx.original_route
        if isinstance(route, APIRoute):
            # "{team_member_id:int}" is served as "{team_member_id}".
            path = re.sub(r"\{(\w+):\w+\}", r"{\1}", ctx.path or "")
            for method in ctx.methods or ():
                out[(method.lower(), path)] = route
    return out


def _success_status(op: dict[str, Any]) -> str:
    codes = [c for c in op.get("responses", {}) if c.startswith("2")]
    return codes[0] if codes else "200"


def build(app: FastAPI, prefix: str) -> dict[str, Any]:
    spec = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
    )
    components = spec.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas.update(_model_schemas(ErrorEnvelope))
    components["securitySchemes"] = SECURITY_SCHEMES
    routes = _route_map(app)
    error_ref = {"$ref": "#/components/schemas/ErrorEnvelope"}
    for path, item in spec.get("paths", {}).items():
        ours = path.removeprefix(prefix)
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            alias = contract.aliases().get(f"{method.upper()} {ours}", {})
            key = contract.route_key(method, ours)
            name = (
                contract.trees()[key]["operation"]
                if key and not alias
                else alias.get("operation") or _alias_name(op, key)
            )
            op["operationId"] = name
            status = _success_status(op)
            tree = contract.effective_tree(key) if key else alias.get("tree")
            response = op.setdefault("responses", {}).setdefault(status, {})
            response.setdefault("description", "Successful Response")
            if tree == "binary":
                binary = {"schema": {"type": "string", "format": "binary"}}
                response["content"] = {"application/octet-stream": binary}
            elif tree == "empty" or tree is None:
                response.pop("content", None)
            else:
                schemas[f"{name}_response"] = (
                    contract.response_schema(key) if key else contract.json_schema(tree)
                )
                ref = {"$ref": f"#/components/schemas/{name}_response"}
                response["content"] = {"application/json": {"schema": ref}}
            if key:
                _document(op, key, schemas)
                example = contract.response_example(key)
                content = response.get("content", {}).get("application/json")
                if example is not None and content is not None:
                    content["example"] = example
            for code, text in ERROR_STATUSES.items():
                op["responses"][code] = {
                    "description": text,
                    "content": {"application/json": {"schema": error_ref}},
                }
            route = routes.get((method, path))
            security = security_of(route) if route is not None else None
            if security:
                op["security"] = security
            right = right_of(route) if route is not None else None
            if right:
                op["x-parlour-right"] = right
    return spec


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "integer": (int,),
    "number": (int, float),
    "string": (str,),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _fits(schema: dict[str, Any], value: Any) -> bool:
    """A plain type check of a parameter's example against its schema (anyOf and the items of
    arrays included): ``[123]`` does not document a list of strings."""
    options = schema.get("anyOf") or [schema]
    for option in options:
        types = _JSON_TYPES.get(str(option.get("type")))
        if types is None:
            continue
        if isinstance(value, bool) and bool not in types:
            continue
        if isinstance(value, list) and list in types:
            items = option.get("items", {})
            if all(_fits(items, item) for item in value) or not items.get("type"):
                return True
            continue
        if isinstance(value, types):
            return True
    return False


def _document(op: dict[str, Any], key: str, schemas: dict[str, Any]) -> None:
    """Description and examples of an upstream operation, from data the project keeps: the
    catalog entry, the recorded decisions, and upstream's sample values."""
    entry = contract.trees()[key]
    lines = [f"Upstream operation `{entry['operation']}` ({entry['section']})."]
    if entry.get("deprecated"):
        lines.append("Deprecated upstream; kept for integrations that still call it.")
    differences = [
        (d["field"], d["why"])
        for d in contract.decisions_for(entry["operation"])
        if d["operation"] != "*"
    ]
    if differences:
        lines.append("\nWhere Parlour's answer differs from the reference sample:\n")
        for field, why in differences:
            names = ", ".join(f"`{f}`" for f in (field if isinstance(field, list) else [field]))
            lines.append(f"- {names}: {why}")
    note = op.get("x-parlour-note")
    if note:
        lines.append(f"\nParlour: {note}")
    op.setdefault("description", "\n".join(lines))
    samples = contract.examples().get(key, {})
    for param in op.get("parameters", []):
        value = samples.get(param.get("in", ""), {}).get(param.get("name"))
        if value is not None and _fits(param.get("schema", {}), value):
            param["example"] = value
    body = op.get("requestBody", {}).get("content", {}).get("application/json")
    given = samples.get("request")
    if body is None or not given:
        return
    ref = str(body.get("schema", {}).get("$ref", ""))
    model = schemas.get(ref.rsplit("/", 1)[-1], {}) if ref else body.get("schema", {})
    props = model.get("properties", {})
    example = {
        name: value
        for name, value in given.items()
        if name in props and (_fits(props[name], value) or "type" not in props[name])
    }
    if example:
        body["example"] = example


def _alias_name(op: dict[str, Any], key: str | None) -> str:
    base = contract.trees()[key]["operation"] if key else str(op.get("operationId", ""))
    return f"{base}_all"


def _model_schemas(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    defs: dict[str, Any] = schema.pop("$defs", {})
    return {model.__name__: schema, **defs}


def install(app: FastAPI, prefix: str) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app, prefix)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
