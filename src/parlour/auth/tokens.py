"""Tokens and passwords.

Partner tokens are random and kept only as SHA-256 digests (they are long random strings, so a
fast digest is enough). User tokens are an HMAC of the user id and password hash under the
server secret: POST /auth can hand the same token out again, a password change replaces it,
and the database holds only its digest. Passwords use argon2.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def new_partner_token() -> str:
    return secrets.token_hex(16)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pages_partner_token(secret: bytes) -> str:
    """The partner token of Parlour's own web pages (the booking widget): derived from the
    server secret, so nothing is stored or handed over. The web pages call the API with it,
    and a record booked with it counts as made through the widget."""
    mac = hmac.new(secret, b"parlour:web-pages-partner", hashlib.sha256)
    return mac.hexdigest()[:32]


def user_token(secret: bytes, user_id: int, password_hash: str) -> str:
    mac = hmac.new(secret, f"{user_id}:{password_hash}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def parse_authorization(header: str | None) -> tuple[str | None, str | None]:
    """``Bearer <partner>`` or ``Bearer <partner>, User <user>`` -> (partner, user)."""
    if not header:
        return None, None
    partner: str | None = None
    user: str | None = None
    for part in header.split(","):
        words = part.strip().split(None, 1)
        if len(words) != 2:
            continue
        scheme, value = words[0].lower(), words[1].strip()
        if scheme == "bearer":
            partner = value or None
        elif scheme == "user":
            user = value or None
    return partner, user
