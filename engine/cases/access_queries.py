"""What the access rules (engine/access/policy.py) need from the database: the facts about one
case, the ready tasks a user may do (the inbox) and the cases a user may open."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, or_
from sqlalchemy import case as sql_case
from sqlmodel import Session, col, select

from engine.access.permissions import Capability, Reach, allows, reach_of
from engine.access.policy import AccessFacts, can_do_task, can_view_case
from engine.access.users import Principal
from engine.base.case_routing import effective_case_manager, region_key
from engine.base.clock import Clock
from engine.cases.loading import load_case
from engine.cases.queries import task_info
from engine.cases.views import TaskInfo
from engine.storage.models import Case, Event, InboxTask, TaskClaim
from engine.workflow.specs import user_task_forms
from forms.classification import form_fields

# A case filter (the audit pages') offers the newest this many; an older one is still opened at
# /cases/{id}, and the case list pages through them all.
VISIBLE_CASES_LIMIT = 500


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def case_facts(session: Session, case_id: int) -> AccessFacts:
    case, version = load_case(session, case_id)
    facts = AccessFacts(
        case_id=case_id,
        reference=case.reference,
        region=_text(case.data.get("home_region")),
        court=_text(case.data.get("court")),
        case_manager=effective_case_manager(case),
        fields=form_fields(version.forms),
    )
    task_forms = user_task_forms(version.bpmn_xml)
    # Who acted, in which roles and on which tasks, not every event's data: the history grows.
    completed = col(Event.type) == "task_completed"
    role = sql_case((completed, col(Event.data)["role"].as_string()), else_=None)
    task = sql_case((completed, col(Event.task_name)), else_=None)
    acted = select(Event.actor, role, task).where(Event.case_id == case_id).distinct()
    for actor, acted_as, task_name in session.exec(acted).all():
        facts.actors.add(actor)
        if acted_as:
            facts.roles_acted.add(acted_as)
        if task_name in task_forms:
            facts.forms_done.setdefault(actor, set()).add(task_forms[task_name])
    ready = select(InboxTask.role, InboxTask.form).where(InboxTask.case_id == case_id)
    for ready_role, form in session.exec(ready).all():
        facts.ready_roles.add(ready_role)
        facts.forms_ready.setdefault(ready_role, set()).add(form)
    return facts


@dataclass
class InboxEntry:
    task: TaskInfo
    facts: AccessFacts
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
    reach = reach_of(user.role)
    if reach is Reach.APPOINTED:
        statement = statement.where(Case.case_manager == user.name)
    elif reach is Reach.COURT:
        statement = statement.where(Case.court == user.court)
    elif reach is Reach.REGION or user.region:
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
            facts = AccessFacts(
                case_id=task.case_id,
                reference=case.reference,
                region=_text(case.data.get("home_region")),
                court=case.court,
                case_manager=case.case_manager,
            )
            if can_do_task(user, task.role, facts):
                entries.append(
                    InboxEntry(task_info(task, case, now), facts, claims.get(task.id), case.data)
                )
    far = datetime.max.replace(tzinfo=now.tzinfo)
    entries.sort(key=lambda e: (not e.task.overdue, e.task.due_at or far, e.task.created_at))
    return entries


@dataclass(frozen=True)
class CaseFilter:
    """What narrows a list of cases, all in the database: the process, the status, the home
    region, the cases the user is appointed to or acted in ("mine"), those with a task overdue
    at `overdue_at`, a reference containing `reference`; and the order."""

    process: str | None = None
    status: str | None = None
    region: str | None = None
    mine: bool = False
    overdue_at: datetime | None = None  # a task of the case was due by this moment
    reference: str | None = None
    sort: str = "newest"


# The orders a list of cases offers; the case id breaks ties, so paging is stable.
CASE_ORDERS = {
    "newest": (col(Case.id).desc(),),
    "oldest": (col(Case.id).asc(),),
    "updated": (col(Case.updated_at).desc(), col(Case.id).desc()),
    "reference": (col(Case.reference).asc(), col(Case.id).asc()),
}


def _reach(user: Principal) -> list[Any]:
    """Where the cases `user` may open lie, as conditions on the case (any of them)."""
    reach = [
        col(Case.id).in_(select(Event.case_id).where(Event.actor == user.name)),
        col(Case.id).in_(select(InboxTask.case_id).where(InboxTask.role == user.role)),
    ]
    if user.region:
        reach.append(col(Case.region_key) == region_key(user.region))
    if user.court:
        reach.append(col(Case.court) == user.court)
    if reach_of(user.role) is Reach.APPOINTED:
        reach.append(col(Case.case_manager) == user.name)
    if reach_of(user.role) is Reach.NATION:  # the office's cases: any of its users acted on them
        acted_as = col(Event.data)["role"].as_string() == user.role
        reach.append(col(Case.id).in_(select(Event.case_id).where(acted_as)))
    return reach


def _narrowed(statement: Any, user: Principal, wanted: CaseFilter) -> Any:
    if wanted.process:
        statement = statement.where(Case.process_id == wanted.process)
    if wanted.status:
        statement = statement.where(Case.status == wanted.status)
    if wanted.region:
        statement = statement.where(Case.region_key == region_key(wanted.region))
    if wanted.reference:
        statement = statement.where(col(Case.reference).icontains(wanted.reference.strip()))
    if wanted.mine:
        statement = statement.where(
            or_(
                col(Case.case_manager) == user.name,
                col(Case.id).in_(select(Event.case_id).where(Event.actor == user.name)),
            )
        )
    if wanted.overdue_at is not None:
        late = select(InboxTask.case_id).where(col(InboxTask.due_at) <= wanted.overdue_at)
        statement = statement.where(col(Case.id).in_(late))
    return statement.order_by(*CASE_ORDERS[wanted.sort])


def exactly_reached(user: Principal) -> bool:
    """Whether the database alone decides which cases `user` may open (every case, or every
    case of their region), so that a list need not read each case's facts to count them."""
    return allows(user.role, Capability.READ_ALL_CASES) or (
        allows(user.role, Capability.READ_REGION_CASES) and bool(user.region)
    )


def candidate_cases(session: Session, user: Principal, wanted: CaseFilter) -> Iterator[Case]:
    """The cases `wanted` names among those `user` may open, in its order. The database narrows
    them to the cases of the user's region, court or management, with a task for their role, or
    that they acted in; unless `exactly_reached`, the rules of `can_view_case` still decide each
    one."""
    if not allows(user.role, Capability.READ_CASES):
        return
    statement = select(Case)
    exact = exactly_reached(user)
    if not allows(user.role, Capability.READ_ALL_CASES):
        reach = [col(Case.region_key) == region_key(user.region)] if exact else _reach(user)
        statement = statement.where(or_(*reach))
    for case in session.exec(_narrowed(statement, user, wanted)):
        assert case.id is not None
        if exact or can_view_case(user, case_facts(session, case.id)):
            yield case


def visible_cases(
    db: Engine, user: Principal, limit: int = VISIBLE_CASES_LIMIT
) -> list[tuple[AccessFacts, Case]]:
    """The newest `limit` cases `user` may open, with their facts."""
    result: list[tuple[AccessFacts, Case]] = []
    with Session(db) as session:
        for case in candidate_cases(session, user, CaseFilter()):
            assert case.id is not None
            result.append((case_facts(session, case.id), case))
            if len(result) == limit:
                break
    return result
