"""Free booking slots for one team member on one local calendar day.

This module is pure: it knows nothing about the database or the API layer. Callers hand in a
member's wall-clock working periods for a day, the absolute intervals during which the member is
already busy, and the booking geometry (duration, grid step); it hands back the grid of candidate
start times and which of them can take a booking.

Two rules keep the daylight-saving edge cases honest:

* All arithmetic and all comparisons happen on UTC datetimes. Python compares datetimes that
  share a ``tzinfo`` object by their *wall clock*, ignoring ``fold``, and adding a timedelta to
  an aware datetime moves its wall clock, not the instant. Sweeping in the location's zone would
  therefore confuse 01:30 EDT with 01:30 EST and step through DST changes in wall time rather
  than real time.
* Only the final results are converted to the location's zone, via ``astimezone``, which can only
  produce wall-clock times that actually exist and always carries the right offset and ``fold``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = [
    "MINUTES_PER_DAY",
    "Interval",
    "WorkingSlot",
    "day_grid",
    "first_free_slot",
    "free_slots",
    "merge",
    "working_intervals",
]

MINUTES_PER_DAY = 24 * 60

# A (start, end) pair of UTC datetimes: the internal currency of the sweep.
_Span = tuple[datetime, datetime]


def _is_aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def _require_aware(value: datetime, name: str) -> None:
    if not _is_aware(value):
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


@dataclass(frozen=True, slots=True, eq=False)
class Interval:
    """Half-open interval ``[start, end)`` of absolute time.

    ``start`` and ``end`` may be in any zone (even different ones). Equality and hashing go through
    UTC: the dataclass default would compare same-zone datetimes by wall clock and so would call
    the two different 01:30s of a fall-back night equal.

    ``start == end`` is allowed and means the empty interval: it contains no instant, so as busy
    time it blocks nothing and :func:`merge` drops it.
    """

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        _require_aware(self.start, "Interval.start")
        _require_aware(self.end, "Interval.end")
        start, end = self._key()
        if end < start:
            raise ValueError(f"Interval ends before it starts: {self.start} .. {self.end}")

    def _key(self) -> _Span:
        return self.start.astimezone(UTC), self.end.astimezone(UTC)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Interval):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


@dataclass(frozen=True, slots=True)
class WorkingSlot:
    """A wall-clock working period of a day, in minutes since local midnight.

    ``end_minute == 1440`` means "until midnight at the end of the day", i.e. the next day's 00:00,
    which is how a schedule says "works until the end of the day" without a date rollover.
    """

    start_minute: int
    end_minute: int

    def __post_init__(self) -> None:
        if not 0 <= self.start_minute < self.end_minute <= MINUTES_PER_DAY:
            raise ValueError(
                "WorkingSlot needs 0 <= start_minute < end_minute <= 1440, "
                f"got {self.start_minute}..{self.end_minute}"
            )


# --------------------------------------------------------------------------------------------
# Wall clock -> absolute time
# --------------------------------------------------------------------------------------------


def _same_wall_clock(a: datetime, b: datetime) -> bool:
    # Compare the fields explicitly: relying on same-tzinfo ``==`` semantics would work but would
    # read like an instant comparison, which it is not.
    return a.date() == b.date() and a.time() == b.time()


def _transition_after(before: datetime, after: datetime, tz: ZoneInfo) -> datetime:
    """First UTC instant in ``(before, after]`` whose offset in ``tz`` differs from ``before``'s.

    zoneinfo does not expose its transition table, so find the switch by bisection on whole
    seconds (tzdb offsets and transitions are whole seconds). Only wall times inside a
    spring-forward gap get here, so the range is the size of the gap: ~14 steps for an hour.
    """
    offset_before = before.astimezone(tz).utcoffset()
    low, high = 0, int((after - before).total_seconds())
    # Invariant: before + low has the old offset, before + high has the new one.
    while high - low > 1:
        middle = (low + high) // 2
        if (before + timedelta(seconds=middle)).astimezone(tz).utcoffset() == offset_before:
            low = middle
        else:
            high = middle
    return before + timedelta(seconds=high)


def _resolve_wall_clock(day: date, minute: int, tz: ZoneInfo, *, is_end: bool) -> datetime:
    """The UTC instant of wall-clock ``minute`` of ``day`` in ``tz``, by the module's DST rules."""
    if minute == MINUTES_PER_DAY:
        day, minute = day + timedelta(days=1), 0
    first = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)  # fold=0
    second = first.replace(fold=1)
    first_utc, second_utc = first.astimezone(UTC), second.astimezone(UTC)
    if first_utc == second_utc:
        return first_utc  # the ordinary case: exactly one instant has this wall clock
    if _same_wall_clock(first_utc.astimezone(tz), first):
        # Ambiguous (fall-back): both readings exist. Starts take the earlier one; ends take the
        # later one, so a period that reaches into the repeated hour keeps all of it, except an
        # end exactly where the repeated hour begins (01:00 on a 02:00 -> 01:00 night): the
        # period before it never reaches into that hour, so it ends at the first reading.
        if not is_end:
            return first_utc
        just_before = (second_utc - timedelta(microseconds=1)).astimezone(tz)
        reaches_in = just_before.replace(tzinfo=None) < first.replace(tzinfo=None)
        return second_utc if reaches_in else first_utc
    # Non-existent (spring-forward gap): fold=0 and fold=1 use the offsets on either side of the
    # transition and so land on either side of it; the transition itself is the first instant
    # whose wall clock is at or after the requested one.
    return _transition_after(min(first_utc, second_utc), max(first_utc, second_utc), tz)


