"""The pages in a real browser: Debian's Chromium driven by Playwright, the app served by
uvicorn on a free loopback port (SQLite, manual clock). A child_return case is opened and
walked to its follow-up visit by the people of each lane, each in their own browser."""

from __future__ import annotations

from datetime import timedelta

from tests.support.browser_site import Site, complete, fill, open_task, task_forms
from tests.support.walks import INTAKE


def test_a_child_is_taken_from_intake_to_the_follow_up_visit_in_the_browser(site: Site) -> None:
    # Border police open the case from the browser.
    page = site.as_user("border.officer")
    page.goto(f"{site.base}/cases/new?process=child_return")
    fill(page, task_forms()["intake"], dict(INTAKE), "2026-03-02")
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
        task_forms()["record_child_wishes"],
        {"child_wishes_return": True, "family_implicated": False},
        "2026-03-02",
    )
    page.click("button:has-text('Complete the task')")
    next_steps = page.inner_text("[data-testid=next]")
    assert "Done: Record the child's wishes." in next_steps
    assert "Contact the parents" in next_steps and "for you" in next_steps
    assert page.inner_text("[data-testid=child]") == INTAKE["child_name"]

    complete(
        site,
        "social.worker",
        "Contact the parents",
        "contact_parents",
        parents_reachable=True,
        guardian_agreement="agreed",
    )
    page = complete(
        site, "case.manager", "Approve the placement", "approve_placement", placement_approved=True
    )
    assert "Assess the return and record the agreement" in page.inner_text("[data-testid=next]")
    page = complete(
        site,
        "authority",
        "Assess the return and record the agreement",
        "assess_return_to_family",
    )
    assert "Confirm the reports are filed" in page.inner_text("[data-testid=next]")
    assert page.locator("text=Report to the local police").count() == 1
    complete(site, "border.officer", "Confirm the reports are filed", "confirm_reports_filed")
    page = complete(site, "social.worker", "Release the child to the family", "release_to_family")
    assert "Record the social services follow-up visit" in page.inner_text("[data-testid=next]")
    assert "Record the police follow-up visit" in page.inner_text("[data-testid=next]")

    # A week and a day pass without a visit: the task is overdue, highlighted and first.
    site.clock.advance(timedelta(days=8))
    site.engine.commands.fire_due_timers()
    page = site.as_user("sss.officer")
    first = page.locator("table.tasks tbody tr").first
    assert "overdue" in (first.get_attribute("class") or "")
    assert "Record the social services follow-up visit" in first.inner_text()
    assert "Overdue" in first.inner_text()
    page.select_option("select[name=status]", "overdue")
    page.click("button:has-text('Filter')")
    assert page.locator("table.tasks tbody tr").count() == 1
    page = site.as_user("supervisor")
    assert "Escalate the missed visit" in " ".join(page.locator("tr.overdue").all_inner_texts())

    complete(
        site,
        "local.police",
        "Record the police follow-up visit",
        "record_police_visit",
        police_found_child_safe=True,
    )
    page = complete(
        site,
        "sss.officer",
        "Record the social services follow-up visit",
        "record_followup_visit",
        child_safe=True,
    )
    assert "Close the case" in page.inner_text("[data-testid=next]")
    page.goto(case_url)
    assert "Fired" in page.inner_text("section.card:has(h2:has-text('Timers'))")

    # Someone of another region cannot open the case, nor the case manager not appointed to it.
    for outsider in ("social.worker.korce", "case.manager.2", "admin"):
        page = site.as_user(outsider)
        response = page.goto(case_url)
        assert response is not None and response.status == 403, outsider
        assert "This is not available to you." in page.inner_text("h1")
        assert INTAKE["child_name"] not in page.content()
