"""Client deposits: chain-wide personal accounts owned by the client's phone. A top-up is a
type-9 document, a deposit transaction and a finance line on the paying account, in one
transaction; a payment from a deposit takes from the balance with one conditional update."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.clients import repository as clients_repo
from parlour.deposits import repository as repo
from parlour.deposits.schemas import DepositOpen, DepositTypeCreate, TopUp
from parlour.errors import ValidationFailed
from parlour.inventory import service as inventory_service
from parlour.kit.money import cents, wire
from parlour.kit.phones import normalize_phone
from parlour.kit.timeutil import iso, zone
from parlour.ledger_defaults import EXPENSE_DEPOSIT_TOP_UP
from parlour.models import (
    Chain,
    Client,
    Deposit,
    DepositTransaction,
    DepositType,
    Location,
    StorageDocument,
)
from parlour.models.ledgers import DEPOSIT_TOP_UP
from parlour.payments import service as payments_service

TYPE_TITLE = "Account replenishment (advance payment)"


def chain_of(location: Location) -> int | None:
    """The chain whose deposits the location sees and spends: its main chain."""
    return location.main_group_id


def render_type(row: DepositType, tz_name: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "salon_group_id": row.chain_id,
        "title": row.title,
        "date_create": iso(row.created_at, zone(tz_name)),
        "deleted": row.deleted,
    }


def render_deposit(row: Deposit, tz_name: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "salon_group_id": row.chain_id,
        "deposit_type_id": row.deposit_type_id,
        "initial_balance": wire(row.initial_balance),
        "balance": wire(row.balance),
        "blocked": row.blocked,
        "date_create": iso(row.created_at, zone(tz_name)),
    }


async def entries(
    session: AsyncSession,
    chain_id: int,
    rows: Sequence[Deposit],
    tz_name: str,
    *,
    with_client: bool = False,
) -> list[dict[str, Any]]:
    types = await repo.types_by_ids(session, chain_id, [r.deposit_type_id for r in rows])
    clients = (
        await repo.owners(session, [r.client_id for r in rows if r.client_id])
        if with_client
        else {}
    )
    out = []
    for r in rows:
        entry: dict[str, Any] = {"deposit": render_deposit(r, tz_name)}
        kind = types.get(r.deposit_type_id)
        entry["deposit_type"] = render_type(kind, tz_name) if kind else {}
        if with_client:
            client = clients.get(r.client_id) if r.client_id else None
            digits = "".join(ch for ch in r.phone if ch.isdigit())
            entry["client"] = {
                "id": client.id if client else 0,
                "name": client.name if client else "",
                "phone": int(digits) if digits else 0,
            }
        out.append(entry)
    return out


def _phone(raw: str) -> str:
    text = raw.strip()
    if text and not text.startswith("+"):
        text = "+" + text
    return normalize_phone(text, field="phone")


async def for_client(session: AsyncSession, location: Location, client: Client) -> list[Deposit]:
    chain_id = chain_of(location)
    if chain_id is None or not client.phone:
        return []
    return await repo.of_phone(session, chain_id, client.phone)


async def by_phone(session: AsyncSession, chain: Chain, phone: str) -> list[Deposit]:
    return await repo.of_phone(session, chain.id, _phone(phone))


async def create_type(session: AsyncSession, chain: Chain, body: DepositTypeCreate) -> DepositType:
    row = DepositType(chain_id=chain.id, title=body.title.strip())
    session.add(row)
    await session.flush()
    return row


async def list_types(session: AsyncSession, chain: Chain) -> list[DepositType]:
    return await repo.TYPES.all(session, chain.id)


async def open_deposit(
    session: AsyncSession, location: Location, client: Client, body: DepositOpen
) -> Deposit:
    chain_id = chain_of(location)
    if chain_id is None:
        raise ValidationFailed.field("location_id", "the location belongs to no chain")
    if not client.phone:
        raise ValidationFailed.field("client_id", "a client account needs the client's phone")
    if await repo.TYPES.get(session, chain_id, body.deposit_type_id) is None:
        raise ValidationFailed.field("deposit_type_id", "no such account type in the chain")
    row = Deposit(
        chain_id=chain_id,
        deposit_type_id=body.deposit_type_id,
        phone=client.phone,
        client_id=client.id,
    )
    session.add(row)
    await session.flush()
    return row


async def client_deposit(
    session: AsyncSession, location: Location, client: Client, deposit_id: int, field: str
) -> Deposit:
    """A deposit of the location's chain owned by the client's phone (else a field error)."""
    chain_id = chain_of(location)
    row = await repo.DEPOSITS.get(session, chain_id, deposit_id) if chain_id else None
    if row is None or not client.phone or row.phone != client.phone:
        raise ValidationFailed.field(field, "no such account of this client")
    return row


async def _move(
    session: AsyncSession,
    location: Location,
    deposit: Deposit,
    amount: Decimal,
    *,
    user_id: int | None,
    document_id: int | None,
    master_id: int = 0,
    field: str = "amount",
) -> DepositTransaction:
    if not await repo.change_balance(session, deposit.chain_id, deposit.id, amount):
        raise ValidationFailed.field(field, "more than the client account holds")
    await session.refresh(deposit)
    row = DepositTransaction(
        chain_id=deposit.chain_id,
        location_id=location.id,
        deposit_id=deposit.id,
        document_id=document_id,
        master_id=master_id or None,
        user_id=user_id,
        amount=cents(amount),
    )
    session.add(row)
    await session.flush()
    return row


async def top_up(
    session: AsyncSession, location: Location, access: Access, body: TopUp
) -> dict[str, Any]:
    client = await clients_repo.CLIENTS.get(session, location.id, body.client_id)
    if client is None:
        raise ValidationFailed.field("client_id", "no such client")
    deposit = await client_deposit(session, location, client, body.deposit_id, "deposit_id")
    document = await inventory_service.system_document(
        session, location, type_id=DEPOSIT_TOP_UP, user_id=access.user_id, master_id=body.master_id
    )
    move = await _move(
        session,
        location,
        deposit,
        body.amount,
        user_id=access.user_id,
        document_id=document.id,
        master_id=body.master_id,
    )
    line = await payments_service.add_line(
        session,
        location,
        account_id=body.account_id,
        expense_id=EXPENSE_DEPOSIT_TOP_UP,
        amount=body.amount,
        date=document.create_date,
        user_id=access.user_id,
        client_id=client.id,
        master_id=body.master_id,
        document_id=document.id,
        sold_item_id=deposit.id,
    )
    doc = await _render_document(session, location, document, access.user_id)
    lines = await payments_service.render_lines(session, location, [line])
    for item in lines:
        item["type"] = {"id": EXPENSE_DEPOSIT_TOP_UP, "title": "Account top-up"}
    return {
        "document": doc,
        "deposits_transactions": await render_history(session, location.timezone_name, [move]),
        "payment_transactions": lines,
    }


async def _render_document(
    session: AsyncSession, location: Location, document: StorageDocument, user_id: int
) -> dict[str, Any]:
    online = await repo.online_settings(session, location.id)
    user = await repo.user(session, user_id)
    base = inventory_service.company_card(location)
    return {
        "id": document.id,
        "user_id": user_id,
        "salon_id": location.id,
        "type_id": document.type_id,
        "type": {"id": document.type_id, "title": TYPE_TITLE},
        "comment": document.comment,
        "number": document.number,
        "salon": {
            **base,
            "public_title": location.public_title or location.title,
            "business_group_id": location.business_group_id,
            "business_type_id": location.business_type_id,
            "timezone_name": location.timezone_name,
            "phone": location.phone,
            "allow_delete_record": online.allow_delete_record if online else True,
            "allow_change_record": online.allow_change_record if online else True,
        },
        "user": {
            "id": user_id,
            "name": user.name if user else "",
            "phone": (user.phone or "") if user else "",
        },
    }


async def pay(
    session: AsyncSession,
    location: Location,
    deposit: Deposit,
    amount: Decimal,
    *,
    user_id: int | None,
    document_id: int,
) -> DepositTransaction:
    """Take ``amount`` from the deposit for a sale (422 when it holds less)."""
    return await _move(
        session, location, deposit, -amount, user_id=user_id, document_id=document_id
    )


async def give_back(session: AsyncSession, move_id: int, chain_id: int) -> None:
    """Undo a payment: its transaction leaves the history and the amount returns."""
    row = await repo.HISTORY.get(session, chain_id, move_id)
    if row is None:
        return
    row.deleted = True
    await repo.change_balance(session, chain_id, row.deposit_id, -row.amount)
    await session.flush()


async def render_history(
    session: AsyncSession, tz_name: str, rows: Sequence[DepositTransaction]
) -> list[dict[str, Any]]:
    if not rows:
        return []
    chain_id = rows[0].chain_id
    deposits = await repo.DEPOSITS.by_ids(
        session, chain_id, [r.deposit_id for r in rows], with_deleted=True
    )
    types = await repo.types_by_ids(
        session, chain_id, [d.deposit_type_id for d in deposits.values()]
    )
    out = []
    for r in rows:
        d = deposits.get(r.deposit_id)
        kind = types.get(d.deposit_type_id) if d else None
        out.append(
            {
                "id": r.id,
                "salon_id": r.location_id,
                "salon_group_id": r.chain_id,
                "document_id": r.document_id or 0,
                "deposit_id": r.deposit_id,
                "deposit_type_id": d.deposit_type_id if d else 0,
                "master_id": r.master_id or 0,
                "user_id": r.user_id or 0,
                "amount": wire(r.amount),
                "comment": r.comment,
                "date_create": iso(r.created_at, zone(tz_name)),
                "deleted": r.deleted,
                "deposit": render_deposit(d, tz_name) if d else {},
                "deposit_type": render_type(kind, tz_name) if kind else {},
            }
        )
    return out


async def history(session: AsyncSession, chain: Chain, deposit_id: int) -> list[DepositTransaction]:
    await repo.DEPOSITS.load(session, chain.id, deposit_id)
    return await repo.history(session, chain.id, deposit_id)
