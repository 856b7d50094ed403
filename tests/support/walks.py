"""Walking a case through the JSON API, as a case worker's client would (child_return by
default; the other processes' tests pass their process, and an intake where the procedure's
example, forms/<process>/examples/intake.json, is not the one), or through the engine's commands
directly (`complete`, `walk_to_shelter`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from engine.base.clock import Clock, ManualClock
from engine.nrm_engine import NrmEngine
from forms.examples import CHILD_RETURN_INTAKE, example_submission
from forms.procedures import example
from tests.support.auth import USER_OF_ROLE, bearer

INTAKE: dict[str, Any] = CHILD_RETURN_INTAKE


class CaseWalk:
    """One case driven through the API: a new one of `process` opened by `starter`, or the
    existing case `case_id` (e.g. one another case opened, linked to it). It is read as
    `viewer` (a supervisor of the case's region: set another when the case moves region)."""

    viewer = "supervisor"

    def __init__(
        self,
        client: TestClient,
        clock: Clock,
        intake: dict[str, Any] | None = None,
        process: str = "child_return",
        starter: str = "border.officer",
        case_id: int | None = None,
        viewer: str | None = None,
    ) -> None:
        self.client = client
        self.clock = clock
        self.viewer = viewer or self.viewer
        if case_id is not None:
            self.case = {"id": case_id}
            self.refresh()
            return
        response = client.post(
            "/api/cases",
            json={"process": process, "data": example(process) if intake is None else intake},
            headers=bearer(client, starter),
        )
        assert response.status_code == 201, response.text
        self.case = response.json()

    def headers(self, role_or_user: str = "case_manager") -> dict[str, str]:
        """A bearer token of the test user of a role (or of the named user)."""
        return bearer(self.client, USER_OF_ROLE.get(role_or_user, role_or_user))

    @property
    def id(self) -> int:
        return self.case["id"]

    def refresh(self) -> dict[str, Any]:
        response = self.client.get(f"/api/cases/{self.id}", headers=self.headers(self.viewer))
        assert response.status_code == 200, response.text
        self.case = response.json()
        return self.case

    def ready(self) -> list[str]:
        return sorted(task["name"] for task in self.refresh()["tasks"])

    def task(self, name: str) -> dict[str, Any]:
        matching = [task for task in self.refresh()["tasks"] if task["name"] == name]
        assert matching, f"{name} is not ready; ready: {self.ready()}"
        response = self.client.get(
            f"/api/tasks/{matching[0]['id']}", headers=self.headers(self.viewer)
        )
        assert response.status_code == 200, response.text
        return response.json()

    def complete(self, name: str, actor: str | None = None, **answers: Any) -> dict[str, Any]:
        """Complete `name` signed in as `actor` (default: the test user of the task's role)."""
        task = self.task(name)
        data = example_submission(
            task["form"], self.clock.now().date(), answers, follow_rules=True
        )
        response = self.client.post(
            f"/api/tasks/{task['id']}/complete",
            json={"data": data},
            headers=self.headers(actor or task["role"]),
        )
        assert response.status_code == 200, response.text
        self.case = response.json()
        return self.case

    def linked(self, process: str, viewer: str | None = None) -> CaseWalk:
        """The case of `process` linked to this one (started by it, or that started it), read
        as `viewer` (by default as this one)."""
        links = [link for link in self.refresh()["links"] if link["process"] == process]
        assert len(links) == 1, f"links of {self.case['reference']}: {self.case['links']}"
        case_id = links[0]["case_id"]
        return CaseWalk(self.client, self.clock, case_id=case_id, viewer=viewer or self.viewer)

    def documents(self, kind: str) -> list[dict[str, Any]]:
        return [d for d in self.refresh()["documents"] if d["kind"] == kind]


def shelter_at_once(walk: CaseWalk) -> None:
    """Annex 1 D.1: the child refuses return; the social worker places her in a shelter at
    once and the case manager approves the placement (Art. 5.B.4)."""
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
    walk.complete("place_in_shelter", actor="social.worker")
    walk.complete(
        "review_immediate_placement", actor="case.manager", immediate_placement_decision="approved"
    )


CUSTODY_GRANTED: dict[str, Any] = {
    "court_decision": "granted",
    "temporary_custody_holder": "State Social Services, Elbasan regional office",
    "custody_from": "2026-03-04",
}


def inform_and_assess_family(walk: CaseWalk, **assessment: Any) -> None:
    """Annex 1 D.1 / D.3, Art. 5.C.5: State Social Services inform the family, the
    Responsible Authority coordinates the assessment, State Social Services assess."""
    walk.complete("inform_family_of_custody", actor="sss.officer", guardian_agreement="agreed")
    walk.complete("coordinate_family_assessment", actor="authority")
    walk.complete("family_assessment", actor="sss.officer", **assessment)


def walk_to_proposal(walk: CaseWalk) -> None:
    """Annex 1 D.1: the child refuses return, is sheltered, custody is petitioned, the family
    is assessed and the court grants custody; the long-term solution is next."""
    shelter_at_once(walk)
    walk.complete("file_custody_petition", actor="sss.officer")
    walk.complete("acknowledge_petition", actor="court.clerk")
    inform_and_assess_family(walk, recommended_solution="foster_family")
    walk.complete("record_court_decision", actor="court.clerk", **CUSTODY_GRANTED)
    assert walk.ready() == ["propose_long_term_solution"]


LONG_TERM_PROPOSAL: dict[str, Any] = {
    "long_term_solution": "extended_family",
    "long_term_solution_reasons": "Her grandmother in Elbasan can care for her; she wishes it.",
    "followup_plan": "The local State Social Services officer visits every month.",
    "child_views": "She wants to live with her grandmother and go back to her school.",
    "child_views_weight": "She is 14 and clear about it; her wish matches the assessment.",
}


def agree_long_term_solution(walk: CaseWalk, **proposal: Any) -> dict[str, Any]:
    """After the family assessment: State Social Services propose the long-term solution and
    the case manager approves it (Art. 5.B.9, 5.C.5), so the follow-up plan starts; a return to
    the family is assessed and agreed first (Art. 5.B.10)."""
    walk.complete("propose_long_term_solution", **{**LONG_TERM_PROPOSAL, **proposal})
    case = walk.complete("approve_long_term_solution", long_term_solution_approved=True)
    if "assess_long_term_return" in walk.ready():
        case = walk.complete("assess_long_term_return", **RETURN_AGREED)
    return case


# Art. 5.B.10: the Responsible Authority's assessment, and both agreements.
RETURN_AGREED: dict[str, Any] = {
    "return_circumstances_safe": True,
    "child_agrees_to_return": True,
    "family_agrees_to_return": True,
}


def return_home(walk: CaseWalk, **release: Any) -> dict[str, Any]:
    """Annex 1 D.2 / D.3 after the case manager approved the family: the Responsible Authority
    assesses the return with both agreements (Art. 5.B.10), the reports are filed, and the
    child goes home (released, or escorted in D.3)."""
    walk.complete("assess_return_to_family", actor="authority", **RETURN_AGREED)
    walk.complete("confirm_reports_filed", actor="border.officer")
    name = "release_to_family" if "release_to_family" in walk.ready() else "escorted_return"
    return walk.complete(name, actor="social.worker", **release)


def visit(walk: CaseWalk, safe: bool = True, **answers: Any) -> dict[str, Any]:
    """Annex 1 D.2 / D.3: the local police and State Social Services each visit the family."""
    police = {"police_found_child_safe": safe}
    if not safe:
        police["police_concerns"] = "Bruises on her arms; she would not speak in front of them."
    walk.complete("record_police_visit", actor="local.police", **police)
    if "record_followup_visit" not in walk.ready():
        return walk.case
    return walk.complete("record_followup_visit", actor="sss.officer", child_safe=True, **answers)


def close_case(walk: CaseWalk, reason: str = "reintegrated") -> dict[str, Any]:
    """The case manager ends the follow-up plan and closes the case (Art. 5.C.5)."""
    return walk.complete(
        "close_case",
        closure_reason=reason,
        closing_reason="Settled with her grandmother; school attendance is regular.",
    )


def complete(engine: NrmEngine, case_id: int, name: str, actor: str, **answers: Any) -> None:
    task = next(t for t in engine.queries.case(case_id).tasks if t.name == name)
    form = engine.queries.task(task.id).form
    data = example_submission(form, engine.clock.now().date(), answers, follow_rules=True)
    engine.commands.complete_task(task.id, data, actor)


def walk_to_shelter(engine: NrmEngine, clock: ManualClock) -> int:
    """A child who refuses return: 1 case_started, 2 record_child_wishes, 3 place_in_shelter
    (4 child_moved), 5 review_immediate_placement, then the custody petition is generated."""
    case_id = engine.commands.start_case("child_return", INTAKE, "border.officer")
    clock.advance(timedelta(hours=2))
    complete(
        engine,
        case_id,
        "record_child_wishes",
        "social.worker",
        child_wishes_return=False,
        family_implicated=False,
    )
    clock.advance(timedelta(hours=3))
    complete(engine, case_id, "place_in_shelter", "social.worker")
    clock.advance(timedelta(hours=5))
    complete(
        engine,
        case_id,
        "review_immediate_placement",
        "case.manager",
        immediate_placement_decision="approved",
    )
    return case_id


def reference(engine: NrmEngine, case_id: int) -> str:
    return engine.queries.case(case_id).reference
