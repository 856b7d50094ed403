"""The supervisors' page for moving running cases to a newer version: choose the versions, read
the dry run (which cases can move, and why the others cannot), move the ticked ones, see what
happened. The work is done by engine/cases/migration.py, as for the JSON API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import MAX_RECORD_ID, EngineDep, require
from api.pages.rendering import PageForm, render
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.base.errors import Conflict, InvalidData
from engine.nrm_engine import NrmEngine
from engine.services import migrations
from engine.services.views import MigrationRun


def _number(value: object, name: str, least: int = 1) -> int:
    text = str(value)
    if not text.isdigit() or not least <= int(text) <= MAX_RECORD_ID:
        raise HTTPException(422, f"{name}: {text!r} is not a number this page offered")
    return int(text)


def _page(
    request: Request,
    engine: NrmEngine,
    process_id: str,
    run: MigrationRun | None,
    from_version: int,
    to_version: int,
    error: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "migration.html",
        status_code,
        process_id=process_id,
        versions=migrations.versions(engine, process_id),
        run=run,
        from_version=from_version,
        to_version=to_version,
        error=error,
    )


router = APIRouter(include_in_schema=False)
Supervisor = Annotated[Principal, require(C.MIGRATE_CASES)]


@router.get("/processes/{process_id}/migrations")
def migration_page(
    request: Request,
    process_id: str,
    engine: EngineDep,
    user: Supervisor,
    from_version: int = 0,
    to_version: int = 0,
) -> HTMLResponse:
    if not (from_version and to_version):
        return _page(request, engine, process_id, None, from_version, to_version)
    try:
        run = migrations.move_cases(engine, user, process_id, from_version, to_version)
    except InvalidData as error:  # e.g. an older version chosen as the target
        return _page(request, engine, process_id, None, from_version, to_version, str(error), 422)
    return _page(request, engine, process_id, run, from_version, to_version)


@router.post("/processes/{process_id}/migrations")
def migrate(
    request: Request, process_id: str, engine: EngineDep, user: Supervisor, form: PageForm
) -> Response:
    from_version = _number(form.get("from_version"), "from_version")
    to_version = _number(form.get("to_version"), "to_version")
    case_ids = [_number(value, "case") for value in form.getlist("case")]
    # What the supervisor saw in the dry run: a case changed since is not moved blindly.
    seen = {c: _number(form.get(f"revision_{c}"), f"revision_{c}", 0) for c in case_ids}
    try:
        run = migrations.move_cases(
            engine,
            user,
            process_id,
            from_version,
            to_version,
            case_ids,
            dry_run=False,
            seen_revisions=seen,
        )
    except Conflict as error:
        again = migrations.move_cases(engine, user, process_id, from_version, to_version)
        return _page(request, engine, process_id, again, from_version, to_version, str(error), 409)
    return _page(request, engine, process_id, run, from_version, to_version)
