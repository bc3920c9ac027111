"""POST /company/{id}/clients/search: upstream's filter language turned into SQL.

Every documented filter type is understood. Filters on data Parlour does not keep (mobile
app, Passteam cards, SMS mailings, goods/subscription/certificate sales) match no client, the
true answer for a location without such data; ``invert`` flips any filter.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, false, func, not_, or_, select, true

from parlour.clients.repository import ARRIVED, StatColumns
from parlour.clients.schemas import ClientSearch, FilterState
from parlour.errors import BadRequest
from parlour.kit.ids import MAX_ID
from parlour.kit.money import ZERO, to_decimal
from parlour.models import Client, ClientLabel, Record, RecordService, Service

FIELDS = (
    "id",
    "name",
    "phone",
    "email",
    "discount",
    "first_visit_date",
    "last_visit_date",
    "sold_amount",
    "visits_count",
    "passteam_card_id",
)
# The newer page spells the sort key "visit_count", the blueprint "visits_count".
ORDER_KEYS = (
    "id",
    "name",
    "phone",
    "email",
    "discount",
    "first_visit_date",
    "last_visit_date",
    "sold_amount",
    "visit_count",
    "visits_count",
)
# RecordFilter status codes -> record attendance.
STATUS_ATTENDANCE = {1: -1, 2: 0, 3: 1, 4: 2}


def invalid(detail: str = "Invalid filter state value") -> BadRequest:
    return BadRequest("Invalid filter value", errors={"filters": [detail]})


def _ids(state: dict[str, Any], key: str = "value") -> list[int]:
    value = state.get(key)
    if not isinstance(value, list):
        raise invalid(f"{key} must be a list")
    out: list[int] = []
    for item in value:
        if isinstance(item, bool):
            raise invalid(f"{key} must hold numbers")
        try:
            number = int(item)
        except (TypeError, ValueError):
            raise invalid(f"{key} must hold numbers") from None
        if abs(number) > MAX_ID:
            raise invalid(f"{key} holds a number out of range")
        out.append(number)
    return out


def _number(state: dict[str, Any], key: str) -> Decimal | None:
    value = state.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise invalid(f"{key} must be a number")
    try:
        number = to_decimal(value)
    except ValueError:
        raise invalid(f"{key} must be a number") from None
    if abs(number) > 10**15:
        raise invalid(f"{key} is out of range")
    return number


def _date(state: dict[str, Any], key: str) -> date | None:
    value = state.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise invalid(f"{key} must be a date")
    try:
        # "1990-01-01" and "1990-01-01 00:00:00" are both documented.
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise invalid(f"{key} must be a date YYYY-MM-DD") from None


def _range(column: Any, low: Any, high: Any) -> ColumnElement[bool]:
    parts = []
    if low is not None:
        parts.append(column >= low)
    if high is not None:
        parts.append(column <= high)
    return and_(*parts) if parts else true()


def _bool(state: dict[str, Any]) -> bool:
    value = state.get("value")
    if not isinstance(value, bool):
        raise invalid("value must be true or false")
    return value


class Compiler:
    def __init__(self, location_id: int, tz: ZoneInfo, stats: StatColumns) -> None:
        self.location_id = location_id
        self.tz = tz
        self.stats = stats

    def _local_day_start(self, day: date) -> datetime:
        return datetime.combine(day, time.min, self.tz).astimezone(UTC)

    def filter(self, item: FilterState) -> ColumnElement[bool]:
        return self.condition(item.type, item.state)

    def condition(self, kind: str, state: Any) -> ColumnElement[bool]:
        if not isinstance(state, dict):
            raise invalid()
        handler = getattr(self, f"_f_{kind}", None)
        if handler is None:
            raise invalid(f"unknown filter type {kind!r}")
        cond: ColumnElement[bool] = handler(state)
        invert = state.get("invert", False)
        if not isinstance(invert, bool):
            raise invalid("invert must be true or false")
        return not_(cond) if invert else cond

    def _f_id(self, state: dict[str, Any]) -> ColumnElement[bool]:
        return Client.id.in_(_ids(state))

    def _f_quick_search(self, state: dict[str, Any]) -> ColumnElement[bool]:
        value = state.get("value")
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise invalid("value must be text")
        text = str(value).strip().lower()
        if not text:
            return true()
        full = func.lower(Client.name + " " + Client.surname + " " + Client.patronymic)
        reverse = func.lower(Client.surname + " " + Client.name)
        parts = [
            full.contains(text, autoescape=True),
            reverse.contains(text, autoescape=True),
            func.lower(Client.email).contains(text, autoescape=True),
            func.lower(Client.card).contains(text, autoescape=True),
        ]
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 3 and len(digits) * 2 >= len(text.replace(" ", "")):
            parts.append(Client.phone.contains(digits, autoescape=True))
        return or_(*parts)

    def _f_birthday(self, state: dict[str, Any]) -> ColumnElement[bool]:
        low, high = _date(state, "from"), _date(state, "to")
        if low is None and high is None:
            raise invalid("birthday needs from or to")
        return and_(Client.birth_date.is_not(None), _range(Client.birth_date, low, high))

    def _f_gender(self, state: dict[str, Any]) -> ColumnElement[bool]:
        return Client.sex_id.in_(_ids(state))

    _f_sex = _f_gender

    def _f_importance(self, state: dict[str, Any]) -> ColumnElement[bool]:
        return Client.importance_id.in_(_ids(state))

    def _f_category(self, state: dict[str, Any]) -> ColumnElement[bool]:
        labelled = select(ClientLabel.client_id).where(ClientLabel.label_id.in_(_ids(state)))
        return Client.id.in_(labelled)

    _f_labels = _f_category

    def _f_sold_amount(self, state: dict[str, Any]) -> ColumnElement[bool]:
        return _range(self.stats.sold, _number(state, "from"), _number(state, "to"))

    # Parlour keeps none of this data: a filter asking for it matches nobody, and asking
    # for its absence ("value": false) matches everybody.
    def _f_has_mobile_app(self, state: dict[str, Any]) -> ColumnElement[bool]:
        return false() if _bool(state) else true()

    def _f_has_passteam_card(self, state: dict[str, Any]) -> ColumnElement[bool]:
        return false() if _bool(state) else true()

    def _f_passteam_card_ids(self, state: dict[str, Any]) -> ColumnElement[bool]:
        if not isinstance(state.get("value"), list):
            raise invalid("value must be a list")
        return false()

    def _f_sms_notification(self, state: dict[str, Any]) -> ColumnElement[bool]:
        _date(state, "from"), _date(state, "to")
        return false()

    def _f_sale(self, state: dict[str, Any]) -> ColumnElement[bool]:
        criteria = {k: v for k, v in state.items() if k != "invert"}
        if not all(isinstance(v, dict) for v in criteria.values()):
            raise invalid()
        return false() if criteria else true()

    def _f_client(self, state: dict[str, Any]) -> ColumnElement[bool]:
        # A group of other filters, keyed by their type, all of which must hold.
        parts = [self.condition(k, v) for k, v in state.items() if k != "invert"]
        return and_(*parts) if parts else true()

    def _f_record(self, state: dict[str, Any]) -> ColumnElement[bool]:
        where: list[ColumnElement[bool]] = [
            Record.location_id == self.location_id,
            Record.deleted.is_(False),
            Record.client_id.is_not(None),
        ]
        for key in ("staff", "service", "service_category", "status", "created"):
            if key in state and not isinstance(state[key], dict):
                raise invalid(f"{key} must be an object")
        if "staff" in state:
            where.append(Record.staff_id.in_(_ids(state["staff"])))
        if "service" in state:
            where.append(
                Record.id.in_(
                    select(RecordService.record_id).where(
                        RecordService.service_id.in_(_ids(state["service"]))
                    )
                )
            )
        if "service_category" in state:
            where.append(
                Record.id.in_(
                    select(RecordService.record_id)
                    .join(Service, Service.id == RecordService.service_id)
                    .where(Service.category_id.in_(_ids(state["service_category"])))
                )
            )
        if "status" in state:
            codes = _ids(state["status"])
            if any(c not in STATUS_ATTENDANCE for c in codes):
                raise invalid("status holds an unknown code")
            where.append(Record.attendance.in_([STATUS_ATTENDANCE[c] for c in codes]))
        if "created" in state:
            low, high = _date(state["created"], "from"), _date(state["created"], "to")
            if low is not None:
                where.append(Record.created_at >= self._local_day_start(low))
            if high is not None:
                where.append(Record.created_at < self._local_day_start(high + timedelta(days=1)))
        having: list[ColumnElement[bool]] = []
        # One row per record with its services' total, so counting records stays exact.
        per_record = (
            select(
                RecordService.record_id.label("record_id"),
                func.sum(RecordService.cost).label("cost"),
            )
            .group_by(RecordService.record_id)
            .subquery("record_cost")
        )
        counts = state.get("records_count")
        if counts is not None:
            if not isinstance(counts, dict):
                raise invalid("records_count must be an object")
            having.append(
                _range(
                    func.count(func.distinct(Record.id)),
                    _number(counts, "from"),
                    _number(counts, "to"),
                )
            )
        sold = state.get("sold_amount")
        if sold is not None:
            if not isinstance(sold, dict):
                raise invalid("sold_amount must be an object")
            mode = sold.get("type", "service_amount")
            if mode not in ("service_amount", "paid_in_cash"):
                raise invalid("sold_amount.type must be service_amount or paid_in_cash")
            # paid_in_cash counts only arrived records (Parlour's notion of paid).
            cost: Any = func.coalesce(per_record.c.cost, ZERO)
            if mode == "paid_in_cash":
                cost = case((Record.attendance == ARRIVED, cost), else_=ZERO)
            having.append(_range(func.sum(cost), _number(sold, "from"), _number(sold, "to")))
        matching = (
            select(Record.client_id)
            .outerjoin(per_record, per_record.c.record_id == Record.id)
            .where(*where)
            .group_by(Record.client_id)
        )
        if having:
            matching = matching.having(and_(*having))
        return Client.id.in_(matching)


def compile_filters(
    body: ClientSearch, location_id: int, tz: ZoneInfo, stats: StatColumns
) -> ColumnElement[bool] | None:
    operation = (body.operation or "AND").upper()
    if operation not in ("AND", "OR"):
        raise BadRequest("Invalid operation", errors={"operation": ["must be AND or OR"]})
    compiler = Compiler(location_id, tz, stats)
    parts = [compiler.filter(f) for f in body.filters]
    if not parts:
        return None
    return and_(*parts) if operation == "AND" else or_(*parts)


def order_of(body: ClientSearch, stats: StatColumns) -> list[Any]:
    key = body.order_by or "id"
    if key not in ORDER_KEYS:
        raise BadRequest(
            "Invalid sort field", errors={"order_by": [f"must be one of {ORDER_KEYS}"]}
        )
    direction = (body.order_by_direction or "ASC").upper()
    if direction not in ("ASC", "DESC"):
        raise BadRequest(
            "Invalid sort direction", errors={"order_by_direction": ["must be ASC or DESC"]}
        )
    columns: dict[str, Any] = {
        "id": Client.id,
        "name": Client.name,
        "phone": Client.phone,
        "email": Client.email,
        "discount": Client.discount,
        "first_visit_date": stats.first_visit,
        "last_visit_date": stats.last_visit,
        "sold_amount": stats.sold,
        "visit_count": stats.visits,
        "visits_count": stats.visits,
    }
    column = columns[key]
    primary = column.desc() if direction == "DESC" else column.asc()
    tiebreak = Client.id.desc() if direction == "DESC" else Client.id.asc()
    return [primary.nulls_last(), tiebreak]


def fields_of(body: ClientSearch) -> list[str]:
    requested = body.fields or ["id"]
    names: list[str] = []
    for name in requested:
        name = "visits_count" if name == "visit_count" else name
        if name not in FIELDS:
            raise BadRequest("Invalid field", errors={"fields": [f"unknown field {name!r}"]})
        if name not in names:
            names.append(name)
    return names
