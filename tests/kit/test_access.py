"""Rights through the Access object, and the typed NotFound family."""

from __future__ import annotations

import pytest

import parlour.errors as errors
from parlour.auth.access import OWNER_RIGHTS, RIGHTS, Access
from parlour.errors import AccessDenied, NotFound


def test_require_passes_a_held_right_and_refuses_a_missing_one() -> None:
    access = Access(user_id=1, location_id=2, rights={"clients_access": True})
    access.require("clients_access")
    assert access.has("clients_access")
    with pytest.raises(AccessDenied):
        access.require("custom_fields_access")


def test_a_right_that_is_not_listed_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        Access(user_id=1, location_id=2).has("clients_acess")


def test_owners_hold_the_rights_marked_for_them() -> None:
    assert set(OWNER_RIGHTS) == {name for name, owner in RIGHTS.items() if owner}
    assert "payment_policy_update_access" not in OWNER_RIGHTS


def test_every_not_found_keeps_the_upstream_404_envelope() -> None:
    kinds = [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, NotFound) and value is not NotFound
    ]
    assert len(kinds) >= 10
    for kind in kinds:
        assert kind.__name__.endswith("NotFound")
        err = kind()
        assert (err.status_code, err.code) == (404, 30)
        assert err.message and err.message != NotFound.message
