"""The path every benchmark walks: child_return, the child goes home to a safe family (D.2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Engine

from engine.access.users import UserAccounts
from engine.base.roles import role_of_lane
from engine.base.settings import PROJECT_ROOT
from engine.procedures.rules import parse_and_check
from engine.workflow.spec_info import form_name
from engine.workflow.specs import ParsedProcess, ProcessBundle, read_bundle
from forms.examples import CHILD_RETURN_INTAKE, example_submission

PROCESS_ID = "child_return"
PROCESSES_DIR = PROJECT_ROOT / "processes"
FORMS_DIR = PROJECT_ROOT / "forms"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INTAKE_STEP = "intake"


INTAKE: dict[str, Any] = CHILD_RETURN_INTAKE


# Who does what: one user per role, in the case's region; the intake names the case manager.
REGION = INTAKE["home_region"]
USERS: dict[str, str] = {
    "border_police": "border.officer",
    "social_worker": "social.worker",
    "case_manager": INTAKE["case_manager"],
    "state_social_services": "sss.officer",
    "supervisor": "supervisor",
    "responsible_authority": "authority",
    "local_police": "local.police",
}
INTAKE_ACTOR = USERS["border_police"]
PASSWORD = "bench-password-not-secret"


def add_path_users(db: Engine) -> None:
    """One account per role of the path (national roles without a region); the intake's case
    manager is one of them, as the form's choices require."""
    accounts = UserAccounts(db)
    for role, name in USERS.items():
        if not accounts.exists(name):
            region = None if role in ("case_manager", "responsible_authority") else REGION
            accounts.create(name, role, PASSWORD, datetime.now(UTC), region=region)


@dataclass(frozen=True)
class PathStep:
    task: str
    answers: dict[str, Any]

    @property
    def role(self) -> str:
        """The role of the task's lane in the diagram."""
        role = role_of_lane(parsed_process().spec.task_specs[self.task].lane)
        assert role in USERS, f"{self.task} is in the lane of {role}, who has no bench user"
        return role

    @property
    def actor(self) -> str:
        return USERS[self.role]


TASK_STEPS: tuple[PathStep, ...] = (
    PathStep("record_child_wishes", {"child_wishes_return": True, "family_implicated": False}),
    PathStep("contact_parents", {"parents_reachable": True}),
    PathStep("approve_placement", {"placement_approved": True}),
    PathStep("assess_return_to_family", {}),  # both agree (Art. 5.B.10); renders two PDFs
    PathStep("confirm_reports_filed", {}),
    PathStep("release_to_family", {}),
    PathStep("record_police_visit", {}),
    PathStep("record_followup_visit", {}),  # renders the follow-up visit record (two PDFs)
    PathStep("close_case", {}),
)

STEP_NAMES: tuple[str, ...] = (INTAKE_STEP, *(step.task for step in TASK_STEPS))


@cache
def bundle() -> ProcessBundle:
    return read_bundle(PROCESSES_DIR / f"{PROCESS_ID}.bpmn", FORMS_DIR)


@cache
def parsed_process() -> ParsedProcess:
    """Parsed once per benchmark process, as the engine's catalogue does."""
    return parse_and_check(bundle())


def form_of(task: str) -> dict[str, Any]:
    """The form the diagram names for the user task `task`."""
    name = form_name(parsed_process().spec.task_specs[task])
    assert name is not None, f"{task} names no form"
    return bundle().forms[name]


@cache
def submissions() -> dict[str, dict[str, Any]]:
    """The valid form data of each step, the same for the floor, the engine and the API."""
    return {
        step.task: example_submission(form_of(step.task), START.date(), step.answers)
        for step in TASK_STEPS
    }