def _merge_spans(spans: Iterable[_Span]) -> list[_Span]:
    """Sort UTC spans and merge overlapping or touching ones; empty spans vanish."""
    merged: list[_Span] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _working_spans(day: date, tz: ZoneInfo, slots: Sequence[WorkingSlot]) -> list[_Span]:
    return _day_spans(day, tz, tuple(slots))


# A day's working periods resolve to the same instants every time (the tz database does not
# change while a process runs): searches ask about the same member-days again and again.
@lru_cache(maxsize=16384)
def _day_spans(day: date, tz: ZoneInfo, slots: tuple[WorkingSlot, ...]) -> list[_Span]:
    # Shared by every caller with the same arguments: callers only read the list.
    return _merge_spans(
        (
            _resolve_wall_clock(day, slot.start_minute, tz, is_end=False),
            _resolve_wall_clock(day, slot.end_minute, tz, is_end=True),
        )
        for slot in slots
    )


def working_intervals(day: date, tz: ZoneInfo, slots: Sequence[WorkingSlot]) -> list[Interval]:
    """Turn wall-clock working periods of ``day`` into absolute intervals (aware, in ``tz``).

    A wall-clock bound that does not exist (spring-forward gap) maps to the first existing instant
    after it; an ambiguous one (fall-back) uses the first occurrence (fold=0) for starts and the
    second (fold=1) for ends, so a working period never loses the repeated hour (an end exactly at
    the start of the repeated hour is its first occurrence: the period does not reach into it).
    1440 is the next day's 00:00.

    The result is sorted, and overlapping or touching periods are merged (a member working 9-12
    and 12-15 simply works 9-15); periods swallowed entirely by a gap are dropped.
    """
    return [
        Interval(start.astimezone(tz), end.astimezone(tz))
        for start, end in _working_spans(day, tz, slots)
    ]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort intervals by start instant and merge overlapping or touching ones.

    Empty intervals are dropped. Bounds come back in UTC because a merged interval may combine
    bounds given in different zones; convert with ``astimezone`` for display.
    """
    return [Interval(start, end) for start, end in _merge_spans(iv._key() for iv in intervals)]


# --------------------------------------------------------------------------------------------
# The grid sweep
# --------------------------------------------------------------------------------------------


def _sweep(
    work: list[_Span],
    blocks: list[_Span],
    duration: timedelta,
    step: timedelta,
    lower: datetime | None,
    upper: datetime | None,
) -> Iterator[tuple[datetime, bool]]:
    """Yield ``(utc_point, free)`` for every grid point, in order.

    Working spans are sorted and disjoint, so grid points only ever increase and one pointer into
    the sorted, merged busy list suffices: busy blocks that end at or before the current point can
    never matter again. Of the remaining blocks only the first can overlap ``[point, point + d)``,
    because every later one starts after that first block ends.
    """
    index = 0
    for work_start, work_end in work:
        point = work_start
        while point < work_end:
            booking_end = point + duration
            while index < len(blocks) and blocks[index][1] <= point:
                index += 1
            free = (
                booking_end <= work_end
                and (index == len(blocks) or blocks[index][0] >= booking_end)
                and (lower is None or point >= lower)
                and (upper is None or point <= upper)
            )
            yield point, free
            point += step


def _grid(
    day: date,
    tz: ZoneInfo,
    working: Sequence[WorkingSlot],
    busy: Iterable[Interval],
    duration_seconds: int,
    step_seconds: int,
    not_before: datetime | None,
    not_after: datetime | None,
) -> Iterator[tuple[datetime, bool]]:
    # A plain function returning a generator, so that bad arguments fail at the call rather than
    # at the first iteration.
    if duration_seconds <= 0:
        raise ValueError(f"duration_seconds must be positive, got {duration_seconds}")
    if step_seconds <= 0:
        raise ValueError(f"step_seconds must be positive, got {step_seconds}")
    if not_before is not None:
        _require_aware(not_before, "not_before")
    if not_after is not None:
        _require_aware(not_after, "not_after")

    work = _working_spans(day, tz, working)
    if not work:
        return iter(())
    # A free booking lies inside the day's working span, so busy time outside it is irrelevant;
    # dropping it before the sort keeps the cost proportional to this day's appointments even if
    # the caller passes a whole week.
    day_start, day_end = work[0][0], work[-1][1]
    spans = (iv._key() for iv in busy)
    blocks = _merge_spans((s, e) for s, e in spans if e > day_start and s < day_end)
    return _sweep(
        work,
        blocks,
        timedelta(seconds=duration_seconds),
        timedelta(seconds=step_seconds),
        None if not_before is None else not_before.astimezone(UTC),
        None if not_after is None else not_after.astimezone(UTC),
    )


def day_grid(
    *,
    day: date,
    tz: ZoneInfo,
    working: Sequence[WorkingSlot],
    busy: Iterable[Interval],
    duration_seconds: int,
    step_seconds: int,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> list[tuple[datetime, bool]]:
    """Every grid start time of the day with whether a booking of ``duration_seconds`` fits there.

    The grid: for each working interval, start at its start and step by ``step_seconds`` in
    absolute time (so a 23-hour DST day yields 23h/step points, a 25-hour day 25h/step) while the
    point is before the interval's end. A point is free iff ``[point, point + duration)`` lies
    inside one working interval, overlaps no busy interval, and ``not_before <= point <=
    not_after`` for whichever bounds are given. Returned datetimes are in ``tz``, sorted and
    unique.
    """
    grid = _grid(day, tz, working, busy, duration_seconds, step_seconds, not_before, not_after)
    return [(point.astimezone(tz), free) for point, free in grid]


def free_slots(
    *,
    day: date,
    tz: ZoneInfo,
    working: Sequence[WorkingSlot],
    busy: Iterable[Interval],
    duration_seconds: int,
    step_seconds: int,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> list[datetime]:
    """The free points of :func:`day_grid`, in ``tz``, sorted."""
    grid = _grid(day, tz, working, busy, duration_seconds, step_seconds, not_before, not_after)
    return [point.astimezone(tz) for point, free in grid if free]


def first_free_slot(
    *,
    day: date,
    tz: ZoneInfo,
    working: Sequence[WorkingSlot],
    busy: Iterable[Interval],
    duration_seconds: int,
    step_seconds: int,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> datetime | None:
    """The earliest free point of :func:`day_grid`, or ``None``; stops sweeping once found."""
    grid = _grid(day, tz, working, busy, duration_seconds, step_seconds, not_before, not_after)
    for point, free in grid:
        if free:
            return point.astimezone(tz)
    return None
