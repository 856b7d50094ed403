"""Decisions (DMN with its requirements) and cases that open other cases, linked both ways."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlmodel import Session

from engine.base.errors import NotFound
from engine.cases.incident_retry import IncidentRetry
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from engine.workflow.decisions import DecisionFailed
from forms.examples import NOTHING_INDICATIVE
from tests.support.setup import FIXTURES, PROCESSES_DIR

ADULT_NOT_INDICATIVE = {
    "common_language": True,
    "age_status": "documented",
    "date_of_birth": "1990-05-01",
    "interview_date": "2026-03-01",
    **NOTHING_INDICATIVE,
}


@pytest.fixture
def linked_engine(engine: NrmEngine, tmp_path: Path) -> NrmEngine:
    processes = tmp_path / "processes"
    processes.mkdir()
    shutil.copy(FIXTURES / "processes" / "visit.bpmn", processes)
    shutil.copy(FIXTURES / "linked" / "handoff.bpmn", processes)
    shutil.copy(PROCESSES_DIR / "determination.dmn", processes)
    engine.load_processes(processes, FIXTURES / "forms")
    return engine


def test_a_business_rule_task_evaluates_the_decision_with_its_requirements(
    linked_engine: NrmEngine,
) -> None:
    answers = {**ADULT_NOT_INDICATIVE, "q5": True, "q9": "restricted", "q12": "boyfriend"}
    case_id = linked_engine.commands.start_case("handoff", {"family": "A", **answers}, "officer")

    data = linked_engine.queries.case(case_id).data
    assert data["determination"] == "potential_victim"
    assert data["indicators"] == {"A": True, "B": True, "C": True}


def test_a_case_started_from_another_is_linked_both_ways_and_replays(
    linked_engine: NrmEngine,
) -> None:
    answers = {**ADULT_NOT_INDICATIVE, "q4": True, "q8": True, "q15": "family"}
    screening_id = linked_engine.commands.start_case(
        "handoff", {"family": "Hoxha", **answers}, "officer"
    )

    screening = linked_engine.queries.case(screening_id)
    assert screening.status == "completed"
    [link] = screening.links
    assert (link.process, link.relation) == ("visit", "started")
    visit = linked_engine.queries.case(link.case_id)
    assert visit.data["family"] == "Hoxha", "the intake fields of the new process are carried over"
    assert "q4" not in visit.data, "only what the new process asks for at intake is carried"
    assert [(v.case_id, v.relation) for v in visit.links] == [(screening_id, "started_from")]
    assert [t.name for t in visit.tasks] == ["record_visit"]
    events = linked_engine.queries.events(screening_id)
    assert events[-2].type == "linked_case_started" and events[-2].data["case_id"] == visit.id
    assert linked_engine.queries.events(visit.id)[0].data["linked_from"]["case_id"] == screening_id
    with Session(linked_engine.db) as session:
        for case_id in (screening_id, visit.id):
            assert replay_case(session, linked_engine.catalog, case_id).matches


def test_a_linked_case_that_cannot_open_keeps_the_step_and_waits_as_an_incident(
    linked_engine: NrmEngine, tmp_path: Path
) -> None:
    # A newer visit process asks at intake for what the screening does not carry.
    forms = tmp_path / "forms"
    shutil.copytree(FIXTURES / "forms", forms)
    intake_file = forms / "visit" / "intake.schema.json"
    intake = json.loads(intake_file.read_text())
    intake["properties"]["escort"] = {
        "type": "string",
        "title": "Escort",
        "x-classification": "personal",
    }
    intake["required"].append("escort")
    intake_file.write_text(json.dumps(intake))
    linked_engine.load_processes(tmp_path / "processes", forms)

    answers = {**ADULT_NOT_INDICATIVE, "q4": True, "q8": True, "q15": "family"}
    screening_id = linked_engine.commands.start_case(
        "handoff", {"family": "Hoxha", **answers}, "officer"
    )

    screening = linked_engine.queries.case(screening_id)
    assert screening.data["determination"] == "potential_victim", "the screening was kept"
    assert screening.status == "open" and screening.links == []
    [incident] = screening.incidents
    assert incident.element_id == "hand_off"
    assert "visit" in incident.error_message and "escort" in incident.error_message
    with Session(linked_engine.db) as session:
        assert replay_case(session, linked_engine.catalog, screening_id).matches

    # The supervisor publishes a visit process that opens without it, then retries.
    intake["required"].remove("escort")
    intake_file.write_text(json.dumps(intake))
    linked_engine.load_processes(tmp_path / "processes", forms)
    IncidentRetry(linked_engine.db, linked_engine.clock, linked_engine.catalog).retry(
        incident.id, "supervisor"
    )
    screening = linked_engine.queries.case(screening_id)
    assert screening.incidents == [] and screening.status == "completed"
    [link] = screening.links
    assert linked_engine.queries.case(link.case_id).data["family"] == "Hoxha"
    with Session(linked_engine.db) as session:
        assert replay_case(session, linked_engine.catalog, screening_id).matches


def test_no_link_when_the_decision_does_not_identify_a_victim(linked_engine: NrmEngine) -> None:
    case_id = linked_engine.commands.start_case(
        "handoff", {"family": "A", **ADULT_NOT_INDICATIVE}, "officer"
    )
    case = linked_engine.queries.case(case_id)
    assert case.data["determination"] == "not_identified" and case.links == []


@pytest.mark.parametrize(
    ("age", "sections", "expected"),
    [
        (age, (a, b, c), expected)
        for age in ("adult", "child")
        for a in (False, True)
        for b in (False, True)
        for c in (False, True)
        for expected in [
            "potential_victim" if (a and c and (b or age == "child")) else "not_identified"
        ]
    ],
)
def test_the_determination_table_for_every_section_combination(
    linked_engine: NrmEngine, age: str, sections: tuple[bool, bool, bool], expected: str
) -> None:
    a, b, c = sections
    answers = {
        **ADULT_NOT_INDICATIVE,
        "date_of_birth": "2010-03-02" if age == "child" else "2008-03-01",  # 15 / just 18
        "q6": a,
        "q10": b,
        "q13": "recruitment_company" if c else "self",
    }
    result = linked_engine.queries.evaluate_decision("determination", answers)
    assert result["determination"] == expected
    assert result["indicators"] == {"A": a, "B": b, "C": c}


def test_no_common_language_means_referred_without_questions(linked_engine: NrmEngine) -> None:
    answers = {**ADULT_NOT_INDICATIVE, "common_language": False}
    result = linked_engine.queries.evaluate_decision("determination", answers)
    assert result["determination"] == "potential_victim"


def test_question_14_counts_only_for_self_made_arrangements(linked_engine: NrmEngine) -> None:
    cannot_describe = {**ADULT_NOT_INDICATIVE, "q14": False}
    assert linked_engine.queries.evaluate_decision("determination", cannot_describe)["indicators"][
        "C"
    ]
    # The handoff's intake (the form here that asks most of the questions) does not require
    # question 14, so the table itself finds it missing.
    with pytest.raises(DecisionFailed, match="q14"):
        linked_engine.queries.evaluate_decision(
            "determination", {k: v for k, v in ADULT_NOT_INDICATIVE.items() if k != "q14"}
        )


def test_an_unknown_decision_is_not_found(linked_engine: NrmEngine) -> None:
    with pytest.raises(NotFound):
        linked_engine.queries.evaluate_decision("no_such_decision", {})
