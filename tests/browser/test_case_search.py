"""Finding a case on /cases in a real browser (tests/support/browser_site.py): a supervisor
searches by name and by initials, in English and Albanian, at 1280 and 375 pixels, and the page
does not scroll sideways on a phone."""

from __future__ import annotations

import pytest

from api.i18n import translate
from tests.support.browser_site import Site, fits
from tests.support.walks import INTAKE


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["en", "sq"])
def test_a_supervisor_finds_a_child_by_name_and_by_initials(
    site: Site, lang: str, width: int
) -> None:
    commands = site.engine.commands
    commands.start_case("child_return", dict(INTAKE), "border.officer")
    arben = commands.start_case(
        "child_return", {**INTAKE, "child_name": "Arben Hoxha"}, "border.officer"
    )
    page = site.as_user("supervisor")
    if lang == "sq":
        page.goto(f"{site.base}/lang/sq")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site.base}/cases")
    assert page.locator("html").get_attribute("lang") == lang
    assert translate(lang, "cases.found", count=2) in page.inner_text("[data-testid=case-count]")

    search = page.locator("[data-testid=case-search]")
    search.locator("input[name=q]").fill("hoxha")
    search.locator("button").click()
    page.wait_for_url("**/cases?q=hoxha*")
    rows = page.locator("table.tasks tbody tr")
    assert rows.count() == 1 and "Arben Hoxha" in rows.first.inner_text()
    assert translate(lang, "cases.found", count=1) in page.inner_text("[data-testid=case-count]")
    assert fits(page, "[data-testid=case-search]"), f"the search fits {width} pixels"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"no sideways scrolling at {width} pixels"
    )

    search = page.locator("[data-testid=case-search]")
    search.locator("input[name=q]").fill("A.H.")
    search.locator("button").click()
    page.wait_for_url("**/cases?q=A.H.*")
    page.click(f"a[href='/cases/{arben}']")
    page.wait_for_url(f"{site.base}/cases/{arben}")
