"""Engine errors as HTTP answers: 404 unknown, 409 stale, 422 invalid, 400 bad process,
500 with the reason when the process itself cannot continue (never a stack trace).
On the JSON API they are JSON; on the pages they are a page in the user's language."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import SignInRequired, is_page
from api.pages.rendering import answer_language, error_page, redirect_to
from engine.base.errors import (
    Conflict,
    Forbidden,
    InvalidData,
    InvalidProcess,
    NotFound,
    StepFailed,
)
from engine.services.incidents import RetryFailed
from engine.services.procedures import DecisionFailed


class Problem(BaseModel):
    """Why a request was refused: a sentence, or the invalid fields with their messages (each
    with its English `msg`, its message `code` and `params`, and the `message` in the user's
    language)."""

    detail: str | list[dict[str, Any]]


# Every JSON endpoint may answer these; the schema says so, so that clients (and Schemathesis)
# know them. A 500 is never documented: it is a bug.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": description}
    for status, description in (
        (400, "The request or the diagram it carries is not usable"),
        (401, "Not signed in, or the sign-in was refused"),
        (403, "The user's role or region does not allow it"),
        (404, "No such case, task, document, version or user"),
        (409, "Changed by someone else meanwhile, or no longer possible"),
        (413, "The request body is larger than this address accepts"),
        (422, "Invalid data: each field with its message"),
        (429, "Too many failed sign-ins; wait"),
    )
}


def wants_page(request: Request) -> bool:
    """A browser's request for a page gets a page; an API client (a JSON route, or one that
    asks for JSON and not HTML) gets JSON."""
    accept = request.headers.get("accept", "")
    return is_page(request) and not ("application/json" in accept and "text/html" not in accept)


def _answer(request: Request, status: int, detail: str) -> Response:
    if wants_page(request):
        return error_page(request, status, detail)
    return JSONResponse({"detail": detail}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in_first(_request: Request, error: SignInRequired) -> Response:
        return redirect_to(f"/login?next={quote(error.next_url)}")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return _answer(request, 404, str(error))

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        return _answer(request, 403, str(error))

    @app.exception_handler(Conflict)
    async def conflict(request: Request, error: Conflict) -> Response:
        return _answer(request, 409, str(error))

    @app.exception_handler(InvalidData)
    async def invalid_data(request: Request, error: InvalidData) -> Response:
        if wants_page(request):  # a page with a form shows the errors by its fields itself
            return _answer(request, 422, str(error))
        # `msg` stays English (what clients have read so far); `code` and `params` let a client
        # render it itself, `message` is it in the user's or the Accept-Language's language.
        language = answer_language(request)
        detail = [
            {
                "loc": list(e.loc),
                "msg": e.msg,
                "type": e.type,
                **e.as_json(),
                "message": e.render(language),
            }
            for e in error.errors
        ]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(RetryFailed)
    async def retry_failed(request: Request, error: RetryFailed) -> Response:
        return _answer(request, 422, str(error))

    @app.exception_handler(StepFailed)
    async def step_failed(request: Request, error: StepFailed) -> Response:
        return _answer(request, 500, str(error))

    @app.exception_handler(InvalidProcess)
    async def invalid_process(request: Request, error: InvalidProcess) -> Response:
        return _answer(request, 400, str(error))

    @app.exception_handler(DataError)
    async def unstorable_value(request: Request, error: DataError) -> Response:
        # The database refused a value of the request (PostgreSQL takes no NUL character in
        # text); the transaction was rolled back, so nothing was stored.
        reason = str(getattr(error, "orig", error)).splitlines()[0]
        return _answer(request, 422, f"a value in the request cannot be stored: {reason}")

    @app.exception_handler(DecisionFailed)
    async def decision_failed(request: Request, error: DecisionFailed) -> Response:
        return _answer(request, 422, str(error))

    # Starlette's, not only FastAPI's: an address no route has (404) or a method it does not take
    # (405) is raised by the router as Starlette's HTTPException.
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if wants_page(request) and error.status_code in (400, 403, 404, 405, 409, 422, 429):
            # The router's own words ("Not Found") are English: the page's heading says it.
            detail = "" if error.detail in _ROUTER_DETAILS else str(error.detail)
            return error_page(request, error.status_code, detail)
        return await http_exception_handler(request, error)


_ROUTER_DETAILS = {"Not Found", "Method Not Allowed"}
