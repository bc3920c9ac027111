"""The one response envelope: ``{"success": ..., "data": ..., "meta": ...}``."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from parlour.errors import ParlourError
from parlour.kit.money import wire

# Upstream sends ``"meta": []`` (an empty JSON array) with single objects.
EMPTY_META: list[Any] = []


def _dump(data: Any) -> Any:
    if isinstance(data, BaseModel):
        return data.model_dump(mode="json", by_alias=True)
    if isinstance(data, list) and data and isinstance(data[0], BaseModel):
        return [item.model_dump(mode="json", by_alias=True) for item in data]
    # Plain JSON data goes straight to json.dumps; only other values (dates, dataclasses,
    # models nested in dicts) take FastAPI's slower encoder, through ``default``.
    return data


def _fallback(value: Any) -> Any:
    if isinstance(value, Decimal):
        return wire(value)  # amounts: JSON numbers, 1500 and 12.5 (never 1500.0 or "12.50")
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return jsonable_encoder(value)


def wire_value(data: Any) -> Any:
    """``data`` as the JSON value an answer would carry (amounts as numbers, dates as text):
    what a webhook event stores of an entity, so it equals the REST answer."""
    return json.loads(json.dumps(_dump(data), default=_fallback))


class EnvelopeResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_fallback
        ).encode("utf-8")


def ok(data: Any = None, meta: Any = None, *, status_code: int = 200) -> JSONResponse:
    body = {"success": True, "data": _dump(data), "meta": EMPTY_META if meta is None else meta}
    return EnvelopeResponse(body, status_code=status_code)


def ok_list(items: list[Any], *, meta: Any = None, status_code: int = 200) -> JSONResponse:
    """A list answer: ``meta`` is the list meta (``total_count`` and ``count``) plus any keys
    given."""
    from parlour.kit.pagination import list_meta

    return ok(items, {**list_meta(items), **(meta or {})}, status_code=status_code)


def saved(message: str = "Saved", *, status_code: int = 200) -> JSONResponse:
    """``data: null`` with a message, as upstream answers several updates and deletes."""
    return JSONResponse(
        {"success": True, "data": None, "meta": {"message": message}}, status_code=status_code
    )


def error_body(message: str, *, code: int, errors: Any = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"message": message}
    if errors is not None:
        meta["errors"] = errors
    return {
        "success": False,
        "data": None,
        "errors": {"code": code, "message": message},
        "meta": meta,
    }


def error_response(exc: ParlourError) -> JSONResponse:
    return JSONResponse(
        error_body(exc.message, code=exc.code, errors=exc.errors), status_code=exc.status_code
    )
