"""The incident retry from the pages: a supervisor's button on the inbox and the case page (the
same use case as POST /api/incidents/{id}/retry)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import Response

from api.deps import EngineDep, require
from api.pages.rendering import PageForm, redirect_to
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import incidents

router = APIRouter(include_in_schema=False)


@router.post("/incidents/{incident_id}/retry")
def retry_incident(
    incident_id: int,
    engine: EngineDep,
    user: Annotated[Principal, require(C.RETRY_INCIDENTS)],
    _form: PageForm,
) -> Response:
    outcome = incidents.retry_incident(engine, user, incident_id)
    return redirect_to(f"/cases/{outcome.case.id}")
