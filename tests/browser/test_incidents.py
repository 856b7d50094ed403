"""In Chromium: a social worker's completion runs into a broken document template; the case
page says so, the supervisor finds the incident in the inbox and retries it once fixed."""

from __future__ import annotations

import pytest

from engine.workflow import actions
from tests.support.browser_site import Site, open_task
from tests.support.incident_drill import DRILL, INTAKE, Templates


def test_a_supervisor_retries_a_failed_step_from_the_inbox(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = Templates()
    monkeypatch.setattr(actions, "render_document", templates.render)
    site.engine.load_processes(DRILL / "processes", DRILL / "forms")
    case_id = site.engine.commands.start_case("incident_drill", INTAKE, "social.worker")

    page = open_task(site, "social.worker", "Record the visit")
    page.fill("#f-visit_date", "2026-03-02")
    page.click("button:has-text('Complete the task')")
    page.wait_for_selector("[data-testid=next]")
    assert "what you entered is saved" in page.inner_text("[data-testid=next]")
    incidents = page.inner_text("[data-testid=incidents]")
    assert "Generate the visit record" in incidents and "template" in incidents
    assert page.locator("[data-testid=incidents] button").count() == 0, "only supervisors retry"

    templates.broken = False
    page = site.as_user("supervisor")
    row = page.locator("[data-incident=make_record]")
    assert "OSError" in row.inner_text()
    row.locator("button:has-text('Retry')").click()
    page.wait_for_url(f"{site.base}/cases/{case_id}")
    assert page.locator("[data-testid=incidents]").count() == 0
    assert [t.name for t in site.engine.queries.case(case_id).timers] == ["one_week"]
    assert page.locator("[data-incident]").count() == 0
