"""Walking child_return through the JSON API, as a case worker's client would."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from engine.clock import Clock
from forms.examples import example_submission

INTAKE: dict[str, Any] = {
    "child_name": "Ëndrra Çela",
    "date_of_birth": "2011-05-14",
    "sex": "female",
    "home_region": "Elbasan",
    "family_address": "Rruga e Kavajës 12, Elbasan",
    "identification_date": "2026-03-01",
    "identified_by": "Border police, Kakavija crossing point",
    "case_manager": "case.manager",
    "court": "Gjykata e Rrethit Gjyqësor Elbasan",
    "circumstances": (
        "Found begging at a market in Ioannina; travelled with an adult who is not her parent."
    ),
}


class CaseWalk:
    """One child_return case driven through the API."""

    def __init__(
        self, client: TestClient, clock: Clock, intake: dict[str, Any] | None = None
    ) -> None:
        self.client = client
        self.clock = clock
        response = client.post(
            "/api/cases",
            json={"process": "child_return", "data": intake or INTAKE},
            headers={"X-NRM-User": "border.officer"},
        )
        assert response.status_code == 201, response.text
        self.case = response.json()

    @property
    def id(self) -> int:
        return self.case["id"]

    def refresh(self) -> dict[str, Any]:
        response = self.client.get(f"/api/cases/{self.id}")
        assert response.status_code == 200, response.text
        self.case = response.json()
        return self.case

    def ready(self) -> list[str]:
        return sorted(task["name"] for task in self.refresh()["tasks"])

    def task(self, name: str) -> dict[str, Any]:
        matching = [task for task in self.refresh()["tasks"] if task["name"] == name]
        assert matching, f"{name} is not ready; ready: {self.ready()}"
        response = self.client.get(f"/api/tasks/{matching[0]['id']}")
        assert response.status_code == 200, response.text
        return response.json()

    def complete(self, name: str, actor: str = "worker", **answers: Any) -> dict[str, Any]:
        task = self.task(name)
        data = example_submission(task["form"], self.clock.now().date(), answers)
        response = self.client.post(
            f"/api/tasks/{task['id']}/complete",
            json={"data": data},
            headers={"X-NRM-User": actor},
        )
        assert response.status_code == 200, response.text
        self.case = response.json()
        return self.case

    def documents(self, kind: str) -> list[dict[str, Any]]:
        return [d for d in self.refresh()["documents"] if d["kind"] == kind]
