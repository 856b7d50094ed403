from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel

from api import authz
from api.deps import EngineDep, require
from engine.access import policy
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.base.errors import Conflict, Forbidden
from engine.cases import access_queries
from engine.cases.claims import TaskClaims
from engine.cases.views import CaseView, TaskDetail, TaskInfo

router = APIRouter(tags=["tasks"])


class Completion(BaseModel):
    data: dict[str, Any]


class ClaimState(BaseModel):
    task_id: str
    claimed_by: str | None


def my_inbox(
    engine: EngineDep, user: Principal, role: str | None = None, process: str | None = None
) -> list[access_queries.InboxEntry]:
    if role not in (None, user.role):
        return []  # only the user's own role can do a task
    return access_queries.inbox_entries(engine.db, engine.clock, user, process)


@router.get("/api/tasks")
def list_tasks(
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_OWN_WORK)],
    role: str | None = None,
    process: str | None = None,
) -> list[TaskInfo]:
    """The signed-in user's ready tasks (their lane, their region or their cases), overdue first."""
    return [entry.task for entry in my_inbox(engine, user, role, process)]


@router.get("/api/tasks/{task_id}")
def get_task(
    task_id: str, engine: EngineDep, user: Annotated[Principal, require(C.READ_CASES)]
) -> TaskDetail:
    return authz.readable_task(engine, user, task_id)


def complete(engine: EngineDep, user: Principal, task_id: str, data: dict[str, Any]) -> int:
    """Complete a task the user may do; 404 unknown, 409 no longer ready or claimed by another."""
    return engine.commands.complete_task(
        task_id, data, user.name, authorize=partial(authz.may_complete, user)
    )


@router.post("/api/tasks/{task_id}/complete")
def complete_task(
    task_id: str,
    body: Completion,
    engine: EngineDep,
    user: Annotated[Principal, require(C.DO_TASKS)],
) -> CaseView:
    case_id = complete(engine, user, task_id, body.data)
    return authz.case_view(engine, user, case_id)


@router.post("/api/tasks/{task_id}/claim")
def claim_task(
    task_id: str, engine: EngineDep, user: Annotated[Principal, require(C.DO_TASKS)]
) -> ClaimState:
    """Take a task from the team's inbox; 409 when someone else has it."""
    authz.actionable_task(engine, user, task_id)
    holder = TaskClaims(engine.db, engine.clock).claim(task_id, user.name)
    if holder != user.name:
        raise Conflict(f"{holder} has taken this task already")
    return ClaimState(task_id=task_id, claimed_by=holder)


@router.delete("/api/tasks/{task_id}/claim")
def unclaim_task(
    task_id: str, engine: EngineDep, user: Annotated[Principal, require(C.DO_TASKS)]
) -> ClaimState:
    """Give a task back to the team (its holder, or a supervisor of the region)."""
    found = authz.facts(engine, authz.task_and_facts(engine, task_id)[1].case_id)
    claims = TaskClaims(engine.db, engine.clock)
    holder = claims.holder(task_id)
    if holder not in (None, user.name) and not policy.can_reassign(user, found):
        raise Forbidden(f"{holder} has this task; only they or a supervisor give it back")
    if holder is None:
        authz.actionable_task(engine, user, task_id)
    claims.release(task_id, user.name)
    return ClaimState(task_id=task_id, claimed_by=None)
