"""Compliance figures (issue 10): is the mechanism kept in practice? By region (the case's
`home_region`) and quarter:

- the share of follow-up visits made within the week (Annex 1 D.2 / D.3), the police's and State
  Social Services' each: the week is the boundary timer on each visit task, counted from the
  return date entered (a return typed in late is due, and late, accordingly), so a visit counts
  as on time when its task was completed by the timer's due moment; a visit not made by then is
  late, one not yet due is left out;
- the days from identification (the case's start) to the custody petition (D.1 / D.3);
- the days in a shelter or temporary accommodation (placement start to end, or to now for a
  child still placed);
- the open cases of each case manager (Art. 5.B.4), as of now.

Every figure is computed at the engine clock's `now`, so tests move the clock. Only counts,
averages, regions, quarters and staff user names are produced: nothing about a victim."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import astuple, dataclass, fields
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from engine.access.permissions import Capability, Reach, allows, reach_of
from engine.access.users import Principal
from engine.base.case_routing import same_region
from engine.reports.csv_files import csv_text
from engine.reports.statistics import quarter_of
from engine.storage.models import Case, CaseAssignment, Event, Placement, Timer

# The visit tasks whose boundary timers are the week of D.2 / D.3 (State Social Services, police).
VISIT_TASKS = ("record_followup_visit", "record_police_visit")
PETITION_KIND = "custody_petition"
MEASURES = ("visits_on_time", "days_to_petition", "days_in_accommodation", "open_cases")
UNKNOWN_REGION = "unknown"
DAY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Figure:
    measure: str  # one of MEASURES
    region: str
    quarter: str
    case_manager: str  # open_cases only
    cases: int  # how many visits, petitions, stays or cases the value is over
    value: float  # percent on time | mean days | open cases


COLUMNS = tuple(f.name for f in fields(Figure))


def may_read(user: Principal) -> bool:
    return allows(user.role, Capability.READ_COMPLIANCE)


def region_scope(user: Principal) -> str | None:
    """The region whose figures `user` sees; None for all (auditors, national supervisors)."""
    return user.region if reach_of(user.role) is Reach.REGION else None


def _region(data: dict[str, Any]) -> str:
    value = data.get("home_region")
    return value.strip() if isinstance(value, str) and value.strip() else UNKNOWN_REGION


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / DAY_SECONDS


class _Tally:
    """Values by (measure, region, quarter, case manager), averaged at the end."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str, str, str], list[float]] = defaultdict(list)

    def add(self, measure: str, region: str, quarter: str, value: float, manager: str = "") -> None:
        self.values[(measure, region, quarter, manager)].append(value)

    def figures(self) -> list[Figure]:
        result = []
        for (measure, region, quarter, manager), values in self.values.items():
            mean = sum(values) / len(values)
            value = sum(values) if measure == "open_cases" else mean
            result.append(Figure(measure, region, quarter, manager, len(values), round(value, 1)))
        order = {m: i for i, m in enumerate(MEASURES)}
        return sorted(result, key=lambda f: (order[f.measure], f.region, f.quarter, f.case_manager))


def compliance_figures(session: Session, now: datetime, region: str | None = None) -> list[Figure]:
    cases = {
        case.id: case
        for case in session.exec(select(Case)).all()
        if region is None or same_region(_region(case.data), region)
    }
    tally = _Tally()
    _visits(session, cases, now, tally)
    _petitions(session, cases, tally)
    _stays(session, cases, now, tally)
    _open_cases(session, cases, now, tally)
    return tally.figures()


def _visits(session: Session, cases: dict[int | None, Case], now: datetime, tally: _Tally) -> None:
    done: dict[tuple[int, str | None], datetime] = {}
    for case_id, task_name, at in session.exec(
        select(Event.case_id, Event.task_name, Event.at)
        .where(Event.type == "task_completed", col(Event.task_name).in_(VISIT_TASKS))
        .order_by(col(Event.seq))
    ).all():
        done.setdefault((case_id, task_name), at)
    timers = session.exec(select(Timer).where(col(Timer.attached_to).in_(VISIT_TASKS))).all()
    for timer in timers:
        case = cases.get(timer.case_id)
        visited = done.get((timer.case_id, timer.attached_to))
        if case is None or (visited is None and now <= timer.due_at):
            continue  # not in scope, or the week is still running
        on_time = visited is not None and visited <= timer.due_at
        tally.add("visits_on_time", _region(case.data), quarter_of(timer.due_at), 100 * on_time)


def _petitions(session: Session, cases: dict[int | None, Case], tally: _Tally) -> None:
    first: dict[int, datetime] = {}
    for case_id, at, data in session.exec(
        select(Event.case_id, Event.at, Event.data)
        .where(Event.type == "document_generated")
        .order_by(col(Event.seq))
    ).all():
        if isinstance(data, dict) and data.get("kind") == PETITION_KIND:
            first.setdefault(case_id, at)
    for case_id, at in first.items():
        case = cases.get(case_id)
        if case is not None:
            days = _days(case.created_at, at)
            tally.add("days_to_petition", _region(case.data), quarter_of(at), days)


def _stays(session: Session, cases: dict[int | None, Case], now: datetime, tally: _Tally) -> None:
    for placement in session.exec(select(Placement)).all():
        case = cases.get(placement.case_id)
        if case is not None:
            days = _days(placement.started_at, placement.ended_at or now)
            region = _region(case.data)
            tally.add("days_in_accommodation", region, quarter_of(placement.started_at), days)


def _open_cases(
    session: Session, cases: dict[int | None, Case], now: datetime, tally: _Tally
) -> None:
    reassigned = {a.case_id: a.case_manager for a in session.exec(select(CaseAssignment)).all()}
    for case_id, case in cases.items():
        manager = reassigned.get(case_id or 0) or case.data.get("case_manager")
        if case.status == "open" and isinstance(manager, str) and manager:
            tally.add("open_cases", _region(case.data), quarter_of(now), 1, manager)


def as_csv(figures: list[Figure]) -> str:
    return csv_text(COLUMNS, (astuple(figure) for figure in figures))
