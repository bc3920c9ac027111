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


# One ``<Thing>NotFound`` per thing a path or a body names: the same 404 envelope (code 30),
# a type that says what was missing. ``Scoped(..., not_found=...)`` raises them.


class LocationNotFound(NotFound):
    message = "Location not found"


class ChainNotFound(NotFound):
    message = "Chain not found"


class UserNotFound(NotFound):
    message = "User not found"


class RecordNotFound(NotFound):
    message = "Record not found"


class VisitNotFound(NotFound):
    message = "Visit not found"


class ClientNotFound(NotFound):
    message = "Client not found"


class ClientFileNotFound(NotFound):
    message = "File not found"


class ClientCommentNotFound(NotFound):
    message = "Comment not found"


class TeamMemberNotFound(NotFound):
    message = "Team member not found"


class ImageNotFound(NotFound):
    message = "Image not found"


class TipSettingsNotFound(NotFound):
    message = "Tip settings not found"


class ServiceNotFound(NotFound):
    message = "Service not found."


class ServiceCategoryNotFound(NotFound):
    message = "Service category does not exist."


class ServiceLinkNotFound(NotFound):
    message = "The team member does not provide this service."


class BookingFormNotFound(NotFound):
    message = "Booking form not found"


class CustomFieldNotFound(NotFound):
    message = "Field not found"


class FieldCategoryNotFound(NotFound):
    message = "Unknown field category"


class LanguageNotFound(NotFound):
    message = "Unknown language"


class GoodsCategoryNotFound(NotFound):
    message = "Product category not found"


class ProductNotFound(NotFound):
    message = "Product not found"


class UnitNotFound(NotFound):
    message = "Unit not found"


class StorageNotFound(NotFound):
    message = "Storage not found"


class SupplierNotFound(NotFound):
    message = "Supplier not found"


class DocumentNotFound(NotFound):
    message = "Document not found"


class GoodsTransactionNotFound(NotFound):
    message = "Goods transaction not found"


class AccountNotFound(NotFound):
    message = "Account not found"


class ExpenseNotFound(NotFound):
    message = "Expense item not found"


class FinanceTransactionNotFound(NotFound):
    message = "Financial transaction not found"


class EventNotFound(NotFound):
    message = "Group event not found"


class DuplicationStrategyNotFound(NotFound):
    message = "Duplication strategy not found"


class EventScheduleNotFound(NotFound):
    message = "Schedule not found"


class ScheduleDayNotFound(NotFound):
    message = "Schedule series not found"


class ClientScheduleNotFound(NotFound):
    message = "Client schedule not found"


class TagNotFound(NotFound):
    message = "Tag not found"


class TechnologicalCardNotFound(NotFound):
    message = "Bill of materials not found"


class DepositNotFound(NotFound):
    message = "Client account not found"


class DepositTypeNotFound(NotFound):
    message = "Client account type not found"


class LoyaltyTransactionNotFound(NotFound):
    message = "Loyalty transaction not found"


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


class EventBusy(Conflict):
    """A group event would overlap the team member's time or a resource instance in use
    (upstream answers 409; ``force`` saves it anyway)."""

    message = "The team member or a resource is busy at that time."


class EventFull(ParlourError):
    """Not enough free seats in a group event."""

    status_code = 422
    code = 433
    message = "Not enough free seats in the group event."


class LoyaltyCardTypeNotFound(NotFound):
    message = "Loyalty card type not found"


class LoyaltyCardNotFound(NotFound):
    message = "Loyalty card not found"


class LoyaltyProgramNotFound(NotFound):
    message = "Loyalty program not found"


class CertificateTypeNotFound(NotFound):
    message = "Certificate type not found"


class CertificateNotFound(NotFound):
    message = "Certificate not found"


class MembershipTypeNotFound(NotFound):
    message = "Membership type not found"


class MembershipNotFound(NotFound):
    message = "Membership not found"


class InsufficientBalance(ParlourError):
    """A withdrawal larger than what the card (certificate, membership) holds."""

    status_code = 422
    code = 10
    message = "Not enough balance."


class HookEndpointNotFound(NotFound):
    message = "Webhook endpoint not found"


class HookEventNotFound(NotFound):
    message = "Webhook event not found"


class SalarySchemeNotFound(NotFound):
    message = "Salary scheme not found"


class PayrollCalculationNotFound(NotFound):
    message = "Payroll calculation not found"
