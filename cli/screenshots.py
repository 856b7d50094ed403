"""`nrm screenshots`: the modeler, the inbox, a task and a case page as PNGs under
docs/screenshots/, taken with Debian's Chromium through Playwright from the app served on a free
loopback port over a fresh demo database (manual clock, a week on so that a deadline is
overdue)."""

from __future__ import annotations

import secrets
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import uvicorn

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve_in_thread(app: Any) -> Iterator[str]:
    """Serve `app` with uvicorn in a background thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium_browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page: Any, base: str, name: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def take_screenshots(out: str | Path) -> list[Path]:
    from api.app import create_app
    from cli.demo import seed_demo
    from engine.base.clock import ManualClock
    from engine.base.settings import Settings
    from engine.nrm_engine import NrmEngine

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(clock="manual")
    with tempfile.TemporaryDirectory() as tmp:
        clock = ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        engine = NrmEngine.create(f"sqlite:///{Path(tmp) / 'nrm.sqlite3'}", clock)
        engine.load_processes(settings.processes_dir, settings.forms_dir)
        password = secrets.token_urlsafe(16)  # this throwaway database's own
        for _line in seed_demo(engine, password):
            pass
        clock.advance(timedelta(days=8))  # the released child's visit is now overdue
        engine.commands.fire_due_timers()
        paths = []
        with serve_in_thread(create_app(engine, settings)) as base, chromium_browser() as browser:
            # A supervisor's modeler, the properties panel on the child's wish to return.
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            sign_in(page, base, "supervisor", password)
            page.goto(f"{base}/processes/child_return/modeler#element=flow_wishes_return")
            page.wait_for_selector("#modeler[data-rendered=true]")
            page.wait_for_selector("[data-testid=nrm-condition-check][data-check=ok]")
            modeler = out_dir / "modeler.png"
            page.screenshot(path=str(modeler))
            paths.append(modeler)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            sign_in(page, base, "sss.officer", password)
            inbox = out_dir / "inbox.png"
            page.screenshot(path=str(inbox), full_page=True)
            paths.append(inbox)
            page.click("tr.overdue a.task-link")
            task = out_dir / "task.png"
            page.screenshot(path=str(task), full_page=True)
            paths.append(task)
            page.click(".crumbs a[href^='/cases/']")
            page.wait_for_selector("#diagram[data-rendered=true]")
            case = out_dir / "case.png"
            page.screenshot(path=str(case), full_page=True)
            paths.append(case)
        engine.db.dispose()
        return paths
