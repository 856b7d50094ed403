"""An auditor steps through a case's replay in Chromium: each step draws the diagram with the
tasks that were waiting after it outlined, under the app's CSP (no inline script)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from forms.examples import CHILD_RETURN_INTAKE
from tests.support.browser_site import Site
from tests.support.walks import complete


def outlined(page: Any) -> list[str]:
    page.wait_for_selector("#diagram[data-rendered=true]")
    return sorted(
        str(element.get_attribute("data-element-id"))
        for element in page.locator(".nrm-active").all()
    )


def test_an_auditor_steps_through_a_replay_and_sees_the_waiting_task_change(site: Site) -> None:
    case_id = site.engine.commands.start_case("child_return", CHILD_RETURN_INTAKE, "border.officer")
    site.clock.advance(timedelta(hours=1))
    complete(
        site.engine,
        case_id,
        "record_child_wishes",
        "social.worker",
        child_wishes_return=True,
        family_implicated=False,
    )

    page = site.as_user("auditor")
    page.click("nav a:has-text('Audit')")
    assert "All 1 case histories verified" in page.inner_text("[data-testid=verdict]")
    page.click("[data-testid=replay-links] a")
    assert "The rebuilt state equals the stored one" in page.inner_text(
        "[data-testid=replay-verdict]"
    )
    assert outlined(page) == ["contact_parents"]  # the last step is shown first

    page.click("[data-testid=steps] li[data-seq='1'] a")
    page.wait_for_url("**step=1**")
    assert page.inner_text("[data-testid=chosen-step]").startswith("Step 1 of 2")
    assert outlined(page) == ["record_child_wishes"]
    assert "Record the child's wishes" in page.inner_text("[data-testid=step-active]")

    page.click("[data-testid=steps] li[data-seq='2'] a")
    page.wait_for_url("**step=2**")
    assert outlined(page) == ["contact_parents"]
    assert "Contact the parents" in page.inner_text("[data-testid=step-active]")
