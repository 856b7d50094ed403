from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from api.dependencies import ActorDep, EngineDep
from engine.views import CaseView, EventInfo

router = APIRouter(tags=["cases"])


class NewCase(BaseModel):
    process: str
    data: dict[str, Any]


@router.post("/api/cases", status_code=201)
def start_case(body: NewCase, engine: EngineDep, actor: ActorDep, response: Response) -> CaseView:
    case_id = engine.commands.start_case(body.process, body.data, actor)
    response.headers["Location"] = f"/api/cases/{case_id}"
    return engine.queries.case(case_id)


@router.get("/api/cases/{case_id}")
def get_case(case_id: int, engine: EngineDep) -> CaseView:
    return engine.queries.case(case_id)


@router.get("/api/cases/{case_id}/events")
def case_events(case_id: int, engine: EngineDep) -> list[EventInfo]:
    return engine.queries.events(case_id)
