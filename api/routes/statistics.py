"""Anonymous figures for auditors, supervisors and the national coordinator (Art. 5.A.14)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response

from api.deps import EngineDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import reports

router = APIRouter(tags=["statistics"])


@router.get("/api/statistics")
def statistics(
    engine: EngineDep, _user: Annotated[Principal, require(C.READ_STATISTICS)]
) -> list[dict[str, str]]:
    """Quarterly counts by process, outcome, age band and sex; groups under 11 show "<11"."""
    return [
        dict(zip(reports.COLUMNS, cell.row(), strict=True)) for cell in reports.statistics(engine)
    ]


@router.get("/api/exports/htcds.csv", response_class=Response)
def htcds_export(
    engine: EngineDep, _user: Annotated[Principal, require(C.EXPORT_HTCDS)]
) -> Response:
    """Anonymised screening records in IOM's HTCDS field layout, for pooled analysis."""
    return Response(
        reports.htcds_csv(engine),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="nrm-htcds.csv"'},
    )


@router.get("/api/statistics.csv", response_class=Response)
def statistics_csv(
    engine: EngineDep, _user: Annotated[Principal, require(C.READ_STATISTICS)]
) -> Response:
    return Response(
        reports.statistics_csv(reports.statistics(engine)),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="nrm-statistics.csv"'},
    )
