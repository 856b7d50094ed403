from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from api.dependencies import ActorDep, EngineDep
from engine.views import CaseView, TaskDetail, TaskInfo

router = APIRouter(tags=["tasks"])


class Completion(BaseModel):
    data: dict[str, Any]


@router.get("/api/tasks")
def list_tasks(
    engine: EngineDep, role: str | None = None, process: str | None = None
) -> list[TaskInfo]:
    """Ready tasks, overdue first."""
    return engine.queries.tasks(role=role, process=process)


@router.get("/api/tasks/{task_id}")
def get_task(task_id: str, engine: EngineDep) -> TaskDetail:
    return engine.queries.task(task_id)


@router.post("/api/tasks/{task_id}/complete")
def complete_task(task_id: str, body: Completion, engine: EngineDep, actor: ActorDep) -> CaseView:
    case_id = engine.commands.complete_task(task_id, body.data, actor)
    return engine.queries.case(case_id)
