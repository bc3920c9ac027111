"""Phone numbers: parsed, validated and normalised to E.164 with libphonenumber."""

from __future__ import annotations

import phonenumbers

from parlour.errors import ValidationFailed


def normalize_phone(raw: str, *, region: str | None = None, field: str = "phone") -> str:
    """Return ``raw`` in E.164 (``+13155550175``) or raise a field error.

    Upstream samples write numbers with or without the leading ``+`` (``79161234567``); a number
    of digits only is read as international first, then in ``region`` when one is known.
    """
    text = (raw or "").strip()
    if not text:
        raise ValidationFailed.field(field, "phone number is required")
    candidates: list[tuple[str, str | None]] = []
    if text.startswith("+"):
        candidates.append((text, None))
    else:
        digits = "".join(ch for ch in text if ch.isdigit())
        if region:
            candidates.append((text, region))
        if digits:
            candidates.append(("+" + digits, None))
    for number, reg in candidates:
        try:
            parsed = phonenumbers.parse(number, reg)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    raise ValidationFailed.field(field, f"{raw!r} is not a valid phone number")
