"""Children are never "free to go" (issue 14): a child whose screening ends without an
identification, because the child refused the interview or the answers do not meet Annex 1 D,
is referred as a child at risk to State Social Services of the region; adults keep Annex 1 IV.f.
Walked through the JSON API."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from tests.support.procedure_data import (
    CHILD_BORN,
    CHILD_CONSENT,
    CONSENT,
    INDICATOR_A,
    PRESUMED_CHILD,
    SCREENING_INTAKE,
    assert_replays,
    questionnaire,
)
from tests.support.walks import CaseWalk, complete

CHILD_INTAKE = {**SCREENING_INTAKE, "person_name": "Dea Prifti", "date_of_birth": CHILD_BORN}


@pytest.fixture
def screening(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock, CHILD_INTAKE, process="screening")


def test_a_child_refusing_the_interview_is_referred_as_a_child_at_risk(
    screening: CaseWalk, client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    case = screening.complete(
        "record_consent",
        **{**CONSENT, "interviewee_is_child": True, "consents_to_interview": False},
    )
    assert case["data"]["outcome"] == "referred_child_at_risk"
    assert case["data"]["child_at_risk_reason"] == "refused_interview"
    referred_at = clock.now()
    at_risk = screening.linked("child_at_risk")
    assert at_risk.case["data"]["person_name"] == "Dea Prifti", "the screening's data is carried"
    assert at_risk.case["data"]["child_at_risk_reason"] == "refused_interview"
    assessment = at_risk.task("assess_child_at_risk")
    assert assessment["role"] == "state_social_services"
    assert datetime.fromisoformat(assessment["due_at"]) == referred_at + timedelta(hours=24)

    # Not assessed within a day: the supervisor is asked to act.
    moved = client.post(
        "/api/admin/clock", json={"advance": "PT25H"}, headers=at_risk.headers("admin")
    )
    assert moved.status_code == 200
    assert at_risk.ready() == ["assess_child_at_risk", "escalate_overdue_assessment"]
    at_risk.complete("escalate_overdue_assessment", actor="supervisor")

    at_risk.complete(
        "assess_child_at_risk",
        actor="sss.officer",
        child_safe=False,
        emergency_placement_needed=True,
    )
    assert at_risk.task("place_child_at_risk")["role"] == "social_worker"
    case = at_risk.complete("place_child_at_risk", actor="social.worker")
    assert case["data"]["child_location"] == "shelter"
    assert case["status"] == "open", "the referral ends only through its closing task"
    case = at_risk.complete(
        "close_child_at_risk", actor="sss.officer", followed_up_by="child_protection_unit"
    )
    assert case["status"] == "completed"
    assert case["data"]["outcome"] == "child_at_risk_followed_up"
    assert_replays(engine, at_risk.id)
    assert_replays(engine, screening.id)


def test_a_child_not_identified_as_a_victim_is_referred_as_a_child_at_risk(
    screening: CaseWalk, engine: NrmEngine
) -> None:
    screening.complete("record_consent", **CHILD_CONSENT)
    case = screening.complete("questionnaire", **questionnaire(born=CHILD_BORN))
    assert case["data"]["determination"] == "not_identified" and case["data"]["is_child"]
    assert case["data"]["outcome"] == "referred_child_at_risk"
    assert case["data"]["child_at_risk_reason"] == "not_identified"
    at_risk = screening.linked("child_at_risk")
    at_risk.complete(
        "assess_child_at_risk",
        actor="sss.officer",
        child_safe=True,
        emergency_placement_needed=False,
    )
    assert at_risk.ready() == ["close_child_at_risk"], "safe where she is: no placement"
    assert_replays(engine, at_risk.id)


def test_a_presumed_child_not_identified_is_protected_as_a_child(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(client, clock, SCREENING_INTAKE, process="screening")
    walk.complete("record_consent", **CHILD_CONSENT)
    case = walk.complete("questionnaire", **questionnaire(INDICATOR_A, **PRESUMED_CHILD))
    assert case["data"]["outcome"] == "referred_child_at_risk"


def test_an_adult_keeps_annex_1_iv_f(client: TestClient, clock: ManualClock) -> None:
    walk = CaseWalk(client, clock, SCREENING_INTAKE, process="screening")
    case = walk.complete("record_consent", **{**CONSENT, "consents_to_interview": False})
    assert case["data"]["outcome"] == "no_consent" and case["links"] == []


def test_the_referral_is_its_own_category_in_the_statistics(engine: NrmEngine) -> None:
    for _ in range(11):
        case_id = engine.commands.start_case("screening", CHILD_INTAKE, "border.officer")
        complete(
            engine,
            case_id,
            "record_consent",
            "bp",
            **{**CONSENT, "interviewee_is_child": True, "consents_to_interview": False},
        )
    rows = [cell.row() for cell in engine.queries.statistics()]
    assert ("2026-Q1", "screening", "referred_child_at_risk", "14-17", "female", "11") in rows
    assert ("2026-Q1", "child_at_risk", "open", "14-17", "female", "11") in rows
