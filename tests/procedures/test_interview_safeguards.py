"""The safeguards of a child's interview (Art. 5.A.6, 5.B.12, Annex 1 III), through the API:
a child's interview without the required presence is refused with a message naming what is
missing; an adult's interview is not held to them; without consent an adult is free to go, and a
child is referred as a child at risk."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from forms.examples import example_submission
from tests.support.auth import csrf_of, sign_in
from tests.support.procedure_data import (
    CHILD_BORN,
    CHILD_CONSENT,
    CONSENT,
    INDICATOR_A,
    INDICATOR_C,
    SCREENING_INTAKE,
    assert_replays,
    questionnaire,
)
from tests.support.walks import CaseWalk

CHILD_INTAKE = {**SCREENING_INTAKE, "person_name": "Ëndrra Çela", "date_of_birth": CHILD_BORN}


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock, CHILD_INTAKE, process="screening")


def submit_consent(walk: CaseWalk, answers: dict[str, Any]) -> Any:
    task = walk.task("record_consent")
    return walk.client.post(
        f"/api/tasks/{task['id']}/complete",
        json={"data": example_submission(task["form"], walk.clock.now().date(), answers)},
        headers=walk.headers("border_police"),
    )


@pytest.mark.parametrize(
    ("change", "field", "named"),
    [
        ({"police_officer_present": False}, "police_officer_present", "the police officer"),
        (
            {"psychologist_or_social_worker_present": False},
            "psychologist_or_social_worker_present",
            "the psychologist or social worker",
        ),
        ({"legal_advocate_present": False}, "legal_advocate_present", "the legal advocate"),
        ({"interviewed_in_private": False}, "interviewed_in_private", "in private"),
        (
            {"parent_present": False, "trained_psychologist_present": False},
            "trained_psychologist_present",
            "the psychologist is missing",
        ),
        (
            {
                "parent_present": True,
                "family_suspected": True,
                "trained_psychologist_present": False,
            },
            "trained_psychologist_present",
            "the family suspected",
        ),
    ],
    ids=["police", "psychologist_or_social_worker", "advocate", "private", "no_parent", "family"],
)
def test_a_child_interview_without_a_safeguard_is_refused_naming_it(
    walk: CaseWalk, change: dict[str, Any], field: str, named: str
) -> None:
    before = walk.refresh()
    response = submit_consent(walk, {**CHILD_CONSENT, **change})

    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert list(errors) == [("data", field)], "only the missing safeguard is reported"
    assert named in errors[("data", field)]
    assert walk.refresh() == before, "nothing stored changes"


def test_a_child_interview_must_say_who_is_present(walk: CaseWalk) -> None:
    response = submit_consent(walk, {**CONSENT, "interviewee_is_child": True})

    assert response.status_code == 422
    locations = {tuple(e["loc"]) for e in response.json()["detail"]}
    assert locations == {
        ("data", name)
        for name in (
            "police_officer_present",
            "psychologist_or_social_worker_present",
            "parent_present",
            "family_suspected",
            "trained_psychologist_present",
            "legal_advocate_present",
            "interviewed_in_private",
        )
    }


def test_with_a_parent_present_and_the_family_not_suspected_no_psychologist_is_needed(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    consent = {**CHILD_CONSENT, "parent_present": True, "trained_psychologist_present": False}
    walk.complete("record_consent", **consent)
    walk.complete("questionnaire", **questionnaire(INDICATOR_A, INDICATOR_C, born=CHILD_BORN))

    assert walk.ready() == ["appoint_case_manager"]
    assert walk.case["data"]["legal_advocate_present"] is True
    assert_replays(engine, walk.id)


def test_an_adult_interview_is_not_held_to_the_child_safeguards(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(client, clock, SCREENING_INTAKE, process="screening")
    case = walk.complete(
        "record_consent",
        **CONSENT,
        police_officer_present=True,
        legal_advocate_present=False,
        interviewed_in_private=False,
    )
    assert case["status"] == "open"
    assert walk.ready() == ["questionnaire"]


def test_a_child_who_does_not_consent_is_not_free_to_go(walk: CaseWalk, engine: NrmEngine) -> None:
    # No interview takes place, so nobody else needs to be called in first (Annex 1 IV.f); but
    # a child is referred to State Social Services as a child at risk (child strategy).
    refusal = {**CONSENT, "interviewee_is_child": True, "consents_to_interview": False}
    case = walk.complete("record_consent", **refusal)

    assert case["status"] == "completed"
    assert case["data"]["outcome"] == "referred_child_at_risk"
    assert "free to go" not in case["data"]["closing_reason"]
    assert [link["process"] for link in case["links"]] == ["child_at_risk"]
    assert_replays(engine, walk.id)


def test_a_child_interviewed_as_an_adult_is_interviewed_again_with_the_safeguards(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    walk.complete("record_consent", **CONSENT)
    case = walk.complete(
        "questionnaire", **questionnaire(INDICATOR_A, INDICATOR_C, born=CHILD_BORN)
    )
    assert case["data"]["is_child"] is True
    assert "determination" not in case["data"], "no determination rests on that interview"
    assert walk.ready() == ["record_consent"]

    walk.complete("record_consent", **CHILD_CONSENT)
    walk.complete("questionnaire", **questionnaire(INDICATOR_A, INDICATOR_C, born=CHILD_BORN))
    assert walk.case["data"]["determination"] == "potential_victim"
    assert walk.ready() == ["appoint_case_manager"]
    assert_replays(engine, walk.id)


def test_the_task_page_names_the_missing_safeguard_in_albanian(
    walk: CaseWalk, client: TestClient
) -> None:
    task = walk.task("record_consent")
    assert sign_in(client, "border.officer").status_code == 303
    client.get("/lang/sq", follow_redirects=False)
    html = client.get(f"/tasks/{task['id']}").text
    answers = example_submission(
        task["form"], walk.clock.now().date(), {**CHILD_CONSENT, "legal_advocate_present": False}
    )
    fields = {name: str(value).lower() for name, value in answers.items()}
    page = client.post(f"/tasks/{task['id']}", data={**fields, "csrf": csrf_of(html)})

    assert page.status_code == 422
    assert "mungon avokati ligjor" in page.text
    assert walk.ready() == ["record_consent"]
