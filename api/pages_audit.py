"""The auditors' pages (issue 7): chain verification, step-by-step replay with the case as it
was at any moment, anonymous statistics with a chart, and the access log. They only read:
there is no form that changes anything, and every route answers GET alone.

The rules are the engine's (engine/access/policy.py, engine/history/audit.py,
engine/history/replay.py); personal data follows the case page's confidentiality, and a replay is
written to the access log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api import authz
from api.charts import Bar, bar_chart
from api.i18n import translate
from api.pages import data_labels, language, page_user, render, value_labels
from engine.access import policy, redaction
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.base.clock import in_utc
from engine.base.errors import NotFound
from engine.cases import access_queries
from engine.history.access_log import log_access, logged_access
from engine.history.anchors import AnchorFinding, check_against_anchor
from engine.history.audit import ChainBreak, audit_chains, verify_chains
from engine.history.replay import PointInTime, ReplayReport, ReplayStep, replay_case
from engine.history.step_versions import step_versions
from engine.nrm_engine import NrmEngine
from engine.reports.statistics import SUPPRESSED, Cell


@dataclass
class Verification:
    cases: int
    events: int
    breaks: list[ChainBreak]
    cut_short: list[AnchorFinding]

    @property
    def intact(self) -> bool:
        return not self.breaks and not self.cut_short


def verify(engine: NrmEngine, case_id: int | None) -> Verification:
    """What `nrm audit verify [CASE]` checks: every chain, and the chains against the anchor."""
    with Session(engine.db) as session:
        chains = audit_chains(session, case_id)
        cut_short = [f for f in check_against_anchor(session) if case_id in (None, f.case_id)]
    return Verification(chains.cases, chains.events, chains.breaks, cut_short)


@dataclass
class Replayed:
    report: ReplayReport
    breaks: list[ChainBreak]
    versions: dict[int, int]  # step → the process version it ran on (its diagram)


def replay(engine: NrmEngine, case_id: int) -> Replayed:
    with Session(engine.db) as session:
        breaks = verify_chains(session, case_id)
        versions = step_versions(session, case_id)
        try:
            report = replay_case(session, engine.catalog, case_id)
        except NotFound:
            raise
        except Exception as error:  # an altered history may not replay at all: that is a finding
            report = ReplayReport(case_id, findings=[f"the replay stopped: {error}"])
    return Replayed(report, breaks, versions)


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
    """The case at `moment` (redacted and logged by authz.case_as_of), or why there is none; and
    the last step taken by then, to show it on the diagram."""
    try:
        then = authz.case_as_of(engine, user, case_id, moment)
    except NotFound as error:
        return None, str(error), None
    taken = [s for s in steps if s.at <= moment]
    return then, "", taken[-1] if taken else None


def _engine(request: Request) -> NrmEngine:
    return request.app.state.engine


def _auditor(request: Request) -> Principal:
    return page_user(request, C.VERIFY_HISTORY)


def _case_choices(engine: NrmEngine, user: Principal) -> list[tuple[int, str]]:
    visible = access_queries.visible_cases(engine.db, user)
    return [(found.case_id, found.reference) for found, _case in visible]


def _step_title(step: ReplayStep, titles: dict[int, str]) -> str:
    return titles.get(step.seq) or step.task_name or ""


def install_audit_pages(app: FastAPI) -> None:
    @app.get("/audit", include_in_schema=False)
    def audit_home(request: Request, case: str = "") -> HTMLResponse:
        user = _auditor(request)
        engine = _engine(request)
        try:
            case_id = case_filter(case)
        except ValueError as error:
            raise HTTPException(422, str(error)) from error
        return render(
            request,
            "audit.html",
            result=verify(engine, case_id),
            chosen=case_id,
            cases=_case_choices(engine, user),
        )

    @app.get("/audit/cases/{case_id}/replay", include_in_schema=False)
    def replay_page(
        request: Request, case_id: int, step: int | None = None, at: str = ""
    ) -> HTMLResponse:
        user = _auditor(request)
        engine = _engine(request)
        found = authz.viewable_case(engine, user, case_id)
        personal = policy.sees_personal_data(user, found)
        replayed = replay(engine, case_id)
        report = replayed.report
        log_access(engine.db, user, case_id, "replay", personal, engine.clock.now())
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
        labels = data_labels(engine, case_id, lang)
        shown = {}
        if chosen is not None:
            data = redaction.redact_data(chosen.data, policy.field_access(user, found))
            shown = {k: v for k, v in data.items() if k in labels and v not in (None, "")}
        events = engine.queries.events(case_id)
        titles = {e.seq: str(e.data.get("title") or e.data.get("timer") or "") for e in events}
        return render(
            request,
            "audit_replay.html",
            422 if invalid else 200,
            case=engine.queries.case(case_id),
            facts=found,
            personal=personal,
            report=report,
            breaks=replayed.breaks,
            versions=replayed.versions,
            steps=steps,
            chosen=chosen,
            shown_data=shown,
            labels=labels,
            choices=value_labels(engine, case_id, lang, user),
            step_title=lambda s: _step_title(s, titles),
            at=at,
            then=then,
            then_error=then_error,
            then_step=then_step,
        )

    @app.get("/audit/statistics", include_in_schema=False)
    def statistics_page(request: Request) -> HTMLResponse:
        page_user(request, C.READ_STATISTICS)
        cells = _engine(request).queries.statistics()
        return render(request, "audit_statistics.html", cells=cells)

    @app.get("/audit/statistics/chart.svg", include_in_schema=False)
    def statistics_chart(request: Request) -> Response:
        page_user(request, C.READ_STATISTICS)
        lang = language(request)
        svg = bar_chart(
            translate(lang, "audit.chart_title"),
            chart_bars(_engine(request).queries.statistics()),
            translate(lang, "audit.no_figures"),
        )
        return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})

    @app.get("/audit/access-log", include_in_schema=False)
    def access_log_page(
        request: Request, user: str = "", case: str = "", since: str = "", until: str = ""
    ) -> HTMLResponse:
        auditor = _auditor(request)
        engine = _engine(request)
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
            else logged_access(
                engine.db, case_id, user.strip() or None, bounds["since"], bounds["until"]
            )
        )
        cases = _case_choices(engine, auditor)
        return render(
            request,
            "audit_access_log.html",
            422 if errors else 200,
            entries=entries,
            errors=errors,
            references=dict(cases),
            cases=cases,
            users=[str(u["name"]) for u in request.app.state.accounts.list()],
            filters={"user": user, "case": case, "since": since, "until": until},
        )
