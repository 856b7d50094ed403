"""What routes and pages receive (FastAPI's full-stack template's `deps.py`): the engine, the
accounts, and the signed-in person as the access policy allows them.

Every JSON route and page asks `require(capability)` (engine/access/permissions.py) for its
user: not signed in is 401 on the JSON API and the sign-in page for a page; a role without the
capability is 403 (engine.base.errors.Forbidden, answered by api/errors.py)."""

from __future__ import annotations

import hmac
from typing import Annotated, Any, Literal

from fastapi import Depends, HTTPException, Path, Query, Request
from pydantic import AfterValidator, AwareDatetime

from api.security import CSRF_HEADER, SAFE_METHODS, signed_in
from engine.access.permissions import Capability, allows, holders
from engine.access.users import Principal, UserAccounts
from engine.base.clock import in_utc
from engine.base.errors import Forbidden
from engine.base.settings import Settings
from engine.nrm_engine import NrmEngine
from engine.services import cases


class SignInRequired(Exception):
    """A page asked for by someone not signed in: they are sent to the sign-in page, and back."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def get_engine(request: Request) -> NrmEngine:
    return request.app.state.engine


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_accounts(request: Request) -> UserAccounts:
    return request.app.state.accounts


def is_page(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path in ("/docs", "/openapi.json"))


def current_user(request: Request) -> Principal:
    """The signed-in user. A cookie-authenticated change through the JSON API must carry the
    session's CSRF token in the X-CSRF-Token header (a page's form carries it as a field,
    checked by api/pages/rendering.py `checked_form`)."""
    found = signed_in(request)
    if found is None:
        if is_page(request):
            query = f"?{request.url.query}" if request.url.query else ""
            raise SignInRequired(request.url.path + query)
        raise HTTPException(
            401, "sign in first: POST /api/auth/token", headers={"WWW-Authenticate": "Bearer"}
        )
    if found.kind == "cookie" and request.method not in SAFE_METHODS and not is_page(request):
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent, found.csrf):
            raise HTTPException(403, "missing or wrong CSRF token")
    return found.user


def require(capability: Capability) -> Any:
    """The signed-in user, if their role has `capability` (engine/access/permissions.py)."""

    def allowed(user: Annotated[Principal, Depends(current_user)]) -> Principal:
        return permitted(user, capability)

    return Depends(allowed)


def permitted(user: Principal, capability: Capability) -> Principal:
    if not allows(user.role, capability):
        raise Forbidden(
            f"the role {user.role} may not do this; it is for: "
            + ", ".join(sorted(holders(capability)))
        )
    return user


EngineDep = Annotated[NrmEngine, Depends(get_engine)]
AccountsDep = Annotated[UserAccounts, Depends(get_accounts)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
UserDep = Annotated[Principal, Depends(current_user)]

# Record ids are 32-bit integer keys on PostgreSQL; a larger number names nothing, and must get a
# 422 naming the parameter rather than reach the database as an out-of-range value.
MAX_RECORD_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]
RecordNumber = Annotated[int, Query(ge=1, le=MAX_RECORD_ID)]

# A moment asked for (a filter, a point in time): ISO 8601 with its zone, else a 422 (which zone
# was meant is not guessed); one that leaves the calendar once in UTC (year 1 at +14:00, year 9999
# at -14:00) is a 422 naming it, not a server error.
Moment = Annotated[AwareDatetime, AfterValidator(in_utc)]

CaseStatus = Literal["", "open", "completed"]  # "": any (a page's select sends it)
CaseOrder = Literal["newest", "oldest", "updated", "reference"]


def case_search(
    q: Annotated[
        str, Query(max_length=200, description="A reference, the child's initials or name")
    ] = "",
    process: Annotated[str, Query(max_length=200)] = "",
    status: CaseStatus = "",
    region: Annotated[str, Query(max_length=200, description="The family's home region")] = "",
    mine: Annotated[bool, Query(description="Only cases you are appointed to or acted in")] = False,
    overdue: Annotated[bool, Query(description="Only cases with an overdue task")] = False,
    sort: CaseOrder = "newest",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=cases.MOST_PER_PAGE)] = cases.PER_PAGE,
) -> cases.CaseSearch:
    """A search of the case list, from the query (the same for the page and the JSON list)."""
    return cases.CaseSearch(q, process, status, region, mine, overdue, sort, page, per_page)


CaseSearchDep = Annotated[cases.CaseSearch, Depends(case_search)]
