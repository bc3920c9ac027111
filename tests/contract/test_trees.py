"""The tree machinery itself: decisions shared by several operations, and optional fields."""

from __future__ import annotations

import jsonschema_rs

from parlour import contract

LOCATION = "GET /company/{location_id}"


def test_a_shared_decision_only_patches_the_shape_it_names() -> None:
    """``data[].next_slot`` is the list's field; applied to the one-location answer it must
    leave the whole location object in place (it once replaced it with an empty list)."""
    data = contract.effective_tree(LOCATION)["object"]["data"]
    assert "object" in data
    assert {"id", "title", "timezone_name", "social"} <= set(data["object"])
    assert "next_slot" not in data["object"]
    listed = contract.effective_tree("GET /companies")["object"]["data"]
    assert "array" in listed and "next_slot" not in listed["array"]["object"]


def test_an_optional_field_may_be_missing_but_keeps_its_type() -> None:
    tree = contract.effective_tree(LOCATION)
    body = {
        "success": True,
        "meta": [],
        "data": {
            name: _sample(sub)
            for name, sub in tree["object"]["data"]["object"].items()
            if name not in ("bookforms", "groups")
        },
    }
    validator = jsonschema_rs.validator_for(contract.response_schema(LOCATION))
    assert contract.check(LOCATION, body) == []
    assert validator.is_valid(body)
    body["data"]["bookforms"] = "not a list"
    assert contract.check(LOCATION, body) == [".data.bookforms: expected array, got string"]
    assert not validator.is_valid(body)
    del body["data"]["title"]
    assert ".data.title: missing" in contract.check(LOCATION, body)


def _sample(tree: contract.Tree) -> object:
    """The smallest value that fits ``tree``."""
    if isinstance(tree, dict) and contract.OPTIONAL in tree:
        return _sample(tree[contract.OPTIONAL])
    if tree == contract.EMPTY_OBJECT:
        return {}
    if isinstance(tree, str):
        values = {"string": "", "number": 0, "boolean": False, "null": None}
        return values.get(tree, "0")
    if "oneOf" in tree:
        return _sample(tree["oneOf"][0])
    if "array" in tree:
        return []
    return {k: _sample(v) for k, v in tree["object"].items()}
