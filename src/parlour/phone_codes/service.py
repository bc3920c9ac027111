"""SMS verification codes: issued into the outbox, stored as digests, checked once.

- A code is 4 digits, valid for ``TTL``; ``MAX_ATTEMPTS`` wrong tries end it.
- A phone gets at most ``PER_HOUR`` codes an hour and one every ``MIN_GAP`` (429 otherwise).
- A wrong, expired or used code is one answer (422 on ``code``): no hint about which.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.config import secret_key
from parlour.errors import ParlourError, ValidationFailed
from parlour.kit.timeutil import utcnow
from parlour.kit.transaction import keep_on_refusal
from parlour.models import VerificationCode
from parlour.outbox import service as outbox
from parlour.phone_codes import repository as repo

TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
PER_HOUR = 5
MIN_GAP = timedelta(seconds=30)


class TooManyCodes(ParlourError):
    status_code = 429
    code = 5
    message = "Too many codes were asked for this phone; try again later."


def _digest(phone: str, code: str) -> str:
    return hmac.new(secret_key(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


async def issue(
    session: AsyncSession,
    phone: str,
    *,
    location_id: int | None,
    chain_id: int | None,
    title: str,
) -> None:
    now = utcnow()
    count, last = await repo.recent_codes(session, phone, now - timedelta(hours=1))
    if count >= PER_HOUR or (last is not None and now - last < MIN_GAP):
        raise TooManyCodes()
    code = f"{secrets.randbelow(10_000):04d}"
    session.add(
        VerificationCode(
            phone=phone,
            location_id=location_id,
            chain_id=chain_id,
            code_hash=_digest(phone, code),
            expires_at=now + TTL,
        )
    )
    outbox.put(
        session,
        channel="sms",
        recipient=phone,
        kind="phone_confirmation",
        body=f"{title}: your code is {code}",
        location_id=location_id,
        payload={"code": code},
    )
    await session.flush()


async def consume(session: AsyncSession, phone: str, code: str) -> None:
    """Accept ``code`` for ``phone`` once, or raise 422 on ``code``."""
    wrong = ValidationFailed.field("code", "the code is not valid")
    now = utcnow()
    row = await repo.latest_open_code(session, phone)
    if row is None or row.expires_at <= now or row.attempts >= MAX_ATTEMPTS:
        raise wrong
    if not hmac.compare_digest(row.code_hash, _digest(phone, code.strip())):
        row.attempts += 1
        await session.flush()
        # The failed attempt counts even though the request answers an error; nothing else
        # has been written by then.
        keep_on_refusal(session)
        raise wrong
    row.used_at = now
    await session.flush()


async def confirm_booking_phone(
    session: AsyncSession, phone: str, code: str | int | None, *, required: bool
) -> None:
    """An online booking at a location that confirms phones carries the code sent to that phone
    (``GET /booking/user/phone_confirmation``): missing, wrong, expired or used is upstream's
    432, and the code cannot be used again."""
    if not required:
        return
    if code is None or str(code).strip() == "":
        raise ParlourError(
            "A confirmation code is required.",
            code=432,
            status_code=422,
            errors={"code": ["the location confirms phone numbers by code"]},
        )
    try:
        await consume(session, phone, str(code))
    except ValidationFailed:
        raise ParlourError(
            "The confirmation code is not valid.",
            code=432,
            status_code=422,
            errors={"code": ["the code is not valid"]},
        ) from None
