"""Tests for parlour.booking.availability: plain cases, DST days, and property tests.

The property tests compare the sweep against deliberately naive oracles written here: one that
resolves wall-clock bounds by scanning every minute around the day, and one that checks every grid
point against every busy interval. They share no code with the module beyond its public API.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parlour.booking.availability import (
    Interval,
    WorkingSlot,
    day_grid,
    first_free_slot,
    free_slots,
    merge,
    working_intervals,
)

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KATHMANDU = ZoneInfo("Asia/Kathmandu")
ZUTC = ZoneInfo("UTC")

HOUR = 3600
MINUTE = 60
PLAIN_DAY = date(2026, 6, 15)


def at(tz: ZoneInfo, day: date, hour: int, minute: int = 0, *, fold: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, fold=fold), tzinfo=tz)


def hm(hours: int, minutes: int = 0) -> int:
    """Minutes since midnight, for WorkingSlot."""
    return hours * 60 + minutes


def slot(start: tuple[int, int], end: tuple[int, int]) -> WorkingSlot:
    return WorkingSlot(hm(*start), hm(*end))


def busy_at(tz: ZoneInfo, day: date, start: tuple[int, int], end: tuple[int, int]) -> Interval:
    return Interval(at(tz, day, *start), at(tz, day, *end))


def free(
    working: list[WorkingSlot],
    busy: list[Interval],
    duration: int,
    step: int,
    *,
    tz: ZoneInfo = NY,
    day: date = PLAIN_DAY,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> list[datetime]:
    return free_slots(
        day=day,
        tz=tz,
        working=working,
        busy=busy,
        duration_seconds=duration,
        step_seconds=step,
        not_before=not_before,
        not_after=not_after,
    )


def grid(
    working: list[WorkingSlot],
    busy: list[Interval],
    duration: int,
    step: int,
    *,
    tz: ZoneInfo = NY,
    day: date = PLAIN_DAY,
) -> list[tuple[datetime, bool]]:
    return day_grid(
        day=day, tz=tz, working=working, busy=busy, duration_seconds=duration, step_seconds=step
    )


def local_hm(values: list[datetime]) -> list[tuple[int, int]]:
    return [(v.hour, v.minute) for v in values]


def in_utc(values: list[datetime]) -> list[datetime]:
    # Same-zone datetimes compare by wall clock (ignoring fold), so compare instants via UTC.
    return [v.astimezone(UTC) for v in values]


# --------------------------------------------------------------------------------------------
# Plain days
# --------------------------------------------------------------------------------------------


def test_empty_busy_gives_every_fitting_grid_point() -> None:
    result = free([slot((9, 0), (12, 0))], [], HOUR, HOUR)
    assert local_hm(result) == [(9, 0), (10, 0), (11, 0)]
    assert all(v.tzinfo is NY for v in result)


def test_busy_in_the_middle_blocks_overlapping_starts_only() -> None:
    busy = [busy_at(NY, PLAIN_DAY, (10, 0), (10, 30))]
    result = free([slot((9, 0), (12, 0))], busy, HOUR, 30 * MINUTE)
    # 09:00 ends exactly when the busy block starts; 11:30 would run past the end of work.
    assert local_hm(result) == [(9, 0), (10, 30), (11, 0)]


def test_busy_touching_working_edges_does_not_block() -> None:
    busy = [
        busy_at(NY, PLAIN_DAY, (8, 0), (9, 0)),
        busy_at(NY, PLAIN_DAY, (12, 0), (13, 0)),
    ]
    result = free([slot((9, 0), (12, 0))], busy, HOUR, HOUR)
    assert local_hm(result) == [(9, 0), (10, 0), (11, 0)]


def test_booking_may_end_exactly_when_busy_starts_and_start_when_it_ends() -> None:
    busy = [busy_at(NY, PLAIN_DAY, (10, 0), (11, 0))]
    result = free([slot((9, 0), (12, 0))], busy, HOUR, HOUR)
    assert local_hm(result) == [(9, 0), (11, 0)]


def test_break_between_working_slots_is_never_bridged() -> None:
    working = [slot((13, 0), (15, 0)), slot((9, 0), (12, 0))]  # deliberately unsorted
    points = grid(working, [], 90 * MINUTE, 30 * MINUTE)
    assert local_hm([p for p, _ in points]) == [
        (9, 0), (9, 30), (10, 0), (10, 30), (11, 0), (11, 30),
        (13, 0), (13, 30), (14, 0), (14, 30),
    ]  # fmt: skip
    assert local_hm([p for p, ok in points if ok]) == [
        (9, 0), (9, 30), (10, 0), (10, 30), (13, 0), (13, 30),
    ]  # fmt: skip


def test_second_working_slot_restarts_the_grid_at_its_own_start() -> None:
    # A 50-minute grid from 09:00 would miss 13:00; the afternoon grid starts on its own start.
    result = free([slot((9, 0), (11, 0)), slot((13, 0), (15, 0))], [], 50 * MINUTE, 50 * MINUTE)
    assert local_hm(result) == [(9, 0), (9, 50), (13, 0), (13, 50)]


def test_overlapping_and_touching_working_slots_are_merged() -> None:
    working = [slot((9, 0), (11, 0)), slot((10, 0), (12, 0)), slot((12, 0), (13, 0))]
    assert working_intervals(PLAIN_DAY, NY, working) == [
        Interval(at(NY, PLAIN_DAY, 9), at(NY, PLAIN_DAY, 13))
    ]
    # A booking may therefore run across the 12:00 seam.
    result = free(working, [], 2 * HOUR, HOUR)
    assert local_hm(result) == [(9, 0), (10, 0), (11, 0)]


def test_duration_longer_than_working_gives_grid_but_nothing_free() -> None:
    working = [slot((9, 0), (10, 0))]
    points = grid(working, [], 2 * HOUR, 15 * MINUTE)
    assert len(points) == 4
    assert not any(ok for _, ok in points)
    assert (
        first_free_slot(
            day=PLAIN_DAY,
            tz=NY,
            working=working,
            busy=[],
            duration_seconds=2 * HOUR,
            step_seconds=15 * MINUTE,
        )
        is None
    )


def test_step_shorter_than_duration() -> None:
    busy = [busy_at(NY, PLAIN_DAY, (10, 15), (10, 30))]
    result = free([slot((9, 0), (12, 0))], busy, HOUR, 15 * MINUTE)
    assert local_hm(result) == [(9, 0), (9, 15), (10, 30), (10, 45), (11, 0)]


def test_not_before_and_not_after_are_inclusive() -> None:
    result = free(
        [slot((9, 0), (17, 0))],
        [],
        HOUR,
        HOUR,
        not_before=at(NY, PLAIN_DAY, 11),
        not_after=at(NY, PLAIN_DAY, 14),
    )
    assert local_hm(result) == [(11, 0), (12, 0), (13, 0), (14, 0)]


def test_not_before_between_grid_points_and_in_another_zone() -> None:
    # 15:30 UTC is 11:30 EDT: the next grid point, 12:00, is the first one allowed.
    result = free(
        [slot((9, 0), (14, 0))],
        [],
        HOUR,
        HOUR,
        not_before=datetime(2026, 6, 15, 15, 30, tzinfo=UTC),
    )
    assert local_hm(result) == [(12, 0), (13, 0)]


def test_not_before_and_not_after_keep_the_grid_itself() -> None:
    points = day_grid(
        day=PLAIN_DAY,
        tz=NY,
        working=[slot((9, 0), (12, 0))],
        busy=[],
        duration_seconds=HOUR,
        step_seconds=HOUR,
        not_before=at(NY, PLAIN_DAY, 10),
        not_after=at(NY, PLAIN_DAY, 10),
    )
    assert [(p.hour, ok) for p, ok in points] == [(9, False), (10, True), (11, False)]


def test_busy_in_other_zones_compares_as_instants() -> None:
    busy = [
        Interval(
            datetime(2026, 6, 15, 14, 0, tzinfo=UTC), datetime(2026, 6, 15, 15, 0, tzinfo=UTC)
        ),
        Interval(
            datetime(2026, 6, 15, 18, 0, tzinfo=timezone(timedelta(hours=3))),  # 11:00 EDT
            datetime(2026, 6, 15, 19, 0, tzinfo=timezone(timedelta(hours=3))),
        ),
    ]  # 10:00-11:00 EDT and 11:00-12:00 EDT
    result = free([slot((9, 0), (13, 0))], busy, HOUR, HOUR)
    assert local_hm(result) == [(9, 0), (12, 0)]


def test_busy_unsorted_overlapping_and_beyond_the_day() -> None:
    busy = [
        busy_at(NY, PLAIN_DAY, (15, 0), (16, 0)),
        Interval(at(NY, PLAIN_DAY, 11), at(NY, PLAIN_DAY + timedelta(days=3), 0)),
        busy_at(NY, PLAIN_DAY, (10, 30), (11, 30)),
        Interval(at(NY, PLAIN_DAY - timedelta(days=1), 20), at(NY, PLAIN_DAY, 9, 30)),
    ]
    result = free([slot((8, 0), (20, 0))], busy, 30 * MINUTE, 30 * MINUTE)
    assert local_hm(result) == [(9, 30), (10, 0)]


def test_empty_busy_interval_blocks_nothing() -> None:
    # [10:30, 10:30) contains no instant, so it cannot collide with a 10:00-11:00 booking.
    busy = [busy_at(NY, PLAIN_DAY, (10, 30), (10, 30))]
    result = free([slot((9, 0), (12, 0))], busy, HOUR, HOUR)
    assert local_hm(result) == [(9, 0), (10, 0), (11, 0)]


def test_busy_may_be_a_one_shot_iterator() -> None:
    def blocks() -> Iterator[Interval]:
        yield busy_at(NY, PLAIN_DAY, (9, 0), (10, 0))

    result = free_slots(
        day=PLAIN_DAY,
        tz=NY,
        working=[slot((9, 0), (11, 0))],
        busy=blocks(),
        duration_seconds=HOUR,
        step_seconds=HOUR,
    )
    assert local_hm(result) == [(10, 0)]


def test_no_working_slots_means_no_grid() -> None:
    assert grid([], [], HOUR, HOUR) == []
    assert (
        first_free_slot(
            day=PLAIN_DAY, tz=NY, working=[], busy=[], duration_seconds=HOUR, step_seconds=HOUR
        )
        is None
    )


def test_first_free_slot_is_the_first_of_free_slots() -> None:
    busy = [busy_at(NY, PLAIN_DAY, (9, 0), (10, 45))]
    result = first_free_slot(
        day=PLAIN_DAY,
        tz=NY,
        working=[slot((9, 0), (17, 0))],
        busy=busy,
        duration_seconds=HOUR,
        step_seconds=30 * MINUTE,
    )
    assert result == at(NY, PLAIN_DAY, 11)
    assert result is not None and result.tzinfo is NY


def test_whole_day_slot_ends_at_next_midnight() -> None:
    (interval,) = working_intervals(PLAIN_DAY, KATHMANDU, [WorkingSlot(0, 1440)])
    assert interval.start == at(KATHMANDU, PLAIN_DAY, 0)
    assert interval.end == at(KATHMANDU, PLAIN_DAY + timedelta(days=1), 0)
    assert interval.start.utcoffset() == timedelta(hours=5, minutes=45)


@pytest.mark.parametrize(
    ("duration", "step"), [(0, 60), (-1, 60), (60, 0), (60, -60)], ids=["d0", "d-", "s0", "s-"]
)
def test_non_positive_duration_or_step_is_rejected(duration: int, step: int) -> None:
    with pytest.raises(ValueError):
        grid([slot((9, 0), (10, 0))], [], duration, step)
    with pytest.raises(ValueError):
        first_free_slot(
            day=PLAIN_DAY,
            tz=NY,
            working=[],
            busy=[],
            duration_seconds=duration,
            step_seconds=step,
        )


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime.combine(PLAIN_DAY, time(9))  # the one deliberate naive datetime
    with pytest.raises(ValueError):
        Interval(naive, at(NY, PLAIN_DAY, 10))
    with pytest.raises(ValueError):
        free([slot((9, 0), (10, 0))], [], HOUR, HOUR, not_before=naive)
    with pytest.raises(ValueError):
        free([slot((9, 0), (10, 0))], [], HOUR, HOUR, not_after=naive)


@pytest.mark.parametrize(("start", "end"), [(-1, 10), (10, 10), (20, 10), (0, 1441)])
def test_invalid_working_slots_are_rejected(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        WorkingSlot(start, end)


def test_interval_ending_before_it_starts_is_rejected() -> None:
    # Wall clock says 01:30 < 01:45, but 01:45 EDT is a quarter of an hour before 01:30 EST.
    fall = date(2026, 11, 1)
    with pytest.raises(ValueError):
        Interval(at(NY, fall, 1, 30, fold=1), at(NY, fall, 1, 45))


def test_interval_equality_is_by_instant() -> None:
    fall = date(2026, 11, 1)
    end = at(NY, fall, 5)
    first, second = at(NY, fall, 1, 30), at(NY, fall, 1, 30, fold=1)
    assert Interval(first, end) != Interval(second, end)
    assert Interval(first, end) == Interval(first.astimezone(UTC), end.astimezone(LONDON))
    assert len({Interval(first, end), Interval(first.astimezone(UTC), end)}) == 1


def test_merge_sorts_merges_touching_and_drops_empty() -> None:
    d = PLAIN_DAY
    merged = merge(
        [
            busy_at(NY, d, (13, 0), (14, 0)),
            busy_at(NY, d, (9, 0), (10, 0)),
            Interval(datetime(2026, 6, 15, 14, 0, tzinfo=UTC), at(NY, d, 10, 30)),  # 10:00 EDT
            busy_at(NY, d, (14, 0), (15, 0)),
            busy_at(NY, d, (16, 0), (16, 0)),
            busy_at(NY, d, (13, 30), (13, 45)),
        ]
    )
    assert merged == [
        Interval(at(NY, d, 9), at(NY, d, 10, 30)),
        Interval(at(NY, d, 13), at(NY, d, 15)),
    ]
    assert merge([]) == []


# --------------------------------------------------------------------------------------------
# Daylight-saving days
# --------------------------------------------------------------------------------------------

SPRING_NY = date(2026, 3, 8)  # 02:00 EST -> 03:00 EDT
FALL_NY = date(2026, 11, 1)  # 02:00 EDT -> 01:00 EST
SPRING_LONDON = date(2026, 3, 29)  # 01:00 GMT -> 02:00 BST
FALL_LONDON = date(2026, 10, 25)  # 02:00 BST -> 01:00 GMT
SPRING_LORD_HOWE = date(2026, 10, 4)  # 02:00 -> 02:30, +10:30 -> +11:00
FALL_LORD_HOWE = date(2026, 4, 5)  # 02:00 -> 01:30, +11:00 -> +10:30

WHOLE_DAY = [WorkingSlot(0, 1440)]


@pytest.mark.parametrize(
    ("tz", "day", "step", "expected"),
    [
        (NY, SPRING_NY, HOUR, 23),
        (NY, FALL_NY, HOUR, 25),
        (LONDON, SPRING_LONDON, HOUR, 23),
        (LONDON, FALL_LONDON, HOUR, 25),
        (LORD_HOWE, SPRING_LORD_HOWE, 30 * MINUTE, 47),
        (LORD_HOWE, FALL_LORD_HOWE, 30 * MINUTE, 49),
        (KATHMANDU, SPRING_NY, HOUR, 24),
    ],
    ids=["ny-spring", "ny-fall", "ldn-spring", "ldn-fall", "lh-spring", "lh-fall", "ktm"],
)
def test_whole_day_grid_follows_the_real_length_of_the_day(
    tz: ZoneInfo, day: date, step: int, expected: int
) -> None:
    points = grid(WHOLE_DAY, [], step, step, tz=tz, day=day)
    assert len(points) == expected
    assert all(ok for _, ok in points)
    instants = in_utc([p for p, _ in points])
    assert all(b - a == timedelta(seconds=step) for a, b in pairwise(instants))


def test_spring_forward_never_returns_a_wall_clock_in_the_gap() -> None:
    result = free(WHOLE_DAY, [], 15 * MINUTE, 15 * MINUTE, day=SPRING_NY)
    assert len(result) == 23 * 4
    assert not any(v.hour == 2 for v in result)
    by_wall = {(v.hour, v.minute): v.utcoffset() for v in result}
    assert by_wall[(1, 45)] == timedelta(hours=-5)
    assert by_wall[(3, 0)] == timedelta(hours=-4)
    assert (2, 0) not in by_wall


def test_spring_forward_offsets_on_both_sides() -> None:
    result = free(WHOLE_DAY, [], HOUR, HOUR, day=SPRING_NY)
    assert [v.isoformat() for v in result[:4]] == [
        "2026-03-08T00:00:00-05:00",
        "2026-03-08T01:00:00-05:00",
        "2026-03-08T03:00:00-04:00",
        "2026-03-08T04:00:00-04:00",
    ]
    assert result[-1].isoformat() == "2026-03-08T23:00:00-04:00"


def test_fall_back_offsets_on_both_sides() -> None:
    result = free(WHOLE_DAY, [], HOUR, HOUR, day=FALL_NY)
    assert [v.isoformat() for v in result[:4]] == [
        "2026-11-01T00:00:00-04:00",
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T01:00:00-05:00",
        "2026-11-01T02:00:00-05:00",
    ]
    assert result[-1].isoformat() == "2026-11-01T23:00:00-05:00"


def test_fall_back_working_period_keeps_the_repeated_hour() -> None:
    (interval,) = working_intervals(FALL_NY, NY, [slot((1, 0), (4, 0))])
    assert interval.start.isoformat() == "2026-11-01T01:00:00-04:00"
    assert interval.end.isoformat() == "2026-11-01T04:00:00-05:00"
    result = free([slot((1, 0), (4, 0))], [], HOUR, HOUR, day=FALL_NY)
    assert [v.isoformat() for v in result] == [
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T01:00:00-05:00",
        "2026-11-01T02:00:00-05:00",
        "2026-11-01T03:00:00-05:00",
    ]
    assert [v.fold for v in result] == [0, 1, 0, 0]


def test_fall_back_half_hour_grid_in_the_repeated_hour() -> None:
    result = free([slot((1, 0), (2, 0))], [], 30 * MINUTE, 30 * MINUTE, day=FALL_NY)
    # The slot ends at the *second* 02:00 ... which does not exist; 02:00 happens once, in EST.
    assert [v.isoformat() for v in result] == [
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T01:30:00-04:00",
        "2026-11-01T01:00:00-05:00",
        "2026-11-01T01:30:00-05:00",
    ]


def test_fall_back_ambiguous_bounds_use_first_start_and_second_end() -> None:
    (interval,) = working_intervals(FALL_LONDON, LONDON, [slot((1, 15), (1, 45))])
    assert interval.start.isoformat() == "2026-10-25T01:15:00+01:00"
    assert interval.end.isoformat() == "2026-10-25T01:45:00+00:00"
    assert interval.end.astimezone(UTC) - interval.start.astimezone(UTC) == timedelta(minutes=90)


def test_fall_back_busy_blocks_only_the_occurrence_it_covers() -> None:
    # 06:00-07:00 UTC is the second 01:00-02:00 (EST).
    busy = [Interval(datetime(2026, 11, 1, 6, tzinfo=UTC), datetime(2026, 11, 1, 7, tzinfo=UTC))]
    result = free([slot((0, 0), (4, 0))], busy, HOUR, HOUR, day=FALL_NY)
    assert [v.isoformat() for v in result] == [
        "2026-11-01T00:00:00-04:00",
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T02:00:00-05:00",
        "2026-11-01T03:00:00-05:00",
    ]


def test_spring_forward_bounds_in_the_gap_move_to_the_transition() -> None:
    (interval,) = working_intervals(SPRING_NY, NY, [slot((2, 30), (4, 0))])
    assert interval.start.isoformat() == "2026-03-08T03:00:00-04:00"
    (interval,) = working_intervals(SPRING_NY, NY, [slot((1, 0), (2, 30))])
    assert interval.end.isoformat() == "2026-03-08T03:00:00-04:00"
    assert interval.end.astimezone(UTC) - interval.start.astimezone(UTC) == timedelta(hours=1)
    (interval,) = working_intervals(SPRING_LORD_HOWE, LORD_HOWE, [slot((2, 10), (3, 0))])
    assert interval.start.isoformat() == "2026-10-04T02:30:00+11:00"


def test_working_slot_entirely_inside_the_gap_vanishes() -> None:
    assert working_intervals(SPRING_NY, NY, [slot((2, 10), (2, 50))]) == []
    assert grid([slot((2, 10), (2, 50))], [], MINUTE, MINUTE, day=SPRING_NY) == []


def test_booking_across_spring_forward_uses_absolute_duration() -> None:
    # 01:00 EST + 2h is 04:00 EDT, so a busy block at 03:30 EDT collides with the 01:00 start.
    busy = [busy_at(NY, SPRING_NY, (3, 30), (4, 0))]
    result = free([slot((0, 0), (6, 0))], busy, 2 * HOUR, HOUR, day=SPRING_NY)
    assert local_hm(result) == [(0, 0), (4, 0)]


# --------------------------------------------------------------------------------------------
# Property tests against brute-force oracles
# --------------------------------------------------------------------------------------------

ZONES = [ZUTC, NY, LONDON, LORD_HOWE, KATHMANDU]


def _transition_days(tz: ZoneInfo, year: int) -> list[date]:
    days = []
    day = date(year, 1, 1)
    while day.year == year:
        start = at(tz, day, 0).astimezone(UTC)
        end = at(tz, day + timedelta(days=1), 0).astimezone(UTC)
        if end - start != timedelta(days=1):
            days.append(day)
        day += timedelta(days=1)
    return days


# Around DST changes is where the bugs live, so draw those days (and their neighbours) often.
INTERESTING_DAYS = sorted(
    {
        d + timedelta(days=k)
        for tz in ZONES
        for year in (2025, 2026)
        for d in _transition_days(tz, year)
        for k in (-1, 0, 1)
    }
)
DAYS = st.sampled_from(INTERESTING_DAYS) | st.dates(date(2024, 1, 1), date(2028, 12, 31))
# Minutes near the small hours (where transitions happen) plus anything at all.
MINUTES = st.sampled_from([0, 60, 90, 100, 120, 130, 150, 180, 240, 1440]) | st.integers(0, 1440)


@st.composite
def working_slots(draw: st.DrawFn) -> list[WorkingSlot]:
    result = []
    for _ in range(draw(st.integers(0, 4))):
        a, b = draw(MINUTES), draw(MINUTES)
        if a != b:
            result.append(WorkingSlot(min(a, b), max(a, b)))
    return result


@dataclass(frozen=True)
class Scenario:
    day: date
    tz: ZoneInfo
    working: list[WorkingSlot]
    busy: list[Interval]
    duration: int
    step: int
    not_before: datetime | None
    not_after: datetime | None


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    tz = draw(st.sampled_from(ZONES))
    day = draw(DAYS)
    base = datetime.combine(day, time(0), tzinfo=UTC)
    # Busy intervals spread over a window wider than any zone's local day, in assorted zones,
    # at second resolution so they do not always line up with the grid.
    busy_zones = st.sampled_from([UTC, tz, timezone(timedelta(hours=3, minutes=30))])
    busy = []
    for _ in range(draw(st.integers(0, 8))):
        start = base + timedelta(seconds=draw(st.integers(-20 * HOUR, 40 * HOUR)))
        length = timedelta(seconds=draw(st.integers(0, 8 * HOUR)))
        zone = draw(busy_zones)
        busy.append(Interval(start.astimezone(zone), (start + length).astimezone(zone)))
    duration = draw(st.sampled_from([15 * MINUTE, 30 * MINUTE, HOUR, 90 * MINUTE]))
    duration = draw(st.just(duration) | st.integers(1, 6 * HOUR))
    step = draw(st.sampled_from([5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR]))
    step = draw(st.just(step) | st.integers(MINUTE, 3 * HOUR))
    bound = st.none() | st.integers(-16 * HOUR, 40 * HOUR).map(
        lambda s: (base + timedelta(seconds=s)).astimezone(tz)
    )
    return Scenario(day, tz, draw(working_slots()), busy, duration, step, draw(bound), draw(bound))


def oracle_grid(s: Scenario) -> list[tuple[datetime, bool]]:
    """Walk each working interval point by point and test every condition literally."""
    busy = [(b.start.astimezone(UTC), b.end.astimezone(UTC)) for b in s.busy]
    points = []
    for interval in working_intervals(s.day, s.tz, s.working):
        start, end = interval.start.astimezone(UTC), interval.end.astimezone(UTC)
        point = start
        while point < end:
            booking_end = point + timedelta(seconds=s.duration)
            ok = (
                booking_end <= end
                and not any(b0 < b1 and b0 < booking_end and point < b1 for b0, b1 in busy)
                and (s.not_before is None or point >= s.not_before)
                and (s.not_after is None or point <= s.not_after)
            )
            points.append((point, ok))
            point += timedelta(seconds=s.step)
    return points


def kwargs(s: Scenario) -> dict[str, Any]:
    return {
        "day": s.day,
        "tz": s.tz,
        "working": s.working,
        "busy": s.busy,
        "duration_seconds": s.duration,
        "step_seconds": s.step,
        "not_before": s.not_before,
        "not_after": s.not_after,
    }


# database=None: these tests should not leave a .hypothesis directory behind in the repo.
PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(scenarios())
def test_sweep_matches_brute_force_oracle(s: Scenario) -> None:
    points = day_grid(**kwargs(s))
    result = free_slots(**kwargs(s))
    working = [
        (w.start.astimezone(UTC), w.end.astimezone(UTC))
        for w in working_intervals(s.day, s.tz, s.working)
    ]
    duration = timedelta(seconds=s.duration)

    # (4) every returned datetime is aware, in the location's zone, and survives a UTC round trip
    # with the same wall clock, offset and fold.
    for value in [p for p, _ in points] + result:
        assert value.tzinfo is s.tz
        back = value.astimezone(UTC).astimezone(s.tz)
        assert (back.date(), back.time(), back.utcoffset(), back.fold) == (
            value.date(),
            value.time(),
            value.utcoffset(),
            value.fold,
        )

    # (1) no free slot overlaps a busy interval; (2) each lies inside one working interval.
    for value in result:
        begin = value.astimezone(UTC)
        for b in s.busy:
            # Half-open intervals: an empty one ([t, t)) contains no instant and blocks nothing.
            assert not (b.start < b.end and b.start < begin + duration and begin < b.end)
        assert any(w0 <= begin and begin + duration <= w1 for w0, w1 in working)

    # (3) the grid, its verdicts and hence the free set equal the brute-force oracle's.
    expected = oracle_grid(s)
    assert [(p.astimezone(UTC), ok) for p, ok in points] == expected
    assert in_utc(result) == [p for p, ok in expected if ok]

    # (5) free slots are a sorted, duplicate-free subset of the grid.
    instants = in_utc(result)
    assert instants == sorted(set(instants))
    grid_instants = in_utc([p for p, _ in points])
    assert grid_instants == sorted(set(grid_instants))
    assert set(instants) <= set(grid_instants)

    first = first_free_slot(**kwargs(s))
    assert (first.astimezone(UTC) if first else None) == (instants[0] if instants else None)


def oracle_working(day: date, tz: ZoneInfo, slots: list[WorkingSlot]) -> list[tuple[datetime, ...]]:
    """Resolve bounds by scanning every minute around the day (the test zones move in minutes).

    With wall(t) the local (date, minute-of-day) of instant t:
    a start maps to the first t with wall(t) >= w (a gap's end, or the first of two occurrences);
    an end maps to the instant after the last t with wall(t) < w (a gap's end, or the second
    occurrence). For an ordinary wall clock both are simply its one instant.
    """
    first = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(hours=16)
    instants = [first + timedelta(minutes=i) for i in range((24 + 32) * 60)]
    walls = []
    for t in instants:
        local = t.astimezone(tz)
        walls.append((local.date(), local.hour * 60 + local.minute))

    def wall_of(minute: int) -> tuple[date, int]:
        return (day + timedelta(days=1), 0) if minute == 1440 else (day, minute)

    spans = []
    for ws in slots:
        lo, hi = wall_of(ws.start_minute), wall_of(ws.end_minute)
        start = next(t for t, w in zip(instants, walls, strict=True) if w >= lo)
        last_before = max(i for i, w in enumerate(walls) if w < hi)
        spans.append((start, instants[last_before + 1]))
    merged: list[tuple[datetime, ...]] = []
    for a, b in sorted(spans):
        if a >= b:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


@PROPERTY_SETTINGS
@given(st.sampled_from(ZONES), DAYS, working_slots())
def test_working_intervals_match_minute_scan(
    tz: ZoneInfo, day: date, slots: list[WorkingSlot]
) -> None:
    result = working_intervals(day, tz, slots)
    assert all(w.start.tzinfo is tz and w.end.tzinfo is tz for w in result)
    assert [(w.start.astimezone(UTC), w.end.astimezone(UTC)) for w in result] == oracle_working(
        day, tz, slots
    )


@PROPERTY_SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, 200), st.integers(0, 50), st.sampled_from([UTC, NY, KATHMANDU])),
        max_size=12,
    )
)
def test_merge_covers_exactly_the_union(raw: list[tuple[int, int, tzinfo]]) -> None:
    base = datetime(2026, 11, 1, 4, tzinfo=UTC)  # straddles the New York fall-back hour
    intervals = []
    covered: set[int] = set()
    for offset, length, zone in raw:
        start = base + timedelta(minutes=offset)
        intervals.append(
            Interval(start.astimezone(zone), (start + timedelta(minutes=length)).astimezone(zone))
        )
        covered.update(range(offset, offset + length))
    merged = merge(intervals)
    spans = [(m.start.astimezone(UTC), m.end.astimezone(UTC)) for m in merged]
    # Disjoint, non-touching, sorted, non-empty ...
    assert all(a < b for a, b in spans)
    assert all(prev[1] < nxt[0] for prev, nxt in pairwise(spans))
    # ... and covering exactly the same minutes.
    union: set[int] = set()
    for a, b in spans:
        union.update(
            range(int((a - base).total_seconds()) // 60, int((b - base).total_seconds()) // 60)
        )
    assert union == covered


def test_an_end_where_the_repeated_hour_begins_is_its_first_reading() -> None:
    """Found by the property test on PostgreSQL's run: New York's 2025-11-02 repeats 01:00-02:00;
    a period 00:00-01:00 ends at 01:00 EDT (05:00 UTC), not at 01:00 EST (06:00 UTC)."""
    day = date(2025, 11, 2)
    slots = [WorkingSlot(0, 60)]
    (only,) = working_intervals(day, NY, slots)
    assert only.end.astimezone(UTC) == datetime(2025, 11, 2, 5, tzinfo=UTC)
    assert [(w.start.astimezone(UTC), w.end.astimezone(UTC)) for w in [only]] == oracle_working(
        day, NY, slots
    )
    # Reaching into the repeated hour keeps all of it.
    (longer,) = working_intervals(day, NY, [WorkingSlot(0, 90)])
    assert longer.end.astimezone(UTC) == datetime(2025, 11, 2, 6, 30, tzinfo=UTC)
