"""Id alias families: upstream accepts any one name of a family for the same id.

Query strings are widened once in middleware (every name of a family gets the value), so a
handler declares just the name its operation documents. Bodies are widened by
``ParlourModel`` before validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FAMILIES: tuple[tuple[str, ...], ...] = (
    ("location_id", "company_id", "salon_id"),
    ("chain_id", "company_group_id", "salon_group_id"),
    ("team_member_id", "staff_id", "master_id"),
    ("appointment_id", "record_id"),
    ("product_id", "good_id"),
)

_FAMILY_OF: dict[str, tuple[str, ...]] = {name: fam for fam in FAMILIES for name in fam}


def widen_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Add every missing alias of each family present in the query (also ``name[]`` forms)."""
    present = {k for k, _ in pairs}
    extra: list[tuple[str, str]] = []
    for key, value in pairs:
        bare, suffix = (key[:-2], "[]") if key.endswith("[]") else (key, "")
        family = _FAMILY_OF.get(bare)
        if not family:
            continue
        for other in family:
            name = other + suffix
            if name not in present:
                extra.append((name, value))
    if not extra:
        return pairs
    return pairs + extra


def resolve_body(data: Mapping[str, Any], declared: set[str]) -> dict[str, Any]:
    """Rename aliases in ``data`` to the family member the model declares."""
    out = dict(data)
    for key in list(data):
        family = _FAMILY_OF.get(key)
        if not family or key in declared:
            continue
        target = next((n for n in family if n in declared), None)
        if target is not None and target not in out:
            out[target] = out.pop(key)
    return out
