"""Moving the clock: only mounted when the app runs with NRM_CLOCK=manual (demos, tests)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from api.deps import EngineDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.base.clock import ManualClock, parse_duration

router = APIRouter(tags=["admin"])


class ClockMove(BaseModel):
    advance: str


class ClockState(BaseModel):
    now: datetime
    advanced_cases: list[int]


@router.post("/api/admin/clock")
def move_clock(
    body: ClockMove, engine: EngineDep, _user: Annotated[Principal, require(C.MOVE_CLOCK)]
) -> ClockState:
    """Advance the clock by an ISO 8601 duration and fire every timer that became due (admin)."""
    clock = engine.clock
    assert isinstance(clock, ManualClock)
    try:
        delta = parse_duration(body.advance, clock.now())
    except ValueError as error:
        raise HTTPException(422, str(error)) from error
    now = clock.advance(delta)
    return ClockState(now=now, advanced_cases=engine.commands.fire_due_timers())
