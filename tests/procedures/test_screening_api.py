"""Screening (Annex 1 IV-V) walked through the JSON API: consent, the questions, the decision
table, and the referral of a potential victim as a linked case."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from engine.directory.facilities import is_child_case
from engine.nrm_engine import NrmEngine
from tests.support.auth import sign_in
from tests.support.procedure_data import (
    ADULT_BORN,
    CHILD_BORN,
    CHILD_CONSENT,
    CONSENT,
    INDICATOR_A,
    INDICATOR_B,
    INDICATOR_C,
    PRESUMED_CHILD,
    SCREENING_INTAKE,
    assert_replays,
    questionnaire,
)
from tests.support.walks import CaseWalk


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock, SCREENING_INTAKE, process="screening")


def interview(walk: CaseWalk, answers: dict, consent: dict = CONSENT) -> dict:
    walk.complete("record_consent", **consent)
    return walk.complete("questionnaire", **answers)


def test_without_consent_the_person_is_free_to_go_and_the_screening_closes(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    assert walk.ready() == ["record_consent"]
    assert walk.task("record_consent")["role"] == "border_police"
    case = walk.complete("record_consent", **{**CONSENT, "consents_to_interview": False})

    assert case["status"] == "completed"
    assert case["data"]["outcome"] == "no_consent"
    assert "IV.f" in case["data"]["closing_reason"]
    assert "determination" not in case["data"] and case["links"] == []
    assert_replays(engine, walk.id)


def test_answers_that_meet_no_criterion_end_as_not_identified(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    case = interview(walk, questionnaire(INDICATOR_A, INDICATOR_C))  # an adult needs B too

    assert case["status"] == "completed"
    assert case["data"]["determination"] == "not_identified"
    assert case["data"]["indicators"] == {"A": True, "B": False, "C": True}
    assert case["data"]["is_child"] is False
    assert case["data"]["outcome"] == "not_identified"
    assert case["links"] == []
    assert_replays(engine, walk.id)


def test_an_adult_potential_victim_is_referred_to_adult_referral_linked_both_ways(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    case = interview(walk, questionnaire(INDICATOR_A, INDICATOR_B, INDICATOR_C))

    assert case["status"] == "completed"
    assert case["data"]["determination"] == "potential_victim"
    assert case["data"]["outcome"] == "referred_adult_referral"
    referral = walk.linked("adult_referral")
    data = referral.case["data"]
    assert data["person_name"] == SCREENING_INTAKE["person_name"]
    assert data["indicators"] == {"A": True, "B": True, "C": True}
    assert data["interview_date"] == "2026-03-02" and data["home_region"] == "Elbasan"
    assert "q1" not in data and "report_details" not in data, "only what its intake asks for"
    assert referral.ready() == ["offer_assistance"]
    assert [(x["case_id"], x["relation"]) for x in referral.case["links"]] == [
        (walk.id, "started_from")
    ]
    assert [(x["process"], x["relation"]) for x in walk.refresh()["links"]] == [
        ("adult_referral", "started")
    ]
    assert_replays(engine, walk.id)
    assert_replays(engine, referral.id)


def test_a_child_gets_a_case_manager_then_continues_in_child_return(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    # A child needs an indicator in A and C only (Annex 1 D, children).
    interview(walk, questionnaire(INDICATOR_A, INDICATOR_C, born=CHILD_BORN), CHILD_CONSENT)
    assert walk.case["data"]["is_child"] is True
    assert walk.case["data"]["determination"] == "potential_victim"
    assert walk.ready() == ["appoint_case_manager"]
    assert walk.task("appoint_case_manager")["role"] == "state_social_services"

    case = walk.complete(
        "appoint_case_manager",
        case_manager="case.manager",
        family_home_region="Elbasan",
        court="Gjykata e Rrethit Gjyqësor Elbasan",
    )
    assert case["status"] == "completed" and case["data"]["outcome"] == "referred_child_return"

    child = walk.linked("child_return")
    data = child.case["data"]
    assert data["child_name"] == SCREENING_INTAKE["person_name"]
    assert data["date_of_birth"] == CHILD_BORN and data["case_manager"] == "case.manager"
    assert data["identification_date"] == "2026-03-02"
    assert data["identified_by"] == CONSENT["interviewed_by"]
    assert child.ready() == ["record_child_wishes"]
    assert child.case["links"][0]["relation"] == "started_from"
    assert_replays(engine, walk.id)


def test_without_a_common_language_the_person_is_treated_as_referred(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    # Annex 1 IV.a: no questions are put; the person counts as referred.
    case = interview(
        walk,
        {
            "interview_date": "2026-03-02",
            "common_language": False,
            "age_status": "documented",
            "date_of_birth": "1990-01-01",
            "circumstances": "Speaks only Romani; an interpreter is being sought.",
        },
    )
    assert case["data"]["determination"] == "potential_victim"
    assert case["data"]["outcome"] == "referred_adult_referral"
    referral = walk.linked("adult_referral")
    assert referral.case["data"]["common_language"] is False
    assert_replays(engine, walk.id)


def test_a_foreign_national_is_referred_to_the_foreign_victim_procedure(
    client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    intake = {**SCREENING_INTAKE, "nationality": "Moldovan", "albanian_citizen": False}
    walk = CaseWalk(client, clock, intake, process="screening")
    case = interview(walk, questionnaire(INDICATOR_A, INDICATOR_B, INDICATOR_C))

    assert case["data"]["outcome"] == "referred_foreign_victim"
    foreign = walk.linked("foreign_victim")
    assert foreign.case["data"]["nationality"] == "Moldovan"
    assert foreign.case["data"]["identification_date"] == "2026-03-02"
    assert foreign.ready() == ["report_and_refer"]
    assert_replays(engine, walk.id)


def test_with_a_common_language_every_question_must_be_answered(
    walk: CaseWalk, client: TestClient
) -> None:
    walk.complete("record_consent", **CONSENT)
    task = walk.task("questionnaire")
    before = walk.refresh()
    answers = questionnaire()
    del answers["q3"], answers["q14"]  # q14 is asked because q11-q13 were "self"
    response = client.post(
        f"/api/tasks/{task['id']}/complete",
        json={"data": answers},
        headers=walk.headers("border_police"),
    )
    assert response.status_code == 422
    locations = {tuple(error["loc"]) for error in response.json()["detail"]}
    assert {("data", "q3"), ("data", "q14")} <= locations
    assert walk.refresh() == before


def test_q14_is_only_asked_when_an_arrangement_was_made_personally(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    answers = questionnaire(INDICATOR_A, INDICATOR_B, q11="family", q12="family", q13="friend")
    del answers["q14"]
    case = interview(walk, answers)
    assert case["data"]["indicators"] == {"A": True, "B": True, "C": True}
    assert case["data"]["outcome"] == "referred_adult_referral"
    assert_replays(engine, walk.id)


def test_an_undocumented_person_who_looks_16_is_presumed_a_child_and_goes_to_child_return(
    walk: CaseWalk, engine: NrmEngine, clock: ManualClock, client: TestClient
) -> None:
    # Council of Europe Convention Art. 10.3: the estimated date of birth makes her 26, but the
    # age is uncertain and she looks 16; sections A and C are enough for a child, not an adult.
    answers = questionnaire(INDICATOR_A, INDICATOR_C, born=ADULT_BORN, **PRESUMED_CHILD)
    interview(walk, answers)
    assert walk.ready() == ["record_consent"], "interviewed again with the child safeguards"

    interview(walk, answers, CHILD_CONSENT)
    data = walk.case["data"]
    assert data["is_child"] is True and data["age_presumed"] is True
    assert data["determination"] == "potential_victim"
    assert walk.ready() == ["appoint_case_manager"]
    walk.complete(
        "appoint_case_manager",
        case_manager="case.manager",
        family_home_region="Elbasan",
        court="Gjykata e Rrethit Gjyqësor Elbasan",
    )
    assert walk.case["data"]["outcome"] == "referred_child_return"

    child = walk.linked("child_return")
    assert child.case["data"]["age_presumed"] is True, "staff see that the age is presumed"
    assert child.case["data"]["date_of_birth"] == ADULT_BORN
    assert child.ready() == ["record_child_wishes"]
    assert is_child_case(child.case["data"], clock.now().date()), "placed as a child"
    assert_replays(engine, walk.id)
    assert_replays(engine, child.id)

    sign_in(client, "case.manager")
    page = client.get(f"/cases/{child.id}").text
    assert "Age presumed: a child pending verification of the age" in page


def test_a_documented_child_is_not_recorded_as_presumed(walk: CaseWalk) -> None:
    interview(walk, questionnaire(INDICATOR_A, INDICATOR_C, born=CHILD_BORN), CHILD_CONSENT)
    assert walk.case["data"]["age_presumed"] is False
    assert walk.case["data"]["is_child"] is True


@pytest.mark.parametrize(
    ("age_answers", "message"),
    [
        ({"age_status": "uncertain"}, "record whether there are reasons to believe"),
        (
            {"age_status": "documented", "reasons_to_believe_child": True},
            "established by a document",
        ),
    ],
    ids=["uncertain-unanswered", "documented-presumed"],
)
def test_the_presumption_is_answered_exactly_when_the_age_is_uncertain(
    walk: CaseWalk, client: TestClient, age_answers: dict, message: str
) -> None:
    walk.complete("record_consent", **CONSENT)
    task = walk.task("questionnaire")
    before = walk.refresh()
    response = client.post(
        f"/api/tasks/{task['id']}/complete",
        json={"data": questionnaire(**age_answers)},
        headers=walk.headers("border_police"),
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["data", "reasons_to_believe_child"]
    assert message in error["msg"] and "Art. 10.3" in error["msg"]
    assert walk.refresh() == before
