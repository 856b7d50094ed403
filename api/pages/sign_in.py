"""Signing in and out of the pages, and choosing their language."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api import security
from api.deps import AccountsDep
from api.i18n import LANGUAGES, translate
from api.pages.rendering import (
    LANG_COOKIE,
    Language,
    PageForm,
    redirect_to,
    render,
    safe_next,
)
from engine.access.users import LockedOut, SignInFailed

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=safe_next(next), error=None, username="")


@router.post("/login")
def login(request: Request, form: PageForm, accounts: AccountsDep, lang: Language) -> Response:
    name = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    target = safe_next(str(form.get("next", "/")))
    now = request.app.state.auth_clock.now()
    try:
        user = accounts.authenticate(name, password, now)
    except LockedOut as error:
        message = translate(lang, "login.locked", until=f"{error.until:%H:%M:%S}")
        return render(request, "login.html", 429, next=target, error=message, username=name)
    except SignInFailed:
        message = translate(lang, "login.failed")
        return render(request, "login.html", 401, next=target, error=message, username=name)
    # A new session id at every sign-in; the one the browser had (if any) ends.
    old = security.unsign(request.cookies.get(security.SESSION_COOKIE))
    if old:
        accounts.close_session(old)
    token, _csrf = accounts.open_session(user, "cookie", now)
    response = redirect_to(target)
    response.set_cookie(
        security.SESSION_COOKIE,
        security.sign(token),
        httponly=True,
        samesite="lax",
        secure=security.cookie_secure(request),
        path="/",
    )
    response.delete_cookie(security.PRE_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, _form: PageForm, accounts: AccountsDep) -> Response:
    found = security.signed_in(request)
    if found is not None:
        accounts.close_session(found.token)
    response = redirect_to("/login")
    response.delete_cookie(security.SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def set_language(code: str, next: str = "/") -> Response:
    response = redirect_to(safe_next(next))
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, samesite="lax", max_age=365 * 24 * 3600)
    return response
