"""The served docs describe every upstream operation and show examples that fit the schemas."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import jsonschema_rs

from parlour import contract
from parlour.main import API_PREFIX, create_app

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _spec() -> dict[str, Any]:
    return create_app().openapi()


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the document's components, for a stand-alone validator."""
    return {**schema, "components": spec["components"]}


def test_examples_file_is_fresh() -> None:
    build = runpy.run_path(str(SCRIPTS / "contract_examples.py"))["build"]
    assert contract.examples() == build(), "run python scripts/contract_examples.py"


def test_every_upstream_operation_is_described_and_its_examples_fit() -> None:
    spec = _spec()
    described = with_example = 0
    for path, item in spec["paths"].items():
        for method, op in item.items():
            key = contract.catalog_key(method, path.removeprefix(API_PREFIX))
            if key is None:
                continue
            assert op["description"].startswith("Upstream operation `"), (method, path)
            described += 1
            for status, answer in op["responses"].items():
                content = answer.get("content", {}).get("application/json", {})
                if "example" not in content:
                    continue
                with_example += 1
                validator = jsonschema_rs.validator_for(_resolve(spec, content["schema"]))
                errors = [e.message for e in validator.iter_errors(content["example"])]
                assert errors == [], (method, path, status, errors[:3])
            for param in op.get("parameters", []):
                if "example" in param:
                    validator = jsonschema_rs.validator_for(param["schema"])
                    assert validator.is_valid(param["example"]), (method, path, param)
    assert described >= 90
    assert with_example >= 40


def test_a_sample_that_contradicts_the_tree_is_fitted() -> None:
    tree = {
        "object": {
            "id": "number",
            "name": "string",
            "tags": {"array": "string"},
            "extra": {"optional": "number"},
            "empty": "{}",
        }
    }
    sample = {"id": "12", "name": "Ann", "tags": ["a", 3], "empty": {"x": 1}}
    assert contract.fit(tree, sample) == {
        "id": 0,
        "name": "Ann",
        "tags": ["a", ""],
        "empty": {},
    }
    assert contract.fit(tree, sample, loose_digits=False)["id"] == 0
    assert contract.mismatches(contract.fit(tree, None), tree) == []
