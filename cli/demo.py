"""Demo cases at different points of child_return, so a newcomer has something to click through."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from cli.demo_directory import seed_directory
from engine.access.users import UserAccounts
from engine.base.clock import SystemClock
from engine.base.settings import Settings
from engine.nrm_engine import NrmEngine
from engine.storage.private_files import write_private
from forms.examples import example_submission
from forms.procedures import example

Step = tuple[str, dict[str, Any]]

DEMO_REGION = "Elbasan"
DEMO_COURT = "Gjykata e Rrethit Gjyqësor Elbasan"
# The demo users' password: made at random once per installation (never one shared by every
# install) and kept, readable by its owner only, in the data folder.
DEMO_PASSWORD_FILE = "demo-password"
# What every installation's demo users had before: public, so an account with it is a demo one.
FORMER_DEMO_PASSWORD = "nrm-demo-2026"
# One demo user per role: (user name, role, region, court).
DEMO_USERS: list[tuple[str, str, str | None, str | None]] = [
    ("border.officer", "border_police", DEMO_REGION, None),
    ("social.worker", "social_worker", DEMO_REGION, None),
    ("case.manager", "case_manager", DEMO_REGION, None),
    ("supervisor", "supervisor", DEMO_REGION, None),
    ("sss.officer", "state_social_services", DEMO_REGION, None),
    ("authority", "responsible_authority", None, None),
    ("local.police", "local_police", DEMO_REGION, None),
    ("drra.officer", "drra_officer", None, None),
    ("court.clerk", "court", None, DEMO_COURT),
    ("auditor", "auditor", None, None),
    ("admin", "admin", None, None),
]
ACTOR_OF_ROLE = {role: name for name, role, _region, _court in DEMO_USERS}


def _intake(name: str, born: str, sex: str, region: str, circumstances: str) -> dict[str, Any]:
    """The example child_return intake (forms/child_return/examples/), for another child."""
    intake = {
        **example("child_return"),
        "child_name": name,
        "date_of_birth": born,
        "sex": sex,
        "home_region": region,
        "court": DEMO_COURT if region == DEMO_REGION else f"Gjykata e Rrethit Gjyqësor {region}",
        "circumstances": circumstances,
    }
    del intake["family_address"]  # the example's address is in Elbasan
    return intake


# Annex 1 D.2 up to the return: the parents agree to the services (Art. 5.B.4), the case manager
# approves, the Responsible Authority assesses the return with both agreements (Art. 5.B.10).
D2_RETURN: list[Step] = [
    ("record_child_wishes", {"child_wishes_return": True, "family_implicated": False}),
    ("contact_parents", {"parents_reachable": True, "guardian_agreement": "agreed"}),
    ("approve_placement", {"placement_approved": True}),
    (
        "assess_return_to_family",
        {
            "return_circumstances_safe": True,
            "child_agrees_to_return": True,
            "family_agrees_to_return": True,
        },
    ),
    ("confirm_reports_filed", {}),
    ("release_to_family", {}),
]

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
            *D2_RETURN,
            # Both visits within the week (Annex 1 D.2): the compliance page counts them, and
            # the case waits for the case manager's closing task.
            ("record_police_visit", {"police_found_child_safe": True}),
            ("record_followup_visit", {"child_safe": True}),
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
            # Annex 1 D.1: placed at once; the case manager confirms (Art. 5.B.4).
            ("place_in_shelter", {}),
            ("review_immediate_placement", {"immediate_placement_decision": "approved"}),
        ],
    ),
    (
        _intake(
            "Gent Basha",
            "2011-07-05",
            "male",
            DEMO_REGION,
            "Worked in a car wash near Athens for his uncle; wishes to go home to his mother.",
        ),
        [
            *D2_RETURN,
            # The police find him unsafe: the social services' visit gives way to the case
            # manager's urgent decision, due within a day (docs/assumptions.md).
            (
                "record_police_visit",
                {
                    "police_found_child_safe": False,
                    "police_concerns": "Bruises on his arms; silent in front of his uncle.",
                },
            ),
        ],
    ),
    (
        _intake(
            "Hana Lika",
            "2012-12-19",
            "female",
            DEMO_REGION,
            "Found alone at the bus station of Ioannina; her parents left their flat in Elbasan.",
        ),
        [
            ("record_child_wishes", {"child_wishes_return": True, "family_implicated": False}),
            (
                "contact_parents",
                {"parents_reachable": False, "guardian_agreement": "cannot_be_obtained"},
            ),
            # Annex 1 D.4: placed at once; the social worker searches, reminded every 7 days.
            ("place_in_shelter", {}),
            ("review_immediate_placement", {"immediate_placement_decision": "approved"}),
            ("record_search_attempt", {"search_means": "phone", "search_result": "not_found"}),
        ],
    ),
    (
        _intake(
            "Iris Gjoka",
            "2010-05-27",
            "female",
            DEMO_REGION,
            "Exploited in a restaurant in Bari; does not want to go back to her father.",
        ),
        [
            ("record_child_wishes", {"child_wishes_return": False, "family_implicated": True}),
            ("place_in_shelter", {}),
            ("review_immediate_placement", {"immediate_placement_decision": "approved"}),
            ("file_custody_petition", {}),
            ("acknowledge_petition", {}),
            # The court sets a hearing: the case waits for its date, then asks for the outcome.
            (
                "record_court_decision",
                {"court_decision": "hearing_scheduled", "hearing_date": timedelta(days=10)},
            ),
        ],
    ),
    (
        _intake(
            "Jon Berisha",
            "2011-10-02",
            "male",
            DEMO_REGION,
            "Begged in Thessaloniki with an older cousin; wishes to go home.",
        ),
        [
            ("record_child_wishes", {"child_wishes_return": True, "family_implicated": False}),
            ("contact_parents", {"parents_reachable": True, "guardian_agreement": "agreed"}),
            ("approve_placement", {"placement_approved": True}),
            # Art. 5.B.10: the family will not take him back: the case manager decides now.
            (
                "assess_return_to_family",
                {
                    "return_circumstances_safe": True,
                    "child_agrees_to_return": True,
                    "family_agrees_to_return": False,
                    "return_assessment": "His stepfather refuses to have him home.",
                },
            ),
        ],
    ),
]


def _complete(engine: NrmEngine, case_id: int, task_name: str, answers: dict[str, Any]) -> None:
    task = next(t for t in engine.queries.case(case_id).tasks if t.name == task_name)
    form = engine.queries.task(task.id).form
    today = engine.clock.now().date()
    # A date given as a time from now (a hearing in ten days) is that day of the demo's clock.
    dated = {
        name: (today + value).isoformat() if isinstance(value, timedelta) else value
        for name, value in answers.items()
    }
    data = example_submission(form, today, dated, follow_rules=True)
    engine.commands.complete_task(task.id, data, actor=ACTOR_OF_ROLE.get(task.role, "demo"))


def demo_password(settings: Settings) -> tuple[str, bool]:
    """This installation's demo password, and whether it was just made."""
    path = settings.data_dir / DEMO_PASSWORD_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip(), False
    path.parent.mkdir(parents=True, exist_ok=True)
    password = "-".join(secrets.token_hex(3) for _ in range(4))
    write_private(path, password.encode())
    return password, True


