"""The supervisors' page for moving running cases to a newer version: choose the versions, read
the dry run (which cases can move, and why the others cannot), move the ticked ones, see what
happened. The work is done by engine/migration.py, as for the JSON API."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from api import authz
from api.pages import checked_form, page_user, render
from engine.errors import Conflict
from engine.migration import MigrationRun
from engine.service import NrmEngine
from engine.users import Principal


def _supervisor(request: Request) -> tuple[Principal, NrmEngine]:
    user = page_user(request)
    authz.require_role(user, "supervisor")
    return user, request.app.state.engine


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
        versions=engine.publishing.versions(process_id),
        run=run,
        from_version=from_version,
        to_version=to_version,
        error=error,
    )


def install_migration_pages(app: FastAPI) -> None:
    @app.get("/processes/{process_id}/migrations", include_in_schema=False)
    def migration_page(
        request: Request, process_id: str, from_version: int = 0, to_version: int = 0
    ) -> HTMLResponse:
        user, engine = _supervisor(request)
        run = None
        if from_version and to_version:
            run = engine.migrations.run(process_id, from_version, to_version, None, user.name)
        return _page(request, engine, process_id, run, from_version, to_version)

    @app.post("/processes/{process_id}/migrations", include_in_schema=False)
    async def migrate(request: Request, process_id: str) -> Response:
        user, engine = _supervisor(request)
        form = await checked_form(request)
        from_version = int(str(form.get("from_version", 0)))
        to_version = int(str(form.get("to_version", 0)))
        case_ids = [int(str(value)) for value in form.getlist("case")]
        # What the supervisor saw in the dry run: a case changed since is not moved blindly.
        seen = {case_id: int(str(form.get(f"revision_{case_id}", -1))) for case_id in case_ids}
        try:
            run = engine.migrations.run(
                process_id,
                from_version,
                to_version,
                case_ids,
                user.name,
                dry_run=False,
                seen_revisions=seen,
            )
        except Conflict as error:
            again = engine.migrations.run(process_id, from_version, to_version, None, user.name)
            return _page(
                request, engine, process_id, again, from_version, to_version, str(error), 409
            )
        return _page(request, engine, process_id, run, from_version, to_version)
