"""The court outbox (issue 4, item 5): a court sees the custody petitions addressed to it,
downloads them, acknowledges receipt (recorded on the case: who, when) and records its decision
on temporary custody; the case waits for the court. Another court sees nothing and may not act."""

from __future__ import annotations

from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from tests.support.auth import bearer, sign_in
from tests.support.walks import INTAKE, CaseWalk, shelter_at_once


def d1_walk_to_filing(client: TestClient, clock: ManualClock) -> CaseWalk:
    walk = CaseWalk(client, clock)
    shelter_at_once(walk)
    walk.complete("file_custody_petition", actor="sss.officer", court_reference="Nr. 77/2026")
    return walk


def test_a_court_receives_acknowledges_and_decides_a_d1_petition(
    client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk = d1_walk_to_filing(client, clock)
    clerk = bearer(client, "court.clerk")

    outbox = client.get("/api/court/outbox", headers=clerk)
    assert outbox.status_code == 200, outbox.text
    [entry] = outbox.json()
    assert entry["case_reference"] == walk.case["reference"]
    assert entry["child_initials"] == "Ë. Ç."
    assert INTAKE["child_name"] not in outbox.text and "Vatra" not in outbox.text
    assert sorted(d["language"] for d in entry["documents"]) == ["en", "sq"]
    assert entry["acknowledged"] is False and entry["acknowledge_task_id"]
    for document in entry["documents"]:
        pdf = client.get(document["url"], headers=clerk)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.headers["X-Content-SHA256"] == document["sha256"]

    # Another court: nothing in its outbox, and it may not acknowledge this petition.
    tirana = bearer(client, "court.clerk.tirana")
    assert client.get("/api/court/outbox", headers=tirana).json() == []
    refused = client.post(
        f"/api/tasks/{entry['acknowledge_task_id']}/complete",
        json={"data": {"petition_received_on": "2026-03-02", "court_registry_number": "X"}},
        headers=tirana,
    )
    assert refused.status_code == 403
    tasks = client.get("/api/tasks", headers=clerk).json()
    assert [t["name"] for t in tasks] == ["acknowledge_petition"]
    assert client.get("/api/tasks", headers=tirana).json() == []

    walk.complete(
        "acknowledge_petition",
        actor="court.clerk",
        petition_received_on=clock.now().date().isoformat(),
        court_registry_number="Reg. 1234/2026",
    )
    events = client.get(f"/api/cases/{walk.id}/events", headers=clerk).json()
    [ack] = [e for e in events if e["task_name"] == "acknowledge_petition"]
    assert ack["type"] == "task_completed" and ack["actor"] == "court.clerk"
    [entry] = client.get("/api/court/outbox", headers=clerk).json()
    assert entry["acknowledged"] is True and entry["acknowledged_by"] == "court.clerk"
    assert entry["acknowledged_at"] == ack["at"]
    assert entry["registry_number"] == "Reg. 1234/2026"
    assert entry["acknowledge_task_id"] is None and entry["decision_task_id"]

    # The court decides: a hearing, which needs its date.
    decision = walk.task("record_court_decision")
    assert decision["role"] == "court"
    missing = client.post(
        f"/api/tasks/{decision['id']}/complete",
        json={"data": {"court_decision": "hearing_scheduled", "court_decision_date": "2026-03-02"}},
        headers=clerk,
    )
    assert missing.status_code == 422 and "hearing_date" in missing.text
    walk.complete(
        "record_court_decision",
        actor="court.clerk",
        court_decision="hearing_scheduled",
        hearing_date="2026-04-15",
    )
    [entry] = client.get("/api/court/outbox", headers=clerk).json()
    assert entry["decision"] == "hearing_scheduled"
    assert walk.ready() == ["inform_family_of_custody"], "State Social Services carry on"
    walk.complete(
        "inform_family_of_custody",
        actor="sss.officer",
        informed_person="Agim Çela",
        guardian_agreement="agreed",
    )
    walk.complete("coordinate_family_assessment", actor="authority")
    case = walk.complete(
        "family_assessment", actor="sss.officer", recommended_solution="extended_family"
    )
    assert case["status"] == "open" and walk.ready() == [], "the case waits for the hearing"

    # On the hearing date the court is asked for the outcome; it grants the order.
    moved = client.post(
        "/api/admin/clock", json={"advance": "P45D"}, headers=bearer(client, "admin")
    )
    assert moved.status_code == 200 and walk.ready() == ["record_court_decision"]
    walk.complete(
        "record_court_decision",
        actor="court.clerk",
        court_decision="granted",
        temporary_custody_holder="State Social Services, Elbasan regional office",
    )
    assert walk.ready() == ["propose_long_term_solution"]
    data = walk.refresh()["data"]
    assert data["court_decision"] == "granted" and data["hearing_date"] == "2026-04-15"
    assert data["court_registry_number"] == "Reg. 1234/2026"
    [entry] = client.get("/api/court/outbox", headers=clerk).json()
    assert entry["decision"] == "granted"
    for kind in ("custody_petition", "family_assessment_summary"):
        assert sorted(d["language"] for d in walk.documents(kind)) == ["en", "sq"], kind


def test_the_outbox_page_lists_the_petition_in_both_languages(
    engine: NrmEngine, clock: ManualClock, client: TestClient
) -> None:
    walk = d1_walk_to_filing(client, clock)
    sign_in(client, "court.clerk")
    page = client.get("/court/outbox")
    assert page.status_code == 200
    assert walk.case["reference"] in page.text and "Ë. Ç." in page.text
    assert INTAKE["child_name"] not in page.text
    task_id = walk.task("acknowledge_petition")["id"]
    assert f'href="/tasks/{task_id}"' in page.text
    assert page.text.count('href="/api/documents/') == 2
    assert 'href="/court/outbox"' in page.text, "in the nav of a court user"
    client.get("/lang/sq?next=/court/outbox")
    albanian = client.get("/court/outbox")
    assert "Konfirmo marrjen" in albanian.text and "Kërkesat për gjykatën" in albanian.text


def test_the_outbox_page_is_for_court_users_only(client: TestClient, clock: ManualClock) -> None:
    d1_walk_to_filing(client, clock)
    sign_in(client, "court.clerk.tirana")
    page = client.get("/court/outbox")
    assert page.status_code == 200 and "Ë. Ç." not in page.text
    client.cookies.clear()
    sign_in(client, "sss.officer")
    assert client.get("/court/outbox").status_code == 403
    assert 'href="/court/outbox"' not in client.get("/").text