def seed_users(engine: NrmEngine, password: str, new_password: bool = False) -> Iterator[str]:
    """One demo user per role (kept if they exist; given `password` when it is new to this
    installation), and how to sign in as each."""
    accounts = UserAccounts(engine.db)
    yield f"Demo users (password for each: {password}):"
    for name, role, region, court in DEMO_USERS:
        if not accounts.exists(name):
            accounts.create(name, role, password, SystemClock().now(), region, court)
        elif new_password:
            accounts.update(name, password=password)
        yield f"  {name:<16} {role:<22} {region or court or ''}"


def demo_accounts(engine: NrmEngine, settings: Settings) -> list[str]:
    """The demo users this database holds, active and signing in with a demo password (this
    installation's or the one every installation once shared): `nrm serve` refuses them outside
    demo mode."""
    accounts = UserAccounts(engine.db)
    path = settings.data_dir / DEMO_PASSWORD_FILE
    passwords = [FORMER_DEMO_PASSWORD]
    if path.exists():
        passwords.append(path.read_text(encoding="utf-8").strip())
    return [
        name
        for name, *_ in DEMO_USERS
        if any(accounts.has_password(name, password) for password in passwords)
    ]


def seed_demo(engine: NrmEngine, password: str, new_password: bool = False) -> Iterator[str]:
    yield from seed_users(engine, password, new_password)
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
