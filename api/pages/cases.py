"""The cases' pages: the list, starting a case, a case (its diagram, tasks, timers, data and
history as the user may see them) and a supervisor's reassignment of its case manager; the
court's outbox. The use cases are engine/services', as for the JSON API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import AccountsDep, CaseSearchDep, EngineDep, require
from api.forms_html import field_errors, form_fields, parse_form
from api.i18n import role_label
from api.pages.case_data import data_labels, value_labels
from api.pages.rendering import (
    DONE_COOKIE,
    PageForm,
    language,
    redirect_to,
    render,
    take_done,
)
from engine.access.permissions import Capability as C
from engine.access.policy import AccessFacts
from engine.access.users import Principal, UserAccounts
from engine.base.errors import InvalidData, NotFound
from engine.nrm_engine import NrmEngine
from engine.services import cases, court, directory, procedures, reference
from engine.services.cases import can_find_by_name, can_start_case
from forms.translation import translate_form

router = APIRouter(include_in_schema=False)


def case_managers(accounts: UserAccounts) -> list[str]:
    """The case managers who can sign in: the choices for appointing one."""
    return [str(u["name"]) for u in accounts.list() if u["role"] == "case_manager" and u["active"]]


@router.get("/cases")
def case_list(
    request: Request,
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_OWN_WORK)],
    search: CaseSearchDep,
) -> HTMLResponse:
    found = cases.find_cases(engine, user, search)
    # The other pages' links keep the search; what is left at its default is left out.
    query = {
        "q" if key == "text" else key: value
        for key, value in asdict(search).items()
        if value and value != getattr(cases.CaseSearch, key) and key != "page"
    }
    return render(
        request,
        "cases.html",
        found=found,
        search=search,
        processes=procedures.list_processes(engine),
        regions=[
            (r.value, r.name_sq if language(request) == "sq" else r.name_en)
            for r in reference.list_values(engine, "region")
        ],
        page_link=lambda page: "/cases?" + urlencode({**query, "page": page}),
        by_name=can_find_by_name(user),
    )


@router.get("/court/outbox")
def court_outbox_page(
    request: Request,
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_COURT_OUTBOX)],
) -> HTMLResponse:
    return render(request, "court_outbox.html", entries=court.court_outbox(engine, user))


def new_case(
    request: Request,
    engine: NrmEngine,
    accounts: UserAccounts,
    user: Principal,
    process: str,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    general: list[str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    processes = procedures.list_processes(engine)
    chosen = next((p for p in processes if p.id == process), None) or (
        processes[0] if processes else None
    )
    form = translate_form(chosen.form, language(request)) if chosen else {}
    # The routing fields (region, court, case manager) list their choices (reference data).
    fields = (
        form_fields(form, values or ({"home_region": user.region} if user.region else {}), errors)
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
        allowed=can_start_case(user),
    )


@router.get("/cases/new")
def new_case_page(
    request: Request,
    engine: EngineDep,
    accounts: AccountsDep,
    user: Annotated[Principal, require(C.READ_PROCESSES)],
    process: str = "",
) -> HTMLResponse:
    return new_case(request, engine, accounts, user, process)


@router.post("/cases/new")
def start_case(
    request: Request,
    engine: EngineDep,
    accounts: AccountsDep,
    user: Annotated[Principal, require(C.START_CASES)],
    form: PageForm,
) -> Response:
    process_id = str(form.get("process", ""))
    chosen = next((p for p in procedures.list_processes(engine) if p.id == process_id), None)
    if chosen is None:
        raise NotFound(f"no process {process_id!r} is loaded")
    data = parse_form(chosen.form, form)
    try:
        view = cases.start_case(engine, user, process_id, data)
    except InvalidData as error:
        lang = language(request)
        errors, general = field_errors(error.errors, lang)
        return new_case(request, engine, accounts, user, process_id, data, errors, general, 422)
    return redirect_to(f"/cases/{view.id}")


def _who(lang: str, role: str, found: AccessFacts) -> str:
    if role == "case_manager" and found.case_manager:
        return found.case_manager
    region = f" · {found.region}" if found.region else ""
    return role_label(lang, role) + region


@router.get("/cases/{case_id}")
def case_page(
    request: Request,
    case_id: int,
    engine: EngineDep,
    accounts: AccountsDep,
    user: Annotated[Principal, require(C.READ_CASES)],
) -> HTMLResponse:
    return show_case(request, engine, accounts, user, case_id)


def show_case(
    request: Request,
    engine: NrmEngine,
    accounts: UserAccounts,
    user: Principal,
    case_id: int,
    status_code: int = 200,
    **extra: Any,
) -> HTMLResponse:
    """The case page; `extra` for its forms (a refused note's errors and values)."""
    file = cases.case_file(engine, user, case_id)
    done = take_done(request, case_id)
    view, found = file.view, file.facts
    lang = language(request)
    labels = data_labels(file.forms, lang)
    shown_data = {
        key: value for key, value in view.data.items() if key in labels and value not in (None, "")
    }
    page = render(
        request,
        "case.html",
        status_code,
        case=view,
        facts=found,
        personal=file.personal,
        child=file.child,
        events=file.events,
        mine=file.mine,
        can_reassign=file.can_reassign,
        can_add_notes=file.can_add_notes,
        max_attachment_bytes=request.app.state.settings.max_attachment_bytes,
        managers=case_managers(accounts),
        shown_data=shown_data,
        active=[t.name for t in view.tasks],
        process_name=next(
            (p.name for p in procedures.list_processes(engine) if p.id == view.process),
            view.process,
        ),
        labels=labels,
        choices=value_labels(file.forms, lang, lambda: directory.facility_names(engine, user)),
        who=lambda task: _who(lang, task.role, found),
        done=done,
        **extra,
    )
    if done:
        page.delete_cookie(DONE_COOKIE)  # said once
    return page


@router.post("/cases/{case_id}/case-manager")
def reassign(
    case_id: int,
    engine: EngineDep,
    user: Annotated[Principal, require(C.REASSIGN)],
    form: PageForm,
) -> Response:
    cases.reassign_case_manager(
        engine,
        user,
        case_id,
        str(form.get("case_manager", "")).strip(),
        str(form.get("reason", "")),
    )
    return redirect_to(f"/cases/{case_id}")
