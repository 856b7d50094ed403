"""A second supervisor approves through the API only a draft whose changes they read: the draft
with its semantic diff and digest, the approval naming that digest, and 409 when it changed."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from engine.nrm_engine import NrmEngine
from engine.storage.models import ProcessDraft
from tests.support.auth import bearer
from tests.support.versions import CHILD_RETURN

WISH = "child_wishes_return == True</bpmn:conditionExpression>"
REWRITTEN = CHILD_RETURN.replace(WISH, "child_wishes_return != None</bpmn:conditionExpression>")


def test_the_approver_reads_the_changed_condition_and_approves_what_they_read(
    client: TestClient, engine: NrmEngine
) -> None:
    saved = client.post(
        "/api/processes/child_return/drafts",
        json={"bpmn_xml": REWRITTEN, "change_note": "Typo: label"},
        headers=bearer(client, "supervisor"),
    ).json()
    approver = bearer(client, "supervisor.korce")
    draft = client.get(f"/api/drafts/{saved['id']}", headers=approver).json()
    [element] = draft["changes"]["elements"]
    assert element["element_id"] == "flow_wishes_return"
    [condition] = element["changes"]
    assert (condition["aspect"], condition["old"], condition["new"]) == (
        "condition",
        "child_wishes_return == True",
        "child_wishes_return != None",
    )
    digest = draft["changes"]["digest"]

    # The author saves the draft again after it was read: approving what was read is refused.
    resaved = client.post(
        "/api/processes/child_return/drafts",
        json={
            "bpmn_xml": REWRITTEN.replace("wishes_return != None", "wishes_return != False"),
            "change_note": "Typo: label, again",
        },
        headers=bearer(client, "supervisor"),
    ).json()
    assert (resaved["id"], resaved["saves"]) == (saved["id"], 2)
    refused = client.post(
        f"/api/drafts/{saved['id']}/approve", json={"diff_digest": digest}, headers=approver
    )
    assert refused.status_code == 409 and "changed since" in refused.text
    assert len(client.get("/api/processes/child_return/versions", headers=approver).json()) == 1

    reread = client.get(f"/api/drafts/{saved['id']}", headers=approver).json()
    assert [save["change_note"] for save in reread["saves"]] == [
        "Typo: label",
        "Typo: label, again",
    ]
    fresh = reread["changes"]
    assert fresh["digest"] != digest
    published = client.post(
        f"/api/drafts/{saved['id']}/approve",
        json={"diff_digest": fresh["digest"]},
        headers=approver,
    )
    assert published.status_code == 200 and published.json()["version"] == 2
    with Session(engine.db) as session:
        stored = session.get(ProcessDraft, saved["id"])
        assert stored is not None and stored.diff_digest == fresh["digest"]
    # The version diff of the API carries the same semantic diff.
    versions = client.get("/api/processes/child_return/diff?old=1&new=2", headers=approver)
    assert versions.json()["changed"] == ["flow_wishes_return"]
    assert versions.json()["digest"] == fresh["digest"]
    gone = client.get(f"/api/drafts/{saved['id']}", headers=approver)
    assert gone.status_code == 409 and "already published" in gone.text
