"""Upstream client and custom field samples fit our response shapes."""

from __future__ import annotations

from parlour.clients.schemas import ClientRead
from parlour.custom_fields.schemas import CustomFieldRead
from tests.contract.samples import endpoint_example


def test_deprecated_list_sample_keys_are_all_produced() -> None:
    ours = set(ClientRead.model_fields)
    for item in endpoint_example("clients/deprecated_get_client_list.md"):
        assert set(item) <= ours, set(item) - ours


def test_file_list_sample_keys() -> None:
    from parlour.clients.files import human_size

    sample = endpoint_example("clients/get_client_file_list.md")
    assert {"id", "client_id", "name", "link", "user_name", "size", "can_edit"} <= set(sample[0])
    assert human_size(9) == sample[0]["size"]
    assert human_size(int(96.65 * 1024)) == sample[1]["size"]


def test_custom_field_sample_fits() -> None:
    for item in endpoint_example("custom-fields/get_custom_field_list.md"):
        model = CustomFieldRead.model_validate(item)
        assert model.model_dump(mode="json", exclude_unset=True) == item
