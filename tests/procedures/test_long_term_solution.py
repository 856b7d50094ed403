"""The long-term solution after the family assessment (Art. 5.B.9), approved by the case
manager (Art. 5.C.5), followed by a review visit each review period (a named setting, 30 days)
until the case manager closes the case — through the JSON API, with the clock moved instead of
waiting."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from forms.examples import example_submission
from tests.support.procedure_data import (
    CHILD_BORN,
    CHILD_CONSENT,
    INDICATOR_A,
    INDICATOR_C,
    SCREENING_INTAKE,
    assert_replays,
    questionnaire,
)
from tests.support.walks import (
    LONG_TERM_PROPOSAL,
    CaseWalk,
    agree_long_term_solution,
    close_case,
    walk_to_proposal,
)

REVIEW_PERIOD = timedelta(days=30)


def propose(walk: CaseWalk, **proposal: Any) -> Any:
    task = walk.task("propose_long_term_solution")
    answers = {**LONG_TERM_PROPOSAL, **proposal}
    return walk.client.post(
        f"/api/tasks/{task['id']}/complete",
        json={"data": example_submission(task["form"], walk.clock.now().date(), answers)},
        headers=walk.headers(task["role"]),
    )


def advance(walk: CaseWalk, period: timedelta) -> list[int]:
    """Move the clock as an administrator does in a demo; due timers fire."""
    hours = int(period.total_seconds() // 3600)
    moved = walk.client.post(
        "/api/admin/clock", json={"advance": f"PT{hours}H"}, headers=walk.headers("admin")
    )
    assert moved.status_code == 200, moved.text
    return moved.json()["advanced_cases"]


def review_timers(walk: CaseWalk) -> list[dict[str, Any]]:
    return [t for t in walk.refresh()["timers"] if t["name"] == "timer_review_period"]


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    walk = CaseWalk(client, clock)
    walk_to_proposal(walk)
    return walk


def test_a_child_is_followed_from_interview_to_closure_with_review_visits(
    client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    screening = CaseWalk(
        client, clock, {**SCREENING_INTAKE, "date_of_birth": CHILD_BORN}, process="screening"
    )
    screening.complete("record_consent", **CHILD_CONSENT)
    screening.complete("questionnaire", **questionnaire(INDICATOR_A, INDICATOR_C, born=CHILD_BORN))
    screening.complete(
        "appoint_case_manager",
        case_manager="case.manager",
        family_home_region="Elbasan",
        court="Gjykata e Rrethit Gjyqësor Elbasan",
    )
    walk = screening.linked("child_return")
    walk_to_proposal(walk)

    assert walk.task("propose_long_term_solution")["role"] == "state_social_services"
    walk.complete("propose_long_term_solution", **LONG_TERM_PROPOSAL)
    assert walk.task("approve_long_term_solution")["role"] == "case_manager"
    approved_at = clock.now()
    walk.complete("approve_long_term_solution", long_term_solution_approved=True)

    assert walk.ready() == ["close_case"], "no visit is due before the first period ends"
    [timer] = review_timers(walk)
    assert (timer["name"], timer["status"]) == ("timer_review_period", "pending")
    assert datetime.fromisoformat(timer["due_at"]) == approved_at + REVIEW_PERIOD

    for visit in (1, 2):
        assert advance(walk, REVIEW_PERIOD + timedelta(hours=1)) == [walk.id]
        tasks = {t["name"]: t for t in walk.refresh()["tasks"]}
        assert set(tasks) == {"record_review_visit"}, "closing waits for the review"
        assert tasks["record_review_visit"]["role"] == "state_social_services"
        assert tasks["record_review_visit"]["overdue"], "due when the period ended"
        statuses = [t["status"] for t in review_timers(walk)]
        assert statuses == ["fired"] * visit, "one row per period"
        walk.complete(
            "record_review_visit",
            review_child_safe=True,
            review_findings=f"Visit {visit}: attends school, settled with her grandmother.",
        )
        assert walk.ready() == ["close_case"]
        assert [t["status"] for t in review_timers(walk)] == ["fired"] * visit + ["pending"]

    case = close_case(walk, reason="reintegrated")
    assert case["status"] == "completed"
    assert case["data"]["closure_reason"] == "reintegrated"
    assert case["data"]["closing_reason"].startswith("Settled with her grandmother")
    assert case["data"]["outcome"] == "closed_after_long_term_solution"
    assert [t["status"] for t in review_timers(walk)] == ["fired", "fired", "cancelled"]
    visits = [
        e
        for e in walk.client.get(
            f"/api/cases/{walk.id}/events", headers=walk.headers("supervisor")
        ).json()
        if e.get("task_name") == "record_review_visit" and e["type"] == "task_completed"
    ]
    assert len(visits) == 2
    assert_replays(engine, walk.id)


def test_a_due_review_is_made_before_the_case_can_close(walk: CaseWalk, engine: NrmEngine) -> None:
    agree_long_term_solution(walk)
    advance(walk, REVIEW_PERIOD + timedelta(hours=1))
    assert walk.ready() == ["record_review_visit"], "no closing while a review is due"
    walk.complete("record_review_visit", review_child_safe=True)

    case = close_case(walk, reason="transferred")
    assert case["status"] == "completed" and case["tasks"] == []
    assert_replays(engine, walk.id)


@pytest.mark.parametrize(
    ("solution", "statement"),
    [
        ("return_to_family", {}),
        ("extended_family", {}),
        ("foster_family", {"foster_family_approved": True}),
        ("children_centre", {"no_suitable_foster_family": True}),
    ],
)
def test_each_long_term_solution_of_the_agreement_is_accepted(
    walk: CaseWalk, solution: str, statement: dict[str, Any]
) -> None:
    response = propose(walk, long_term_solution=solution, **statement)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["long_term_solution"] == solution
    assert walk.ready() == ["approve_long_term_solution"]


@pytest.mark.parametrize(
    ("solution", "field", "named"),
    [
        ("children_centre", "no_suitable_foster_family", "no suitable foster family"),
        ("foster_family", "foster_family_approved", "approved by State Social Services"),
    ],
)
@pytest.mark.parametrize("answer", [{"given": False}, {}], ids=["no", "left_out"])
def test_a_solution_without_its_statement_is_refused(
    walk: CaseWalk, solution: str, field: str, named: str, answer: dict[str, bool]
) -> None:
    before = walk.refresh()
    statement = {field: answer["given"]} if answer else {}
    response = propose(walk, long_term_solution=solution, **statement)

    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert list(errors) == [("data", field)]
    assert named in errors[("data", field)]
    assert walk.refresh() == before


def test_without_the_case_managers_approval_no_referral_is_made(walk: CaseWalk) -> None:
    walk.complete("propose_long_term_solution", **LONG_TERM_PROPOSAL)
    walk.complete(
        "approve_long_term_solution",
        long_term_solution_approved=False,
        long_term_approval_notes="Assess the grandmother's home first.",
    )
    assert walk.ready() == ["propose_long_term_solution"]
    assert review_timers(walk) == [], "no follow-up plan without approval"
