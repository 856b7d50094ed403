"""Issue 15 in a real browser: a role that reads personal data, asked for by one administrator,
is given on the users page by a second one, in English and Albanian, at 1280 and 375 pixels;
the administrator who asked sees the request but no button to approve it."""

from __future__ import annotations

import pytest

from api.i18n import role_label, translate
from engine.access.users import Principal, UserAccounts
from tests.support.auth import PASSWORD
from tests.support.browser_site import Site, fits

GRANT = "[data-grant='new.supervisor']"


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["en", "sq"])
def test_a_second_administrator_approves_a_role_that_reads_personal_data(
    site: Site, lang: str, width: int
) -> None:
    accounts = UserAccounts(site.engine.db, site.clock)
    now = site.clock.now()
    accounts.create("admin.two", "admin", PASSWORD, now)
    first_admin = accounts.get("admin")
    accounts.create("new.supervisor", "supervisor", PASSWORD, now, region="Elbasan", by=first_admin)

    asker = site.as_user("admin")
    asker.goto(f"{site.base}/admin/users")
    assert asker.locator(GRANT).is_visible()
    assert asker.locator(f"{GRANT} button").count() == 0, "who asked does not approve"

    page = site.as_user("admin.two")
    page.goto(f"{site.base}/lang/{lang}")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site.base}/admin/users")
    grant = page.locator(GRANT)
    assert translate(lang, "users.grants") in page.locator("#role-grants h2").inner_text()
    assert role_label(lang, "supervisor") in grant.inner_text()
    assert translate(lang, "users.asked_by", name="admin") in grant.inner_text()
    assert fits(page, "#role-grants"), f"it fits {width} pixels"
    assert not page.locator("tr[data-user='new.supervisor'] input[name=active]").is_checked()

    grant.locator("button").click()
    page.wait_for_url(f"{site.base}/admin/users")
    assert page.locator(GRANT).count() == 0
    assert page.locator("tr[data-user='new.supervisor'] input[name=active]").is_checked()
    assert accounts.get("new.supervisor") == Principal("new.supervisor", "supervisor", "Elbasan")
