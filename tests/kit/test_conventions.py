"""Shared conventions: id aliases, number/boolean coercion, time zones, phones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from parlour.errors import ValidationFailed
from parlour.kit.aliases import resolve_body, widen_pairs
from parlour.kit.phones import normalize_phone
from parlour.kit.schema import ParlourModel
from parlour.kit.timeutil import iso, iso_compact, parse_datetime, zone


class Body(ParlourModel):
    staff_id: int
    company_id: int | None = None
    record_id: int | None = None
    good_id: int | None = None
    chain_id: int | None = None
    active: bool = False


class TestAliases:
    @pytest.mark.parametrize("name", ["team_member_id", "staff_id", "master_id"])
    def test_team_member_family_in_body(self, name: str) -> None:
        assert Body.model_validate({name: 7}).staff_id == 7

    @pytest.mark.parametrize(
        ("given", "field"),
        [
            ("location_id", "company_id"),
            ("salon_id", "company_id"),
            ("appointment_id", "record_id"),
            ("product_id", "good_id"),
            ("company_group_id", "chain_id"),
            ("salon_group_id", "chain_id"),
        ],
    )
    def test_other_families_in_body(self, given: str, field: str) -> None:
        body = Body.model_validate({"staff_id": 1, given: 5})
        assert getattr(body, field) == 5

    def test_declared_name_wins(self) -> None:
        assert resolve_body({"staff_id": 1, "master_id": 2}, {"staff_id"}) == {
            "staff_id": 1,
            "master_id": 2,
        }

    def test_query_widening_adds_whole_family(self) -> None:
        pairs = widen_pairs([("master_id", "3"), ("company_id[]", "4")])
        assert ("staff_id", "3") in pairs and ("team_member_id", "3") in pairs
        assert ("location_id[]", "4") in pairs and ("salon_id[]", "4") in pairs

    def test_query_without_aliases_is_untouched(self) -> None:
        pairs = [("page", "1")]
        assert widen_pairs(pairs) is pairs


class TestCoercion:
    def test_integral_float_is_an_int(self) -> None:
        assert Body.model_validate({"staff_id": 5.0}).staff_id == 5

    def test_fractional_float_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            Body.model_validate({"staff_id": 5.5})

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [(1, True), (0, False), ("1", True), ("0", False), (True, True), (False, False)],
    )
    def test_booleans(self, raw: object, expected: bool) -> None:
        assert Body.model_validate({"staff_id": 1, "active": raw}).active is expected


class TestTime:
    def test_offsetless_datetime_is_read_in_location_zone(self) -> None:
        ny = zone("America/New_York")
        assert parse_datetime("2026-12-01T15:00:00", ny) == datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
        assert parse_datetime("2026-12-01 15:00:00", ny) == datetime(2026, 12, 1, 20, 0, tzinfo=UTC)

    def test_explicit_offset_is_kept(self) -> None:
        ny = zone("America/New_York")
        assert parse_datetime("2026-12-01T15:00:00+01:00", ny) == datetime(
            2026, 12, 1, 14, 0, tzinfo=UTC
        )

    def test_output_carries_the_right_offset_across_dst(self) -> None:
        ny = zone("America/New_York")
        assert iso(datetime(2026, 7, 1, 14, 0, tzinfo=UTC), ny) == "2026-07-01T10:00:00-04:00"
        assert iso(datetime(2026, 12, 1, 15, 0, tzinfo=UTC), ny) == "2026-12-01T10:00:00-05:00"
        assert iso_compact(datetime(2026, 1, 18, 0, 41, 44, tzinfo=UTC), ny) == (
            "2026-01-17T19:41:44-0500"
        )

    def test_bad_datetime_is_a_field_error(self) -> None:
        with pytest.raises(ValidationFailed) as exc:
            parse_datetime("yesterday", zone("UTC"), field="datetime")
        assert exc.value.errors == {"datetime": [exc.value.errors["datetime"][0]]}

    def test_unknown_zone(self) -> None:
        with pytest.raises(ValueError):
            zone("Mars/Olympus")


class TestPhones:
    @pytest.mark.parametrize(
        "raw", ["+13155550175", "13155550175", "+1 (315) 555-0175", "1-315-555-0175"]
    )
    def test_normalised_to_e164(self, raw: str) -> None:
        assert normalize_phone(raw) == "+13155550175"

    @pytest.mark.parametrize("raw", ["", "12", "not a phone", "+999123"])
    def test_invalid_is_a_field_error(self, raw: str) -> None:
        with pytest.raises(ValidationFailed) as exc:
            normalize_phone(raw, field="client.phone")
        assert "client.phone" in exc.value.errors
