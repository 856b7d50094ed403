"""Notes and files on the case page in a real browser (issue 18), in English and Albanian, at
1280 and 375 pixels: a social worker adds a note and attaches a scanned court order; both show on
the timeline, the forms fit a phone's width."""

from __future__ import annotations

import pytest

from api.i18n import translate
from tests.support.browser_site import Site, fits
from tests.support.walks import INTAKE

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("sq", 375)])
def test_a_social_worker_adds_a_note_and_a_court_order_on_the_case_page(
    site: Site, lang: str, width: int
) -> None:
    case_id = site.engine.commands.start_case("child_return", dict(INTAKE), "border.officer")
    page = site.as_user("social.worker")
    page.goto(f"{site.base}/lang/{lang}")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site.base}/cases/{case_id}")
    page.locator("details.notes summary").click()
    assert fits(page, "details.notes"), f"the forms fit {width} pixels"

    page.fill("#note", "Court hearing moved to Friday")
    page.select_option("#note-classification", "procedural")
    page.locator("[data-testid=note-form] button").click()
    page.wait_for_selector("[data-testid=note]")
    assert page.locator("[data-testid=note]").first.inner_text() == "Court hearing moved to Friday"
    assert translate(lang, "event.note_added") in page.locator("#timeline").inner_text()

    page.locator("details.notes summary").click()
    page.set_input_files(
        "#file", files=[{"name": "court order.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("[data-testid=file-form] button").click()
    page.wait_for_selector("[data-testid=attachment]")
    assert page.locator("[data-testid=attachment]").inner_text() == "court order.pdf"
    assert translate(lang, "event.file_attached") in page.locator("#timeline").inner_text()
    assert fits(page, "#timeline"), f"the timeline fits {width} pixels"
