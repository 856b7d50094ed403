"""Each engine keeps the workflows of the cases it advanced (engine/workflow/cache.py). A kept
workflow must never stand in for the stored one: not after another process (another API
worker on the same database) advanced the case, and not after a step that failed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session

from bench.paths import INTAKE, START, form_of
from engine.base.clock import ManualClock
from engine.base.errors import Conflict
from engine.cases import commands
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from forms.examples import example_submission

WANTS_TO_GO_HOME = {"child_wishes_return": True, "family_implicated": False}
REFUSES_TO_GO_HOME = {"child_wishes_return": False, "family_implicated": False}


def wishes(answers: dict[str, Any]) -> dict[str, Any]:
    return example_submission(form_of("record_child_wishes"), START.date(), answers)


def ready(engine: NrmEngine, case_id: int) -> dict[str, str]:
    return {task.name: task.id for task in engine.queries.case(case_id).tasks}


@pytest.fixture
def other_worker(engine: NrmEngine, clock: ManualClock) -> Iterator[NrmEngine]:
    """A second engine on the same database, as a second API process would have."""
    other = NrmEngine.create(str(engine.db.url.render_as_string(hide_password=False)), clock)
    yield other
    other.db.dispose()


def test_a_case_another_worker_advanced_is_reloaded(
    engine: NrmEngine, other_worker: NrmEngine
) -> None:
    case_id = engine.commands.start_case("child_return", INTAKE, "border.officer")
    record_wishes = ready(engine, case_id)["record_child_wishes"]

    other_worker.commands.complete_task(record_wishes, wishes(WANTS_TO_GO_HOME), "social.worker")
    # This engine last saw the case before that step; it must continue from the stored one.
    contact_parents = ready(engine, case_id)["contact_parents"]
    engine.commands.complete_task(
        contact_parents,
        example_submission(form_of("contact_parents"), START.date(), {"parents_reachable": True}),
        "social.worker",
    )

    case = engine.queries.case(case_id)
    assert case.data["child_wishes_return"] is True
    assert case.data["parents_reachable"] is True
    assert "approve_placement" in {task.name for task in case.tasks}
    with Session(engine.db) as session:
        assert replay_case(session, engine.catalog, case_id).matches


def test_a_step_that_fails_leaves_no_trace_for_the_next(
    engine: NrmEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = engine.commands.start_case("child_return", INTAKE, "border.officer")
    record_wishes = ready(engine, case_id)["record_child_wishes"]
    real_complete = commands.operations.complete

    def complete_then_crash(*args: Any) -> None:
        real_complete(*args)  # the workflow in memory has moved on ...
        raise RuntimeError("the server lost power")  # ... but nothing is committed

    monkeypatch.setattr(commands.operations, "complete", complete_then_crash)
    with pytest.raises(RuntimeError):
        engine.commands.complete_task(record_wishes, wishes(REFUSES_TO_GO_HOME), "social.worker")
    monkeypatch.setattr(commands.operations, "complete", real_complete)

    assert ready(engine, case_id) == {"record_child_wishes": record_wishes}
    engine.commands.complete_task(record_wishes, wishes(WANTS_TO_GO_HOME), "social.worker")
    case = engine.queries.case(case_id)
    assert case.data["child_wishes_return"] is True
    assert [task.name for task in case.tasks] == ["contact_parents"]
    with Session(engine.db) as session:
        assert replay_case(session, engine.catalog, case_id).matches


def test_the_loser_of_a_race_between_workers_does_not_keep_its_version(
    engine: NrmEngine, other_worker: NrmEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = engine.commands.start_case("child_return", INTAKE, "border.officer")
    record_wishes = ready(engine, case_id)["record_child_wishes"]
    real_complete = commands.operations.complete
    raced = False

    def other_worker_commits_first(*args: Any) -> None:
        # Called while this engine's step is under way: the other worker's step runs and
        # commits in between (it calls this too, and then simply completes).
        nonlocal raced
        if not raced:
            raced = True
            other_worker.commands.complete_task(
                record_wishes, wishes(WANTS_TO_GO_HOME), "social.worker"
            )
        real_complete(*args)

    monkeypatch.setattr(commands.operations, "complete", other_worker_commits_first)
    with pytest.raises(Conflict):
        engine.commands.complete_task(record_wishes, wishes(REFUSES_TO_GO_HOME), "social.worker")
    monkeypatch.setattr(commands.operations, "complete", real_complete)

    # The other worker's answer stands, in this engine too: the child goes home.
    assert list(ready(engine, case_id)) == ["contact_parents"]
    engine.commands.complete_task(
        ready(engine, case_id)["contact_parents"],
        example_submission(form_of("contact_parents"), START.date(), {"parents_reachable": True}),
        "social.worker",
    )
    case = engine.queries.case(case_id)
    assert case.data["child_wishes_return"] is True
    assert "approve_placement" in {task.name for task in case.tasks}
    with Session(engine.db) as session:
        assert replay_case(session, engine.catalog, case_id).matches


def test_a_kept_workflow_serves_the_next_step(engine: NrmEngine) -> None:
    """The cache is used at all: the second step on a case finds the first one's workflow."""
    case_id = engine.commands.start_case("child_return", INTAKE, "border.officer")
    cache = engine.commands.workflows
    hits = cache.hits

    engine.commands.complete_task(
        ready(engine, case_id)["record_child_wishes"], wishes(WANTS_TO_GO_HOME), "social.worker"
    )

    assert cache.hits == hits + 1
    assert list(ready(engine, case_id)) == ["contact_parents"]
