"""The pages in a real browser: Debian's Chromium driven by Playwright, the app served by
uvicorn on a free loopback port (SQLite, manual clock). A child_return case is opened and
walked to its follow-up visit by the people of each lane, each in their own browser."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from cli.screenshots import chromium_browser, serve_in_thread
from engine.clock import ManualClock
from engine.service import NrmEngine
from engine.settings import Settings
from forms.examples import example_value
from tests.auth_helpers import PASSWORD, add_test_users
from tests.child_return_walk import INTAKE
from tests.conftest import _CATALOG, FORMS_DIR, PROCESSES_DIR

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


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


def _forms() -> dict[str, dict[str, Any]]:
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
        elif "enum" in prop:
            page.select_option(f"#f-{name}", str(value))
        else:
            page.fill(f"#f-{name}", str(value))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("/usr/bin/chromium is missing: scripts/test.sh installs Debian's chromium")
    clock = ManualClock(START)
    engine = NrmEngine.create(f"sqlite:///{tmp_path / 'nrm.sqlite3'}", clock, catalog=_CATALOG)
    engine.load_processes(PROCESSES_DIR, FORMS_DIR)
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
    fill(page, _forms()[task], answers, site.clock.now().date().isoformat())
    page.click("button:has-text('Complete the task')")
    page.wait_for_selector("[data-testid=next]")
    return page


def test_a_child_is_taken_from_intake_to_the_follow_up_visit_in_the_browser(site: Site) -> None:
    # Border police open the case from the browser.
    page = site.as_user("border.officer")
    page.goto(f"{site.base}/cases/new?process=child_return")
    fill(page, _forms()["intake"], dict(INTAKE), "2026-03-02")
    page.click("button:has-text('Open the case')")
    page.wait_for_selector("#diagram[data-rendered=true]")
    case_url = page.url
    assert "Ë. Ç." in page.inner_text("[data-testid=child]"), "border police see initials"
    assert page.locator(".nrm-active").count() == 1  # the waiting task is outlined

    # The social worker: a field error first, then the child's wishes.
    page = open_task(site, "social.worker", "Record the child's wishes")
    page.check("input[name=child_wishes_return][value=true]")
    page.click("button:has-text('Complete the task')")
    error = page.locator("[data-field=family_implicated] .error-text")
    assert error.inner_text() == "Fill in this field."
    assert page.locator("input[name=child_wishes_return][value=true]").is_checked()
    fill(
        page,
        _forms()["record_child_wishes"],
        {"child_wishes_return": True, "family_implicated": False},
        "2026-03-02",
    )
    page.click("button:has-text('Complete the task')")
    next_steps = page.inner_text("[data-testid=next]")
    assert "Done: Record the child's wishes." in next_steps
    assert "Contact the parents" in next_steps and "for you" in next_steps
    assert page.inner_text("[data-testid=child]") == INTAKE["child_name"]

    complete(
        site, "social.worker", "Contact the parents", "contact_parents", parents_reachable=True
    )
    page = complete(
        site, "case.manager", "Approve the placement", "approve_placement", placement_approved=True
    )
    assert "Confirm the reports are filed" in page.inner_text("[data-testid=next]")
    assert page.locator("text=Report to the local police").count() == 1
    complete(site, "border.officer", "Confirm the reports are filed", "confirm_reports_filed")
    page = complete(site, "social.worker", "Release the child to the family", "release_to_family")
    assert "Record the follow-up visit" in page.inner_text("[data-testid=next]")

    # A week and a day pass without a visit: the task is overdue, highlighted and first.
    site.clock.advance(timedelta(days=8))
    site.engine.commands.fire_due_timers()
    page = site.as_user("sss.officer")
    first = page.locator("table.tasks tbody tr").first
    assert "overdue" in (first.get_attribute("class") or "")
    assert "Record the follow-up visit" in first.inner_text() and "Overdue" in first.inner_text()
    page.select_option("select[name=status]", "overdue")
    page.click("button:has-text('Filter')")
    assert page.locator("table.tasks tbody tr").count() == 1
    page = site.as_user("supervisor")
    assert "Escalate the missed visit" in page.inner_text("tr.overdue")

    page = complete(
        site, "sss.officer", "Record the follow-up visit", "record_followup_visit", child_safe=True
    )
    assert "Escalate the missed visit" in page.inner_text("[data-testid=next]")
    page.goto(case_url)
    assert "Fired" in page.inner_text("section.card:has(h2:has-text('Timers'))")

    # Someone of another region cannot open the case, nor the case manager not appointed to it.
    for outsider in ("social.worker.korce", "case.manager.2", "admin"):
        page = site.as_user(outsider)
        response = page.goto(case_url)
        assert response is not None and response.status == 403, outsider
        assert "This is not available to you." in page.inner_text("h1")
        assert INTAKE["child_name"] not in page.content()
