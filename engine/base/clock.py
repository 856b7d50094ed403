"""The one source of "now" for the engine, its timers and the tests.

SpiffWorkflow's timer events read ``datetime.now(timezone.utc)`` themselves, so while a workflow
runs we route that call through the clock that drives the current operation.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Protocol

from SpiffWorkflow.bpmn.specs.event_definitions import timer as spiff_timer


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to: tests and `NRM_CLOCK=manual` demos use it."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = (start or datetime.now(UTC)).astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("the clock cannot move backwards")
        with self._lock:
            self._now += delta
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment.astimezone(UTC)


class FixedClock:
    """One instant: everything a single step does happens at the same time, so a replay of
    the step at that time computes the same deadlines."""

    def __init__(self, moment: datetime) -> None:
        self._moment = moment

    def now(self) -> datetime:
        return self._moment


_active_clock: ContextVar[Clock | None] = ContextVar("nrm_active_clock", default=None)


class _ClockedDatetime(datetime):
    """Stands in for ``datetime`` inside SpiffWorkflow's timer module."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        clock = _active_clock.get()
        moment = clock.now() if clock is not None else datetime.now(UTC)
        return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)


spiff_timer.datetime = _ClockedDatetime  # type: ignore[misc]


@contextmanager
def running_on(clock: Clock) -> Iterator[None]:
    """Make `clock` the time SpiffWorkflow sees for the duration of the block."""
    token = _active_clock.set(clock)
    try:
        yield
    finally:
        _active_clock.reset(token)


def parse_duration(text: str, start: datetime) -> timedelta:
    """An ISO 8601 duration (``P8D``, ``PT6H``) as a timedelta from `start` (months vary)."""
    if not text.upper().startswith("P"):
        raise ValueError(f"{text!r} is not an ISO 8601 duration such as 'P7D' or 'PT12H'")
    try:
        parsed = spiff_timer.TimerEventDefinition.parse_iso_duration(text)
    except Exception as error:  # SpiffWorkflow raises a bare Exception for a bad duration
        raise ValueError(
            f"{text!r} is not an ISO 8601 duration such as 'P7D' or 'PT12H'"
        ) from error
    return spiff_timer.TimerEventDefinition.get_timedelta_from_start(parsed, start)


def in_utc(moment: datetime) -> datetime:
    """`moment` in UTC, a moment without a zone taken as UTC (the pages show UTC throughout).

    A moment asked for from outside (a filter, a point in time) may lie where Python's years 1 to
    9999 end once it is moved to UTC (`9999-12-31T23:59:59-14:00`): that is refused with a
    ValueError naming it, which callers report as the asker's mistake, never as a server error.
    """
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError as error:
        raise ValueError(
            f"{moment.isoformat()} is outside the years 1 to 9999 once in UTC"
        ) from error
