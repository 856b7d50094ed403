"""The web application: JSON API (OpenAPI at /docs) on top of the engine."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from api.docs import install_docs
from api.errors import install_error_handlers
from api.routes import admin_clock, cases, documents, health, processes, tasks
from engine.clock import ManualClock
from engine.service import NrmEngine
from engine.settings import Settings

log = logging.getLogger("nrm.timers")


async def _fire_timers_forever(engine: NrmEngine, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await run_in_threadpool(engine.commands.fire_due_timers)
        except Exception:  # keep the scheduler alive; the failing case is retried next round
            log.exception("firing due timers failed")


def create_app(engine: NrmEngine | None = None, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = engine or NrmEngine.from_settings(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        scheduler = None
        if not isinstance(engine.clock, ManualClock) and settings.timer_interval_seconds > 0:
            scheduler = asyncio.create_task(
                _fire_timers_forever(engine, settings.timer_interval_seconds)
            )
        yield
        if scheduler is not None:
            scheduler.cancel()

    app = FastAPI(
        title="NRM Case Engine",
        description="Case workflow for Albania's National Referral Mechanism, run on BPMN.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine
    install_error_handlers(app)
    install_docs(app)
    for router in (health.router, processes.router, cases.router, tasks.router, documents.router):
        app.include_router(router)
    if isinstance(engine.clock, ManualClock):
        app.include_router(admin_clock.router)
    return app
