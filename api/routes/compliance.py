"""Compliance figures for supervisors (their region) and the national coordinator (auditors,
supervisors without a region): engine/reports/compliance.py says what each figure measures."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response

from api.deps import EngineDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import reports
from engine.services.reports import Figure

router = APIRouter(tags=["compliance"])


@router.get("/api/compliance")
def compliance(
    engine: EngineDep, user: Annotated[Principal, require(C.READ_COMPLIANCE)]
) -> list[Figure]:
    """Follow-up visits within the week (percent), days to the custody petition, days in
    accommodation and open cases per case manager, by region and quarter."""
    return reports.compliance_figures(engine, user)


@router.get("/api/compliance.csv", response_class=Response)
def compliance_csv(
    engine: EngineDep, user: Annotated[Principal, require(C.READ_COMPLIANCE)]
) -> Response:
    return Response(
        reports.compliance_csv(reports.compliance_figures(engine, user)),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="nrm-compliance.csv"'},
    )
