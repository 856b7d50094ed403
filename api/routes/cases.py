from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from api.deps import CaseSearchDep, EngineDep, Moment, RecordId, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import cases
from engine.services.views import CaseView, EventInfo

router = APIRouter(tags=["cases"])


class NewCase(BaseModel):
    process: str
    data: dict[str, Any]


class CaseSummary(BaseModel):
    id: int
    reference: str
    process: str
    status: str
    child: str
    home_region: str | None
    case_manager: str | None
    updated_at: datetime


class Reassignment(BaseModel):
    case_manager: str
    reason: str = ""


@router.post("/api/cases", status_code=201)
def start_case(
    body: NewCase,
    engine: EngineDep,
    user: Annotated[Principal, require(C.START_CASES)],
    response: Response,
) -> CaseView:
    view = cases.start_case(engine, user, body.process, body.data)
    response.headers["Location"] = f"/api/cases/{view.id}"
    return view


@router.get("/api/cases")
def list_cases(
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_OWN_WORK)],
    search: CaseSearchDep,
    response: Response,
) -> list[CaseSummary]:
    """The cases the signed-in user may open that the search finds, one page of them. `q` finds
    a reference, the child's initials, or (for the roles that read personal data) a part of the
    child's name. The header X-Total-Count says how many were found on every page."""
    found = cases.find_cases(engine, user, search)
    response.headers["X-Total-Count"] = str(found.total)
    summaries = []
    for row in found.rows:
        case = row.case
        assert case.id is not None
        summaries.append(
            CaseSummary(
                id=case.id,
                reference=case.reference,
                process=case.process_id,
                status=case.status,
                child=row.child,
                home_region=row.facts.region,
                case_manager=row.facts.case_manager,
                updated_at=case.updated_at,
            )
        )
    return summaries


@router.get("/api/cases/{case_id}")
def get_case(
    case_id: RecordId, engine: EngineDep, user: Annotated[Principal, require(C.READ_CASES)]
) -> CaseView:
    return cases.view_case(engine, user, case_id)


@router.get("/api/cases/{case_id}/events")
def case_events(
    case_id: RecordId, engine: EngineDep, user: Annotated[Principal, require(C.READ_CASES)]
) -> list[EventInfo]:
    return cases.case_events(engine, user, case_id)


@router.get("/api/cases/{case_id}/as-of")
def case_as_of(
    case_id: RecordId,
    at: Moment,
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_CASES)],
) -> dict[str, Any]:
    """What the case looked like at `at` (ISO 8601 with its zone): rebuilt from its events up to
    then."""
    return asdict(cases.case_as_of(engine, user, case_id, at))


@router.get("/api/cases/{case_id}/diagram", response_class=Response)
def case_diagram(
    case_id: RecordId, engine: EngineDep, user: Annotated[Principal, require(C.READ_CASES)]
) -> Response:
    """The BPMN of the process version the case is pinned to."""
    return Response(cases.case_diagram(engine, user, case_id), media_type="application/xml")


@router.post("/api/cases/{case_id}/case-manager")
def reassign_case_manager(
    case_id: RecordId,
    body: Reassignment,
    engine: EngineDep,
    user: Annotated[Principal, require(C.REASSIGN)],
) -> CaseView:
    """A supervisor of the case's region appoints another case manager (recorded as an event)."""
    return cases.reassign_case_manager(engine, user, case_id, body.case_manager, body.reason)
