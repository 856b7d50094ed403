"""The determination table of Annex 1 D (processes/determination.dmn), line by line: every
combination of sections A, B and C for an adult, a child and a person presumed a child (Council
of Europe Convention Art. 10.3), every indicative answer by its question number, and the
common-language rule of IV.a."""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from typing import Any

import pytest
from fastapi.testclient import TestClient
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

from engine.nrm_engine import NrmEngine
from engine.procedures.rules import parse_and_check
from engine.workflow.decisions import evaluate
from engine.workflow.specs import read_bundle
from tests.support.auth import bearer
from tests.support.procedure_data import (
    ADULT_BORN,
    CHILD_BORN,
    INDICATOR_A,
    INDICATOR_B,
    INDICATOR_C,
    INTERVIEW_DATE,
    PRESUMED_CHILD,
    questionnaire,
)
from tests.support.setup import FORMS_DIR, PROCESSES_DIR

SECTIONS = {"A": INDICATOR_A, "B": INDICATOR_B, "C": INDICATOR_C}


Determine = Callable[[dict[str, Any]], dict[str, Any]]


@pytest.fixture(scope="module")
def determine() -> Determine:
    """The decision as published with screening.bpmn, evaluated as the engine's evaluate
    endpoint does (no database is involved: the table is pure)."""
    process = parse_and_check(read_bundle(PROCESSES_DIR / "screening.bpmn", FORMS_DIR))
    decision = process.decisions["determination"]

    def run(answers: dict[str, Any]) -> dict[str, Any]:
        workflow = BpmnWorkflow(process.spec, process.subprocess_specs)
        return evaluate(decision, answers, workflow)

    return run


def expected(is_child: bool, a: bool, b: bool, c: bool) -> str:
    # Annex 1 D: adults need A, B and C; children (under 18) need A and C only.
    met = (a and c) if is_child else (a and b and c)
    return "potential_victim" if met else "not_identified"


# Who is interviewed: the age answers, and whether the rules for children apply.
PERSONS: dict[str, tuple[dict[str, Any], bool]] = {
    "adult": ({"born": ADULT_BORN}, False),
    "child": ({"born": CHILD_BORN}, True),
    # Art. 10.3: the estimated date of birth makes an adult, the reasons to believe make a child.
    "presumed_child": ({"born": ADULT_BORN, **PRESUMED_CHILD}, True),
    "uncertain_adult": (
        {"born": ADULT_BORN, "age_status": "uncertain", "reasons_to_believe_child": False},
        False,
    ),
}
COMBINATIONS = [
    (person, a, b, c) for person in PERSONS for a, b, c in product((False, True), repeat=3)
]


@pytest.mark.parametrize(
    ("person", "a", "b", "c"),
    COMBINATIONS,
    ids=[
        f"{person}-{'A' if a else '_'}{'B' if b else '_'}{'C' if c else '_'}"
        for person, a, b, c in COMBINATIONS
    ],
)
def test_every_section_combination_for_adults_children_and_presumed_children(
    determine: Determine, person: str, a: bool, b: bool, c: bool
) -> None:
    age_answers, is_child = PERSONS[person]
    chosen = [SECTIONS[name] for name, on in zip("ABC", (a, b, c), strict=True) if on]
    result = determine(questionnaire(*chosen, **age_answers))
    assert result["indicators"] == {"A": a, "B": b, "C": c}
    assert result["determination"] == expected(is_child, a, b, c)


ACTIVITIES = [
    "agricultural",
    "domestic",
    "entertainment",
    "prostitution",
    "dancer",
    "waitress",
    "bartender",
]
# (answers, the section they make indicative), by question number of Annex 1 V.
INDICATIVE_ANSWERS: list[tuple[str, dict[str, Any], str]] = [
    *[(f"q1 {activity}", {"q1": activity}, "A") for activity in ACTIVITIES],
    ("q3 paid differently", {"q3": True}, "A"),
    ("q4 earnings given away", {"q4": True}, "A"),
    ("q5 forced or held", {"q5": True}, "A"),
    ("q6 other work than promised", {"q6": True}, "A"),
    ("q7 worse conditions", {"q7": True}, "A"),
    ("q8 debt", {"q8": True}, "B"),
    ("q9 restricted movement", {"q9": "restricted"}, "B"),
    ("q10 threatened or forced", {"q10": True}, "B"),
    *[
        (f"q11 {who}", {"q11": who}, "C")
        for who in ("family", "boyfriend", "friend", "recruitment_company", "other")
    ],
    ("q12 family", {"q12": "family"}, "C"),
    ("q13 recruitment company", {"q13": "recruitment_company"}, "C"),
    ("q14 cannot describe own arrangements", {"q14": False}, "C"),
    *[
        (f"q15 {who}", {"q15": who}, "C")
        for who in ("family", "boyfriend", "friend", "recruitment_company", "other")
    ],
]


@pytest.mark.parametrize(
    ("answers", "section"),
    [(a, s) for _, a, s in INDICATIVE_ANSWERS],
    ids=[name for name, _, _ in INDICATIVE_ANSWERS],
)
def test_each_indicative_answer_counts_in_its_section(
    determine: Determine, answers: dict[str, Any], section: str
) -> None:
    result = determine(questionnaire(answers))
    assert result["indicators"] == {name: name == section for name in "ABC"}


