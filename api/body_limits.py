"""How many bytes a request body may have, per route, checked before anything reads it.

Without a limit, anyone (signed in or not: the body arrives before authentication) could make the
server hold a 200 MB upload in memory. The limit is checked on the declared Content-Length before
routing, authentication or parsing, and counted again as the body streams in (a chunked upload
declares none), so an oversized body is answered 413 without being read past the limit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.base.settings import Settings

# The routes that carry a diagram (BPMN XML inside JSON); every other body is a form's answers,
# a sign-in or a small command.
DIAGRAM_ROUTES = re.compile(r"^/api/processes/[^/]+/(drafts|check)$")
SIGN_IN_ROUTES = ("/api/auth/token", "/login")
# The routes that carry a file attached to a case: the file's limit and room for the form around
# it (an oversized file under this is refused by the use case, naming the field).
ATTACHMENT_ROUTES = re.compile(r"^(/api)?/cases/[^/]+/attachments$")
MULTIPART_ROOM = 64_000


@dataclass(frozen=True)
class BodyLimits:
    diagram: int
    sign_in: int
    attachment: int
    other: int

    @classmethod
    def from_settings(cls, settings: Settings) -> BodyLimits:
        return cls(
            diagram=settings.max_diagram_request_bytes,
            sign_in=settings.max_sign_in_request_bytes,
            attachment=settings.max_attachment_bytes + MULTIPART_ROOM,
            other=settings.max_request_bytes,
        )

    def for_path(self, path: str) -> int:
        if DIAGRAM_ROUTES.match(path):
            return self.diagram
        if path in SIGN_IN_ROUTES:
            return self.sign_in
        if ATTACHMENT_ROUTES.match(path):
            return self.attachment
        return self.other


def too_large(limit: int) -> str:
    return f"the request body is larger than this address accepts ({limit:,} bytes)"


class BodyLimitMiddleware:
    """ASGI middleware: a body over its route's limit is answered 413 and never read further."""

    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.for_path(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(send, limit)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # An HTTPException, so that FastAPI's body parsing passes it on as it is.
                    raise HTTPException(413, too_large(limit))
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except HTTPException as error:
            if error.status_code != 413 or started:
                raise
            await _refuse(send, limit)


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"detail": too_large(limit)}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
