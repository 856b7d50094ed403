"""A browser session against the real app: Debian's Chromium driven by Playwright, the app
served by uvicorn on a free loopback port (SQLite, manual clock), one browser context per user.
Browser tests import the `site` fixture and the helpers from here."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from cli.demo_directory import add_demo_facilities
from cli.screenshots import chromium_browser, serve_in_thread
from engine.base.clock import ManualClock
from engine.base.settings import Settings
from engine.nrm_engine import NrmEngine
from forms.examples import example_value
from tests.support.auth import PASSWORD, add_test_users
from tests.support.setup import CATALOG, FORMS_DIR, PROCESSES_DIR, START


class Site:
    def __init__(self, base: str, browser: Any, engine: NrmEngine, clock: ManualClock) -> None:
        self.base, self.browser, self.engine, self.clock = base, browser, engine, clock
        self.pages: dict[str, Any] = {}

    def as_user(self, name: str) -> Any:
        """A page signed in as `name` (each user has a browser context of their own)."""
        if name not in self.pages:
            page = self.browser.new_context().new_page()
            page.goto(f"{self.base}/")
            assert page.url.startswith(f"{self.base}/login")
            page.fill("#username", name)
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{self.base}/")
            self.pages[name] = page
        page = self.pages[name]
        page.goto(f"{self.base}/")
        return page


def fits(page: Any, selector: str) -> bool:
    """Whether the element and everything in it fit the window's width (no sideways scroll)."""
    return page.evaluate(
        """selector => [...document.querySelectorAll(selector + ', ' + selector + ' *')]
            .every(e => e.getBoundingClientRect().right <= window.innerWidth + 1)""",
        selector,
    )


def task_forms() -> dict[str, dict[str, Any]]:
    import json

    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text())
        for path in (FORMS_DIR / "child_return").glob("*.schema.json")
    }


def fill(page: Any, schema: dict[str, Any], answers: dict[str, Any], today: str) -> None:
    """Fill every required field (and the `answers`) the way a person would."""
    values = {
        name: example_value(name, schema["properties"][name], datetime.fromisoformat(today).date())
        for name in schema.get("required", [])
    }
    values.update(answers)
    for name, value in values.items():
        prop = schema["properties"][name]
        if prop.get("type") == "boolean":
            page.check(f"input[name={name}][value={'true' if value else 'false'}]")
        elif "enum" in prop or "x-options" in prop:  # a list of choices: a select
            page.select_option(f"#f-{name}", str(value))
        else:
            page.fill(f"#f-{name}", str(value))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("/usr/bin/chromium is missing: scripts/test.sh installs Debian's chromium")
    clock = ManualClock(START)
    engine = NrmEngine.create(f"sqlite:///{tmp_path / 'nrm.sqlite3'}", clock, catalog=CATALOG)
    engine.load_processes(PROCESSES_DIR, FORMS_DIR)
    add_demo_facilities(engine)
    add_test_users(engine)
    app = create_app(engine, Settings(clock="manual"))
    with serve_in_thread(app) as base, chromium_browser() as browser:
        yield Site(base, browser, engine, clock)
    engine.db.dispose()


def open_task(site: Site, user: str, title: str) -> Any:
    page = site.as_user(user)
    page.click(f'a.task-link:has-text("{title}")')
    page.wait_for_selector("h1")
    return page


def complete(site: Site, user: str, title: str, task: str, **answers: Any) -> Any:
    page = open_task(site, user, title)
    fill(page, task_forms()[task], answers, site.clock.now().date().isoformat())
    page.click("button:has-text('Complete the task')")
    page.wait_for_selector("[data-testid=next]")
    return page
