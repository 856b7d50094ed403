"""Demo cases at different points of child_return, so a newcomer has something to click through."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.service import NrmEngine
from forms.examples import example_submission

Step = tuple[str, dict[str, Any]]


def _intake(name: str, born: str, sex: str, region: str, circumstances: str) -> dict[str, Any]:
    return {
        "child_name": name,
        "date_of_birth": born,
        "sex": sex,
        "home_region": region,
        "identification_date": "2026-03-01",
        "identified_by": "Border police, Kakavija crossing point",
        "case_manager": "case.manager",
        "court": f"Gjykata e Rrethit Gjyqësor {region}",
        "circumstances": circumstances,
    }


DEMO_CASES: list[tuple[dict[str, Any], list[Step]]] = [
    (
        _intake(
            "Arta Hoxha",
            "2010-09-03",
            "female",
            "Elbasan",
            "Returned from Greece after months of street begging organised by an adult.",
        ),
        [],
    ),
    (
        _intake(
            "Besnik Kola",
            "2011-01-22",
            "male",
            "Korçë",
            "Found selling goods at traffic lights in Thessaloniki; says he will not go home.",
        ),
        [("record_child_wishes", {"child_wishes_return": False, "family_implicated": False})],
    ),
    (
        _intake(
            "Drita Leka",
            "2009-11-30",
            "female",
            "Shkodër",
            "Recruited for domestic work abroad by a neighbour; wishes to go home.",
        ),
        [
            ("record_child_wishes", {"child_wishes_return": True, "family_implicated": False}),
            ("contact_parents", {"parents_reachable": True}),
            ("approve_placement", {"placement_approved": True}),
            ("confirm_reports_filed", {}),
            ("release_to_family", {}),
        ],
    ),
    (
        _intake(
            "Ermal Duka",
            "2012-04-17",
            "male",
            "Fier",
            "Sent abroad by his father to work in agriculture; wishes to return home.",
        ),
        [
            ("record_child_wishes", {"child_wishes_return": True, "family_implicated": True}),
            ("contact_parents", {"parents_reachable": True}),
        ],
    ),
    (
        _intake(
            "Fjona Marku",
            "2010-02-08",
            "female",
            "Durrës",
            "Exploited in a bar in Italy; refuses to return to her family.",
        ),
        [
            ("record_child_wishes", {"child_wishes_return": False, "family_implicated": True}),
            ("approve_placement", {"placement_approved": True}),
            ("place_in_shelter", {}),
        ],
    ),
]


def _complete(engine: NrmEngine, case_id: int, task_name: str, answers: dict[str, Any]) -> None:
    task = next(t for t in engine.queries.case(case_id).tasks if t.name == task_name)
    form = engine.queries.task(task.id).form
    data = example_submission(form, engine.clock.now().date(), answers)
    engine.commands.complete_task(task.id, data, actor=f"demo.{task.role}")


def seed_demo(engine: NrmEngine) -> Iterator[str]:
    if engine.queries.tasks():
        yield "The database already has open tasks; no demo cases added."
        return
    for intake, steps in DEMO_CASES:
        case_id = engine.commands.start_case("child_return", intake, "demo.border_police")
        for task_name, answers in steps:
            _complete(engine, case_id, task_name, answers)
        case = engine.queries.case(case_id)
        waiting = ", ".join(f"{t.title} ({t.role})" for t in case.tasks) or "nothing"
        yield f"{case.reference}  child_return  waiting for: {waiting}"
