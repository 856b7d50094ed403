"""The follow-up visit record and the family assessment summary, made in both languages from the
data of real child_return walk-throughs: the diagram generates them (service tasks after
record_followup_visit and family_assessment), and so does a direct call over the same facts."""

from __future__ import annotations

from fastapi.testclient import TestClient

from documents.generate import CaseFacts
from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from tests.support.documents import LANGUAGES, generate, pdf_text, text_of
from tests.support.walks import (
    CUSTODY_GRANTED,
    INTAKE,
    RETURN_AGREED,
    CaseWalk,
    shelter_at_once,
)


def facts_of(engine: NrmEngine, case_id: int) -> CaseFacts:
    case = engine.queries.case(case_id)
    version = f"{case.process} v{case.process_version}"
    return CaseFacts(reference=case.reference, process_version=version, data=case.data)


def assert_confidential(text: str) -> None:
    for secret in (INTAKE["child_name"], INTAKE["family_address"], "Ëndrra", "Çela"):
        assert secret not in text


def test_follow_up_visit_record_of_a_d2_walk_through(
    client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk = CaseWalk(client, clock)
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete("contact_parents", parents_reachable=True)
    walk.complete("approve_placement", actor="case.manager", placement_approved=True)
    walk.complete("assess_return_to_family", actor="authority", **RETURN_AGREED)
    walk.complete("confirm_reports_filed", actor="border.officer")
    walk.complete("release_to_family", actor="social.worker", released_to="Agim Çela")
    walk.complete("record_police_visit", actor="local.police", police_found_child_safe=True)
    case = walk.complete("record_followup_visit", actor="sss.officer", child_safe=True)
    assert walk.ready() == ["close_case"]
    generated = walk.documents("followup_visit_record")
    assert [d["language"] for d in generated] == ["sq", "en"], "made by the process"
    for document in generated:
        text = " ".join(pdf_text(client, document["id"]).split())
        assert case["reference"] in text and "D.2" in text
        assert_confidential(text)

    case_facts = facts_of(engine, walk.id)
    for language in LANGUAGES:
        document = generate("followup_visit_record", case_facts, clock.now(), language)
        text = text_of(document)
        assert case_facts.reference in text and "Ë. Ç." in text
        assert "D.2" in text and INTAKE["home_region"] in text
        assert_confidential(text)
        assert "Agim" not in text


def test_family_assessment_summary_of_a_d1_walk_through(
    client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk = CaseWalk(client, clock)
    shelter_at_once(walk)
    walk.complete("file_custody_petition", actor="sss.officer", court_reference="Nr. 77/2026")
    walk.complete(
        "inform_family_of_custody",
        actor="sss.officer",
        informed_person="Agim Çela",
        guardian_agreement="agreed",
    )
    walk.complete("coordinate_family_assessment", actor="authority")
    case = walk.complete(
        "family_assessment",
        actor="sss.officer",
        assessment_findings="Agim Çela cannot care for Ëndrra; her grandmother can.",
        recommended_solution="extended_family",
    )
    assert case["status"] == "open", "the case waits for the court's decision"
    assert walk.documents("family_assessment_summary") == [], "issued with the court's decision"
    walk.complete("acknowledge_petition", actor="court.clerk")
    walk.complete("record_court_decision", actor="court.clerk", **CUSTODY_GRANTED)
    assert walk.ready() == ["propose_long_term_solution"], "the long-term solution comes next"
    generated = walk.documents("family_assessment_summary")
    assert [d["language"] for d in generated] == ["sq", "en"], "made by the process"
    for document in generated:
        text = " ".join(pdf_text(client, document["id"]).split())
        assert "Nr. 77/2026" in text and "her grandmother can" in text
        assert_confidential(text)
        assert "Agim" not in text and "Vatra" not in text
        assert "Elbasan regional office" in text, "who holds temporary custody"

    case_facts = facts_of(engine, walk.id)
    for language in LANGUAGES:
        text = text_of(generate("family_assessment_summary", case_facts, clock.now(), language))
        assert case_facts.reference in text and "Ë. Ç." in text
        assert INTAKE["court"] in text and "Nr. 77/2026" in text and "D.1" in text
        assert "her grandmother can" in text
        assert_confidential(text)
        assert "Agim" not in text and "Vatra" not in text
