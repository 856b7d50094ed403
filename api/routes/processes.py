from __future__ import annotations

from fastapi import APIRouter

from api.dependencies import EngineDep, UserDep
from engine.cases.views import ProcessInfo

router = APIRouter(tags=["processes"])


@router.get("/api/processes")
def list_processes(engine: EngineDep, user: UserDep) -> list[ProcessInfo]:
    """The loaded processes, each with the form (JSON Schema) a new case needs."""
    return engine.queries.processes()
