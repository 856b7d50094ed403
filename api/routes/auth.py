"""Bearer tokens for the JSON API (OAuth2 password flow) and who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.deps import AccountsDep, UserDep
from api.security import signed_in
from engine.access.users import TOKEN_TTL, LockedOut, SignInFailed

router = APIRouter(tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class Me(BaseModel):
    name: str
    role: str
    region: str | None
    court: str | None


@router.post("/api/auth/token")
def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], accounts: AccountsDep, request: Request
) -> Token:
    """Sign in with `username` and `password` (form-encoded); 401 wrong, 429 while backing off."""
    now = request.app.state.auth_clock.now()
    try:
        user = accounts.authenticate(form.username, form.password, now)
    except LockedOut as error:
        retry = max(1, int((error.until - now).total_seconds()))
        raise HTTPException(429, str(error), headers={"Retry-After": str(retry)}) from error
    except SignInFailed as error:
        raise HTTPException(401, str(error), headers={"WWW-Authenticate": "Bearer"}) from error
    token, _csrf = accounts.open_session(user, "bearer", now)
    return Token(access_token=token, expires_in=int(TOKEN_TTL.total_seconds()))


@router.post("/api/auth/logout", status_code=204)
def revoke_token(request: Request, accounts: AccountsDep, user: UserDep) -> None:
    """End the bearer token (or session) this request was made with."""
    found = signed_in(request)
    if found is not None:
        accounts.close_session(found.token)


@router.get("/api/auth/me")
def me(user: UserDep) -> Me:
    return Me(name=user.name, role=user.role, region=user.region, court=user.court)
