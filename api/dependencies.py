"""What routes receive: the engine, the accounts and the signed-in person."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from api.security import current_user, optional_user
from engine.access.users import Principal, UserAccounts
from engine.nrm_engine import NrmEngine


def get_engine(request: Request) -> NrmEngine:
    return request.app.state.engine


def get_accounts(request: Request) -> UserAccounts:
    return request.app.state.accounts


EngineDep = Annotated[NrmEngine, Depends(get_engine)]
AccountsDep = Annotated[UserAccounts, Depends(get_accounts)]
UserDep = Annotated[Principal, Depends(current_user)]
OptionalUserDep = Annotated[Principal | None, Depends(optional_user)]

# Record ids are 32-bit integer keys on PostgreSQL; a larger number names nothing, and must get a
# 422 naming the parameter rather than reach the database as an out-of-range value.
MAX_RECORD_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]
RecordNumber = Annotated[int, Query(ge=1, le=MAX_RECORD_ID)]
