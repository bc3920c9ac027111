"""Rights through the Access object, and the typed NotFound family."""

from __future__ import annotations

import pytest

import parlour.errors as errors
from parlour.auth.access import OWNER_RIGHTS, RIGHTS, Access
from parlour.auth.permissions import NOT_BY_DEFAULT, OWNER, ROLES, grouped, role_defaults
from parlour.auth.permissions import kind as kind_of
from parlour.errors import AccessDenied, NotFound


def test_require_passes_a_held_right_and_refuses_a_missing_one() -> None:
    access = Access(user_id=1, location_id=2, rights={"clients_access": True})
    access.require("clients_access")
    assert access.has("clients_access")
    with pytest.raises(AccessDenied):
        access.require("settings_access")


def test_a_right_that_is_not_listed_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        Access(user_id=1, location_id=2).has("clients_acess")


def test_owners_hold_every_right_but_the_explicit_ones() -> None:
    booleans = {name for name, value in RIGHTS.items() if value is True}
    assert set(OWNER_RIGHTS) == booleans - NOT_BY_DEFAULT
    assert "payment_policy_update_access" not in OWNER_RIGHTS


def test_a_limit_is_not_a_right() -> None:
    with pytest.raises(ValueError):
        Access(user_id=1, location_id=2).has("finances_last_days_count")


def test_day_windows() -> None:
    rights = {"finances_last_days_count": -1, "storages_last_days_count": 7, "last_days_count": 0}
    access = Access(user_id=1, location_id=2, rights=rights)
    assert access.window("finances_last_days_count") is None
    assert access.window("storages_last_days_count") == 7
    assert access.window("last_days_count") is None  # the calendar's 0 is "unlimited"
    with pytest.raises(ValueError):
        access.window("clients_access")


def test_role_defaults_cover_the_catalog() -> None:
    for role in ROLES:
        values = role_defaults(role)
        assert set(values) == set(OWNER)
        assert all(isinstance(values[s], kind_of(s)) for s in values)
    assert role_defaults("worker")["clients_access"] is False
    assert role_defaults("administrator")["clients_access"] is True
    assert role_defaults("manager")["billing_access"] is False
    assert grouped(role_defaults("owner"))["clients"]["clients_access"] is True


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
