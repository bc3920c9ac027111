"""Typed errors. Each carries its HTTP status, the upstream error code and message.

Upstream's error envelope is ``{"success": false, "data": null, "meta": {"message": ...}}``;
newer pages add ``"errors": {"code": ..., "message": ...}`` beside it, so we send both.
"""

from __future__ import annotations

from typing import Any


class ParlourError(Exception):
    status_code = 400
    code = 5  # upstream ENTITY_VALIDATION_ERROR
    message = "An error has occurred."

    def __init__(
        self,
        message: str | None = None,
        *,
        errors: Any = None,
        code: int | None = None,
        status_code: int | None = None,
    ) -> None:
        self.message = message or type(self).message
        self.errors = errors
        if code is not None:
            self.code = code
        if status_code is not None:
            self.status_code = status_code
        super().__init__(self.message)


class AuthenticationNeeded(ParlourError):
    status_code = 401
    code = 20  # INVALID_PARTNER_TOKEN
    message = "Authentication needed."


class AccessDenied(ParlourError):
    status_code = 403
    code = 15  # ACCESS_FORBIDDEN
    message = "Access denied."


class NotFound(ParlourError):
    status_code = 404
    code = 30  # RESOURCE_NOT_FOUND
    message = "Not found"


class ValidationFailed(ParlourError):
    """A field did not pass validation; ``errors`` maps field names to messages."""

    status_code = 422
    code = 10  # FIELD_VALIDATION_ERROR
    message = "An error has occurred."

    @classmethod
    def field(cls, name: str, message: str) -> ValidationFailed:
        return cls(f"{name}: {message}", errors={name: [message]})


class BadRequest(ParlourError):
    status_code = 400
    code = 5
    message = "Bad request."


class Conflict(ParlourError):
    status_code = 409
    code = 5
    message = "Conflict."


class PayloadTooLarge(ParlourError):
    status_code = 413
    code = 5
    message = "Request body is too large."


class SlotBusy(ParlourError):
    """The chosen time overlaps another appointment (upstream online-booking code 433)."""

    status_code = 422
    code = 433
    message = "The selected time is already taken."
