"""The access rules asked inside a use case's session: may this user open the case, do the task,
see its personal data; and the case as they may see it, written to the access log."""

from __future__ import annotations

from sqlmodel import Session

from engine.access import policy, redaction
from engine.access.policy import AccessFacts
from engine.access.users import Principal
from engine.base.errors import Forbidden
from engine.cases import access_queries, incidents
from engine.cases.views import CaseView, EventInfo
from engine.history.access_log import record_access
from engine.nrm_engine import NrmEngine
from engine.storage.models import InboxTask


def changed(session: Session) -> None:
    """After a change in this transaction: write it out and forget what the session had read,
    so the view that follows reads the rows as changed (the case step writes its hot rows with
    Core statements, which the session's objects do not see)."""
    session.flush()
    session.expire_all()


def viewable(session: Session, user: Principal, case_id: int) -> AccessFacts:
    """The case's facts, if `user` may open it (NotFound: no such case; Forbidden: not theirs)."""
    found = access_queries.case_facts(session, case_id)
    if not policy.can_view_case(user, found):
        raise Forbidden(f"case {found.reference} is not one of yours")
    return found


def actionable(session: Session, user: Principal, task: InboxTask) -> AccessFacts:
    """The case's facts, if `user` may do `task` (its lane, region, court or appointment)."""
    found = access_queries.case_facts(session, task.case_id)
    if not policy.can_do_task(user, task.role, found):
        raise Forbidden(
            f"this task is for the {task.role.replace('_', ' ')} of case "
            f"{found.reference}, not for you"
        )
    return found


def shown_case(
    session: Session, engine: NrmEngine, user: Principal, found: AccessFacts, what: str
) -> CaseView:
    """The case as `user` may see it (Art. 4), its view added to the access log."""
    view = engine.queries.case_in(session, found.case_id)
    personal = policy.sees_personal_data(user, found)
    view.data = redaction.redact_data(view.data, policy.field_access(user, found))
    if not personal:
        view.incidents = [incidents.withheld(incident) for incident in view.incidents]
        if view.whereabouts is not None:
            view.whereabouts = view.whereabouts.withheld(redaction.WITHHELD)
    record_access(session, user, found.case_id, what, personal, engine.clock.now())
    return view


def shown_events(
    session: Session, engine: NrmEngine, user: Principal, found: AccessFacts
) -> list[EventInfo]:
    """The case's events as `user` may see them (personal data in their data withheld)."""
    events = engine.queries.events_in(session, found.case_id)
    access = policy.field_access(user, found)
    for event in events:
        event.data = redaction.redact_event_data(event.data, access)
    return events


def record_listed(
    session: Session,
    engine: NrmEngine,
    user: Principal,
    shown: list[tuple[int, bool]],
    what: str,
) -> None:
    """A list of cases shown (the case list, the inbox): each line in the access log, with
    whether it showed the child's name (issue 15, item 9)."""
    now = engine.clock.now()
    for case_id, personal in shown:
        record_access(session, user, case_id, what, personal, now)
