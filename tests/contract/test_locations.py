"""Upstream's location samples validate against our response schema, field for field."""

from __future__ import annotations

import pytest

from parlour.locations.schemas import LocationRead
from tests.contract.samples import endpoint_example


@pytest.mark.parametrize(
    "page",
    ["locations/get_location.md", "locations/update_location.md", "locations/create_location.md"],
)
def test_single_location_sample_fits(page: str) -> None:
    sample = endpoint_example(page)
    model = LocationRead.model_validate(sample)
    dumped = model.model_dump(mode="json", exclude_unset=True)
    assert dumped == sample


def test_list_sample_fits() -> None:
    for item in endpoint_example("locations/get_location_list.md"):
        assert LocationRead.model_validate(item).model_dump(mode="json", exclude_unset=True) == item
