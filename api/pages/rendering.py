"""What every page shares: the templates and `render` (the user's language, the CSRF token,
times), redirects, the posted form once its CSRF token is checked (`PageForm`), and the error
page. Every string comes from the `pages` catalogue (api/i18n.py)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from api import security
from api.i18n import DEFAULT_LANGUAGE, LANGUAGES, accepted_language, role_label, translate
from engine.access.permissions import Capability, Reach, allows, reach_of
from forms.procedure_texts import procedure_text
from forms.translation import form_text

API_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = API_DIR / "static"
# bpmn-js (its Modeler with the properties panel, its Viewer) and dmn-js, bundled from
# api/static_src (committed: running the app needs no build step).
BPMN_IO = "/static/app/vendor/bpmn-io"
LANG_COOKIE = "nrm_lang"

templates = Jinja2Templates(directory=API_DIR / "templates")


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE, DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


Language = Annotated[str, Depends(language)]


def answer_language(request: Request) -> str:
    """The language of a JSON answer's messages: the user's chosen language, as the pages
    show it, else the request's Accept-Language."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return str(chosen)
    return accepted_language(request.headers.get("accept-language"))


def safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    found = security.signed_in(request)
    csrf = found.csrf if found else None
    pre_csrf = None
    if csrf is None:
        pre_csrf = security.unsign(request.cookies.get(security.PRE_CSRF_COOKIE), "csrf")
        if pre_csrf is None:
            pre_csrf = secrets.token_urlsafe(24)
        csrf = pre_csrf
    now = request.app.state.engine.clock.now()
    response = templates.TemplateResponse(
        request,
        template,
        {
            "t": lambda key, **values: translate(lang, key, **values),
            "role_label": lambda role: role_label(lang, role),
            "tx": lambda text: procedure_text(text, lang),
            "tf": lambda text: form_text(text, lang),
            "lang": lang,
            "languages": LANGUAGES,
            "user": found.user if found else None,
            # What the navigation and buttons offer is what the access policy allows.
            "may": lambda capability: (
                found is not None and allows(found.user.role, Capability(capability))
            ),
            "appointed": lambda role: reach_of(role) is Reach.APPOINTED,
            "csrf": csrf,
            "now": now,
            "fmt_time": _fmt_time,
            "fmt_date": _fmt_date,
            "age": lambda since: _age(lang, now - since),
            "bpmn_js": BPMN_IO,
            "path": request.url.path,
            **context,
        },
        status_code=status_code,
    )
    if pre_csrf is not None:
        response.set_cookie(
            security.PRE_CSRF_COOKIE,
            security.sign(pre_csrf, "csrf"),
            httponly=True,
            samesite="lax",
            secure=security.cookie_secure(request),
        )
    response.headers["Cache-Control"] = "no-store"
    return response


def _fmt_time(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


def _fmt_date(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else "—"


def _age(lang: str, delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return translate(lang, "age.minutes", n=minutes)
    if minutes < 48 * 60:
        return translate(lang, "age.hours", n=minutes // 60)
    return translate(lang, "age.days", n=minutes // (24 * 60))


# What the case page says was just done ("Done: …"): set by the server when a task is completed,
# signed for the signed-in session and read once, so no link can make the page say anything.
DONE_COOKIE = "nrm_done"


def _done_salt(request: Request) -> str | None:
    found = security.signed_in(request)
    return f"done:{found.token}" if found else None


def flash_done(request: Request, response: Response, case_id: int, title: str) -> Response:
    salt = _done_salt(request)
    if salt is not None:
        response.set_cookie(
            DONE_COOKIE,
            security.sign(f"{case_id}\n{title}", salt),
            httponly=True,
            samesite="lax",
            secure=security.cookie_secure(request),
        )
    return response


def take_done(request: Request, case_id: int) -> str:
    """The task just completed on case `case_id` in this session, else ""."""
    salt = _done_salt(request)
    flashed = security.unsign(request.cookies.get(DONE_COOKIE), salt) if salt else None
    case, _, title = (flashed or "").partition("\n")
    return title if case == str(case_id) else ""


def redirect_to(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def back(request: Request) -> RedirectResponse:
    """Back to the page the form was on."""
    return redirect_to(request.headers.get("referer") or "/")


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token is checked."""
    form = await request.form()
    csrf = form.get("csrf")
    security.check_form_csrf(request, csrf if isinstance(csrf, str) else None)
    return form


PageForm = Annotated[FormData, Depends(checked_form)]


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    return render(request, "error.html", status, status=status, detail=detail)
