"""The HTML pages: sign-in, inbox, task, case, case list, start a case. Server-rendered Jinja2,
a little vanilla JS for the diagram; every string from api/i18n.py; every form with a CSRF token.

Pages use the same rules (engine/access/policy.py) and the same engine commands as the JSON API."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from api import authz, security
from api.deps import SignInRequired, current_user, permitted
from api.forms_html import field_errors, form_fields, parse_form
from api.i18n import DEFAULT_LANGUAGE, LANGUAGES, role_label, translate
from api.routes.cases import check_case_manager
from api.routes.court import court_outbox
from api.routes.incidents import retriable_incidents
from api.routes.tasks import complete
from engine.access import policy, redaction
from engine.access.permissions import Capability
from engine.access.permissions import Capability as C
from engine.access.users import LockedOut, Principal, SignInFailed, UserAccounts
from engine.base.errors import Forbidden, InvalidData, NotFound
from engine.cases import access_queries
from engine.cases.assignment import AssignmentCommands
from engine.cases.claims import TaskClaims
from engine.directory.facilities import Directory
from engine.nrm_engine import NrmEngine
from engine.storage.models import Case
from forms.options import OPTIONS
from forms.procedure_texts import procedure_text
from forms.schemas import INTAKE_FORM
from forms.translation import ENUM_LABELS, enum_label, form_text, translate_form

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
# bpmn-js (its Modeler with the properties panel, its Viewer) and dmn-js, bundled from
# api/static_src (committed: running the app needs no build step).
BPMN_IO = "/static/app/vendor/bpmn-io"
LANG_COOKIE = "nrm_lang"

templates = Jinja2Templates(directory=HERE / "templates")


def _engine(request: Request) -> NrmEngine:
    return request.app.state.engine


def user_accounts(request: Request) -> UserAccounts:
    return request.app.state.accounts


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE, DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def page_user(request: Request, capability: Capability) -> Principal:
    """The signed-in user, if the access policy gives their role `capability` (as `require`
    does for the JSON routes); not signed in: the sign-in page."""
    return permitted(current_user(request), capability)


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    found = security.signed_in(request)
    csrf = found.csrf if found else None
    pre_csrf = None
    if csrf is None:
        pre_csrf = security.unsign(request.cookies.get(security.PRE_CSRF_COOKIE), "csrf")
        if pre_csrf is None:
            pre_csrf = secrets.token_urlsafe(24)
        csrf = pre_csrf
    now = _engine(request).clock.now()
    response = templates.TemplateResponse(
        request,
        template,
        {
            "t": lambda key, **values: translate(lang, key, **values),
            "role_label": lambda role: role_label(lang, role),
            "tx": lambda text: procedure_text(text, lang),
            "tf": lambda text: form_text(text, lang),
            "lang": lang,
            "languages": LANGUAGES,
            "user": found.user if found else None,
            "csrf": csrf,
            "now": now,
            "fmt_time": _fmt_time,
            "fmt_date": _fmt_date,
            "age": lambda since: _age(lang, now - since),
            "bpmn_js": BPMN_IO,
            "path": request.url.path,
            **context,
        },
        status_code=status_code,
    )
    if pre_csrf is not None:
        response.set_cookie(
            security.PRE_CSRF_COOKIE,
            security.sign(pre_csrf, "csrf"),
            httponly=True,
            samesite="lax",
            secure=security.cookie_secure(request),
        )
    response.headers["Cache-Control"] = "no-store"
    return response


def _fmt_time(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


def _fmt_date(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else "—"


def _age(lang: str, delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return translate(lang, "age.minutes", n=minutes)
    if minutes < 48 * 60:
        return translate(lang, "age.hours", n=minutes // 60)
    return translate(lang, "age.days", n=minutes // (24 * 60))


def redirect_to(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


async def checked_form(request: Request) -> Any:
    """The posted form, once its CSRF token is checked."""
    form = await request.form()
    csrf = form.get("csrf")
    security.check_form_csrf(request, csrf if isinstance(csrf, str) else None)
    return form


def install_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in_first(_request: Request, error: SignInRequired) -> Response:
        return redirect_to(f"/login?next={quote(error.next_url)}")

    # --- signing in -------------------------------------------------------------------------

    @app.get("/login", include_in_schema=False)
    def login_page(request: Request, next: str = "/") -> HTMLResponse:
        return render(request, "login.html", next=_safe_next(next), error=None, username="")

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await checked_form(request)
        name = str(form.get("username", "")).strip()
        password = str(form.get("password", ""))
        target = _safe_next(str(form.get("next", "/")))
        accounts = user_accounts(request)
        now = request.app.state.auth_clock.now()
        lang = language(request)
        try:
            user = accounts.authenticate(name, password, now)
        except LockedOut as error:
            message = translate(lang, "login.locked", until=f"{error.until:%H:%M:%S}")
            return render(request, "login.html", 429, next=target, error=message, username=name)
        except SignInFailed:
            message = translate(lang, "login.failed")
            return render(request, "login.html", 401, next=target, error=message, username=name)
        # A new session id at every sign-in; the one the browser had (if any) ends.
        old = security.unsign(request.cookies.get(security.SESSION_COOKIE))
        if old:
            accounts.close_session(old)
        token, _csrf = accounts.open_session(user, "cookie", now)
        response = redirect_to(target)
        response.set_cookie(
            security.SESSION_COOKIE,
            security.sign(token),
            httponly=True,
            samesite="lax",
            secure=security.cookie_secure(request),
            path="/",
        )
        response.delete_cookie(security.PRE_CSRF_COOKIE)
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        await checked_form(request)
        found = security.signed_in(request)
        if found is not None:
            user_accounts(request).close_session(found.token)
        response = redirect_to("/login")
        response.delete_cookie(security.SESSION_COOKIE, path="/")
        return response

    @app.get("/lang/{code}", include_in_schema=False)
    def set_language(request: Request, code: str, next: str = "/") -> Response:
        response = redirect_to(_safe_next(next))
        if code in LANGUAGES:
            response.set_cookie(LANG_COOKIE, code, samesite="lax", max_age=365 * 24 * 3600)
        return response

    # --- inbox ------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def inbox(request: Request, process: str = "", status: str = "all") -> HTMLResponse:
        user = page_user(request, C.READ_OWN_WORK)
        engine = _engine(request)
        entries = access_queries.inbox_entries(engine.db, engine.clock, user, process or None)
        now = engine.clock.now()
        soon = now + timedelta(days=2)
        if status == "overdue":
            entries = [e for e in entries if e.task.overdue]
        elif status == "due_soon":
            entries = [e for e in entries if e.task.due_at and e.task.due_at <= soon]
        elif status == "unclaimed":
            entries = [e for e in entries if e.claimed_by is None]
        elif status == "claimed":
            entries = [e for e in entries if e.claimed_by is not None]
        personal_task = {"case_manager"}
        mine = [e for e in entries if e.claimed_by == user.name or e.task.role in personal_task]
        team = [e for e in entries if e not in mine]
        personal = {e.facts.case_id: policy.sees_personal_data(user, e.facts) for e in entries}
        authz.log_listed(engine, user, list(personal.items()), "inbox")
        return render(
            request,
            "inbox.html",
            mine=mine,
            team=team,
            processes=engine.queries.processes(),
            process=process,
            status=status,
            statuses=["all", "overdue", "due_soon", "unclaimed", "claimed"],
            incidents=retriable_incidents(engine, user),
            child=lambda e: redaction.child_label(
                e.data, e.facts.reference, personal[e.facts.case_id]
            ),
        )

    @app.post("/tasks/{task_id}/claim", include_in_schema=False)
    async def claim(request: Request, task_id: str) -> Response:
        user = page_user(request, C.DO_TASKS)
        await checked_form(request)
        engine = _engine(request)
        authz.actionable_task(engine, user, task_id)
        TaskClaims(engine.db, engine.clock).claim(task_id, user.name)
        return redirect_to(request.headers.get("referer") or "/")

    @app.post("/tasks/{task_id}/unclaim", include_in_schema=False)
    async def unclaim(request: Request, task_id: str) -> Response:
        user = page_user(request, C.DO_TASKS)
        await checked_form(request)
        engine = _engine(request)
        _task, found = authz.task_and_facts(engine, task_id)
        claims = TaskClaims(engine.db, engine.clock)
        holder = claims.holder(task_id)
        if holder not in (None, user.name) and not policy.can_reassign(user, found):
            raise Forbidden("only the holder or a supervisor gives a task back")
        claims.release(task_id, user.name)
        return redirect_to(request.headers.get("referer") or "/")

    # --- a task -----------------------------------------------------------------------------

    def task_page(
        request: Request,
        task_id: str,
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        general: list[str] | None = None,
        status_code: int = 200,
    ) -> HTMLResponse:
        user = page_user(request, C.READ_CASES)
        engine = _engine(request)
        detail = authz.readable_task(engine, user, task_id)
        _task, found = authz.task_and_facts(engine, task_id)
        can_do = policy.can_do_task(user, detail.role, found)
        holder = TaskClaims(engine.db, engine.clock).holder(task_id)
        case = engine.queries.case(detail.case_id)
        form = translate_form(detail.form, language(request))
        # The case data the form names in `x-show` (e.g. the findings a decision is about).
        access = policy.field_access(user, found)
        data = redaction.redact_data(case.data, access)
        shown_data = {
            key: data[key]
            for key in detail.form.get("x-show", [])
            if data.get(key) not in (None, "", [])
        }
        # The page names the child and shows what the task is about: a view of the case.
        personal = access.reads("child_name") or any(key in access.known for key in shown_data)
        authz.log_viewed(engine, user, detail.case_id, "task", personal)
        return render(
            request,
            "task.html",
            status_code,
            task=detail,
            form=form,
            fields=form_fields(form, values, errors),
            errors=errors or {},
            general=general or [],
            can_do=can_do,
            holder=holder,
            child=redaction.child_label(case.data, case.reference, access),
            case=case,
            shown_data=shown_data,
            labels=data_labels(engine, detail.case_id, language(request)),
            choices=value_labels(engine, detail.case_id, language(request), user),
        )

    @app.get("/tasks/{task_id}", include_in_schema=False)
    def show_task(request: Request, task_id: str) -> HTMLResponse:
        return task_page(request, task_id)

    @app.post("/tasks/{task_id}", include_in_schema=False)
    async def submit_task(request: Request, task_id: str) -> Response:
        user = page_user(request, C.DO_TASKS)
        form = await checked_form(request)
        engine = _engine(request)
        detail = authz.readable_task(engine, user, task_id)
        data = parse_form(detail.form, form)
        try:
            case_id = complete(engine, user, task_id, data)
        except InvalidData as error:
            lang = language(request)
            errors, general = field_errors(error.errors, lambda k: translate(lang, k))
            return task_page(request, task_id, data, errors, general, 422)
        return redirect_to(f"/cases/{case_id}?{urlencode({'done': detail.title})}")

    # --- cases ------------------------------------------------------------------------------

    @app.get("/cases", include_in_schema=False)
    def case_list(request: Request) -> HTMLResponse:
        user = page_user(request, C.READ_OWN_WORK)
        engine = _engine(request)
        rows = [
            (found, case, policy.sees_personal_data(user, found))
            for found, case in access_queries.visible_cases(engine.db, user)
        ]
        authz.log_listed(engine, user, [(f.case_id, personal) for f, _c, personal in rows], "list")
        rows = [
            (found, case, redaction.child_label(case.data, case.reference, personal))
            for found, case, personal in rows
        ]
        return render(request, "cases.html", rows=rows)

    @app.get("/court/outbox", include_in_schema=False)
    def court_outbox_page(request: Request) -> HTMLResponse:
        user = page_user(request, C.READ_COURT_OUTBOX)
        entries = court_outbox(_engine(request), user)
        return render(request, "court_outbox.html", entries=entries)

    @app.get("/cases/new", include_in_schema=False)
    def new_case_page(request: Request, process: str = "") -> HTMLResponse:
        return new_case(request, process)

    def new_case(
        request: Request,
        process: str,
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        general: list[str] | None = None,
        status_code: int = 200,
    ) -> HTMLResponse:
        user = page_user(request, C.READ_PROCESSES)
        engine = _engine(request)
        processes = engine.queries.processes()
        chosen = next((p for p in processes if p.id == process), None) or (
            processes[0] if processes else None
        )
        managers = [
            str(u["name"])
            for u in user_accounts(request).list()
            if u["role"] == "case_manager" and u["active"]
        ]
        regions = sorted({str(u["region"]) for u in user_accounts(request).list() if u["region"]})
        form = translate_form(chosen.form, language(request)) if chosen else {}
        fields = (
            form_fields(
                form,
                values or ({"home_region": user.region} if user.region else {}),
                errors,
                {"case_manager": managers, "home_region": regions},
            )
            if chosen
            else []
        )
        return render(
            request,
            "new_case.html",
            status_code,
            processes=processes,
            chosen=chosen,
            form=form,
            fields=fields,
            errors=errors or {},
            general=general or [],
            allowed=policy.can_start_case(user),
        )

    @app.post("/cases/new", include_in_schema=False)
    async def start_case(request: Request) -> Response:
        user = page_user(request, C.START_CASES)
        form = await checked_form(request)
        engine = _engine(request)
        process_id = str(form.get("process", ""))
        chosen = next((p for p in engine.queries.processes() if p.id == process_id), None)
        if chosen is None:
            raise NotFound(f"no process {process_id!r} is loaded")
        data = parse_form(chosen.form, form)
        try:
            check_case_manager(user_accounts(request), data)
            case_id = engine.commands.start_case(process_id, data, user.name)
        except InvalidData as error:
            lang = language(request)
            errors, general = field_errors(error.errors, lambda k: translate(lang, k))
            return new_case(request, process_id, data, errors, general, 422)
        return redirect_to(f"/cases/{case_id}")

    @app.get("/cases/{case_id}", include_in_schema=False)
    def case_page(request: Request, case_id: int, done: str = "") -> HTMLResponse:
        user = page_user(request, C.READ_CASES)
        engine = _engine(request)
        view = authz.case_view(engine, user, case_id, what="page")
        found = authz.facts(engine, case_id)
        personal = policy.sees_personal_data(user, found)
        events = engine.queries.events(case_id)
        access = policy.field_access(user, found)
        for event in events:
            event.data = redaction.redact_event_data(event.data, access)
        mine = {t.id for t in view.tasks if policy.can_do_task(user, t.role, found)}
        with Session(engine.db) as session:
            case = session.get(Case, case_id)
            assert case is not None
        managers = [
            str(u["name"])
            for u in user_accounts(request).list()
            if u["role"] == "case_manager" and u["active"]
        ]
        fields = view_fields(engine, case_id)  # reads every form of the case: once, not per key
        shown_data = {
            key: value
            for key, value in view.data.items()
            if key in fields and value not in (None, "")
        }
        return render(
            request,
            "case.html",
            case=view,
            facts=found,
            personal=personal,
            child=redaction.child_label(case.data, view.reference, access),
            events=events,
            mine=mine,
            done=done,
            can_reassign=policy.can_reassign(user, found) and view.status == "open",
            managers=managers,
            shown_data=shown_data,
            active=[t.name for t in view.tasks],
            process_name=next(
                (p.name for p in engine.queries.processes() if p.id == view.process), view.process
            ),
            labels=data_labels(engine, case_id, language(request)),
            choices=value_labels(engine, case_id, language(request), user),
            who=lambda task: _who(request, task.role, found),
        )

    @app.post("/cases/{case_id}/case-manager", include_in_schema=False)
    async def reassign(request: Request, case_id: int) -> Response:
        user = page_user(request, C.REASSIGN)
        form = await checked_form(request)
        engine = _engine(request)
        found = authz.facts(engine, case_id)
        if not policy.can_reassign(user, found):
            raise Forbidden("only a supervisor of the case's region reassigns it")
        name = str(form.get("case_manager", "")).strip()
        if not user_accounts(request).exists(name, "case_manager"):
            raise HTTPException(422, f"no case manager named {name!r}")
        AssignmentCommands(engine.db, engine.clock).reassign_case_manager(
            case_id, name, user.name, str(form.get("reason", ""))
        )
        return redirect_to(f"/cases/{case_id}")

    def _who(request: Request, role: str, found: policy.AccessFacts) -> str:
        lang = language(request)
        if role == "case_manager" and found.case_manager:
            return found.case_manager
        region = f" · {found.region}" if found.region else ""
        return role_label(lang, role) + region


def _all_forms(engine: NrmEngine, case_id: int) -> dict[str, Any]:
    from engine.cases.loading import load_case

    with Session(engine.db) as session:
        _case, version = load_case(session, case_id)
        return dict(version.forms)


def view_fields(engine: NrmEngine, case_id: int) -> set[str]:
    return set(data_labels(engine, case_id))


def _fields_of_forms(engine: NrmEngine, case_id: int, lang: str) -> dict[str, dict[str, Any]]:
    """Case-data names → the form field that fills them (the intake's first), in `lang`."""
    forms = {name: translate_form(form, lang) for name, form in _all_forms(engine, case_id).items()}
    fields: dict[str, dict[str, Any]] = {}
    ordered = [forms.get(INTAKE_FORM, {})] + [f for n, f in forms.items() if n != INTAKE_FORM]
    for form in ordered:
        for name, prop in form.get("properties", {}).items():
            fields.setdefault(name, prop)
    return fields


# Case data a diagram's scripts set (child_return, child_at_risk), with their values: the task and
# case pages show them by name in the reader's language (the `data.*` keys of api/locale/pages.pot).
DERIVED_DATA: dict[str, tuple[str, ...]] = {
    "safety_alert": ("unsafe_at_visit", "unsafe_at_review", "return_not_agreed", "closure_refused"),
    "last_safety_check": ("safe", "unsafe"),
    "closure_refused_reason": (),
    "search_attempts": (),
}


def value_labels(
    engine: NrmEngine, case_id: int, lang: str, user: Principal
) -> dict[str, dict[str, str]]:
    """Case-data names → their choices' labels in `lang` (a stored value is data, not text);
    a facility chosen from the directory by its name and region."""
    choices: dict[str, dict[str, str]] = {}
    facilities: dict[str, str] | None = None
    for name, prop in _fields_of_forms(engine, case_id, lang).items():
        if prop.get(OPTIONS) == "facilities":
            if facilities is None:
                listed = Directory(engine.db, engine.clock).list(user, include_inactive=True)
                facilities = {str(f.id): f"{f.name} ({f.region})" for f in listed}
            choices[name] = facilities
        values = prop.get("enum")
        if isinstance(values, list):
            labels = prop.get(ENUM_LABELS) or [enum_label(str(v)) for v in values]
            choices[name] = {
                v: label for v, label in zip(values, labels, strict=True) if isinstance(v, str)
            }
    for name, values in DERIVED_DATA.items():
        choices.setdefault(name, {v: translate(lang, f"data.{name}.{v}") for v in values})
    return choices


def data_labels(engine: NrmEngine, case_id: int, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Case-data names → the titles their forms give them (the intake's first), in `lang`."""
    labels = {
        name: prop.get("title", name)
        for name, prop in _fields_of_forms(engine, case_id, lang).items()
    }
    for name in ("placement", "petition_ground", "shelter_reason"):
        labels.setdefault(name, name.replace("_", " ").capitalize())
    for name in DERIVED_DATA:  # set by the diagram, not asked by a form
        labels.setdefault(name, translate(lang, f"data.{name}"))
    return labels


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    return render(request, "error.html", status, status=status, detail=detail)
