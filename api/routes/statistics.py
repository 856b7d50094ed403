"""Anonymous figures for auditors, supervisors and the national coordinator (Art. 5.A.14)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.authz import require_role
from api.dependencies import EngineDep, UserDep
from engine.reports.statistics import COLUMNS, as_csv

router = APIRouter(tags=["statistics"])
READERS = ("auditor", "supervisor", "responsible_authority")


@router.get("/api/statistics")
def statistics(engine: EngineDep, user: UserDep) -> list[dict[str, str]]:
    """Quarterly counts by process, outcome, age band and sex; groups under 11 show "<11"."""
    require_role(user, *READERS)
    return [dict(zip(COLUMNS, cell.row(), strict=True)) for cell in engine.queries.statistics()]


@router.get("/api/exports/htcds.csv", response_class=Response)
def htcds_export(engine: EngineDep, user: UserDep) -> Response:
    """Anonymised screening records in IOM's HTCDS field layout, for pooled analysis."""
    require_role(user, "auditor")
    return Response(
        engine.queries.htcds_csv(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="nrm-htcds.csv"'},
    )


@router.get("/api/statistics.csv", response_class=Response)
def statistics_csv(engine: EngineDep, user: UserDep) -> Response:
    require_role(user, *READERS)
    return Response(
        as_csv(engine.queries.statistics()),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="nrm-statistics.csv"'},
    )
