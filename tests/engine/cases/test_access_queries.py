"""What the access rules know about a case's history (engine/cases/access_queries.py `case_facts`):
who acted on it and in which roles, read from its events."""

from __future__ import annotations

from sqlmodel import Session

from bench.paths import INTAKE, START, form_of
from engine.cases.access_queries import case_facts
from engine.nrm_engine import NrmEngine
from forms.examples import example_submission


def test_the_people_and_roles_that_acted_on_a_case_are_known(engine: NrmEngine) -> None:
    case_id = engine.commands.start_case("child_return", INTAKE, "border.officer")
    with Session(engine.db) as session:
        before = case_facts(session, case_id)
    assert before.actors == {"border.officer"}
    assert before.roles_acted == set()  # the intake is no completed task

    wishes = example_submission(
        form_of("record_child_wishes"),
        START.date(),
        {"child_wishes_return": True, "family_implicated": False},
    )
    task_id = next(t.id for t in engine.queries.case(case_id).tasks)
    engine.commands.complete_task(task_id, wishes, "social.worker")

    with Session(engine.db) as session:
        after = case_facts(session, case_id)
    assert "social.worker" in after.actors and "border.officer" in after.actors
    assert after.roles_acted == {"social_worker"}
