"""The long-term solution and its review visits in a real browser (Chromium): State Social
Services propose, the case manager approves, a review visit falls due after 30 days and the
case manager closes the case (Art. 5.B.9, 5.C.5)."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from api.app import create_app
from engine.base.settings import Settings
from tests.support.browser_site import Site, complete, fill, open_task, task_forms
from tests.support.walks import CaseWalk, walk_to_proposal


def test_a_long_term_solution_is_agreed_reviewed_and_closed_in_the_browser(site: Site) -> None:
    # Up to the family assessment and the court's decision through the API.
    walk = CaseWalk(TestClient(create_app(site.engine, Settings(clock="manual"))), site.clock)
    walk_to_proposal(walk)
    today = site.clock.now().date().isoformat()

    # A centre needs the statement that no suitable foster family can be found.
    page = open_task(site, "sss.officer", "Propose the long-term solution")
    form = task_forms()["propose_long_term_solution"]
    fill(page, form, {"long_term_solution": "children_centre"}, today)
    page.click("button:has-text('Complete the task')")
    error = page.locator("[data-field=no_suitable_foster_family] .error-text").inner_text()
    assert "no suitable foster family can be found" in error
    page.check("input[name=no_suitable_foster_family][value=true]")
    page.click("button:has-text('Complete the task')")
    assert "Approve the long-term solution" in page.inner_text("[data-testid=next]")

    complete(
        site,
        "case.manager",
        "Approve the long-term solution",
        "approve_long_term_solution",
        long_term_solution_approved=True,
    )

    # bpmn-js draws the diagram with the follow-up plan running, the closure task outlined.
    page = site.as_user("case.manager")
    page.goto(f"{site.base}/cases/{walk.id}")
    page.wait_for_selector("#diagram[data-rendered]")
    assert page.get_attribute("#diagram", "data-rendered") == "true"
    assert page.locator("[data-element-id=close_case].nrm-active").count() == 1

    # Thirty days and a day later the review visit is due, and overdue.
    site.clock.advance(timedelta(days=31))
    site.engine.commands.fire_due_timers()
    page = site.as_user("sss.officer")
    row = page.locator("table.tasks tbody tr:has-text('Record the review visit')")
    assert "overdue" in (row.get_attribute("class") or "")
    complete(
        site,
        "sss.officer",
        "Record the review visit",
        "record_review_visit",
        review_child_safe=True,
        review_findings="Attends school; settled with her grandmother.",
    )

    page = complete(
        site,
        "case.manager",
        "Close the case",
        "close_case",
        closure_reason="reintegrated",
    )
    assert walk.refresh()["status"] == "completed"
    assert walk.case["data"]["closure_reason"] == "reintegrated"
