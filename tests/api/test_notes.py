"""Notes and files on a case (issue 18): each an event of the case's hash-chained history, read
by whom its classification allows; a file's type is read from its content, its size limited, its
download written to the access log."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from engine.base.clock import ManualClock
from engine.base.settings import Settings
from engine.nrm_engine import NrmEngine
from engine.services import audit
from tests.support.auth import add_test_users, bearer
from tests.support.walks import CaseWalk

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock)


def events(walk: CaseWalk, user: str) -> list[dict]:
    response = walk.client.get(f"/api/cases/{walk.id}/events", headers=walk.headers(user))
    assert response.status_code == 200, response.text
    return response.json()


def attach(
    client: TestClient, case_id: int, name: str, content: bytes, user: str = "social.worker"
):
    return client.post(
        f"/api/cases/{case_id}/attachments",
        files={"file": (name, content, "application/pdf")},
        data={"classification": "personal"},
        headers=bearer(client, user),
    )


def test_a_note_is_in_the_history_for_its_readers_and_withheld_from_the_others(
    walk: CaseWalk, client: TestClient
) -> None:
    added = client.post(
        f"/api/cases/{walk.id}/notes",
        json={"note": "The child's aunt called from Durrës", "classification": "sensitive"},
        headers=walk.headers("social.worker"),
    )
    assert added.status_code == 201, added.text

    note = events(walk, "supervisor")[-1]
    assert note["type"] == "note_added" and note["actor"] == "social.worker"
    assert note["data"]["note"] == "The child's aunt called from Durrës"
    # The border police opened the case but do not act for the child (Art. 4).
    seen = events(walk, "border.officer")[-1]
    assert seen["type"] == "note_added" and seen["data"]["note"] == "[withheld]"
    assert seen["data"]["classification"] == "sensitive"

    procedural = client.post(
        f"/api/cases/{walk.id}/notes",
        json={"note": "Interpreter booked for Monday", "classification": "procedural"},
        headers=walk.headers("social.worker"),
    )
    assert procedural.status_code == 201
    assert events(walk, "border.officer")[-1]["data"]["note"] == "Interpreter booked for Monday"


def test_who_may_not_work_on_the_case_adds_no_note(walk: CaseWalk, client: TestClient) -> None:
    before = len(events(walk, "supervisor"))
    note = {"note": "a note", "classification": "personal"}
    # An auditor reads every case and adds nothing; another region's social worker has no part.
    for user in ("auditor", "social.worker.korce"):
        response = client.post(
            f"/api/cases/{walk.id}/notes", json=note, headers=bearer(client, user)
        )
        assert response.status_code == 403, (user, response.text)
    empty = client.post(
        f"/api/cases/{walk.id}/notes",
        json={"note": "  ", "classification": "personal"},
        headers=walk.headers("social.worker"),
    )
    assert empty.status_code == 422 and "note" in empty.text
    unknown = client.post(
        f"/api/cases/{walk.id}/notes",
        json={"note": "x", "classification": "secret"},
        headers=walk.headers("social.worker"),
    )
    assert unknown.status_code == 422 and "classification" in unknown.text
    nul = client.post(
        f"/api/cases/{walk.id}/notes",
        json={"note": "a\u0000b", "classification": "personal"},
        headers=walk.headers("social.worker"),
    )
    assert nul.status_code == 422 and "note" in nul.text
    assert len(events(walk, "supervisor")) == before


def test_an_attached_pdf_is_stored_with_its_sha256_and_its_download_is_logged(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    response = attach(client, walk.id, "court order.pdf", PDF)
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["media_type"] == "application/pdf"
    assert stored["sha256"] == hashlib.sha256(PDF).hexdigest()

    event = events(walk, "supervisor")[-1]
    assert event["type"] == "file_attached"
    assert event["data"]["sha256"] == stored["sha256"]
    assert event["data"]["name"] == "court order.pdf"
    assert audit.verify(engine, walk.id).intact  # the file's sha256 is in the hash chain

    download = client.get(f"/api/attachments/{stored['id']}", headers=walk.headers("supervisor"))
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment;")
    log = client.get(
        "/api/audit/access-log",
        params={"case_id": walk.id, "user": "supervisor"},
        headers=bearer(client, "auditor"),
    ).json()
    assert ("attachment", True) in [(e["what"], e["personal_data"]) for e in log]

    # A personal file: not for the border police, nor for a case of another region.
    for user in ("border.officer", "supervisor.korce"):
        refused = client.get(f"/api/attachments/{stored['id']}", headers=bearer(client, user))
        assert refused.status_code == 403, (user, refused.text)
    assert events(walk, "border.officer")[-1]["data"]["name"] == "[withheld]"


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(
    walk: CaseWalk, client: TestClient
) -> None:
    before = len(events(walk, "supervisor"))
    for name, content in (
        ("court_order.pdf", PNG),  # a picture named as a PDF
        ("court_order.pdf", b"MZ\x90\x00 a program, not a PDF"),
        ("photo.png", b"<html><script>alert(1)</script></html>"),
    ):
        response = attach(client, walk.id, name, content)
        assert response.status_code == 422, (name, response.text)
        assert response.json()["detail"][0]["loc"][-1] == "file"
    assert len(events(walk, "supervisor")) == before


@pytest.fixture
def small_client(engine: NrmEngine) -> Iterator[TestClient]:
    """The app with attachments limited to 1,000 bytes."""
    add_test_users(engine)
    app = create_app(engine, Settings(clock="manual", max_attachment_bytes=1_000))
    with TestClient(app) as test_client:
        yield test_client


def test_a_file_over_the_size_limit_is_refused(
    small_client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(small_client, clock)
    before = len(events(walk, "supervisor"))
    over = attach(small_client, walk.id, "scan.pdf", PDF + b"0" * 1_000)
    assert over.status_code == 422, over.text
    assert "1,000 bytes" in over.text
    far_over = attach(small_client, walk.id, "scan.pdf", PDF + b"0" * 200_000)
    assert far_over.status_code == 413
    assert attach(small_client, walk.id, "scan.pdf", PDF).status_code == 201
    assert len(events(walk, "supervisor")) == before + 1
