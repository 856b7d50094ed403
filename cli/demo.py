"""Demo cases at different points of child_return, so a newcomer has something to click through."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cli.demo_directory import seed_directory
from engine.access.users import UserAccounts
from engine.base.clock import SystemClock
from engine.nrm_engine import NrmEngine
from forms.examples import example_submission

Step = tuple[str, dict[str, Any]]

DEMO_REGION = "Elbasan"
DEMO_COURT = "Gjykata e Rrethit Gjyqësor Elbasan"
# For the demo database only: every demo user signs in with this password.
DEMO_PASSWORD = "nrm-demo-2026"
# One demo user per role: (user name, role, region, court).
DEMO_USERS: list[tuple[str, str, str | None, str | None]] = [
    ("border.officer", "border_police", DEMO_REGION, None),
    ("social.worker", "social_worker", DEMO_REGION, None),
    ("case.manager", "case_manager", DEMO_REGION, None),
    ("supervisor", "supervisor", DEMO_REGION, None),
    ("sss.officer", "state_social_services", DEMO_REGION, None),
    ("authority", "responsible_authority", DEMO_REGION, None),
    ("drra.officer", "drra_officer", None, None),
    ("court.clerk", "court", None, DEMO_COURT),
    ("auditor", "auditor", None, None),
    ("admin", "admin", None, None),
]
ACTOR_OF_ROLE = {role: name for name, role, _region, _court in DEMO_USERS}


def _intake(name: str, born: str, sex: str, region: str, circumstances: str) -> dict[str, Any]:
    return {
        "child_name": name,
        "date_of_birth": born,
        "sex": sex,
        "home_region": region,
        "identification_date": "2026-03-01",
        "identified_by": "Border police, Kakavija crossing point",
        "case_manager": "case.manager",
        "court": DEMO_COURT if region == DEMO_REGION else f"Gjykata e Rrethit Gjyqësor {region}",
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
            DEMO_REGION,
            "Found selling goods at traffic lights in Thessaloniki; says he will not go home.",
        ),
        [("record_child_wishes", {"child_wishes_return": False, "family_implicated": False})],
    ),
    (
        _intake(
            "Drita Leka",
            "2009-11-30",
            "female",
            DEMO_REGION,
            "Recruited for domestic work abroad by a neighbour; wishes to go home.",
        ),
        [
            ("record_child_wishes", {"child_wishes_return": True, "family_implicated": False}),
            ("contact_parents", {"parents_reachable": True}),
            ("approve_placement", {"placement_approved": True}),
            ("confirm_reports_filed", {}),
            ("release_to_family", {}),
            # Within the week (Annex 1 D.2): the compliance page counts it.
            ("record_followup_visit", {"police_visited": True, "child_safe": True}),
        ],
    ),
    (
        _intake(
            "Ermal Duka",
            "2012-04-17",
            "male",
            DEMO_REGION,
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
            DEMO_REGION,
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
    engine.commands.complete_task(task.id, data, actor=ACTOR_OF_ROLE.get(task.role, "demo"))


def seed_users(engine: NrmEngine) -> Iterator[str]:
    """One demo user per role (kept if they exist), and how to sign in as each."""
    accounts = UserAccounts(engine.db)
    yield f"Demo users (password for each: {DEMO_PASSWORD}):"
    for name, role, region, court in DEMO_USERS:
        if not accounts.exists(name):
            accounts.create(name, role, DEMO_PASSWORD, SystemClock().now(), region, court)
        yield f"  {name:<16} {role:<22} {region or court or ''}"


def seed_demo(engine: NrmEngine) -> Iterator[str]:
    yield from seed_users(engine)
    yield from seed_directory(engine)
    if engine.queries.tasks():
        yield "The database already has open tasks; no demo cases added."
        return
    for intake, steps in DEMO_CASES:
        case_id = engine.commands.start_case("child_return", intake, "border.officer")
        for task_name, answers in steps:
            _complete(engine, case_id, task_name, answers)
        case = engine.queries.case(case_id)
        waiting = ", ".join(f"{t.title} ({t.role})" for t in case.tasks) or "nothing"
        yield f"{case.reference}  child_return  waiting for: {waiting}"
