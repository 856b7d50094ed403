"""The service directory and the compliance page in a real browser
(tests/support/browser_site.py)."""

from __future__ import annotations

from typing import Any

from cli.demo_directory import DEMO_FACILITIES
from forms.examples import example_submission
from tests.support.browser_site import Site, open_task
from tests.support.walks import INTAKE


def advance(site: Site, case_id: int, task_name: str, actor: str, **answers: Any) -> None:
    engine = site.engine
    task = next(t for t in engine.queries.case(case_id).tasks if t.name == task_name)
    data = example_submission(engine.queries.task(task.id).form, site.clock.now().date(), answers)
    engine.commands.complete_task(task.id, data, actor)


def test_a_supervisor_adds_a_facility_and_a_social_worker_places_a_child_in_it(
    site: Site,
) -> None:
    page = site.as_user("supervisor")
    page.goto(f"{site.base}/directory")
    form = page.locator("[data-testid=facility-form]")
    form.locator("#f-name").fill("Strehëza Agimi")
    form.locator("#f-address").fill("Rruga e Agimit 2, Elbasan")
    form.locator("#f-out_of_hours_contact").fill("+355 69 000 0777")
    form.locator("#f-capacity").fill("2")
    form.locator("input[name=takes_children]").check()
    assert form.locator("#f-region").input_value() == "Elbasan", "the supervisor's region"
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{site.base}/directory")
    row = page.locator("tr:has-text('Strehëza Agimi')")
    assert row.locator("[data-testid=free-places]").inner_text() == "2"

    case_id = site.engine.commands.start_case("child_return", dict(INTAKE), "border.officer")
    advance(site, case_id, "record_child_wishes", "social.worker", child_wishes_return=False)
    page = open_task(site, "social.worker", "Place the child in a safe shelter now")
    options = page.locator("#f-facility_id option").all_inner_texts()
    offered = [text for text in options if "places free" in text]
    assert offered[0].startswith("Strehëza Agimi (Elbasan)"), "the family's region first"
    assert not any("Qendra Dielli" in text for text in options), "adults only: not offered"
    page.select_option("#f-facility_id", label=offered[0])
    page.check("input[name=shelter_approved_by_molsa][value=true]")
    page.check("input[name=responsibility_taken][value=true]")
    page.fill("#f-shelter_placement_date", site.clock.now().date().isoformat())
    page.click("button:has-text('Complete the task')")
    page.wait_for_selector("[data-testid=next]")

    page = site.as_user("border.officer")
    page.goto(f"{site.base}/directory")
    row = page.locator("tr:has-text('Strehëza Agimi')")
    assert row.locator("[data-testid=free-places]").inner_text() == "1"
    assert (
        "Rruga e Agimit" not in page.content() and DEMO_FACILITIES[0].address not in page.content()
    )
    assert page.locator("[data-testid=facility-form]").count() == 0


def test_the_compliance_page_draws_its_charts(site: Site) -> None:
    case_id = site.engine.commands.start_case("child_return", dict(INTAKE), "border.officer")
    advance(site, case_id, "record_child_wishes", "social.worker", child_wishes_return=False)
    page = site.as_user("supervisor")
    page.goto(f"{site.base}/compliance")
    charts = page.locator("img.chart")
    assert charts.count() == 4
    for index in range(4):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), index
    table = page.locator("[data-testid=figures-open_cases]")
    assert "case.manager" in table.inner_text()
