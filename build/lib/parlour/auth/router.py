"""Authentication B2B: POST /auth."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from parlour.auth import service
from parlour.auth.schemas import AuthRequest, AuthUserRead
from parlour.deps import CurrentPartner, SessionDep
from parlour.errors import BadRequest, ValidationFailed
from parlour.kit.envelope import ok

router = APIRouter(tags=["Authentication B2B"])


async def _credentials(request: Request) -> AuthRequest:
    """Upstream takes login and password as a JSON body or as query parameters."""
    data: dict[str, Any] = dict(request.query_params)
    raw = await request.body()
    if raw.strip():
        try:
            body = json.loads(raw)
        except ValueError:
            raise BadRequest("Malformed JSON in the request body.") from None
        if not isinstance(body, dict):
            raise ValidationFailed.field("body", "expected a JSON object")
        data.update(body)
    try:
        return AuthRequest.model_validate(data)
    except ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for err in exc.errors():
            errors.setdefault(".".join(str(p) for p in err["loc"]), []).append(err["msg"])
        name, msgs = next(iter(errors.items()))
        raise ValidationFailed(f"{name}: {msgs[0]}", errors=errors) from None


@router.post("/auth", status_code=201, summary="Authorize user")
async def authorize_user(
    request: Request, session: SessionDep, _partner: CurrentPartner
) -> JSONResponse:
    creds = await _credentials(request)
    user, token = await service.login(session, creds.login, creds.password)
    data = AuthUserRead(
        id=user.id,
        user_token=token,
        name=user.name,
        phone=user.phone or "",
        login=user.login,
        email=user.email or "",
        avatar=user.avatar,
        is_approved=user.is_approved,
        is_email_confirmed=user.is_email_confirmed,
    )
    return ok(data, status_code=201)
