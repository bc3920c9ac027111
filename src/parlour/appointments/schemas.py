"""Appointment ("record"), visit and comment payloads, named as upstream names them."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from parlour.kit.ids import Id, IdOrZero
from parlour.kit.money import (
    ZERO,
    Money,
    MoneyOut,
    Percent,
    PercentOut,
    Quantity,
    QuantityOut,
)
from parlour.kit.schema import ParlourModel

Seconds = Annotated[int, Field(ge=0, le=86_400 * 7)]


# --------------------------------------------------------------------------------------------
# Requests
# --------------------------------------------------------------------------------------------


class RecordServiceIn(ParlourModel):
    id: Id
    first_cost: Money | None = None
    discount: Percent | None = None  # percent, as upstream
    cost: Money | None = None
    amount: Annotated[int, Field(ge=1, le=10_000)] = 1


class RecordClientIn(ParlourModel):
    phone: Annotated[str, Field(min_length=1, max_length=64)]
    name: Annotated[str, Field(max_length=255)] = ""
    email: Annotated[str, Field(max_length=255)] = ""


class RecordWrite(ParlourModel):
    """Body of POST /records and PUT /record: the same full set of fields (PUT is a replace)."""

    # A group event to take seats in: its member, service, time and length win over the
    # body's (see appointments.service._apply_seat).
    activity_id: IdOrZero = 0
    clients_count: Annotated[int, Field(ge=1, le=10_000)] = 1
    staff_id: Id
    services: Annotated[list[RecordServiceIn], Field(min_length=1, max_length=100)]
    client: RecordClientIn
    datetime: Annotated[str, Field(min_length=1, max_length=64)]
    seance_length: Annotated[int, Field(ge=300, le=86_400)]
    save_if_busy: bool = False
    send_sms: bool = False
    comment: Annotated[str, Field(max_length=10_000)] = ""
    sms_remain_hours: Annotated[int, Field(ge=0, le=10_000)] | None = None
    email_remain_hours: Annotated[int, Field(ge=0, le=10_000)] | None = None
    attendance: int = 0
    api_id: Annotated[str, Field(max_length=255)] = ""
    custom_color: Annotated[str, Field(max_length=32)] = ""
    record_labels: Annotated[list[int | str], Field(max_length=100)] = []
    technical_break_duration: int | None = None
    custom_fields: dict[str, Any] = {}


class VisitServiceIn(ParlourModel):
    id: Id
    title: str = ""
    cost: Money | None = None
    cost_per_unit: Money | None = None
    discount: Percent | None = None
    first_cost: Money | None = None
    amount: Annotated[int, Field(ge=1, le=10_000)] = 1
    record_id: IdOrZero | None = None


class GoodsTransactionIn(ParlourModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: IdOrZero = 0
    good_id: IdOrZero = 0
    title: Annotated[str, Field(max_length=255)] = ""
    amount: Quantity = Decimal(-1)
    cost_per_unit: Money = ZERO
    price: Money = ZERO
    cost: Money = ZERO
    discount: Percent = ZERO
    operation_unit_type: Annotated[int, Field(ge=1, le=2)] = 1
    master_id: IdOrZero = 0
    storage_id: IdOrZero = 0


class NewTransactionIn(ParlourModel):
    """A payment of the visit: ``amount`` on the account ``account_id`` (``id`` is the
    caller's own reference, not kept)."""

    id: IdOrZero = 0
    amount: Annotated[Money, Field(gt=0)]
    account_id: Id


class VisitUpdate(ParlourModel):
    attendance: int
    comment: Annotated[str, Field(max_length=10_000)]
    # Payments: new lines, finance line ids to delete, and fast_payment (1 cash, 2 card;
    # 129 / 130 the same with a receipt, which Parlour does not print).
    new_transactions: Annotated[list[NewTransactionIn], Field(max_length=100)] = []
    deleted_transaction_ids: Annotated[list[Id], Field(max_length=100)] = []
    goods_transactions: Annotated[list[GoodsTransactionIn], Field(max_length=500)] | None = None
    services: Annotated[list[VisitServiceIn], Field(max_length=100)] | None = None
    fast_payment: int | None = None


class CommentCreate(ParlourModel):
    mark: Annotated[int, Field(ge=1, le=5)]
    name: Annotated[str, Field(min_length=1, max_length=255)]
    text: Annotated[str, Field(min_length=1, max_length=10_000)]


# --------------------------------------------------------------------------------------------
# Responses (nested parts stay open to extra keys: upstream adds fields over time)
# --------------------------------------------------------------------------------------------


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class PositionRef(_Open):
    id: int
    title: str
    services_binding_type: int | None = None


class StaffRef(_Open):
    id: int
    api_id: str | None = None
    name: str
    specialization: str
    # The shared position object; {} when the member has none.
    position: PositionRef | dict[str, Any] = {}
    avatar: str
    avatar_big: str
    rating: float
    votes_count: int


class ClientRef(_Open):
    id: int
    name: str
    surname: str = ""
    middle_name: str = ""
    patronymic: str = ""
    display_name: str = ""
    comment: str = ""
    phone: str | int
    card: str | None
    email: str
    success_visits_count: int
    fail_visits_count: int
    discount: PercentOut = ZERO
    is_new: bool = False
    custom_fields: list[Any] | dict[str, Any] = []
    gender: int = 0
    sex: int = 0
    birthday: str = ""
    client_tags: list[Any] = []
    phone_country_id: int = 0


class StaffServiceLink(_Open):
    length: int


class LocationServiceLink(_Open):
    price_min: MoneyOut
    price_max: MoneyOut


class RecordServiceRead(_Open):
    id: int
    title: str
    cost: MoneyOut
    cost_to_pay: MoneyOut = ZERO
    manual_cost: MoneyOut
    cost_per_unit: MoneyOut
    discount: PercentOut
    first_cost: MoneyOut
    amount: int
    assistants: list[Any] | None = None
    staff_service_link: StaffServiceLink | None = None
    company_service_link: LocationServiceLink | None = None


class RecordLabel(_Open):
    id: int | str
    title: str
    color: str
    icon: str
    font_color: str


class Document(_Open):
    id: int
    type_id: int
    storage_id: int
    user_id: int
    company_id: int
    number: int
    comment: str
    date_created: str
    category_id: int
    visit_id: int
    record_id: int
    type_title: str
    is_sale_bill_printed: bool | None = None


class RecordRead(_Open):
    id: int
    company_id: int
    staff_id: int
    services: list[RecordServiceRead]
    goods_transactions: list[dict[str, Any]]
    staff: StaffRef
    client: ClientRef | None = None
    clients_count: int = 1
    date: str
    datetime: str
    create_date: str
    comment: str
    online: bool = False
    visit_attendance: int
    attendance: int
    confirmed: int
    seance_length: int
    length: int
    technical_break_duration: int = 0
    sms_before: int
    sms_now: int
    sms_now_text: str
    email_now: int
    notified: int
    master_request: int
    api_id: str
    from_url: str
    review_requested: int
    is_remind_sms_sent: bool = False
    visit_id: int
    created_user_id: int
    deleted: bool | int
    paid_full: int
    prepaid: bool | int
    prepaid_confirmed: bool | int
    last_change_date: str
    custom_color: str
    custom_font_color: str
    record_labels: list[RecordLabel]
    activity_id: int
    custom_fields: dict[str, Any] | list[Any]
    documents: list[Document]
    sms_remain_hours: int | None = None
    email_remain_hours: int | None = None
    bookform_id: int = 0
    record_from: str = ""
    is_mobile: int = 0
    is_sale_bill_printed: bool = False
    consumables: list[dict[str, Any]] = []
    finance_transactions: list[dict[str, Any]] = []
    acceptance_free: bool | None = None
    comer: bool | None = None
    is_update_blocked: bool = False
    payment_status: str | int = 0
    resource_instance_ids: list[int] = []
    short_link: str = ""


class VisitRead(_Open):
    attendance: int
    datetime: str | None
    comment: str | int
    records: list[RecordRead]


class VisitItem(_Open):
    id: int
    item_id: int
    item_type_id: int
    record_id: int
    item_title: str
    amount: QuantityOut
    first_cost: MoneyOut
    manual_cost: MoneyOut
    discount: PercentOut
    cost: MoneyOut
    master_id: int
    good_id: int
    service_id: int
    event_id: int
    is_service: bool
    is_event: bool
    is_good: bool


class KkmContainer(_Open):
    last_operation_type: int
    transactions: list[dict[str, Any]]


class VisitDetails(_Open):
    payment_transactions: list[dict[str, Any]]
    loyalty_transactions: list[dict[str, Any]]
    kkm_transaction_details_container: KkmContainer
    items: list[VisitItem]


class CommentRead(_Open):
    id: int | str
    salon_id: int | str
    type: int | str
    master_id: int | str
    text: str
    date: str
    rating: int | str
    user_id: int | str
    user_name: str
    user_avatar: str
    record_id: int | str = 0