@pytest.mark.parametrize("q2", ["less_than_week", "more_than_week"])
def test_question_2_alone_is_no_indicator(determine: Determine, q2: str) -> None:
    result = determine(questionnaire(q2=q2))
    assert result["indicators"] == {"A": False, "B": False, "C": False}
    assert result["determination"] == "not_identified"


def test_q14_answered_yes_after_self_arrangements_is_no_indicator(determine: Determine) -> None:
    result = determine(questionnaire(INDICATOR_A, INDICATOR_B, q14=True))
    assert result["indicators"]["C"] is False
    assert result["determination"] == "not_identified"


@pytest.mark.parametrize("born", [ADULT_BORN, CHILD_BORN])
def test_without_a_common_language_the_person_is_treated_as_referred(
    determine: Determine, born: str
) -> None:
    answers = {
        "common_language": False,
        "age_status": "documented",
        "date_of_birth": born,
        "interview_date": INTERVIEW_DATE,
    }
    result = determine(answers)
    assert result["determination"] == "potential_victim"
    assert result["indicators"] == {"A": False, "B": False, "C": False}


@pytest.mark.parametrize(
    ("born", "is_child"),
    [("2008-03-02", False), ("2008-03-03", True)],  # 18 on the interview date, or a day short
    ids=["18-today", "17-until-tomorrow"],
)
def test_the_age_on_the_interview_date_decides_which_criteria_apply(
    determine: Determine, born: str, is_child: bool
) -> None:
    result = determine(questionnaire(INDICATOR_A, INDICATOR_C, born=born))
    assert result["determination"] == expected(is_child, True, False, True)


def test_the_evaluate_endpoint_gives_the_table_result_without_a_case(
    client: TestClient, engine: NrmEngine
) -> None:
    answers = questionnaire(INDICATOR_A, INDICATOR_C, born=CHILD_BORN)
    response = client.post(
        "/api/decisions/determination/evaluate",
        json=answers,
        headers=bearer(client, "border.officer"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["determination"] == "potential_victim"
    assert response.json()["indicators"] == {"A": True, "B": False, "C": True}
    assert engine.queries.tasks() == [], "no case was started"


@pytest.mark.parametrize(
    ("age_answers", "determination"),
    [(PRESUMED_CHILD, "potential_victim"), ({"age_status": "documented"}, "not_identified")],
    ids=["presumed-child", "documented-adult"],
)
def test_the_evaluate_endpoint_presumes_a_child_when_the_age_is_uncertain(
    client: TestClient, age_answers: dict[str, Any], determination: str
) -> None:
    # Sections A and C only: enough for a child, not for the adult the estimate makes.
    answers = questionnaire(INDICATOR_A, INDICATOR_C, born=ADULT_BORN, **age_answers)
    response = client.post(
        "/api/decisions/determination/evaluate",
        json=answers,
        headers=bearer(client, "border.officer"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["determination"] == determination


def test_an_uncertain_age_without_the_presumption_answered_is_refused_by_name(
    client: TestClient,
) -> None:
    answers = questionnaire(INDICATOR_A, INDICATOR_C, age_status="uncertain")
    response = client.post(
        "/api/decisions/determination/evaluate",
        json=answers,
        headers=bearer(client, "border.officer"),
    )
    assert response.status_code == 422
    assert "reasons_to_believe_child" in response.text


def test_the_evaluate_endpoint_names_each_missing_or_invalid_answer(client: TestClient) -> None:
    answers = questionnaire(INDICATOR_A, q3="yes", q11="a stranger")
    del answers["q9"]
    response = client.post(
        "/api/decisions/determination/evaluate",
        json=answers,
        headers=bearer(client, "border.officer"),
    )
    assert response.status_code == 422, response.text
    problems = {tuple(p["loc"]): p for p in response.json()["detail"]}
    assert set(problems) == {("body", "q9"), ("body", "q3"), ("body", "q11")}
    assert problems[("body", "q9")]["msg"] == "fill in this field"
    assert problems[("body", "q3")]["msg"] == "answer yes or no"
    assert problems[("body", "q3")]["code"] == "form.type.boolean"
    assert problems[("body", "q11")]["code"] == "form.enum"
    assert "self" in problems[("body", "q11")]["params"]["choices"].split(", ")
    assert "Error evaluating expression" not in response.text


def test_without_a_common_language_the_age_answers_are_still_asked(client: TestClient) -> None:
    # IV.a: no questions are asked, but whether the rules for a child apply is still known.
    response = client.post(
        "/api/decisions/determination/evaluate",
        json={"common_language": False},
        headers=bearer(client, "border.officer"),
    )
    assert response.status_code == 422, response.text
    missing = {p["loc"][-1] for p in response.json()["detail"]}
    assert missing == {"interview_date", "date_of_birth", "age_status"}
    answered = client.post(
        "/api/decisions/determination/evaluate",
        json={
            "common_language": False,
            "interview_date": INTERVIEW_DATE,
            "date_of_birth": CHILD_BORN,
            "age_status": "documented",
        },
        headers=bearer(client, "border.officer"),
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["determination"] == "potential_victim"
