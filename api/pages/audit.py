"""The auditors' pages (issue 7): chain verification, step-by-step replay with the case as it
was at any moment, anonymous statistics with a chart, and the access log. They only read:
there is no form that changes anything, and every route answers GET alone.

The rules are the engine's (engine/access/policy.py, engine/history/audit.py,
engine/history/replay.py); personal data follows the case page's confidentiality, and a replay is
written to the access log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from api.charts import Bar, bar_chart
from api.deps import AccountsDep, EngineDep, require
from api.i18n import translate
from api.pages.case_data import data_labels, value_labels
from api.pages.rendering import language, render
from engine.access import redaction
from engine.access.permissions import Capability as C
from engine.access.policy import FieldAccess
from engine.access.users import Principal
from engine.base.clock import in_utc
from engine.base.errors import NotFound
from engine.nrm_engine import NrmEngine
from engine.services import audit, cases, directory, reports
from engine.services.audit import SUPPRESSED, Cell, ReplayStep
from engine.services.views import PointInTime

router = APIRouter(include_in_schema=False)
Auditor = Annotated[Principal, require(C.VERIFY_HISTORY)]
AccessLogReader = Annotated[Principal, require(C.READ_ACCESS_LOG)]
StatisticsReader = Annotated[Principal, require(C.READ_STATISTICS)]


def parse_moment(text: str, end_of_day: bool = False) -> datetime:
    """A date or date and time typed into a form, in UTC (the pages show UTC throughout)."""
    try:
        if len(text) == len("2026-03-04"):
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max if end_of_day else time.min, UTC)
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD) or a date and time") from error
    return in_utc(moment)


def case_filter(text: str) -> int | None:
    """A case chosen in a filter (its id); empty means every case."""
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise ValueError(f"{text!r} is not a case id")
    return int(text)


def chart_bars(cells: list[Cell]) -> list[Bar]:
    """One bar per quarter and process: the sum of its published counts. Suppressed groups are
    not added in (that could single them out): "42+" is a total that leaves some out, "2 x <11" a
    quarter and process whose every group is suppressed."""
    totals: dict[tuple[str, str], int] = {}
    suppressed: dict[tuple[str, str], int] = {}
    for cell in cells:
        key = (cell.quarter, cell.process)
        shown = cell.shown_count
        totals[key] = totals.get(key, 0) + (int(shown) if shown.isdigit() else 0)
        suppressed[key] = suppressed.get(key, 0) + (0 if shown.isdigit() else 1)
    return [
        Bar(quarter, process, total, _caption(total, suppressed[(quarter, process)]))
        for (quarter, process), total in sorted(totals.items())
    ]


def _caption(total: int, hidden: int) -> str:
    if not hidden:
        return str(total)
    if total:
        return f"{total}+"
    return SUPPRESSED if hidden == 1 else f"{hidden} x {SUPPRESSED}"


def _point_in_time(
    engine: NrmEngine, user: Principal, case_id: int, moment: datetime, steps: list[ReplayStep]
) -> tuple[PointInTime | None, str, ReplayStep | None]:
    """The case at `moment` (redacted and logged as the case itself is), or why there is none;
    and the last step taken by then, to show it on the diagram."""
    try:
        then = cases.case_as_of(engine, user, case_id, moment)
    except NotFound as error:
        return None, str(error), None
    taken = [s for s in steps if s.at <= moment]
    return then, "", taken[-1] if taken else None


def _event_title(data: dict[str, Any], access: FieldAccess) -> str:
    """A step's title: its task's or timer's, or a note's text or a file's name as `access`
    reads them."""
    shown = redaction.redact_event_data(data, access)
    return str(
        shown.get("title") or shown.get("timer") or shown.get("name") or shown.get("note") or ""
    )


def _step_title(step: ReplayStep, titles: dict[int, str]) -> str:
    return titles.get(step.seq) or step.task_name or ""


@router.get("/audit")
def audit_home(request: Request, engine: EngineDep, user: Auditor, case: str = "") -> HTMLResponse:
    try:
        case_id = case_filter(case)
    except ValueError as error:
        raise HTTPException(422, str(error)) from error
    return render(
        request,
        "audit.html",
        result=audit.verify(engine, case_id),
        chosen=case_id,
        cases=audit.case_choices(engine, user),
    )


@router.get("/audit/cases/{case_id}/replay")
def replay_page(
    request: Request,
    case_id: int,
    engine: EngineDep,
    user: Auditor,
    step: int | None = None,
    at: str = "",
) -> HTMLResponse:
    replayed = audit.replay(engine, user, case_id)
    found, personal, report = replayed.facts, replayed.personal, replayed.report
    steps = report.steps
    lang = language(request)
    then, then_error, then_step, invalid = None, "", None, False
    if at.strip():
        try:
            moment = parse_moment(at.strip())
        except ValueError as error:
            then_error = translate(lang, "audit.at_invalid", detail=str(error))
            invalid = True
        else:
            then, then_error, then_step = _point_in_time(engine, user, case_id, moment, steps)
    # The step asked for; else the last one taken by the moment asked for; else the last.
    chosen = then_step or (steps[-1] if steps else None)
    if step is not None:
        chosen = next((s for s in steps if s.seq == step), None)
        if chosen is None:
            raise NotFound(f"case {found.reference} has no step {step}")
    labels = data_labels(replayed.forms, lang)
    shown = {}
    if chosen is not None:
        data = redaction.redact_data(chosen.data, replayed.access)
        shown = {k: v for k, v in data.items() if k in labels and v not in (None, "")}
    titles = {e.seq: _event_title(e.data, replayed.access) for e in replayed.events}
    return render(
        request,
        "audit_replay.html",
        422 if invalid else 200,
        case=replayed.case,
        facts=found,
        personal=personal,
        report=report,
        breaks=replayed.breaks,
        versions=replayed.versions,
        steps=steps,
        chosen=chosen,
        shown_data=shown,
        labels=labels,
        choices=value_labels(replayed.forms, lang, lambda: directory.facility_names(engine, user)),
        step_title=lambda s: _step_title(s, titles),
        at=at,
        then=then,
        then_error=then_error,
        then_step=then_step,
    )


@router.get("/audit/statistics")
def statistics_page(request: Request, engine: EngineDep, _user: StatisticsReader) -> HTMLResponse:
    cells = reports.statistics(engine)
    return render(request, "audit_statistics.html", cells=cells)


@router.get("/audit/statistics/chart.svg")
def statistics_chart(request: Request, engine: EngineDep, _user: StatisticsReader) -> Response:
    lang = language(request)
    svg = bar_chart(
        translate(lang, "audit.chart_title"),
        chart_bars(reports.statistics(engine)),
        translate(lang, "audit.no_figures"),
    )
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.get("/audit/access-log")
def access_log_page(
    request: Request,
    engine: EngineDep,
    accounts: AccountsDep,
    auditor: AccessLogReader,
    user: str = "",
    case: str = "",
    since: str = "",
    until: str = "",
) -> HTMLResponse:
    lang = language(request)
    errors = []
    case_id = None
    try:
        case_id = case_filter(case)
    except ValueError as error:
        errors.append(translate(lang, "audit.filter_invalid", detail=str(error)))
    bounds: dict[str, datetime | None] = {"since": None, "until": None}
    for name, text in (("since", since), ("until", until)):
        if text.strip():
            try:
                bounds[name] = parse_moment(text.strip(), end_of_day=name == "until")
            except ValueError as error:
                errors.append(translate(lang, "audit.filter_invalid", detail=str(error)))
    entries = (
        []
        if errors
        else audit.access_log(
            engine, case_id, user.strip() or None, bounds["since"], bounds["until"]
        )
    )
    cases = audit.case_choices(engine, auditor)
    return render(
        request,
        "audit_access_log.html",
        422 if errors else 200,
        entries=entries,
        errors=errors,
        references=dict(cases),
        cases=cases,
        users=[str(u["name"]) for u in accounts.list()],
        filters={"user": user, "case": case, "since": since, "until": until},
    )
