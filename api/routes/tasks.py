"""Tasks over the API: the inbox, a task's form, completing, claiming and giving back
(engine/services/tasks.py, as the pages)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import EngineDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import tasks
from engine.services.views import CaseView, TaskDetail, TaskInfo

router = APIRouter(tags=["tasks"])


class Completion(BaseModel):
    data: dict[str, Any]


class ClaimState(BaseModel):
    task_id: str
    claimed_by: str | None


@router.get("/api/tasks")
def list_tasks(
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_OWN_WORK)],
    role: str | None = None,
    process: str | None = None,
) -> list[TaskInfo]:
    """The signed-in user's ready tasks (their lane, their region or their cases), overdue first."""
    if role not in (None, user.role):
        return []  # only the user's own role can do a task
    return [entry.task for entry in tasks.inbox(engine, user, process)]


@router.get("/api/tasks/{task_id}")
def get_task(
    task_id: str, engine: EngineDep, user: Annotated[Principal, require(C.READ_CASES)]
) -> TaskDetail:
    return tasks.read_task(engine, user, task_id)


@router.post("/api/tasks/{task_id}/complete")
def complete_task(
    task_id: str,
    body: Completion,
    engine: EngineDep,
    user: Annotated[Principal, require(C.DO_TASKS)],
) -> CaseView:
    """Complete a task the user may do; 404 unknown, 409 no longer ready or claimed by another,
    422 naming the invalid fields. Answers the case as the user may see it."""
    return tasks.complete_task(engine, user, task_id, body.data)


@router.post("/api/tasks/{task_id}/claim")
def claim_task(
    task_id: str, engine: EngineDep, user: Annotated[Principal, require(C.DO_TASKS)]
) -> ClaimState:
    """Take a task from the team's inbox; 409 when someone else has it."""
    return ClaimState(task_id=task_id, claimed_by=tasks.claim_task(engine, user, task_id))


@router.delete("/api/tasks/{task_id}/claim")
def unclaim_task(
    task_id: str, engine: EngineDep, user: Annotated[Principal, require(C.DO_TASKS)]
) -> ClaimState:
    """Give a task back to the team (its holder, or a supervisor of the region)."""
    tasks.release_task(engine, user, task_id)
    return ClaimState(task_id=task_id, claimed_by=None)
