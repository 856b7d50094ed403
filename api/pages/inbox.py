"""The inbox: the tasks the user may do (theirs first, then the team's), with the incidents a
supervisor may retry; taking a task and giving it back (the same use cases as the JSON API)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import EngineDep, require
from api.pages.rendering import PageForm, back, render
from engine.access.permissions import Capability as C
from engine.access.permissions import Reach, reach_of
from engine.access.users import Principal
from engine.services import incidents, procedures, tasks
from engine.services.tasks import child_of

router = APIRouter(include_in_schema=False)
STATUSES = ["all", "overdue", "due_soon", "unclaimed", "claimed"]


@router.get("/")
def inbox(
    request: Request,
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_OWN_WORK)],
    process: str = "",
    status: str = "all",
) -> HTMLResponse:
    entries = tasks.inbox(engine, user, process or None)
    soon = engine.clock.now() + timedelta(days=2)
    if status == "overdue":
        entries = [e for e in entries if e.task.overdue]
    elif status == "due_soon":
        entries = [e for e in entries if e.task.due_at and e.task.due_at <= soon]
    elif status == "unclaimed":
        entries = [e for e in entries if e.claimed_by is None]
    elif status == "claimed":
        entries = [e for e in entries if e.claimed_by is not None]
    # A task of an appointed role (the case manager's) is the user's own, never the team's.
    mine = [
        e for e in entries if e.claimed_by == user.name or reach_of(e.task.role) is Reach.APPOINTED
    ]
    tasks.inbox_shown(engine, user, entries)
    return render(
        request,
        "inbox.html",
        mine=mine,
        team=[e for e in entries if e not in mine],
        processes=procedures.list_processes(engine),
        process=process,
        status=status,
        statuses=STATUSES,
        incidents=incidents.retriable_incidents(engine, user),
        child=lambda e: child_of(user, e),
    )


@router.post("/tasks/{task_id}/claim")
def claim(
    request: Request,
    task_id: str,
    engine: EngineDep,
    user: Annotated[Principal, require(C.DO_TASKS)],
    _form: PageForm,
) -> Response:
    tasks.claim_task(engine, user, task_id)
    return back(request)


@router.post("/tasks/{task_id}/unclaim")
def unclaim(
    request: Request,
    task_id: str,
    engine: EngineDep,
    user: Annotated[Principal, require(C.DO_TASKS)],
    _form: PageForm,
) -> Response:
    tasks.release_task(engine, user, task_id)
    return back(request)
