"""A task's page: its form (with the case data it names in `x-show`), who holds it, and the
form's submission, completed by the same use case as the JSON API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import EngineDep, require
from api.forms_html import field_errors, form_fields, parse_form
from api.pages.case_data import data_labels, value_labels
from api.pages.rendering import PageForm, flash_done, language, redirect_to, render
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.base.errors import InvalidData
from engine.nrm_engine import NrmEngine
from engine.services import directory, tasks
from forms.translation import translate_form

router = APIRouter(include_in_schema=False)


def task_page(
    request: Request,
    engine: NrmEngine,
    user: Principal,
    task_id: str,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    general: list[str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    sheet = tasks.task_sheet(engine, user, task_id)
    lang = language(request)
    detail = sheet.task
    form = translate_form(detail.form, lang)
    return render(
        request,
        "task.html",
        status_code,
        task=detail,
        form=form,
        fields=form_fields(form, values, errors),
        errors=errors or {},
        general=general or [],
        can_do=sheet.can_do,
        holder=sheet.holder,
        child=sheet.child,
        case=sheet.case,
        # The case data the form names in `x-show` (e.g. the findings a decision is about).
        shown_data=sheet.shown_data,
        labels=data_labels(sheet.forms, lang),
        choices=value_labels(sheet.forms, lang, lambda: directory.facility_names(engine, user)),
    )


@router.get("/tasks/{task_id}")
def show_task(
    request: Request,
    task_id: str,
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_CASES)],
) -> HTMLResponse:
    return task_page(request, engine, user, task_id)


@router.post("/tasks/{task_id}")
def submit_task(
    request: Request,
    task_id: str,
    engine: EngineDep,
    user: Annotated[Principal, require(C.DO_TASKS)],
    form: PageForm,
) -> Response:
    detail = tasks.read_task(engine, user, task_id)
    data = parse_form(detail.form, form)
    try:
        case = tasks.complete_task(engine, user, task_id, data)
    except InvalidData as error:
        lang = language(request)
        errors, general = field_errors(error.errors, lang)
        return task_page(request, engine, user, task_id, data, errors, general, 422)
    return flash_done(request, redirect_to(f"/cases/{case.id}"), case.id, detail.title)
