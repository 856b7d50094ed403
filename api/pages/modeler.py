"""The supervisors' pages for changing the procedure: processes, the BPMN modeler, drafts waiting
for a second supervisor, versions and the visual diff of two of them, the decision tables.

Reading and writing go through the engine (engine/procedures/drafts.py,
engine/procedures/publishing.py); the modeler itself saves through the JSON API (POST
/api/processes/{id}/drafts, .../check)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import EngineDep, require
from api.i18n import panel_texts, role_label, translate
from api.pages.rendering import PageForm, language, render
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.base.errors import Forbidden, InvalidProcess
from engine.base.roles import lane_of_role
from engine.nrm_engine import NrmEngine
from engine.services.procedures import (
    DiffChanged,
    Drafts,
    FourEyesRequired,
    NotTheAuthor,
    element_names,
    modeler_choices,
)


def _drafts(engine: NrmEngine) -> Drafts:
    return Drafts(engine.db, engine.catalog)


def _drafts_page(
    request: Request, engine: NrmEngine, error: str = "", status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "drafts.html",
        status_code,
        drafts=_drafts(engine).pending(),
        error=error,
    )


router = APIRouter(include_in_schema=False)
Supervisor = Annotated[Principal, require(C.EDIT_PROCEDURES)]


@router.get("/processes")
def processes_page(request: Request, engine: EngineDep, _user: Supervisor) -> HTMLResponse:
    return render(
        request,
        "modeler_processes.html",
        processes=engine.queries.processes(),
        waiting=_drafts(engine).waiting(),
        decisions=_drafts(engine).decision_files(),
    )


@router.get("/processes/{process_id}/modeler")
def modeler_page(
    request: Request, process_id: str, engine: EngineDep, user: Supervisor
) -> HTMLResponse:
    start = _drafts(engine).modeler_start(process_id, user.name)
    lang = language(request)
    choices = modeler_choices(engine.db, engine.catalog, process_id)
    return render(
        request,
        "modeler.html",
        start=start,
        panel={
            "texts": panel_texts(lang),
            "choices": {
                "forms": choices.forms,
                "processes": choices.processes,
                "documents": choices.documents,
                "decisions": choices.decisions,
                "lanes": [
                    {"value": lane_of_role(role), "label": role_label(lang, role)}
                    for role in choices.roles
                ],
            },
        },
    )


@router.get("/drafts")
def drafts_page(request: Request, engine: EngineDep, _user: Supervisor) -> HTMLResponse:
    return _drafts_page(request, engine)


@router.post("/drafts/{draft_id}/approve")
def approve_draft(
    request: Request, draft_id: int, engine: EngineDep, user: Supervisor, form: PageForm
) -> Response:
    lang = language(request)
    # The digest of the changes the page showed: a draft changed since is not approved.
    shown = form.get("diff_digest")
    try:
        version = engine.publishing.approve(
            draft_id, user.name, shown if isinstance(shown, str) else ""
        )
    except FourEyesRequired as error:
        return _drafts_page(
            request, engine, translate(lang, "drafts.four_eyes", reason=str(error)), 409
        )
    except DiffChanged:
        return _drafts_page(
            request, engine, translate(lang, "drafts.changed_since", id=draft_id), 409
        )
    except InvalidProcess as error:
        return _drafts_page(
            request, engine, translate(lang, "drafts.not_publishable", reason=str(error)), 400
        )
    return RedirectResponse(
        f"/processes/{version.process_id}/versions?published={version.version}", 303
    )


@router.post("/drafts/{draft_id}/withdraw")
def withdraw_draft(
    request: Request, draft_id: int, engine: EngineDep, user: Supervisor, _form: PageForm
) -> Response:
    try:
        _drafts(engine).withdraw(draft_id, user.name)
    except NotTheAuthor as error:
        raise Forbidden(str(error)) from error
    return RedirectResponse("/drafts", 303)


@router.get("/processes/{process_id}/versions")
def versions_page(
    request: Request, process_id: str, engine: EngineDep, _user: Supervisor, published: int = 0
) -> HTMLResponse:
    found = engine.publishing.versions(process_id)
    return render(
        request, "versions.html", process_id=process_id, versions=found, published=published
    )


@router.get("/processes/{process_id}/diff")
def diff_page(
    request: Request, process_id: str, old: int, new: int, engine: EngineDep, _user: Supervisor
) -> HTMLResponse:
    new_xml = engine.publishing.version_xml(process_id, new)
    return render(
        request,
        "versions_diff.html",
        process_id=process_id,
        old=old,
        new=new,
        diff=engine.publishing.diff(process_id, old, new),
        changes=engine.publishing.semantic_diff(process_id, old, new),
        bpmn_xml=new_xml,
        names=element_names(engine.publishing.version_xml(process_id, old), new_xml),
    )


@router.get("/processes/{process_id}/decisions/{filename}")
def decisions_page(
    request: Request, process_id: str, filename: str, engine: EngineDep, _user: Supervisor
) -> HTMLResponse:
    return render(
        request,
        "modeler_dmn.html",
        process_id=process_id,
        filename=filename,
        dmn_xml=_drafts(engine).decision_xml(process_id, filename),
    )
