"""Issue 15 in a real browser: a draft rewrites the condition of the "wishes to return" flow
under the note "Typo: label". The second supervisor reads the old and the new condition on the
drafts page, above the approve button, in English and Albanian, at 1280 and 375 pixels."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from api.i18n import translate
from engine.procedures.drafts import Drafts
from tests.support.browser_site import Site, fits
from tests.support.versions import CHILD_RETURN

OLD, NEW = "child_wishes_return == True", "child_wishes_return != None"


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["en", "sq"])
def test_the_approver_reads_the_rewritten_condition_before_the_button(
    site: Site, lang: str, width: int
) -> None:
    draft = site.engine.publishing.save_draft(
        "child_return", CHILD_RETURN.replace(f"{OLD}</", f"{NEW}</"), "supervisor", "Typo: label"
    )
    page = site.as_user("supervisor.korce")
    page.goto(f"{site.base}/lang/{lang}")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site.base}/drafts")
    section = f"[data-draft='{draft.id}']"
    change = page.locator(f"{section} [data-element=flow_wishes_return] [data-aspect=condition]")
    assert change.is_visible()
    assert translate(lang, "sdiff.aspect.condition") in change.inner_text()
    assert change.locator("del").inner_text() == OLD
    assert change.locator("ins").inner_text() == NEW
    assert fits(page, f"{section} [data-testid=semantic-diff]"), f"it fits {width} pixels"
    button = page.locator(f"{section} button.primary")
    change_box, button_box = change.bounding_box(), button.bounding_box()
    assert change_box is not None and button_box is not None
    assert change_box["y"] < button_box["y"], "the change is read before the button"

    button.click()
    assert page.locator("[data-testid=published]").is_visible()
    assert [v.approved_by for v in site.engine.publishing.versions("child_return")] == [
        None,
        "supervisor.korce",
    ]


def test_saving_again_in_the_modeler_updates_the_draft_unless_asked_for_a_separate_one(
    site: Site,
) -> None:
    first = site.engine.publishing.save_draft(
        "child_return", CHILD_RETURN.replace('"P7D"', '"P5D"'), "supervisor", "Five days"
    )
    page = site.as_user("supervisor")
    page.goto(f"{site.base}/processes/child_return/modeler")
    page.wait_for_selector("#modeler[data-rendered=true]")
    page.fill("#change-note", "Five days, checked again")
    page.click("#save")
    page.wait_for_selector("#status.success")
    assert f"Draft {first.id} saved" in page.inner_text("#status")

    page.check("#separate-draft")
    page.fill("#change-note", "Another idea")
    with page.expect_response(lambda r: r.url.endswith("/drafts") and r.status == 201):
        page.click("#save")
    expect(page.locator("#status")).to_contain_text(f"Draft {first.id + 1} saved")
    waiting = {
        d.id: [s.change_note for s in d.saves]
        for d in Drafts(site.engine.db, site.engine.catalog).pending()
    }
    assert waiting == {
        first.id: ["Five days", "Five days, checked again"],
        first.id + 1: ["Another idea"],
    }
