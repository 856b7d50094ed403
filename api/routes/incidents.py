"""Incidents over the API: the open ones a user may see, and a supervisor's retry."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from api import authz
from api.deps import EngineDep, RecordId, require
from engine.access import policy
from engine.access.permissions import Capability as C
from engine.access.permissions import allows
from engine.access.users import Principal
from engine.base.errors import Forbidden
from engine.cases import incidents
from engine.cases.incident_retry import IncidentRetry, RetryFailed
from engine.cases.views import CaseView, IncidentInfo
from engine.nrm_engine import NrmEngine

router = APIRouter(tags=["incidents"])


class RetryOutcome(BaseModel):
    incident: IncidentInfo
    case: CaseView


def visible_incidents(
    engine: NrmEngine, user: Principal, status: str | None = None
) -> list[IncidentInfo]:
    """The incidents of the cases `user` may open; the error text only where they may see the
    case's personal data (an error may quote it)."""
    shown = []
    facts_of: dict[int, policy.AccessFacts] = {}
    for incident in incidents.list_incidents(engine.db, status=status):
        if incident.case_id not in facts_of:
            facts_of[incident.case_id] = authz.facts(engine, incident.case_id)
        found = facts_of[incident.case_id]
        if policy.can_view_case(user, found):
            personal = policy.sees_personal_data(user, found)
            shown.append(incident if personal else incidents.withheld(incident))
    return shown


def retriable_incidents(engine: NrmEngine, user: Principal) -> list[IncidentInfo]:
    """The open incidents `user` may retry: a supervisor's, of their region."""
    if not allows(user.role, C.RETRY_INCIDENTS):
        return []
    return visible_incidents(engine, user, "open")


def retry(engine: NrmEngine, user: Principal, incident_id: int) -> int:
    """Retry as a supervisor of the case's region; 403 for anyone else, 422 if it fails again."""
    found = authz.facts(engine, incidents.case_of(engine.db, incident_id))
    if not policy.can_retry_incident(user, found):
        raise Forbidden(
            f"only a supervisor of the region of case {found.reference} retries its incidents"
        )
    try:
        return IncidentRetry(engine.db, engine.clock, engine.catalog).retry(incident_id, user.name)
    except RetryFailed as error:
        raise HTTPException(422, str(error)) from error


@router.get("/api/incidents")
def list_incidents(
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_OWN_WORK)],
    status: Literal["open", "resolved"] | None = None,
) -> list[IncidentInfo]:
    """Failed service and script tasks on the cases the user may open, newest first."""
    return visible_incidents(engine, user, status)


@router.post("/api/incidents/{incident_id}/retry")
def retry_incident(
    incident_id: RecordId, engine: EngineDep, user: Annotated[Principal, require(C.RETRY_INCIDENTS)]
) -> RetryOutcome:
    """Run the failed task again after a fix: resolved and the case moves on, or 422 with the
    error (the incident stays open, its attempts counted); 409 if it was resolved meanwhile."""
    case_id = retry(engine, user, incident_id)
    case = authz.case_view(engine, user, case_id)
    return RetryOutcome(incident=incidents.get(engine.db, incident_id), case=case)
