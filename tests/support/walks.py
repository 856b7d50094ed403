"""Walking a case through the JSON API, as a case worker's client would (child_return by
default; the other processes' tests pass their process and intake), or through the engine's
commands directly (`complete`, `walk_to_shelter`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from engine.base.clock import Clock, ManualClock
from engine.nrm_engine import NrmEngine
from forms.examples import CHILD_RETURN_INTAKE, example_submission
from tests.support.auth import USER_OF_ROLE, bearer

INTAKE: dict[str, Any] = CHILD_RETURN_INTAKE


class CaseWalk:
    """One case driven through the API: a new one of `process` opened by `starter`, or the
    existing case `case_id` (e.g. one another case opened, linked to it)."""

    def __init__(
        self,
        client: TestClient,
        clock: Clock,
        intake: dict[str, Any] | None = None,
        process: str = "child_return",
        starter: str = "border.officer",
        case_id: int | None = None,
    ) -> None:
        self.client = client
        self.clock = clock
        if case_id is not None:
            self.case = {"id": case_id}
            self.refresh()
            return
        assert intake is not None or process == "child_return", "give the intake of " + process
        response = client.post(
            "/api/cases",
            json={"process": process, "data": intake or INTAKE},
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
        response = self.client.get(f"/api/cases/{self.id}", headers=self.headers("supervisor"))
        assert response.status_code == 200, response.text
        self.case = response.json()
        return self.case

    def ready(self) -> list[str]:
        return sorted(task["name"] for task in self.refresh()["tasks"])

    def task(self, name: str) -> dict[str, Any]:
        matching = [task for task in self.refresh()["tasks"] if task["name"] == name]
        assert matching, f"{name} is not ready; ready: {self.ready()}"
        response = self.client.get(
            f"/api/tasks/{matching[0]['id']}", headers=self.headers("supervisor")
        )
        assert response.status_code == 200, response.text
        return response.json()

    def complete(self, name: str, actor: str | None = None, **answers: Any) -> dict[str, Any]:
        """Complete `name` signed in as `actor` (default: the test user of the task's role)."""
        task = self.task(name)
        data = example_submission(task["form"], self.clock.now().date(), answers)
        response = self.client.post(
            f"/api/tasks/{task['id']}/complete",
            json={"data": data},
            headers=self.headers(actor or task["role"]),
        )
        assert response.status_code == 200, response.text
        self.case = response.json()
        return self.case

    def linked(self, process: str) -> CaseWalk:
        """The case of `process` linked to this one (started by it, or that started it)."""
        links = [link for link in self.refresh()["links"] if link["process"] == process]
        assert len(links) == 1, f"links of {self.case['reference']}: {self.case['links']}"
        return CaseWalk(self.client, self.clock, case_id=links[0]["case_id"])

    def documents(self, kind: str) -> list[dict[str, Any]]:
        return [d for d in self.refresh()["documents"] if d["kind"] == kind]


def walk_to_proposal(walk: CaseWalk) -> None:
    """Annex 1 D.1: the child refuses return, is sheltered, custody is petitioned, the family
    is assessed and the court decides; the long-term solution is next."""
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
    walk.complete("approve_placement", actor="case.manager", placement_approved=True)
    walk.complete("place_in_shelter", actor="social.worker")
    walk.complete("file_custody_petition", actor="sss.officer")
    walk.complete("acknowledge_petition", actor="court.clerk")
    walk.complete("inform_family_of_custody", actor="sss.officer")
    walk.complete("family_assessment", actor="sss.officer", recommended_solution="foster_family")
    walk.complete("record_court_decision", actor="court.clerk")
    assert walk.ready() == ["propose_long_term_solution"]


LONG_TERM_PROPOSAL: dict[str, Any] = {
    "long_term_solution": "extended_family",
    "long_term_solution_reasons": "Her grandmother in Elbasan can care for her; she wishes it.",
    "followup_plan": "The local State Social Services officer visits every month.",
}


def agree_long_term_solution(walk: CaseWalk, **proposal: Any) -> dict[str, Any]:
    """After the family assessment: State Social Services propose the long-term solution and
    the case manager approves it (Art. 5.B.9, 5.C.5), so the follow-up plan starts."""
    walk.complete("propose_long_term_solution", **{**LONG_TERM_PROPOSAL, **proposal})
    return walk.complete("approve_long_term_solution", long_term_solution_approved=True)


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
    data = example_submission(form, engine.clock.now().date(), answers)
    engine.commands.complete_task(task.id, data, actor)


def walk_to_shelter(engine: NrmEngine, clock: ManualClock) -> int:
    """A child who refuses return: 1 case_started, 2 record_child_wishes, 3 approve_placement,
    4 place_in_shelter, then the custody petition is generated."""
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
    complete(engine, case_id, "approve_placement", "case.manager", placement_approved=True)
    clock.advance(timedelta(days=1))
    complete(engine, case_id, "place_in_shelter", "social.worker")
    return case_id


def reference(engine: NrmEngine, case_id: int) -> str:
    return engine.queries.case(case_id).reference
