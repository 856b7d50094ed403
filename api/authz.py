"""Authorisation checks shared by the JSON routes and the pages (rules in
engine/access/policy.py)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from engine.access import policy, redaction
from engine.access.policy import AccessFacts
from engine.access.users import Principal
from engine.base.errors import Conflict, Forbidden, NotFound
from engine.cases import access_queries, incidents
from engine.cases.views import CaseView, EventInfo, TaskDetail
from engine.history.access_log import log_access, log_list_access, record_access
from engine.history.replay import PointInTime
from engine.nrm_engine import NrmEngine
from engine.storage.models import InboxTask, TaskClaim


def facts(engine: NrmEngine, case_id: int) -> AccessFacts:
    with Session(engine.db) as session:
        return access_queries.case_facts(session, case_id)


def viewable_case(engine: NrmEngine, user: Principal, case_id: int) -> AccessFacts:
    found = facts(engine, case_id)
    _require_view(user, found)
    return found


def _require_view(user: Principal, found: AccessFacts) -> None:
    if not policy.can_view_case(user, found):
        raise Forbidden(f"case {found.reference} is not one of yours")


def case_view(engine: NrmEngine, user: Principal, case_id: int, what: str = "case") -> CaseView:
    """The case as `user` may see it; the view is written to the access log.

    One session and one commit: the rules' facts, the view and its log entry are read and
    written together (the view follows most steps, so this is on every step's path)."""
    with Session(engine.db) as session:
        found = access_queries.case_facts(session, case_id)
        _require_view(user, found)
        view = engine.queries.case_in(session, case_id)
        personal = policy.sees_personal_data(user, found)
        view.data = redaction.redact_data(view.data, policy.field_access(user, found))
        if not personal:
            view.incidents = [incidents.withheld(incident) for incident in view.incidents]
            if view.whereabouts is not None:
                view.whereabouts = view.whereabouts.withheld(redaction.WITHHELD)
        record_access(session, user, case_id, what, personal, engine.clock.now())
        session.commit()
    return view


def case_events(engine: NrmEngine, user: Principal, case_id: int) -> list[EventInfo]:
    found = viewable_case(engine, user, case_id)
    events = engine.queries.events(case_id)
    personal = policy.sees_personal_data(user, found)
    access = policy.field_access(user, found)
    for event in events:
        event.data = redaction.redact_event_data(event.data, access)
    log_access(engine.db, user, case_id, "events", personal, engine.clock.now())
    return events


def case_as_of(engine: NrmEngine, user: Principal, case_id: int, moment: datetime) -> PointInTime:
    """The case as it was at `moment`, shown like the case itself and logged likewise."""
    found = viewable_case(engine, user, case_id)
    state = engine.history.case_at(case_id, moment)
    personal = policy.sees_personal_data(user, found)
    state.data = redaction.redact_data(state.data, policy.field_access(user, found))
    log_access(engine.db, user, case_id, "as-of", personal, engine.clock.now())
    return state


def task_and_facts(engine: NrmEngine, task_id: str) -> tuple[InboxTask, AccessFacts]:
    with Session(engine.db) as session:
        task = session.get(InboxTask, task_id)
        if task is None:
            raise NotFound(f"no ready task {task_id!r}")
        return task, access_queries.case_facts(session, task.case_id)


def actionable_task(engine: NrmEngine, user: Principal, task_id: str) -> AccessFacts:
    task, found = task_and_facts(engine, task_id)
    _require_task(user, task, found)
    return found


def _require_task(user: Principal, task: InboxTask, found: AccessFacts) -> None:
    if not policy.can_do_task(user, task.role, found):
        raise Forbidden(
            f"this task is for the {task.role.replace('_', ' ')} of case "
            f"{found.reference}, not for you"
        )


def may_complete(user: Principal, session: Session, task: InboxTask) -> None:
    """Refuse a completion `user` may not make: 403 not theirs, 409 taken by someone else.
    Run inside the completion's transaction, on the rows it completes."""
    _require_task(user, task, access_queries.case_facts(session, task.case_id))
    claim = session.get(TaskClaim, task.id)
    if claim is not None and claim.user_name != user.name:
        raise Conflict(f"{claim.user_name} has taken this task; ask them or a supervisor")


def readable_task(engine: NrmEngine, user: Principal, task_id: str) -> TaskDetail:
    task, found = task_and_facts(engine, task_id)
    if not (policy.can_do_task(user, task.role, found) or policy.can_view_case(user, found)):
        raise Forbidden(f"case {found.reference} is not one of yours")
    return engine.queries.task(task_id)


def log_listed(
    engine: NrmEngine, user: Principal, shown: list[tuple[int, bool]], what: str
) -> None:
    """A list of cases shown (the case list, the inbox): each line in the access log, with
    whether it showed the child's name (issue 15, item 9)."""
    log_list_access(engine.db, user, shown, what, engine.clock.now())


def log_viewed(engine: NrmEngine, user: Principal, case_id: int, what: str, personal: bool) -> None:
    log_access(engine.db, user, case_id, what, personal, engine.clock.now())
