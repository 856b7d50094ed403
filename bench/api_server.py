"""The web app as `nrm serve` builds it, for `uvicorn --factory bench.api_server:create_app`.

One addition: each response carries `X-Bench-Pdf-Seconds`, the time this server process has
spent so far inside document generation, so the client can tell how much of a request was PDF
rendering. It is a plain ASGI wrapper (no middleware stack), adding one header.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.app import create_app as create_api
from bench.timing import PdfTimer
from engine.base.settings import Settings
from engine.nrm_engine import NrmEngine

PDF_HEADER = "x-bench-pdf-seconds"


class PdfTimeHeader:
    def __init__(self, app: ASGIApp, timer: PdfTimer) -> None:
        self.app = app
        self.timer = timer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_pdf_time(message: Message) -> None:
            if message["type"] == "http.response.start":
                header = (PDF_HEADER.encode(), f"{self.timer.total:.9f}".encode())
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        await self.app(scope, receive, send_with_pdf_time)


def create_app() -> Any:
    settings = Settings()
    engine = NrmEngine.from_settings(settings)
    engine.load_processes(settings.processes_dir, settings.forms_dir)
    timer = PdfTimer()
    timer.install()  # for the life of this server process
    return PdfTimeHeader(create_api(engine, settings), timer)
