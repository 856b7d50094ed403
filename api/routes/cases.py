from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlmodel import Session

from api import authz
from api.deps import AccountsDep, EngineDep, Moment, RecordId, require
from engine.access import policy, redaction
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.base.errors import FieldError, Forbidden, InvalidData
from engine.cases import access_queries
from engine.cases.assignment import AssignmentCommands
from engine.cases.loading import load_case
from engine.cases.views import CaseView, EventInfo

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


def check_case_manager(accounts: AccountsDep, data: dict[str, Any]) -> None:
    """The appointed case manager named in an intake must be a case manager who can sign in."""
    name = data.get("case_manager")
    if isinstance(name, str) and name.strip() and not accounts.exists(name, "case_manager"):
        raise InvalidData(
            [FieldError(("data", "case_manager"), f"no case manager with the user name {name!r}")]
        )


@router.post("/api/cases", status_code=201)
def start_case(
    body: NewCase,
    engine: EngineDep,
    accounts: AccountsDep,
    user: Annotated[Principal, require(C.START_CASES)],
    response: Response,
) -> CaseView:
    check_case_manager(accounts, body.data)
    case_id = engine.commands.start_case(body.process, body.data, user.name)
    response.headers["Location"] = f"/api/cases/{case_id}"
    return authz.case_view(engine, user, case_id)


@router.get("/api/cases")
def list_cases(
    engine: EngineDep, user: Annotated[Principal, require(C.READ_OWN_WORK)]
) -> list[CaseSummary]:
    """The cases the signed-in user may open, newest first."""
    summaries = []
    shown = []
    for found, case in access_queries.visible_cases(engine.db, user):
        personal = policy.sees_personal_data(user, found)
        assert case.id is not None
        shown.append((case.id, personal))
        summaries.append(
            CaseSummary(
                id=case.id,
                reference=case.reference,
                process=case.process_id,
                status=case.status,
                child=redaction.child_label(case.data, case.reference, personal),
                home_region=found.region,
                case_manager=found.case_manager,
                updated_at=case.updated_at,
            )
        )
    authz.log_listed(engine, user, shown, "list")
    return summaries


@router.get("/api/cases/{case_id}")
def get_case(
    case_id: RecordId, engine: EngineDep, user: Annotated[Principal, require(C.READ_CASES)]
) -> CaseView:
    return authz.case_view(engine, user, case_id)


@router.get("/api/cases/{case_id}/events")
def case_events(
    case_id: RecordId, engine: EngineDep, user: Annotated[Principal, require(C.READ_CASES)]
) -> list[EventInfo]:
    return authz.case_events(engine, user, case_id)


@router.get("/api/cases/{case_id}/as-of")
def case_as_of(
    case_id: RecordId,
    at: Moment,
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_CASES)],
) -> dict[str, Any]:
    """What the case looked like at `at` (ISO 8601 with its zone): rebuilt from its events up to
    then."""
    return asdict(authz.case_as_of(engine, user, case_id, at))


@router.get("/api/cases/{case_id}/diagram", response_class=Response)
def case_diagram(
    case_id: RecordId, engine: EngineDep, user: Annotated[Principal, require(C.READ_CASES)]
) -> Response:
    """The BPMN of the process version the case is pinned to."""
    authz.viewable_case(engine, user, case_id)
    with Session(engine.db) as session:
        _case, version = load_case(session, case_id)
        return Response(version.bpmn_xml, media_type="application/xml")


@router.post("/api/cases/{case_id}/case-manager")
def reassign_case_manager(
    case_id: RecordId,
    body: Reassignment,
    engine: EngineDep,
    accounts: AccountsDep,
    user: Annotated[Principal, require(C.REASSIGN)],
) -> CaseView:
    """A supervisor of the case's region appoints another case manager (recorded as an event)."""
    found = authz.facts(engine, case_id)
    if not policy.can_reassign(user, found):
        raise Forbidden("only a supervisor of the case's region reassigns its case manager")
    if not accounts.exists(body.case_manager, "case_manager"):
        raise InvalidData(
            [FieldError(("case_manager",), f"no case manager named {body.case_manager!r}")]
        )
    AssignmentCommands(engine.db, engine.clock).reassign_case_manager(
        case_id, body.case_manager, user.name, body.reason
    )
    return authz.case_view(engine, user, case_id)
