"""The use cases of incidents (failed service and script tasks): the ones a user may see, and a
supervisor's retry after a fix."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from engine.access import policy
from engine.access.permissions import Capability, allows
from engine.access.policy import AccessFacts
from engine.access.users import Principal
from engine.base.errors import Forbidden, NotFound
from engine.cases import access_queries, incidents
from engine.cases.incident_retry import IncidentRetry, RetryFailed
from engine.cases.views import CaseView, IncidentInfo
from engine.nrm_engine import NrmEngine
from engine.services.case_access import shown_case, viewable
from engine.services.session import reading, use_case
from engine.storage.models import Case, Incident

__all__ = [
    "RetryFailed",
    "RetryOutcome",
    "retriable_incidents",
    "retry_incident",
    "visible_incidents",
]


def visible_incidents(
    engine: NrmEngine, user: Principal, status: str | None = None
) -> list[IncidentInfo]:
    """The incidents of the cases `user` may open; the error text only where they may see the
    case's personal data (an error may quote it)."""
    shown = []
    facts_of: dict[int, AccessFacts] = {}
    listed = incidents.list_incidents(engine.db, status=status)
    with reading(engine) as session:
        for incident in listed:
            if incident.case_id not in facts_of:
                facts_of[incident.case_id] = access_queries.case_facts(session, incident.case_id)
            found = facts_of[incident.case_id]
            if policy.can_view_case(user, found):
                personal = policy.sees_personal_data(user, found)
                shown.append(incident if personal else incidents.withheld(incident))
    return shown


def retriable_incidents(engine: NrmEngine, user: Principal) -> list[IncidentInfo]:
    """The open incidents `user` may retry: a supervisor's, of their region."""
    if not allows(user.role, Capability.RETRY_INCIDENTS):
        return []
    return visible_incidents(engine, user, "open")


@dataclass
class RetryOutcome:
    incident: IncidentInfo
    case: CaseView


def retry_incident(engine: NrmEngine, user: Principal, incident_id: int) -> RetryOutcome:
    """Run the failed task again as a supervisor of the case's region (Forbidden for anyone
    else): resolved and the case moves on, or RetryFailed with the error (the incident stays
    open, its attempts counted); Conflict if it was resolved meanwhile.

    The retry is its own transaction (a failed attempt is rolled back while its count is kept),
    so the check, the attempt and the view are three: the view reads what the retry committed."""
    with reading(engine) as session:
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise NotFound(f"no incident {incident_id}")
        found = access_queries.case_facts(session, incident.case_id)
    if not policy.can_retry_incident(user, found):
        raise Forbidden(
            f"only a supervisor of the region of case {found.reference} retries its incidents"
        )
    case_id = IncidentRetry(engine.db, engine.clock, engine.catalog).retry(incident_id, user.name)
    with use_case(engine) as session:
        case = shown_case(session, engine, user, viewable(session, user, case_id), "case")
        return RetryOutcome(incident=_info(session, incident_id), case=case)


def _info(session: Session, incident_id: int) -> IncidentInfo:
    incident = session.get(Incident, incident_id)
    assert incident is not None
    case = session.get(Case, incident.case_id)
    assert case is not None
    return incidents.info(incident, case.reference)
