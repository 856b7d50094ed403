from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from api.deps import EngineDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import procedures
from engine.services.views import ProcessInfo

router = APIRouter(tags=["processes"])


@router.get("/api/processes")
def list_processes(
    engine: EngineDep, user: Annotated[Principal, require(C.READ_PROCESSES)]
) -> list[ProcessInfo]:
    """The loaded processes, each with the form (JSON Schema) a new case needs."""
    return procedures.list_processes(engine)
