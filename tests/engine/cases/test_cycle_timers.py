"""Repeating timers (timeCycle): each occurrence is a Timer row of its own and a `timer_fired`
event, one pending at a time; the worker leaves the case alone until the next one is due; a
bounded cycle ends, an unbounded one keeps going; replay follows every period."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from engine.base.clock import ManualClock
from engine.base.errors import InvalidProcess
from engine.cases.incident_retry import IncidentRetry, RetryFailed
from engine.cases.views import TimerInfo
from engine.history.audit import verify_chains
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from engine.procedures.rules import parse_and_check
from engine.workflow.specs import read_bundle
from tests.support.auth import bearer, sign_in
from tests.support.setup import FIXTURES
from tests.support.versions import move_cases

WEEKLY = FIXTURES / "cycle_timers"
DIAGRAM = Path("processes") / "weekly_check.bpmn"
THREE_WEEKS = '"R3/P7D"'
WEEK = timedelta(days=7)
INTAKE = {"family": "Hoxha", "home_region": "Elbasan"}


def load_weekly(engine: NrmEngine, tmp_path: Path, cycle: str = THREE_WEEKS) -> None:
    copy = tmp_path / "weekly"
    shutil.copytree(WEEKLY, copy, dirs_exist_ok=True)
    diagram = copy / DIAGRAM
    diagram.write_text(diagram.read_text().replace(THREE_WEEKS, cycle))
    engine.load_processes(copy / "processes", copy / "forms")


def start(engine: NrmEngine) -> int:
    return engine.commands.start_case("weekly_check", INTAKE, "sss.b")


def start_weekly(engine: NrmEngine, clock: ManualClock, tmp_path: Path) -> tuple[int, datetime]:
    """A case of the three-week diagram, and when its first week ends."""
    load_weekly(engine, tmp_path)
    return start(engine), clock.now() + WEEK


def timers(engine: NrmEngine, case_id: int) -> list[tuple[int | None, str, datetime]]:
    return [(t.occurrence, t.status, t.due_at) for t in engine.queries.case(case_id).timers]


def fired_occurrences(engine: NrmEngine, case_id: int) -> list[tuple[int, str]]:
    return [
        (e.data["occurrence"], e.data["due_at"])
        for e in engine.queries.events(case_id)
        if e.type == "timer_fired"
    ]


def escalations(engine: NrmEngine, case_id: int) -> int:
    return [t.name for t in engine.queries.case(case_id).tasks].count("escalate")


def replay_findings(engine: NrmEngine, case_id: int) -> list[str]:
    with Session(engine.db) as session:
        assert verify_chains(session, case_id) == []
        return replay_case(session, engine.catalog, case_id).findings


def test_each_week_fires_once_and_the_cycle_ends_after_three(
    engine: NrmEngine, clock: ManualClock, tmp_path: Path
) -> None:
    case_id, first = start_weekly(engine, clock, tmp_path)
    assert timers(engine, case_id) == [(1, "pending", first)]

    clock.advance(WEEK + timedelta(hours=1))
    assert engine.commands.fire_due_timers() == [case_id]
    assert timers(engine, case_id) == [(1, "fired", first), (2, "pending", first + WEEK)]
    assert escalations(engine, case_id) == 1
    # The next week is not due: the worker leaves the case alone.
    assert engine.commands.fire_due_timers() == []

    for week in (2, 3):
        clock.advance(WEEK)
        assert engine.commands.fire_due_timers() == [case_id]
        assert escalations(engine, case_id) == week

    assert timers(engine, case_id) == [
        (1, "fired", first),
        (2, "fired", first + WEEK),
        (3, "fired", first + 2 * WEEK),
    ]
    # In the inbox each escalation is due when its week ended; the visit when the first did.
    due = sorted((t.name, t.due_at, t.overdue) for t in engine.queries.case(case_id).tasks)
    assert due == [
        ("escalate", first, True),
        ("escalate", first + WEEK, True),
        ("escalate", first + 2 * WEEK, True),
        ("record_visit", first, True),
    ]
    assert fired_occurrences(engine, case_id) == [
        (n, (first + (n - 1) * WEEK).isoformat()) for n in (1, 2, 3)
    ]
    clock.advance(10 * WEEK)
    assert engine.commands.fire_due_timers() == []
    assert escalations(engine, case_id) == 3
    assert replay_findings(engine, case_id) == []


def test_a_late_worker_fires_every_week_it_missed_in_one_step(
    engine: NrmEngine, clock: ManualClock, tmp_path: Path
) -> None:
    case_id, first = start_weekly(engine, clock, tmp_path)
    clock.advance(2 * WEEK + timedelta(days=1))

    assert engine.commands.fire_due_timers() == [case_id]

    assert timers(engine, case_id) == [
        (1, "fired", first),
        (2, "fired", first + WEEK),
        (3, "pending", first + 2 * WEEK),
    ]
    assert [n for n, _ in fired_occurrences(engine, case_id)] == [1, 2]
    assert escalations(engine, case_id) == 2
    assert engine.commands.fire_due_timers() == []
    assert replay_findings(engine, case_id) == []


def test_an_unbounded_cycle_always_keeps_one_pending_occurrence(
    engine: NrmEngine, clock: ManualClock, tmp_path: Path
) -> None:
    load_weekly(engine, tmp_path, '"R/P30D"')
    case_id = start(engine)
    started = clock.now()
    month = timedelta(days=30)
    for n in range(1, 5):
        clock.advance(month)
        clock.advance(timedelta(minutes=1))
        assert engine.commands.fire_due_timers() == [case_id]
        pending = [t for t in timers(engine, case_id) if t[1] == "pending"]
        assert pending == [(n + 1, "pending", started + (n + 1) * month)]

    assert [t[:2] for t in timers(engine, case_id)] == [
        (1, "fired"), (2, "fired"), (3, "fired"), (4, "fired"), (5, "pending"),
    ]  # fmt: skip
    assert escalations(engine, case_id) == 4
    assert replay_findings(engine, case_id) == []
    as_of = engine.history.case_at(case_id, started + 2 * month + timedelta(days=1))
    assert as_of.pending_timers == [f"Every week (due {started + 3 * month:%Y-%m-%d %H:%M} UTC)"]


def test_recording_the_visit_cancels_the_next_occurrence(
    engine: NrmEngine, clock: ManualClock, tmp_path: Path
) -> None:
    case_id, first = start_weekly(engine, clock, tmp_path)
    clock.advance(WEEK + timedelta(hours=1))
    engine.commands.fire_due_timers()
    [visit] = [t.id for t in engine.queries.case(case_id).tasks if t.name == "record_visit"]

    engine.commands.complete_task(visit, {"visit_date": "2026-03-10"}, "sss.b")

    assert [t[:2] for t in timers(engine, case_id)] == [(1, "fired"), (2, "cancelled")]
    clock.advance(5 * WEEK)
    assert engine.commands.fire_due_timers() == []
    assert timers(engine, case_id)[0] == (1, "fired", first)
    assert replay_findings(engine, case_id) == []


def test_an_escalation_already_sent_stays_open_until_the_supervisor_acts(
    engine: NrmEngine, clock: ManualClock, tmp_path: Path
) -> None:
    case_id, _ = start_weekly(engine, clock, tmp_path)
    clock.advance(2 * WEEK + timedelta(hours=1))
    engine.commands.fire_due_timers()
    assert escalations(engine, case_id) == 2
    [visit] = [t.id for t in engine.queries.case(case_id).tasks if t.name == "record_visit"]

    engine.commands.complete_task(visit, {"visit_date": "2026-03-16"}, "sss.b")

    # The visit ends the cycle, not what its missed weeks already asked of the supervisor.
    case = engine.queries.case(case_id)
    assert [t.name for t in case.tasks] == ["escalate", "escalate"] and case.status == "open"
    ended = [(1, "fired"), (2, "fired"), (3, "cancelled")]
    assert [t[:2] for t in timers(engine, case_id)] == ended
    for escalation in case.tasks:
        engine.commands.complete_task(escalation.id, {"action_taken": "called"}, "supervisor")
    assert engine.queries.case(case_id).status == "completed"
    assert replay_findings(engine, case_id) == []


def test_occurrences_are_numbered_on_across_a_move_to_a_newer_version(
    engine: NrmEngine, clock: ManualClock, tmp_path: Path
) -> None:
    case_id, first = start_weekly(engine, clock, tmp_path)
    clock.advance(WEEK + timedelta(hours=1))
    engine.commands.fire_due_timers()
    # Version 2 gives the visit four weeks instead of three: the timer is a new task.
    load_weekly(engine, tmp_path, cycle='"R4/P7D"')
    run = move_cases(engine, 1, 2, [case_id], process="weekly_check")
    assert [c.migrated for c in run.cases] == [True], run


    assert timers(engine, case_id) == [(1, "fired", first), (2, "pending", first + WEEK)]
    clock.advance(WEEK)
    engine.commands.fire_due_timers()
    assert [t[:2] for t in timers(engine, case_id)] == [(1, "fired"), (2, "fired"), (3, "pending")]
    assert [n for n, _ in fired_occurrences(engine, case_id)] == [1, 2]
    assert escalations(engine, case_id) == 2
    assert replay_findings(engine, case_id) == []


def test_the_case_shows_each_occurrence_and_an_overdue_one(
    client: TestClient, engine: NrmEngine, clock: ManualClock, tmp_path: Path
) -> None:
    case_id, _ = start_weekly(engine, clock, tmp_path)
    clock.advance(WEEK + timedelta(hours=1))
    engine.commands.fire_due_timers()
    clock.advance(WEEK + timedelta(hours=1))  # the second week is due; no worker has run yet

    answer = client.get(f"/api/cases/{case_id}", headers=bearer(client, "supervisor"))
    assert answer.status_code == 200
    listed = [TimerInfo.model_validate(t) for t in answer.json()["timers"]]
    assert [(t.name, t.occurrence, t.status) for t in listed] == [
        ("deadline", 1, "fired"),
        ("deadline", 2, "pending"),
    ]

    sign_in(client, "supervisor")
    page = client.get(f"/cases/{case_id}").text
    items = [" ".join(i.split()) for i in re.findall(r"<li>(.*?)</li>", page, re.S)]
    shown = [i for i in items if "Every week" in i]
    assert len(shown) == 2
    assert "Fired" in shown[0] and "occurrence 1 ·" in shown[0]
    assert "Overdue" in shown[1] and "occurrence 2 ·" in shown[1]


@pytest.mark.parametrize("cycle", ['"R3/P7D"', '"R/P30D"', '"R2/2026-04-01T09:00:00Z/P1M"'])
def test_a_repeating_timer_in_iso_8601_is_published(cycle: str, tmp_path: Path) -> None:
    parse_and_check(read_bundle(cycle_diagram(tmp_path, cycle), WEEKLY / "forms"))


@pytest.mark.parametrize(
    ("cycle", "complaint"),
    [
        ('"R3/P7"', "not a valid ISO 8601 repeating interval"),
        ('"P7D"', "not a valid ISO 8601 repeating interval"),
        ('"RX/P7D"', "not a valid ISO 8601 repeating interval"),
        ('"3/P7D"', "not a valid ISO 8601 repeating interval"),
        ('"R0/P7D"', "never fires (it repeats 0 times)"),
        ('"R/PT0S"', "would all fall at the same moment"),
    ],
)
def test_a_malformed_repeating_timer_is_refused(cycle: str, complaint: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidProcess) as raised:
        parse_and_check(read_bundle(cycle_diagram(tmp_path, cycle), WEEKLY / "forms"))
    message, text = str(raised.value), cycle.strip('"')
    assert f"the timer 'Every week' (deadline) has {text!r}, " in message
    assert complaint in message and 'write it like "R3/P7D"' in message
    assert [p.element_id for p in raised.value.problems] == ["deadline"]


def cycle_diagram(tmp_path: Path, cycle: str) -> Path:
    diagram = tmp_path / "weekly_check.bpmn"
    diagram.write_text((WEEKLY / DIAGRAM).read_text().replace(THREE_WEEKS, cycle))
    return diagram


def test_a_cycle_whose_period_comes_out_as_zero_waits_as_an_incident_not_at_every_round(
    engine: NrmEngine, clock: ManualClock, tmp_path: Path
) -> None:
    # Publishing refuses a literal zero period; one computed at run time can only be caught then.
    load_weekly(engine, tmp_path, cycle='"R/P" + "0D"')
    stuck = start(engine)
    clock.advance(timedelta(days=1))
    assert engine.commands.fire_due_timers() == []

    case = engine.queries.case(stuck)
    [incident] = case.incidents
    assert (incident.kind, incident.element_id) == ("timer", "deadline")
    assert "check the period of its cycle" in incident.error_message
    assert [(t.name, t.status) for t in case.timers] == [("deadline", "stuck")]
    assert escalations(engine, stuck) == 0, "nothing of the failed firing is kept"
    history = len(engine.queries.events(stuck))
    assert engine.queries.events(stuck)[-1].type == "incident_opened"

    # The worker leaves it alone until a supervisor acts.
    clock.advance(timedelta(days=1))
    assert engine.commands.fire_due_timers() == []
    assert len(engine.queries.events(stuck)) == history
    assert engine.queries.case(stuck).incidents[0].attempts == 1
    retry = IncidentRetry(engine.db, engine.clock, engine.catalog)
    with pytest.raises(RetryFailed, match="check the period of its cycle"):
        retry.retry(incident.id, "supervisor")
    case = engine.queries.case(stuck)
    assert case.incidents[0].attempts == 2 and case.timers[0].status == "stuck"
    assert replay_findings(engine, stuck) == []

    # The visit is recorded: the cycle ends, and the supervisor's retry closes the incident.
    [visit] = [t.id for t in case.tasks if t.name == "record_visit"]
    engine.commands.complete_task(visit, {"visit_date": "2026-03-02"}, "sss.b")
    retry.retry(incident.id, "supervisor")
    case = engine.queries.case(stuck)
    assert case.incidents == [] and case.status == "completed"
    assert [(t.name, t.status) for t in case.timers] == [("deadline", "cancelled")]
    assert replay_findings(engine, stuck) == []


def test_a_stuck_timer_is_shown_on_the_case_page_and_its_incident_to_the_regions_supervisor(
    client: TestClient, engine: NrmEngine, clock: ManualClock, tmp_path: Path
) -> None:
    load_weekly(engine, tmp_path, cycle='"R/P" + "0D"')
    stuck = start(engine)
    clock.advance(timedelta(days=1))
    engine.commands.fire_due_timers()

    listed = client.get("/api/incidents", headers=bearer(client, "supervisor")).json()
    assert [(i["kind"], i["element_id"]) for i in listed] == [("timer", "deadline")]
    assert client.get("/api/incidents", headers=bearer(client, "supervisor.korce")).json() == []
    sign_in(client, "supervisor")
    assert 'data-incident="deadline"' in client.get("/").text
    page = client.get(f"/cases/{stuck}").text
    assert "Could not fire: waits for a supervisor" in page
