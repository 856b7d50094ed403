"""What routes receive: the engine and the person acting."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from engine.service import NrmEngine


def get_engine(request: Request) -> NrmEngine:
    return request.app.state.engine


def get_actor(x_nrm_user: Annotated[str | None, Header()] = None) -> str:
    # Until sign-in exists (issue 5), the caller names itself; events record that name.
    return (x_nrm_user or "anonymous").strip()[:200] or "anonymous"


EngineDep = Annotated[NrmEngine, Depends(get_engine)]
ActorDep = Annotated[str, Depends(get_actor)]
