"""The compliance page: the figures of engine/reports/compliance.py as tables, each with a bar chart
drawn on the server (api/charts.py), and the CSV of the same figures."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.charts import Bar, bar_chart
from api.deps import EngineDep, require
from api.i18n import translate
from api.pages.rendering import Language, render
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.base.errors import NotFound
from engine.services import reports
from engine.services.reports import MEASURES, Figure, region_scope


def caption(lang: str, figure: Figure) -> str:
    if figure.measure == "visits_on_time":
        return translate(lang, "compliance.percent", value=f"{figure.value:g}")
    if figure.measure == "open_cases":
        return f"{figure.value:g}"
    return translate(lang, "compliance.days", value=f"{figure.value:g}")


def chart_bars(lang: str, figures: list[Figure], measure: str) -> list[Bar]:
    """One bar per region and quarter (per case manager for open cases), coloured by region."""
    return [
        Bar(
            label=f.case_manager or f.quarter,
            group=f.region,
            value=round(f.value * 10),  # tenths, so short stays still show as bars
            caption=caption(lang, f),
        )
        for f in figures
        if f.measure == measure
    ]


router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, require(C.READ_COMPLIANCE)]


@router.get("/compliance")
def compliance_page(
    request: Request, engine: EngineDep, user: Reader, lang: Language
) -> HTMLResponse:
    region = region_scope(user)
    return render(
        request,
        "compliance.html",
        measures=MEASURES,
        figures=reports.compliance_figures(engine, user),
        scope=translate(lang, "compliance.scope", region=region) if region else "",
        caption=lambda figure: caption(lang, figure),
    )


@router.get("/compliance/charts/{measure}.svg")
def compliance_chart(measure: str, engine: EngineDep, user: Reader, lang: Language) -> Response:
    if measure not in MEASURES:
        raise NotFound(f"no compliance figure {measure!r}")
    svg = bar_chart(
        translate(lang, f"compliance.{measure}"),
        chart_bars(lang, reports.compliance_figures(engine, user), measure),
        translate(lang, "compliance.none"),
    )
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
