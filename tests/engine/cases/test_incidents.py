"""A failing service or script task becomes an incident: the user's completion is kept, the
case waits at the failed task, a supervisor of the region sees it and retries it after a fix,
and replay follows every step. Scripts that never end are stopped by the line bound."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session

from engine.base.clock import ManualClock
from engine.base.errors import InvalidProcess
from engine.cases.incident_retry import IncidentRetry
from engine.history.audit import verify_chains
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from engine.procedures.rules import parse_and_check
from engine.storage.models import Incident
from engine.workflow import actions
from engine.workflow.scripting import RestrictedEnvironment, ScriptTooLong
from engine.workflow.specs import read_bundle
from tests.support.auth import bearer, csrf_of, sign_in
from tests.support.incident_drill import COUNT_SCRIPT, DRILL, INTAKE, Templates
from tests.support.versions import move_cases

# Ten billion rounds: endless in practice, and nothing the publishing rules can see.
ENDLESS_SCRIPT = """<bpmn:script>visits = 0
for week in range(100000):
    for day in range(100000):
        visits = visits + 1</bpmn:script>"""


@pytest.fixture
def templates(monkeypatch: pytest.MonkeyPatch) -> Templates:
    broken = Templates()
    monkeypatch.setattr(actions, "render_document", broken.render)
    return broken


def load_drill(engine: NrmEngine, tmp_path: Path, script: str = COUNT_SCRIPT) -> None:
    copy = tmp_path / "drill"
    shutil.copytree(DRILL, copy)
    diagram = copy / "processes" / "incident_drill.bpmn"
    diagram.write_text(diagram.read_text().replace(COUNT_SCRIPT, script))
    engine.load_processes(copy / "processes", copy / "forms")


def replay_matches(engine: NrmEngine, case_id: int) -> list[str]:
    with Session(engine.db) as session:
        assert verify_chains(session, case_id) == []
        return replay_case(session, engine.catalog, case_id).findings


def events_of(client: TestClient, case_id: int) -> list[str]:
    response = client.get(f"/api/cases/{case_id}/events", headers=bearer(client, "supervisor"))
    return [event["type"] for event in response.json()]


def retry(client: TestClient, incident_id: int, name: str = "supervisor") -> Any:
    return client.post(f"/api/incidents/{incident_id}/retry", headers=bearer(client, name))


def test_a_failing_document_keeps_the_completion_and_waits_for_a_supervisors_retry(
    client: TestClient, tmp_path: Path, templates: Templates, clock: ManualClock
) -> None:
    engine: NrmEngine = client.app.state.engine  # type: ignore[attr-defined]
    load_drill(engine, tmp_path)
    worker = bearer(client, "social.worker")
    started = client.post(
        "/api/cases", json={"process": "incident_drill", "data": INTAKE}, headers=worker
    )
    assert started.status_code == 201, started.text
    case_id = started.json()["id"]
    task = started.json()["tasks"][0]

    done = client.post(
        f"/api/tasks/{task['id']}/complete",
        json={"data": {"visit_date": "2026-03-02"}},
        headers=worker,
    )
    assert done.status_code == 200, done.text
    answer = done.json()
    [incident] = answer["incidents"]
    assert (incident["element_id"], incident["error_class"]) == ("make_record", "OSError")
    assert incident["error_message"] == "the template of followup_visit_record is missing"
    assert "Traceback" not in done.text
    # The completion was kept; the case waits at the failed task, with nothing else to do.
    assert answer["data"]["visit_date"] == "2026-03-02" and answer["tasks"] == []
    assert events_of(client, case_id)[-2:] == ["task_completed", "incident_opened"]
    assert replay_matches(engine, case_id) == []

    def listed(name: str) -> list[str]:
        response = client.get(
            "/api/incidents", params={"status": "open"}, headers=bearer(client, name)
        )
        return [i["element_id"] for i in response.json()]

    assert listed("supervisor") == ["make_record"]
    assert listed("supervisor.korce") == []
    for name in ("auditor", "social.worker", "supervisor.korce", "case.manager"):
        assert retry(client, incident["id"], name).status_code == 403, name

    # Retried before the template is fixed: refused with the error, counted, nothing moves.
    again = retry(client, incident["id"])
    assert again.status_code == 422
    assert "the template of followup_visit_record is missing" in again.json()["detail"]
    [still] = client.get(f"/api/cases/{case_id}", headers=worker).json()["incidents"]
    assert still["attempts"] == 2
    assert events_of(client, case_id)[-1] == "incident_retry_failed"
    assert replay_matches(engine, case_id) == []

    templates.broken = False
    fixed = retry(client, incident["id"])
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["incident"]["status"] == "resolved"
    assert fixed.json()["incident"]["resolved_by"] == "supervisor"
    case = fixed.json()["case"]
    assert case["incidents"] == []
    assert [d["kind"] for d in case["documents"]] == ["followup_visit_record"] * 2
    assert [(t["name"], t["status"]) for t in case["timers"]] == [("one_week", "pending")]
    assert retry(client, incident["id"]).status_code == 409
    assert replay_matches(engine, case_id) == []

    # A week later the timer step fails the same way; the supervisor retries from the page.
    templates.broken = True
    clock.advance(timedelta(days=8))
    assert engine.commands.fire_due_timers() == [case_id]
    assert [i.element_id for i in engine.queries.case(case_id).incidents] == ["make_reminder"]
    assert replay_matches(engine, case_id) == []
    templates.broken = False
    sign_in(client, "supervisor")
    inbox = client.get("/").text
    assert 'data-incident="make_reminder"' in inbox and "Generate the reminder" in inbox
    action = re.search(r'action="(/incidents/\d+/retry)"', inbox)
    assert action is not None
    page = client.post(action.group(1), data={"csrf": csrf_of(inbox)}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/cases/{case_id}"
    case_page = client.get(page.headers["location"]).text
    assert 'data-testid="incidents"' not in case_page
    assert [t.name for t in engine.queries.case(case_id).tasks] == ["review"]
    assert replay_matches(engine, case_id) == []


def test_the_case_page_shows_the_incident_and_retry_only_to_the_regions_supervisor(
    client: TestClient, tmp_path: Path, templates: Templates
) -> None:
    engine: NrmEngine = client.app.state.engine  # type: ignore[attr-defined]
    load_drill(engine, tmp_path)
    case_id = engine.commands.start_case("incident_drill", INTAKE, "social.worker")
    task = engine.queries.case(case_id).tasks[0]
    engine.commands.complete_task(task.id, {"visit_date": "2026-03-02"}, "social.worker")

    sign_in(client, "supervisor")
    page = client.get(f"/cases/{case_id}").text
    assert "Generate the visit record" in page and "/incidents/" in page
    templates.broken = False
    [incident] = engine.queries.case(case_id).incidents
    forged = client.post(f"/incidents/{incident.id}/retry", data={}, follow_redirects=False)
    assert forged.status_code == 403, "a retry without the form's CSRF token"
    assert engine.queries.case(case_id).incidents == [incident]
    client.cookies.clear()
    sign_in(client, "auditor")
    page = client.get(f"/cases/{case_id}").text
    assert 'data-testid="incidents"' in page and "/incidents/" not in page
    client.cookies.clear()
    sign_in(client, "supervisor.korce")
    assert 'data-testid="incidents"' not in client.get("/").text


@pytest.mark.parametrize(
    ("script", "error_class", "message"),
    [
        (ENDLESS_SCRIPT, "ScriptTooLong", "stopped after 100000 lines"),
        # Nothing publishing can see: the size comes from the case data.
        (
            "<bpmn:script>visits = len(family * 1000000000)</bpmn:script>",
            "ScriptTooLarge",
            "would hold 5000000000 items",
        ),
    ],
    ids=["endless", "filling the memory"],
)
def test_a_script_without_end_or_filling_the_memory_becomes_an_incident_stopped_by_its_bounds(
    engine: NrmEngine,
    tmp_path: Path,
    templates: Templates,
    script: str,
    error_class: str,
    message: str,
) -> None:
    templates.broken = False
    load_drill(engine, tmp_path, script)
    case_id = engine.commands.start_case("incident_drill", INTAKE, "social.worker")
    task = engine.queries.case(case_id).tasks[0]
    engine.commands.complete_task(task.id, {"visit_date": "2026-03-02"}, "social.worker")

    [incident] = engine.queries.case(case_id).incidents
    assert (incident.element_id, incident.error_class) == ("count_visits", error_class)
    assert message in incident.error_message
    assert replay_matches(engine, case_id) == []


def test_a_script_that_catches_the_stop_is_stopped_all_the_same() -> None:
    script = (
        "n = 0\n"
        "for i in range(5000):\n"
        "    try:\n"
        "        n = i\n"
        "    except Exception:\n"
        "        n = -1\n"
    )
    with pytest.raises(ScriptTooLong, match="stopped after 1000 lines"):
        RestrictedEnvironment(max_lines=1000).execute(script, {})
    with pytest.raises(ScriptTooLong):
        RestrictedEnvironment(max_lines=1000).evaluate("len([i for i in range(5000)]) > 0", {})


def test_a_count_too_long_for_the_line_bound_is_refused_before_it_runs() -> None:
    # sum() would count inside Python's C code, where no line is ever counted.
    with pytest.raises(ValueError, match="range\\(\\) of 1000000000000 numbers is too long"):
        RestrictedEnvironment().execute("total = sum(range(1000000000000))", {})
    assert RestrictedEnvironment().evaluate("sum(range(5))", {}) == 10


@pytest.mark.parametrize(
    ("script", "refusal"),
    [
        (
            "visits = 0\nwhile visits &lt; 3:\n    visits = visits + 1",
            "while loops are not allowed",
        ),
        ("visits = 10 ** 10 ** 8", "** is not allowed"),
        # Too much to hold, visible without running (engine/workflow/script_budget.py).
        ("visits = [0] * 1000000000", "repeating a sequence 1000000000 times"),
        ("visits = 'x' * 5000000 + visit_date", "repeating a sequence 5000000 times"),
        ("visits = 1 &lt;&lt; 1000000", "<< is not allowed"),
    ],
)
def test_code_that_could_run_without_end_is_refused_when_the_diagram_is_published(
    tmp_path: Path, script: str, refusal: str
) -> None:
    copy = tmp_path / "drill"
    shutil.copytree(DRILL, copy)
    diagram = copy / "processes" / "incident_drill.bpmn"
    scripted = f"<bpmn:script>{script}</bpmn:script>"
    diagram.write_text(diagram.read_text().replace(COUNT_SCRIPT, scripted))
    with pytest.raises(InvalidProcess) as refused:
        parse_and_check(read_bundle(diagram, copy / "forms"))
    assert refusal in str(refused.value)
    assert "count_visits" in [p.element_id for p in refused.value.problems]


def test_an_error_quoting_case_data_is_shown_only_to_those_who_see_personal_data(
    client: TestClient, tmp_path: Path, templates: Templates
) -> None:
    engine: NrmEngine = client.app.state.engine  # type: ignore[attr-defined]
    templates.broken = False
    load_drill(engine, tmp_path, "<bpmn:script>visits = int(family)</bpmn:script>")
    case_id = engine.commands.start_case("incident_drill", INTAKE, "social.worker")
    task = engine.queries.case(case_id).tasks[0]
    engine.commands.complete_task(task.id, {"visit_date": "2026-03-02"}, "social.worker")

    def incidents_seen_by(name: str) -> tuple[list[str], list[str]]:
        listed = client.get("/api/incidents", headers=bearer(client, name)).json()
        case = client.get(f"/api/cases/{case_id}", headers=bearer(client, name)).json()
        return [i["error_message"] for i in listed], [i["error_message"] for i in case["incidents"]]

    quoted = "invalid literal for int() with base 10: 'Hoxha'"
    assert incidents_seen_by("supervisor") == ([quoted], [quoted])
    listed, on_case = incidents_seen_by("auditor")
    assert len(listed) == len(on_case) == 1 and "Hoxha" not in listed[0] + on_case[0]
    history = client.get(f"/api/cases/{case_id}/events", headers=bearer(client, "auditor"))
    [opened] = [e for e in history.json() if e["type"] == "incident_opened"]
    assert opened["data"]["error_class"] == "ValueError" and "Hoxha" not in str(opened)


def test_replay_finds_an_incident_closed_without_a_retry(
    engine: NrmEngine, tmp_path: Path, templates: Templates
) -> None:
    load_drill(engine, tmp_path)
    case_id = engine.commands.start_case("incident_drill", INTAKE, "social.worker")
    task = engine.queries.case(case_id).tasks[0]
    engine.commands.complete_task(task.id, {"visit_date": "2026-03-02"}, "social.worker")
    assert replay_matches(engine, case_id) == []

    with Session(engine.db) as session:
        session.execute(update(Incident).values(status="resolved"))
        session.commit()

    [finding] = replay_matches(engine, case_id)
    assert "open incidents differ" in finding and "make_record" in finding


def test_a_script_error_is_retried_after_the_case_moves_to_a_corrected_version(
    engine: NrmEngine, tmp_path: Path, templates: Templates
) -> None:
    templates.broken = False
    load_drill(engine, tmp_path / "v1", "<bpmn:script>visits = int(visit_date)</bpmn:script>")
    case_id = engine.commands.start_case("incident_drill", INTAKE, "social.worker")
    task = engine.queries.case(case_id).tasks[0]
    engine.commands.complete_task(task.id, {"visit_date": "2026-03-02"}, "social.worker")
    [incident] = engine.queries.case(case_id).incidents
    assert (incident.element_id, incident.error_class) == ("count_visits", "ValueError")

    load_drill(engine, tmp_path / "v2")
    run = move_cases(engine, 1, 2, [case_id], process="incident_drill")
    assert [c.migrated for c in run.cases] == [True]
    IncidentRetry(engine.db, engine.clock, engine.catalog).retry(incident.id, "supervisor")

    case = engine.queries.case(case_id)
    assert case.incidents == [] and case.process_version == 2
    assert case.data["visits"] == 1
    assert [t.name for t in case.timers] == ["one_week"]
    assert replay_matches(engine, case_id) == []
