"""The engine on a small test process: timers by the clock, conflicts, validation, replay."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from engine.base.clock import ManualClock
from engine.base.errors import Conflict, InvalidData, NotFound
from engine.cases.events import GENESIS_HASH, event_hash, hashed_content
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from engine.storage.models import Case, Event
from tests.support.setup import FIXTURES


@pytest.fixture
def visit_engine(engine: NrmEngine) -> NrmEngine:
    engine.load_processes(FIXTURES / "processes", FIXTURES / "forms")
    return engine


def start_visit(engine: NrmEngine) -> int:
    return engine.commands.start_case("visit", {"family": "Hoxha"}, "officer.a")


def ready(engine: NrmEngine, case_id: int, name: str) -> str:
    tasks = [t for t in engine.queries.case(case_id).tasks if t.name == name]
    assert tasks, f"{name} is not ready in case {case_id}"
    return tasks[0].id


def test_a_visit_recorded_within_the_week_cancels_the_deadline(
    visit_engine: NrmEngine, clock: ManualClock
) -> None:
    case_id = start_visit(visit_engine)
    case = visit_engine.queries.case(case_id)
    assert [t.name for t in case.tasks] == ["record_visit"]
    assert case.tasks[0].due_at == clock.now() + timedelta(days=7)
    assert [(t.name, t.status) for t in case.timers] == [("deadline", "pending")]

    clock.advance(timedelta(days=6))
    assert visit_engine.commands.fire_due_timers() == []
    visit_engine.commands.complete_task(
        ready(visit_engine, case_id, "record_visit"), {"visit_date": "2026-03-07"}, "sss.b"
    )

    case = visit_engine.queries.case(case_id)
    assert case.status == "completed"
    assert [(t.name, t.status) for t in case.timers] == [("deadline", "cancelled")]
    clock.advance(timedelta(days=30))
    assert visit_engine.commands.fire_due_timers() == []


def test_a_missed_week_escalates_to_the_supervisor_as_overdue(
    visit_engine: NrmEngine, clock: ManualClock
) -> None:
    case_id = start_visit(visit_engine)
    deadline = clock.now() + timedelta(days=7)
    clock.advance(timedelta(days=8))

    assert visit_engine.commands.fire_due_timers() == [case_id]

    case = visit_engine.queries.case(case_id)
    by_name = {t.name: t for t in case.tasks}
    assert set(by_name) == {"record_visit", "escalate"}
    assert by_name["escalate"].role == "supervisor"
    assert by_name["escalate"].overdue and by_name["escalate"].due_at == deadline
    assert by_name["record_visit"].overdue, "the visit itself stays overdue in the inbox"
    inbox = visit_engine.queries.tasks()
    assert [t.overdue for t in inbox] == sorted((t.overdue for t in inbox), reverse=True)
    assert [e.type for e in visit_engine.queries.events(case_id)][-1] == "timer_fired"


def test_completing_a_task_twice_is_a_conflict_and_changes_nothing(visit_engine: NrmEngine) -> None:
    case_id = start_visit(visit_engine)
    task_id = ready(visit_engine, case_id, "record_visit")
    visit_engine.commands.complete_task(task_id, {"visit_date": "2026-03-03"}, "sss.b")
    before = visit_engine.queries.case(case_id)

    with pytest.raises(Conflict):
        visit_engine.commands.complete_task(task_id, {"visit_date": "2026-03-04"}, "sss.c")

    assert visit_engine.queries.case(case_id) == before


def test_concurrent_completions_of_one_task_have_exactly_one_winner(
    visit_engine: NrmEngine,
) -> None:
    case_id = start_visit(visit_engine)
    task_id = ready(visit_engine, case_id, "record_visit")
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def complete(n: int) -> None:
        barrier.wait()
        try:
            visit_engine.commands.complete_task(task_id, {"visit_date": f"2026-03-0{n}"}, f"u{n}")
            outcomes.append("won")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=complete, args=(n,)) for n in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "won"]
    completions = [e for e in visit_engine.queries.events(case_id) if e.type == "task_completed"]
    assert len(completions) == 1
    with Session(visit_engine.db) as session:
        assert replay_case(session, visit_engine.catalog, case_id).matches


def test_invalid_form_data_names_the_fields_and_changes_nothing(visit_engine: NrmEngine) -> None:
    case_id = start_visit(visit_engine)
    task_id = ready(visit_engine, case_id, "record_visit")
    before = visit_engine.queries.case(case_id)

    with pytest.raises(InvalidData) as raised:
        visit_engine.commands.complete_task(task_id, {"visit_date": "last week", "x": 1}, "u")

    locations = {error.loc for error in raised.value.errors}
    assert ("data", "visit_date") in locations
    assert any(error.type == "extra_forbidden" for error in raised.value.errors)
    assert visit_engine.queries.case(case_id) == before
    assert len(visit_engine.queries.events(case_id)) == 1


def test_unknown_ids_are_not_found(visit_engine: NrmEngine) -> None:
    with pytest.raises(NotFound):
        visit_engine.commands.complete_task("not-a-task", {}, "u")
    with pytest.raises(NotFound):
        visit_engine.commands.complete_task("00000000-0000-0000-0000-000000000000", {}, "u")
    with pytest.raises(NotFound):
        visit_engine.queries.case(999_999)
    with pytest.raises(NotFound):
        visit_engine.commands.start_case("no_such_process", {}, "u")


def test_events_form_an_unbroken_hash_chain(visit_engine: NrmEngine, clock: ManualClock) -> None:
    case_id = start_visit(visit_engine)
    clock.advance(timedelta(days=8))
    visit_engine.commands.fire_due_timers()
    with Session(visit_engine.db) as session:
        events = session.exec(
            select(Event).where(Event.case_id == case_id).order_by(col(Event.seq))
        ).all()
    previous = GENESIS_HASH
    for event in events:
        assert event.prev_hash == previous
        assert event.hash == event_hash(previous, hashed_content(event))
        previous = event.hash
    assert [e.seq for e in events] == list(range(1, len(events) + 1))


def test_replay_rebuilds_the_stored_state_and_reports_tampering(
    visit_engine: NrmEngine, clock: ManualClock
) -> None:
    case_id = start_visit(visit_engine)
    clock.advance(timedelta(days=9))
    visit_engine.commands.fire_due_timers()
    visit_engine.commands.complete_task(
        ready(visit_engine, case_id, "escalate"), {"action_taken": "Called the office"}, "sup"
    )
    with Session(visit_engine.db) as session:
        report = replay_case(session, visit_engine.catalog, case_id)
    assert report.matches, report.findings
    assert [s.type for s in report.steps] == ["case_started", "timer_fired", "task_completed"]

    with Session(visit_engine.db) as session:
        session.execute(update(Case).where(col(Case.id) == case_id).values(data={"family": "Z"}))
        session.commit()
        report = replay_case(session, visit_engine.catalog, case_id)
    assert not report.matches
    assert "case data differs" in report.findings[0]
