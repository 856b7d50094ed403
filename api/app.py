"""The web application: JSON API (OpenAPI at /docs) and the HTML pages, on top of the engine."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from api.body_limits import BodyLimitMiddleware, BodyLimits
from api.docs import install_docs
from api.errors import ERROR_RESPONSES, install_error_handlers
from api.headers import install_security_headers
from api.pages import ROUTERS as PAGES
from api.pages.rendering import STATIC_DIR
from api.routes import (
    admin_clock,
    admin_users,
    auth,
    cases,
    compliance,
    court,
    decisions,
    directory,
    documents,
    drafts,
    health,
    incidents,
    migrations,
    notes,
    processes,
    reference,
    statistics,
    tasks,
    versions,
)
from engine.access.users import UserAccounts
from engine.base.clock import Clock, ManualClock, SystemClock
from engine.base.settings import Settings
from engine.nrm_engine import NrmEngine

log = logging.getLogger("nrm.timers")


async def _fire_timers_forever(engine: NrmEngine, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await run_in_threadpool(engine.commands.fire_due_timers)
        except Exception:  # keep the scheduler alive; the failing case is retried next round
            log.exception("firing due timers failed")


def create_app(
    engine: NrmEngine | None = None,
    settings: Settings | None = None,
    auth_clock: Clock | None = None,
) -> FastAPI:
    """The app; `auth_clock` times sessions and sign-in back-off (wall time unless a test
    injects one: the case clock of a manual demo jumps days, sessions should not expire then)."""
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
    app.state.auth_clock = auth_clock or SystemClock()
    app.state.accounts = UserAccounts(engine.db, app.state.auth_clock)
    app.state.settings = settings
    install_error_handlers(app)
    # Inside the security headers, so that a 413 carries them too.
    app.add_middleware(BodyLimitMiddleware, limits=BodyLimits.from_settings(settings))
    install_security_headers(app)
    install_docs(app)
    routers = (
        health.router,
        auth.router,
        processes.router,
        cases.router,
        tasks.router,
        documents.router,
        court.router,
        admin_users.router,
        decisions.router,
        versions.router,
        drafts.router,
        migrations.router,
        incidents.router,
        statistics.router,
        directory.router,
        compliance.router,
        reference.router,
        notes.router,
    )
    for router in routers:
        app.include_router(router, responses=ERROR_RESPONSES)
    app.mount("/static/app", StaticFiles(directory=STATIC_DIR), name="app-static")
    if isinstance(engine.clock, ManualClock):
        app.include_router(admin_clock.router, responses=ERROR_RESPONSES)
    for page in PAGES:
        app.include_router(page)
    return app
