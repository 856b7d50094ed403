"""The page twin of the incident retry: a supervisor's button on the inbox and the case page."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response

from api.pages import _engine, checked_form, page_user, redirect_to
from api.routes.incidents import retry
from engine.access.permissions import Capability as C


def install_incident_pages(app: FastAPI) -> None:
    @app.post("/incidents/{incident_id}/retry", include_in_schema=False)
    async def retry_from_page(request: Request, incident_id: int) -> Response:
        user = page_user(request, C.RETRY_INCIDENTS)
        await checked_form(request)
        case_id = retry(_engine(request), user, incident_id)
        return redirect_to(f"/cases/{case_id}")
