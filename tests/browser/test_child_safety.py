"""No dead end for a child, in a real browser and in Albanian (issue 14): the local police find a
child unsafe at the follow-up visit; the case manager gets the urgent decision at once, with the
findings shown, places the child in a shelter, and the case page says where the child is now,
since when and decided by whom. At 1280 and 375 pixels."""

from __future__ import annotations

from typing import Any

import pytest

from forms.procedure_texts import procedure_text
from tests.support.browser_site import Site, fill, open_task, task_forms
from tests.support.walks import INTAKE, RETURN_AGREED
from tests.support.walks import complete as complete_in_engine

CONCERNS = "Shenja goditjesh në krahë; nuk foli para babait."
URGENT = "The child is not safe: decide now"


def released_home(site: Site) -> int:
    """Annex 1 D.2 up to the release, through the engine (the browser part is the alarm)."""
    engine = site.engine
    case_id = engine.commands.start_case("child_return", dict(INTAKE), "border.officer")
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("record_child_wishes", "social.worker", {"child_wishes_return": True,
                                                  "family_implicated": False}),
        ("contact_parents", "social.worker", {"parents_reachable": True,
                                              "guardian_agreement": "agreed"}),
        ("approve_placement", "case.manager", {"placement_approved": True}),
        ("assess_return_to_family", "authority", RETURN_AGREED),
        ("confirm_reports_filed", "border.officer", {}),
        ("release_to_family", "social.worker", {}),
    ]  # fmt: skip
    for task, actor, answers in steps:
        complete_in_engine(engine, case_id, task, actor, **answers)
    return case_id


def fits(page: Any, selector: str) -> bool:
    """The element and everything in it lie within the window's width."""
    return page.evaluate(
        """selector => [document.querySelector(selector),
            ...document.querySelectorAll(selector + ' *')]
            .every(e => e.getBoundingClientRect().right <= window.innerWidth + 1)""",
        selector,
    )


def in_albanian(site: Site, user: str) -> Any:
    page = site.as_user(user)
    page.goto(f"{site.base}/lang/sq")
    return page


@pytest.mark.parametrize("width", [1280, 375])
def test_an_unsafe_visit_reaches_the_case_manager_at_once_in_albanian(
    site: Site, width: int
) -> None:
    released_home(site)
    today = site.clock.now().date().isoformat()

    # The local police record the visit in Albanian: the child is not safe.
    page = in_albanian(site, "local.police")
    page.set_viewport_size({"width": width, "height": 900})
    page = open_task(
        site, "local.police", procedure_text("Record the police follow-up visit", "sq")
    )
    assert page.locator("html").get_attribute("lang") == "sq"
    fill(
        page,
        task_forms()["record_police_visit"],
        {"police_found_child_safe": False, "police_concerns": CONCERNS},
        today,
    )
    page.click("form.card button.primary")
    page.wait_for_selector("[data-testid=next]")
    assert procedure_text(URGENT, "sq") in page.inner_text("[data-testid=next]")

    # The case manager: the urgent decision is first in the inbox, due within a day.
    page = in_albanian(site, "case.manager")
    page.set_viewport_size({"width": width, "height": 900})
    first = page.locator("table.tasks tbody tr").first
    assert procedure_text(URGENT, "sq") in first.inner_text()
    page = open_task(site, "case.manager", procedure_text(URGENT, "sq"))
    context = page.inner_text("[data-testid=task-context]")
    assert fits(page, "[data-testid=task-context]"), f"the findings fit {width} pixels"
    assert CONCERNS in context, "the findings are shown with the decision"
    assert "Një vizitë pasuese e gjeti fëmijën të pasigurt" in context
    page.select_option("#f-unsafe_decision", "emergency_placement")
    shelters = [
        text for text in page.locator("#f-facility_id option").all_inner_texts() if "(" in text
    ]
    page.select_option("#f-facility_id", label=shelters[0])
    page.fill("#f-unsafe_decision_date", today)
    page.fill("#f-unsafe_decision_reasons", "Dhunë në shtëpi; vajza kërkon të mos kthehet.")
    page.click("form.card button.primary")
    page.wait_for_selector("[data-testid=next]")
    assert procedure_text("File the custody petition", "sq") in page.inner_text(
        "[data-testid=next]"
    )

    # The case page answers: where is the child now, since when, decided by whom.
    where = page.inner_text("[data-testid=whereabouts]")
    assert "Ku është fëmija tani?" in where and "Në një strehëz" in where
    assert shelters[0].split(" (")[0] in where
    assert page.inner_text("[data-testid=where-decided-by]") == "case.manager"
    assert "Punonjësi social" in page.inner_text("[data-testid=where-responsible]")
    assert fits(page, "[data-testid=whereabouts]"), f"the section fits {width} pixels"
