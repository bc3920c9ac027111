"""Upstream's appointment, visit and comment samples validate against our response schemas,
field for field."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from parlour.appointments.schemas import CommentRead, RecordRead, VisitDetails, VisitRead
from tests.contract.samples import endpoint_example


def _fits(model: type[BaseModel], sample: Any) -> None:
    items = sample if isinstance(sample, list) else [sample]
    assert items
    for item in items:
        dumped = model.model_validate(item).model_dump(mode="json", exclude_unset=True)
        assert dumped == item


@pytest.mark.parametrize(
    ("page", "model"),
    [
        ("appointments/get_appointment.md", RecordRead),
        ("appointments/create_appointment.md", RecordRead),
        ("appointments/get_appointment_list.md", RecordRead),
        ("appointments/get_visit.md", VisitRead),
        ("appointments/get_visit_details.md", VisitDetails),
        ("appointments/get_comments.md", CommentRead),
        ("appointments/leave_comment.md", CommentRead),
    ],
)
def test_sample_fits(page: str, model: type[BaseModel]) -> None:
    _fits(model, endpoint_example(page))


def test_create_sample_is_a_list_as_we_answer() -> None:
    assert isinstance(endpoint_example("appointments/create_appointment.md"), list)
    assert isinstance(endpoint_example("appointments/leave_comment.md"), list)
