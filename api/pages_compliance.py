"""The compliance page: the figures of engine/reports/compliance.py as tables, each with a bar chart
drawn on the server (api/charts.py), and the CSV of the same figures."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from api.charts import Bar, bar_chart
from api.i18n import translate
from api.pages import _engine, language, page_user, render
from api.routes.compliance import figures_for
from engine.access.permissions import Capability as C
from engine.reports.compliance import MEASURES, Figure, region_scope


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


def install_compliance_pages(app: FastAPI) -> None:
    @app.get("/compliance", include_in_schema=False)
    def compliance_page(request: Request) -> HTMLResponse:
        user = page_user(request, C.READ_COMPLIANCE)
        figures = figures_for(_engine(request), user)
        region = region_scope(user)
        lang = language(request)
        return render(
            request,
            "compliance.html",
            measures=MEASURES,
            figures=figures,
            scope=translate(lang, "compliance.scope", region=region) if region else "",
            caption=lambda figure: caption(lang, figure),
        )

    @app.get("/compliance/charts/{measure}.svg", include_in_schema=False)
    def compliance_chart(request: Request, measure: str) -> Response:
        user = page_user(request, C.READ_COMPLIANCE)
        if measure not in MEASURES:
            raise HTTPException(404, f"no compliance figure {measure!r}")
        figures = figures_for(_engine(request), user)
        lang = language(request)
        svg = bar_chart(
            translate(lang, f"compliance.{measure}"),
            chart_bars(lang, figures, measure),
            translate(lang, "compliance.none"),
        )
        return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
