"""The case page's note and file forms (api/pages/notes.py): the same use cases as the JSON API,
the note on the timeline, a refused file named at its field in the user's language."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from tests.support.auth import csrf_of, sign_in
from tests.support.walks import CaseWalk

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock)


def test_a_note_and_a_file_added_on_the_case_page_show_on_its_timeline(
    walk: CaseWalk, client: TestClient
) -> None:
    sign_in(client, "social.worker")
    page = client.get(f"/cases/{walk.id}")
    assert page.status_code == 200 and 'data-testid="note-form"' in page.text
    csrf = csrf_of(page.text)

    added = client.post(
        f"/cases/{walk.id}/notes",
        data={"csrf": csrf, "note": "Mother reached by phone", "classification": "personal"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    attached = client.post(
        f"/cases/{walk.id}/attachments",
        data={"csrf": csrf, "classification": "personal"},
        files={"file": ("court order.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert attached.status_code == 303, attached.text
    timeline = client.get(f"/cases/{walk.id}").text
    assert "Note added" in timeline and "Mother reached by phone" in timeline
    assert "File attached" in timeline and "court order.pdf" in timeline
    link = timeline.split('data-testid="attachment"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert client.get(link).content == PDF

    # The border police see that there is a note, not what it says; and add none of their own
    # without the form's token.
    sign_in(client, "border.officer")
    theirs = client.get(f"/cases/{walk.id}").text
    assert "Note added" in theirs and "Mother reached by phone" not in theirs
    assert "court order.pdf" not in theirs
    assert client.post(f"/cases/{walk.id}/notes", data={"note": "x"}).status_code == 403

    # The auditor's replay has the note and the file as steps, their personal texts withheld.
    sign_in(client, "auditor")
    replay = client.get(f"/audit/cases/{walk.id}/replay")
    assert replay.status_code == 200
    assert "Note added" in replay.text and "File attached" in replay.text
    assert "Mother reached by phone" not in replay.text


def test_a_file_that_is_not_what_its_name_says_is_refused_in_albanian(
    walk: CaseWalk, client: TestClient
) -> None:
    sign_in(client, "social.worker")
    client.cookies.set("nrm_lang", "sq")
    page = client.get(f"/cases/{walk.id}")
    assert "Shënime dhe skedarë" in page.text
    refused = client.post(
        f"/cases/{walk.id}/attachments",
        data={"csrf": csrf_of(page.text), "classification": "personal"},
        files={"file": ("vendim.pdf", b"GIF89a not a pdf", "application/pdf")},
    )
    assert refused.status_code == 422
    assert 'id="file-error"' in refused.text and "Skedari nuk është PDF" in refused.text
    assert "vendim.pdf" not in client.get(f"/cases/{walk.id}").text
