"""The figures' use cases: anonymous statistics, the HTCDS export, compliance figures."""

from __future__ import annotations

from engine.access.users import Principal
from engine.nrm_engine import NrmEngine
from engine.reports import compliance
from engine.reports.compliance import MEASURES, Figure, region_scope
from engine.reports.statistics import COLUMNS, Cell
from engine.reports.statistics import as_csv as statistics_csv
from engine.services.session import reading

__all__ = [
    "COLUMNS",
    "MEASURES",
    "Cell",
    "Figure",
    "compliance_csv",
    "compliance_figures",
    "htcds_csv",
    "region_scope",
    "statistics",
    "statistics_csv",
]


def statistics(engine: NrmEngine) -> list[Cell]:
    """Quarterly counts by process, outcome, age band and sex; groups under 11 show "<11"."""
    return engine.queries.statistics()


def htcds_csv(engine: NrmEngine) -> str:
    """Anonymised screening records in IOM's HTCDS field layout, for pooled analysis."""
    return engine.queries.htcds_csv()


def compliance_figures(engine: NrmEngine, user: Principal) -> list[Figure]:
    """The compliance figures of the user's region (every region for national readers)."""
    with reading(engine) as session:
        return compliance.compliance_figures(session, engine.clock.now(), region_scope(user))


def compliance_csv(figures: list[Figure]) -> str:
    return compliance.as_csv(figures)
