"""Incidents over the API: the open ones a user may see, and a supervisor's retry
(engine/services/incidents.py, as the pages)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import EngineDep, RecordId, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import incidents
from engine.services.views import CaseView, IncidentInfo

router = APIRouter(tags=["incidents"])


class RetryOutcome(BaseModel):
    incident: IncidentInfo
    case: CaseView


@router.get("/api/incidents")
def list_incidents(
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_OWN_WORK)],
    status: Literal["open", "resolved"] | None = None,
) -> list[IncidentInfo]:
    """Failed service and script tasks on the cases the user may open, newest first."""
    return incidents.visible_incidents(engine, user, status)


@router.post("/api/incidents/{incident_id}/retry")
def retry_incident(
    incident_id: RecordId, engine: EngineDep, user: Annotated[Principal, require(C.RETRY_INCIDENTS)]
) -> RetryOutcome:
    """Run the failed task again after a fix: resolved and the case moves on, or 422 with the
    error (the incident stays open, its attempts counted); 409 if it was resolved meanwhile."""
    outcome = incidents.retry_incident(engine, user, incident_id)
    return RetryOutcome(incident=outcome.incident, case=outcome.case)
