"""Rules every request input obeys, whatever operation it is for.

Checked once, before routing, so that no field of any operation can forget them:

- no string (query parameter, JSON key or value, form field) contains a NUL character:
  PostgreSQL cannot store one and nobody types one;
- JSON numbers are finite (no ``NaN``, ``Infinity``, nor ``1e999`` which reads as infinity);
- JSON integers fit in 64 bits (no column stores more).

A broken rule is a 422 field error naming the field (``client.name``, ``goods[0].amount``).
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import parse_qsl

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

NUL_MESSAGE = "must not contain a NUL character"


class InputRuleBroken(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_query(query_string: bytes) -> None:
    if not query_string:
        return
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if "\x00" in key or "\x00" in value:
            raise InputRuleBroken(key.replace("\x00", "") or "query", NUL_MESSAGE)


def check_body(content_type: str, body: bytes) -> None:
    if not body:
        return
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        check_query(body)
    elif not kind or kind == "application/json" or kind.endswith("+json"):
        _check_json(body)


def _not_finite(token: str) -> Any:
    raise InputRuleBroken("body", f"{token} is not a number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InputRuleBroken("body", f"{text} is out of range for a number")
    return value


def _check_json(body: bytes) -> None:
    try:
        data = json.loads(body, parse_constant=_not_finite, parse_float=_finite_float)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return  # not JSON: the operation answers it as malformed
    _walk(data, "")


def _walk(value: Any, path: str) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise InputRuleBroken(path or "body", NUL_MESSAGE)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise InputRuleBroken(path or "body", "is out of range (more than 64 bits)")
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                raise InputRuleBroken(path or "body", NUL_MESSAGE)
            _walk(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            _walk(item, f"{path}[{n}]")
