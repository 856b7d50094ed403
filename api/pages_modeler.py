"""The supervisors' pages for changing the procedure: processes, the BPMN modeler, drafts waiting
for a second supervisor, versions and the visual diff of two of them, the decision tables.

Reading and writing go through the engine (engine/procedures/drafts.py,
engine/procedures/publishing.py); the modeler itself saves through the JSON API (POST
/api/processes/{id}/drafts, .../check)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api import security
from api.i18n import panel_texts, role_label, translate
from api.pages import language, page_user, render
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.base.errors import Forbidden, InvalidProcess
from engine.base.roles import lane_of_role
from engine.nrm_engine import NrmEngine
from engine.procedures.drafts import Drafts, NotTheAuthor, element_names
from engine.procedures.modeler_choices import modeler_choices
from engine.procedures.publishing import DiffChanged, FourEyesRequired


def _supervisor(request: Request) -> tuple[Principal, NrmEngine]:
    user = page_user(request, C.EDIT_PROCEDURES)
    return user, request.app.state.engine


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


async def _check_csrf(request: Request) -> None:
    csrf = (await request.form()).get("csrf")
    security.check_form_csrf(request, csrf if isinstance(csrf, str) else None)


async def _form_text(request: Request, name: str) -> str:
    value = (await request.form()).get(name)
    return value if isinstance(value, str) else ""


def install_modeler_pages(app: FastAPI) -> None:
    @app.get("/processes", include_in_schema=False)
    def processes_page(request: Request) -> HTMLResponse:
        _user, engine = _supervisor(request)
        return render(
            request,
            "modeler_processes.html",
            processes=engine.queries.processes(),
            waiting=_drafts(engine).waiting(),
            decisions=_drafts(engine).decision_files(),
        )

    @app.get("/processes/{process_id}/modeler", include_in_schema=False)
    def modeler_page(request: Request, process_id: str) -> HTMLResponse:
        user, engine = _supervisor(request)
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

    @app.get("/drafts", include_in_schema=False)
    def drafts_page(request: Request) -> HTMLResponse:
        _user, engine = _supervisor(request)
        return _drafts_page(request, engine)

    @app.post("/drafts/{draft_id}/approve", include_in_schema=False)
    async def approve_draft(request: Request, draft_id: int) -> Response:
        user, engine = _supervisor(request)
        await _check_csrf(request)
        lang = language(request)
        # The digest of the changes the page showed: a draft changed since is not approved.
        shown = await _form_text(request, "diff_digest")
        try:
            version = engine.publishing.approve(draft_id, user.name, shown)
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

    @app.post("/drafts/{draft_id}/withdraw", include_in_schema=False)
    async def withdraw_draft(request: Request, draft_id: int) -> Response:
        user, engine = _supervisor(request)
        await _check_csrf(request)
        try:
            _drafts(engine).withdraw(draft_id, user.name)
        except NotTheAuthor as error:
            raise Forbidden(str(error)) from error
        return RedirectResponse("/drafts", 303)

    @app.get("/processes/{process_id}/versions", include_in_schema=False)
    def versions_page(request: Request, process_id: str, published: int = 0) -> HTMLResponse:
        _user, engine = _supervisor(request)
        found = engine.publishing.versions(process_id)
        return render(
            request, "versions.html", process_id=process_id, versions=found, published=published
        )

    @app.get("/processes/{process_id}/diff", include_in_schema=False)
    def diff_page(request: Request, process_id: str, old: int, new: int) -> HTMLResponse:
        _user, engine = _supervisor(request)
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

    @app.get("/processes/{process_id}/decisions/{filename}", include_in_schema=False)
    def decisions_page(request: Request, process_id: str, filename: str) -> HTMLResponse:
        _user, engine = _supervisor(request)
        return render(
            request,
            "modeler_dmn.html",
            process_id=process_id,
            filename=filename,
            dmn_xml=_drafts(engine).decision_xml(process_id, filename),
        )
