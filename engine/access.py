"""Who may see and do what (issue 5): assignment from case data, authorisation and Art. 4
confidentiality. Pure rules over a few facts about a case, plus the queries that gather them.

Rules, in short:
- A task of the `case_manager` lane goes to the case's appointed case manager only (case data
  `case_manager`, or the one a supervisor appointed since). A task of any other lane goes to the
  users of that role whose region is the case's `home_region`.
- A user sees the cases they work on: the ones with a task for them, the ones they (or, for a
  regional role, their team in that region) acted on, and, for a case manager, the ones they are
  appointed to. Supervisors see every case of their region, court users the cases of their court
  (to receive its documents), auditors every case (read only). Admins manage users, not cases.
- Personal data (Art. 4: the child's name, addresses, shelter and facility, family members'
  names, the free-text circumstances and welfare concerns) is shown only to the social worker,
  the case manager, State Social Services and the supervisor; everyone else sees the child's
  initials and the case reference. Every view of a case is written to the access log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, or_
from sqlalchemy import case as sql_case
from sqlmodel import Session, col, select

from documents.confidentiality import CONFIDENTIAL_FIELDS
from documents.facts import initials
from engine.base.case_routing import effective_case_manager, region_key, same_region
from engine.base.clock import Clock
from engine.base.errors import NotFound
from engine.queries import _task_info
from engine.storage.models import (
    AccessLogEntry,
    Case,
    Event,
    InboxTask,
    TaskClaim,
)
from engine.users import REGIONAL_ROLES, Principal
from engine.views import TaskInfo

# A list of cases shows the newest this many; an older one is still opened at /cases/{id}.
VISIBLE_CASES_LIMIT = 500
PERSONAL_DATA_ROLES = frozenset(
    {"social_worker", "case_manager", "state_social_services", "supervisor"}
)
# Free text that tells a person's story: shown only where the names are.
PERSONAL_FIELDS: tuple[str, ...] = (
    *CONFIDENTIAL_FIELDS,
    "facility_id",  # where the child stays (engine/directory.py)
    "circumstances",
    "welfare_concerns",
    "report_details",
    "referral_history",
    "needs_and_expectations",
    "immediate_safety_concerns",
    "information_summary",
    "decision_notes",
    "return_wish_notes",
    "interview_notes",
    "complaint_notes",
    "denunciation_notes",
    "pre_screening_findings",
    "assessment_findings",
    "child_views",
)
START_ROLES = frozenset(
    {
        "border_police",
        "social_worker",
        "case_manager",
        "supervisor",
        "state_social_services",
        "drra_officer",
    }
)
WITHHELD = "[withheld]"


@dataclass
class CaseFacts:
    case_id: int
    reference: str
    region: str | None
    court: str | None
    case_manager: str | None
    actors: set[str] = field(default_factory=set)
    roles_acted: set[str] = field(default_factory=set)
    ready_roles: set[str] = field(default_factory=set)


# --- rules ------------------------------------------------------------------------------------


def can_do_task(user: Principal, task_role: str, facts: CaseFacts) -> bool:
    if user.role != task_role or user.role in ("auditor", "admin"):
        return False
    if task_role == "case_manager":
        return facts.case_manager is not None and user.name == facts.case_manager
    if task_role == "court":
        return user.court is not None and user.court == facts.court
    if task_role in REGIONAL_ROLES or user.region:
        return user.region is not None and same_region(user.region, facts.region)
    return True


def can_view_case(user: Principal, facts: CaseFacts) -> bool:
    role = user.role
    if role == "auditor":
        return True
    if role == "admin":
        return False
    if role == "supervisor":
        return same_region(user.region, facts.region)
    if role == "court":
        return user.court is not None and user.court == facts.court
    if user.name in facts.actors:
        return True
    if role == "case_manager":
        return user.name == facts.case_manager
    if role in facts.ready_roles and can_do_task(user, role, facts):
        return True
    return (
        role in facts.roles_acted
        and role in REGIONAL_ROLES
        and same_region(user.region, facts.region)
    )


def can_change_case(user: Principal, facts: CaseFacts) -> bool:
    return user.role not in ("auditor", "admin", "court") and can_view_case(user, facts)


def can_reassign(user: Principal, facts: CaseFacts) -> bool:
    return user.role == "supervisor" and same_region(user.region, facts.region)


def sees_personal_data(user: Principal, facts: CaseFacts) -> bool:
    return user.role in PERSONAL_DATA_ROLES and can_view_case(user, facts)


def can_start_case(user: Principal) -> bool:
    return user.role in START_ROLES


# --- redaction --------------------------------------------------------------------------------


def child_label(data: dict[str, Any], reference: str, personal: bool) -> str:
    name = data.get("child_name")
    if not isinstance(name, str) or not name.strip():
        return reference
    if personal:
        return name
    try:
        return initials(name)
    except ValueError:
        return WITHHELD


def redact_data(data: dict[str, Any]) -> dict[str, Any]:
    """Case data as someone without access to personal data may see it."""
    shown = dict(data)
    for name in PERSONAL_FIELDS:
        if shown.get(name) not in (None, ""):
            shown[name] = WITHHELD
    if isinstance(data.get("child_name"), str) and data["child_name"].strip():
        shown["child_name"] = child_label(data, "", personal=False)
    return shown


def redact_event_data(data: dict[str, Any]) -> dict[str, Any]:
    shown = redact_data(data)
    if isinstance(data.get("data"), dict):
        shown["data"] = redact_data(data["data"])
    return shown


# --- facts and logs ---------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def case_facts(session: Session, case_id: int) -> CaseFacts:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"no case {case_id}")
    facts = CaseFacts(
        case_id=case_id,
        reference=case.reference,
        region=_text(case.data.get("home_region")),
        court=_text(case.data.get("court")),
        case_manager=effective_case_manager(case),
    )
    # Who acted and in which roles, not every event's data: the case's history grows.
    role = sql_case(
        (col(Event.type) == "task_completed", col(Event.data)["role"].as_string()), else_=None
    )
    acted = select(Event.actor, role).where(Event.case_id == case_id).distinct()
    for actor, acted_as in session.exec(acted).all():
        facts.actors.add(actor)
        if acted_as:
            facts.roles_acted.add(acted_as)
    facts.ready_roles = set(
        session.exec(select(InboxTask.role).where(InboxTask.case_id == case_id)).all()
    )
    return facts


def log_access(
    db: Engine, user: Principal, case_id: int, what: str, personal: bool, now: datetime
) -> None:
    with Session(db) as session:
        record_access(session, user, case_id, what, personal, now)
        session.commit()


def record_access(
    session: Session, user: Principal, case_id: int, what: str, personal: bool, now: datetime
) -> None:
    """Add the access-log entry to `session`: it is stored when the caller commits."""
    session.add(
        AccessLogEntry(
            case_id=case_id,
            user_name=user.name,
            role=user.role,
            at=now,
            what=what,
            personal_data=personal,
        )
    )


def access_log(
    db: Engine,
    case_id: int | None = None,
    user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[dict[str, Any]]:
    """Views of cases, oldest first; each filter given narrows it (`since` and `until` included)."""
    statement = select(AccessLogEntry).order_by(col(AccessLogEntry.id))
    if case_id is not None:
        statement = statement.where(AccessLogEntry.case_id == case_id)
    if user:
        statement = statement.where(AccessLogEntry.user_name == user)
    if since is not None:
        statement = statement.where(col(AccessLogEntry.at) >= since)
    if until is not None:
        statement = statement.where(col(AccessLogEntry.at) <= until)
    with Session(db) as session:
        return [
            {
                "case_id": e.case_id,
                "user": e.user_name,
                "role": e.role,
                "at": e.at,
                "what": e.what,
                "personal_data": e.personal_data,
            }
            for e in session.exec(statement).all()
        ]


@dataclass
class InboxEntry:
    task: TaskInfo
    facts: CaseFacts
    claimed_by: str | None
    data: dict[str, Any]


def inbox_entries(
    db: Engine, clock: Clock, user: Principal, process: str | None = None
) -> list[InboxEntry]:
    """The ready tasks `user` may do, with what the rules need about each case: overdue first,
    then by due date and age (the same order as the JSON inbox).

    The database picks them by the case's routing columns (engine/base/case_routing.py), with
    indexes, so one person's inbox costs the same among ten or a hundred thousand open cases; the
    rules of `can_do_task` still decide each one."""
    statement = (
        select(InboxTask, Case)
        .join(Case, col(InboxTask.case_id) == col(Case.id))
        .where(InboxTask.role == user.role)
    )
    if user.role == "case_manager":
        statement = statement.where(Case.case_manager == user.name)
    elif user.role == "court":
        statement = statement.where(Case.court == user.court)
    elif user.role in REGIONAL_ROLES or user.region:
        statement = statement.where(Case.region_key == region_key(user.region))
    if process is not None:
        statement = statement.where(Case.process_id == process)
    now = clock.now()
    entries = []
    with Session(db) as session:
        rows = session.exec(statement).all()
        task_ids = [task.id for task, _case in rows]
        claims = {
            c.task_id: c.user_name
            for c in session.exec(select(TaskClaim).where(col(TaskClaim.task_id).in_(task_ids)))
        }
        for task, case in rows:
            facts = CaseFacts(
                case_id=task.case_id,
                reference=case.reference,
                region=_text(case.data.get("home_region")),
                court=case.court,
                case_manager=case.case_manager,
            )
            if can_do_task(user, task.role, facts):
                entries.append(
                    InboxEntry(_task_info(task, case, now), facts, claims.get(task.id), case.data)
                )
    far = datetime.max.replace(tzinfo=now.tzinfo)
    entries.sort(key=lambda e: (not e.task.overdue, e.task.due_at or far, e.task.created_at))
    return entries


def visible_cases(
    db: Engine, user: Principal, limit: int = VISIBLE_CASES_LIMIT
) -> list[tuple[CaseFacts, Case]]:
    """The newest `limit` cases `user` may open. The database narrows them to the cases of the
    user's region, court or management, with a task for their role, or that they acted in; the
    rules of `can_view_case` decide each one."""
    if user.role == "admin":
        return []
    statement = select(Case).order_by(col(Case.id).desc())
    if user.role != "auditor":
        reach = [
            col(Case.id).in_(select(Event.case_id).where(Event.actor == user.name)),
            col(Case.id).in_(select(InboxTask.case_id).where(InboxTask.role == user.role)),
        ]
        if user.region:
            reach.append(col(Case.region_key) == region_key(user.region))
        if user.court:
            reach.append(col(Case.court) == user.court)
        if user.role == "case_manager":
            reach.append(col(Case.case_manager) == user.name)
        statement = statement.where(or_(*reach))
    result: list[tuple[CaseFacts, Case]] = []
    with Session(db) as session:
        for case in session.exec(statement):
            assert case.id is not None
            facts = case_facts(session, case.id)
            if can_view_case(user, facts):
                result.append((facts, case))
                if len(result) == limit:
                    break
    return result
