"""Supervisors move running cases to a newer version: a dry run says which can move and why the
others cannot; a move is one event in the case's history, and replay still works across it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from engine.base.clock import ManualClock
from engine.base.errors import Conflict
from engine.cases.migration import NOT_YOURS
from engine.history.audit import audit_chains
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from tests.support.auth import add_test_users, bearer, csrf_of, sign_in
from tests.support.browser_site import Site
from tests.support.procedure_data import SCREENING_INTAKE
from tests.support.versions import (
    CHILD_RETURN,
    RENAMED,
    V2,
    move_cases,
    publish_v2,
    timer_days,
    visit_timer,
    walk_to_visit,
)
from tests.support.walks import INTAKE, complete

REFUSED = "the waiting task 'Approve the placement' (approve_placement) does not exist in version 2"


def waiting_for_approval(engine: NrmEngine) -> int:
    """A child who wishes to go home: the release proposal waits for the case manager."""
    case_id = engine.commands.start_case("child_return", INTAKE, "officer")
    complete(
        engine, case_id, "record_child_wishes", "sw", child_wishes_return=True,
        family_implicated=False,
    )  # fmt: skip
    complete(engine, case_id, "contact_parents", "sw", parents_reachable=True)
    return case_id


@pytest.fixture
def two_cases(engine: NrmEngine) -> tuple[int, int]:
    """On version 1: one case waiting for the approval version 2 lacks, one that can move."""
    stuck = waiting_for_approval(engine)
    movable = engine.commands.start_case("child_return", INTAKE, "officer")
    publish_v2(engine)
    return stuck, movable


def event_types(engine: NrmEngine, case_id: int) -> list[str]:
    return [e.type for e in engine.queries.events(case_id)]


def replays(engine: NrmEngine, case_id: int) -> list[str]:
    with Session(engine.db) as session:
        return replay_case(session, engine.catalog, case_id).findings


def chain_intact(engine: NrmEngine, case_id: int) -> bool:
    with Session(engine.db) as session:
        return audit_chains(session, case_id).intact


def test_a_case_in_an_unchanged_task_moves_and_finishes_on_the_new_version(
    engine: NrmEngine, clock: ManualClock
) -> None:
    case_id = engine.commands.start_case("child_return", INTAKE, "officer")
    before_move = clock.now()
    clock.advance(timedelta(hours=1))
    publish_v2(engine)

    run = move_cases(engine, 1, 2, [case_id])

    assert [(c.case_id, c.migrated, c.reasons) for c in run.cases] == [(case_id, True, [])]
    assert engine.queries.case(case_id).process_version == 2
    [moved] = [e for e in engine.queries.events(case_id) if e.type == "case_migrated"]
    assert (moved.actor, moved.data["from_version"], moved.data["to_version"]) == (
        "supervisor",
        1,
        2,
    )
    assert moved.data["mapping"]["record_child_wishes"] == "record_child_wishes"
    clock.advance(timedelta(hours=1))
    complete(
        engine, case_id, "record_child_wishes", "sw", child_wishes_return=True,
        family_implicated=False,
    )  # fmt: skip
    complete(engine, case_id, "contact_parents", "sw", parents_reachable=True)
    complete(engine, case_id, RENAMED, "cm", placement_approved=True)  # version 2's element
    complete(engine, case_id, "assess_return_to_family", "ra")
    complete(engine, case_id, "confirm_reports_filed", "bp")
    complete(engine, case_id, "release_to_family", "sw")
    assert timer_days(engine, case_id) == 5  # version 2's timer
    complete(engine, case_id, "record_police_visit", "lp", police_found_child_safe=True)
    complete(engine, case_id, "record_followup_visit", "sss", child_safe=True)
    complete(engine, case_id, "close_case", "cm")

    assert engine.queries.case(case_id).status == "completed"
    publish_v2(engine, V2.replace('"P5D"', '"P4D"'))
    [closed] = engine.migrations.run("child_return", 2, 3, [case_id], "supervisor").cases
    assert closed.reasons == ["the case is closed"]
    assert event_types(engine, case_id).count("case_migrated") == 1
    assert replays(engine, case_id) == []
    assert chain_intact(engine, case_id)
    # The point-in-time view rebuilds the case on version 1 before the move.
    assert engine.history.case_at(case_id, before_move).ready_tasks == ["Record the child's wishes"]


def test_a_waiting_timer_keeps_its_deadline_and_fires_on_the_new_version(
    engine: NrmEngine, clock: ManualClock
) -> None:
    case_id = walk_to_visit(engine)
    timer = visit_timer(engine, case_id)
    publish_v2(engine)

    [planned] = engine.migrations.run("child_return", 1, 2, None, "supervisor").cases
    assert planned.can_move and sorted(planned.waiting_in) == [
        "Record the police follow-up visit",
        "Record the social services follow-up visit",
    ]
    assert (
        "the timer 'One week from the return' (timer_followup_week) keeps its deadline, "
        f"{timer.due_at:%Y-%m-%d %H:%M} UTC"
    ) in planned.notes
    move_cases(engine, 1, 2)

    kept = visit_timer(engine, case_id)
    assert kept.due_at == timer.due_at and timer_days(engine, case_id) == 7
    clock.advance(timedelta(days=9))
    assert engine.commands.fire_due_timers() == [case_id]
    tasks = sorted(t.name for t in engine.queries.case(case_id).tasks)
    assert tasks == [
        "escalate_missed_police_visit",
        "escalate_missed_visit",
        "record_followup_visit",
        "record_police_visit",
    ]
    assert replays(engine, case_id) == []


def test_a_case_waiting_in_a_removed_task_is_refused_and_left_untouched(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    stuck, movable = two_cases
    before = engine.queries.case(stuck)

    run = move_cases(engine, 1, 2)

    outcomes = {c.case_id: (c.migrated, c.reasons) for c in run.cases}
    assert outcomes == {stuck: (False, [REFUSED]), movable: (True, [])}
    after = engine.queries.case(stuck)
    assert (after.process_version, after.revision) == (1, before.revision)
    assert after.tasks == before.tasks
    assert "case_migrated" not in event_types(engine, stuck)
    # It carries on, on version 1.
    complete(engine, stuck, "approve_placement", "cm", placement_approved=True)
    assert [t.name for t in engine.queries.case(stuck).tasks] == ["assess_return_to_family"]


def test_a_waiting_task_moved_to_another_lane_goes_to_that_lane_s_inbox(engine: NrmEngine) -> None:
    case_id = engine.commands.start_case("child_return", INTAKE, "officer")
    wishes = "        <bpmn:flowNodeRef>record_child_wishes</bpmn:flowNodeRef>\n"
    lane = '<bpmn:lane id="lane_state_social_services" name="State social services">\n'
    publish_v2(engine, CHILD_RETURN.replace(wishes, "").replace(lane, lane + wishes))
    assert [t.role for t in engine.queries.case(case_id).tasks] == ["social_worker"]

    move_cases(engine, 1, 2, [case_id])

    assert [t.role for t in engine.queries.case(case_id).tasks] == ["state_social_services"]
    assert replays(engine, case_id) == []


def test_a_timer_attached_to_another_task_refuses_the_cases_it_concerns(
    engine: NrmEngine,
) -> None:
    at_visit = walk_to_visit(engine)
    at_release = engine.commands.start_case("child_return", INTAKE, "officer")
    complete(
        engine, at_release, "record_child_wishes", "sw", child_wishes_return=True,
        family_implicated=False,
    )  # fmt: skip
    complete(engine, at_release, "contact_parents", "sw", parents_reachable=True)
    complete(engine, at_release, "approve_placement", "cm", placement_approved=True)
    complete(engine, at_release, "assess_return_to_family", "ra")
    complete(engine, at_release, "confirm_reports_filed", "bp")
    publish_v2(
        engine,
        CHILD_RETURN.replace(
            'cancelActivity="false" attachedToRef="record_followup_visit"',
            'cancelActivity="false" attachedToRef="release_to_family"',
        ),
    )

    run = engine.migrations.run("child_return", 1, 2, None, "supervisor")

    timer = "'One week from the return' (timer_followup_week)"
    reasons = {c.case_id: c.reasons for c in run.cases}
    # (The visit's other boundary event moves with its host's boundary events, and is named too.)
    assert (
        f"a timer it waits on, {timer}, is attached to another task in version 2"
        in (reasons[at_visit])
    )
    assert reasons[at_release] == [
        f"version 2 attaches {timer} to 'Release the child to the family' "
        "(release_to_family), where the case already waits; for this case it would never "
        "start"
    ]


def test_a_case_already_on_another_version_is_refused_with_the_reason(
    engine: NrmEngine,
) -> None:
    case_id = engine.commands.start_case("child_return", INTAKE, "officer")
    publish_v2(engine)
    move_cases(engine, 1, 2, [case_id])
    publish_v2(engine, V2.replace('"P5D"', '"P4D"'))

    [refused] = engine.migrations.run("child_return", 1, 3, [case_id], "supervisor").cases
    assert refused.reasons == ["it runs on version 2, not 1"]


def test_a_dry_run_changes_nothing(engine: NrmEngine, two_cases: tuple[int, int]) -> None:
    cases = two_cases
    before = [engine.queries.case(c) for c in cases]
    events = [engine.queries.events(c) for c in cases]

    run = engine.migrations.run("child_return", 1, 2, None, "supervisor", dry_run=True)

    assert [(c.can_move, c.migrated) for c in run.cases] == [(False, False), (True, False)]
    assert [engine.queries.case(c) for c in cases] == before
    assert [engine.queries.events(c) for c in cases] == events


def test_a_selection_moves_only_the_selected_cases_and_all_moves_the_rest(
    engine: NrmEngine,
) -> None:
    first, second, third = (
        engine.commands.start_case("child_return", INTAKE, "officer") for _ in range(3)
    )
    publish_v2(engine)

    move_cases(engine, 1, 2, [second])
    versions = [engine.queries.case(c).process_version for c in (first, second, third)]
    assert versions == [1, 2, 1]

    rest = move_cases(engine, 1, 2)
    assert [c.case_id for c in rest.cases if c.migrated] == [first, third]
    assert {engine.queries.case(c).process_version for c in (first, second, third)} == {2}


def test_a_case_changed_since_the_dry_run_is_not_moved(engine: NrmEngine) -> None:
    case_id = engine.commands.start_case("child_return", INTAKE, "officer")
    publish_v2(engine)
    [seen] = engine.migrations.run("child_return", 1, 2, [case_id], "supervisor").cases
    complete(engine, case_id, "record_child_wishes", "sw", child_wishes_return=False)

    with pytest.raises(Conflict, match="changed since the dry run"):
        engine.migrations.run(
            "child_return", 1, 2, [case_id], "supervisor", dry_run=False,
            seen_revisions={case_id: seen.revision},
        )  # fmt: skip
    assert engine.queries.case(case_id).process_version == 1
    assert "case_migrated" not in event_types(engine, case_id)


# The JSON API, the command and the page.


def migrations(client: TestClient, user: str = "supervisor", **body: object) -> object:
    return client.post(
        "/api/processes/child_return/migrations",
        json={"from_version": 1, "to_version": 2, **body},
        headers=bearer(client, user),
    )


def test_the_api_runs_a_dry_run_then_the_move_for_supervisors_only(
    client: TestClient, engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    stuck, movable = two_cases

    assert migrations(client, "auditor").status_code == 403
    dry = migrations(client, dry_run=True)
    assert dry.status_code == 200, dry.text
    plan = {c["case_id"]: c for c in dry.json()["cases"]}
    assert plan[stuck]["reasons"] == [REFUSED] and plan[movable]["can_move"]

    seen = {movable: plan[movable]["revision"]}
    moved = migrations(client, case_ids=[movable], dry_run=False, revisions=seen)
    assert moved.status_code == 200, moved.text
    assert [(c["case_id"], c["migrated"]) for c in moved.json()["cases"]] == [(movable, True)]
    assert engine.queries.case(movable).process_version == 2

    # The dry run's revision is stale now: refused, not clobbered.
    again = migrations(client, case_ids=[movable], dry_run=False, revisions=seen)
    assert again.status_code == 409 and "changed since the dry run" in again.json()["detail"]


def test_a_supervisor_moves_only_the_cases_they_may_open(
    client: TestClient, engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    stuck, movable = two_cases  # both in Elbasan
    # Issue 15: Korçë's supervisor moved Elbasan's cases; leaving out case_ids took them all.
    every = migrations(client, "supervisor.korce", dry_run=True).json()
    assert (every["cases"], every["not_yours"]) == ([], 2)
    named = migrations(client, "supervisor.korce", case_ids=[movable], dry_run=True).json()
    [refused] = named["cases"]
    assert (refused["can_move"], refused["reasons"]) == (False, [NOT_YOURS])
    seen = {movable: refused["revision"]}
    forced = migrations(
        client, "supervisor.korce", case_ids=[movable], dry_run=False, revisions=seen
    )
    assert forced.status_code == 200 and forced.json()["cases"][0]["reasons"] == [NOT_YOURS]
    assert engine.queries.case(movable).process_version == 1
    sign_in(client, "supervisor.korce")
    page = client.get("/processes/child_return/migrations?from_version=1&to_version=2").text
    assert "2 other cases of this version are not yours to open" in page
    assert engine.queries.case(stuck).reference not in page

    # Elbasan's supervisor sees and moves them.
    mine = migrations(client, dry_run=True).json()
    assert sorted(c["case_id"] for c in mine["cases"]) == [stuck, movable]
    assert mine["not_yours"] == 0


def test_a_move_needs_the_revisions_of_a_dry_run_of_the_same_selection(
    client: TestClient, engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    stuck, movable = two_cases
    blind = migrations(client, dry_run=False)
    assert blind.status_code == 422 and "revisions" in blind.text
    assert "run the dry run first" in blind.text
    # A dry run of one case does not stand for a move of every case.
    [one] = migrations(client, case_ids=[movable], dry_run=True).json()["cases"]
    other = migrations(client, dry_run=False, revisions={movable: one["revision"]})
    assert other.status_code == 409
    stuck_reference = engine.queries.case(stuck).reference
    assert f"{stuck_reference} was not in the dry run" in other.json()["detail"]
    assert engine.queries.case(movable).process_version == 1
    plan = migrations(client, dry_run=True).json()["cases"]
    moved = migrations(
        client, dry_run=False, revisions={c["case_id"]: c["revision"] for c in plan}
    ).json()["cases"]
    assert {c["case_id"]: c["migrated"] for c in moved} == {stuck: False, movable: True}


def test_the_api_names_what_is_wrong_with_a_request(client: TestClient, engine: NrmEngine) -> None:
    screening = engine.commands.start_case("screening", SCREENING_INTAKE, "officer")
    publish_v2(engine)

    unknown_version = migrations(client, to_version=9)
    assert unknown_version.status_code == 404
    assert "no version 9 of process 'child_return'" in unknown_version.text
    downgrade = client.post(
        "/api/processes/child_return/migrations",
        json={"from_version": 2, "to_version": 1},
        headers=bearer(client, "supervisor"),
    )
    assert downgrade.status_code == 422 and "not newer than version 2" in downgrade.text
    unknown_case = migrations(client, case_ids=[424242])
    assert unknown_case.status_code == 404 and "no case 424242" in unknown_case.text
    other_process = migrations(client, case_ids=[screening])
    assert other_process.status_code == 422
    assert "is a screening case, not child_return" in other_process.text


def test_nrm_processes_migrate_dry_run_then_move(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    stuck, movable = two_cases
    env = {"NRM_DATABASE_URL": engine.db.url.render_as_string(hide_password=False)}
    command = ["processes", "migrate", "child_return", "--from", "1", "--to", "2", "--by", "sup"]
    reference = engine.queries.case(stuck).reference

    dry = CliRunner().invoke(app, [*command, "--dry-run"], env=env)
    assert dry.exit_code == 1  # one case cannot move
    assert f"{reference}  cannot move: {REFUSED}" in dry.output
    assert "1 of 2 cases can move" in dry.output
    assert engine.queries.case(movable).process_version == 1

    blind = CliRunner().invoke(app, [*command, "--case", str(movable)], env=env)
    assert blind.exit_code == 1 and "revisions" in blind.output
    assert "needs the revisions a dry run of the same selection returned" in blind.output
    selection = [*command, "--case", str(movable)]
    planned = CliRunner().invoke(app, [*selection, "--dry-run"], env=env)
    revision = planned.output.split("--revision ")[-1].strip()
    assert revision == f"{movable}={engine.queries.case(movable).revision}"
    moved = CliRunner().invoke(app, [*selection, "--revision", revision], env=env)
    assert moved.exit_code == 0, moved.output
    assert "moved to version 2" in moved.output and "1 of 1 cases moved" in moved.output
    assert engine.queries.case(movable).process_version == 2
    assert [e.actor for e in engine.queries.events(movable) if e.type == "case_migrated"] == ["sup"]


def test_nrm_processes_migrate_as_a_supervisor_moves_only_their_cases(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    _stuck, movable = two_cases  # Elbasan's
    add_test_users(engine)
    env = {"NRM_DATABASE_URL": engine.db.url.render_as_string(hide_password=False)}
    command = ["processes", "migrate", "child_return", "--from", "1", "--to", "2", "--dry-run"]

    korce = CliRunner().invoke(app, [*command, "--as", "supervisor.korce"], env=env)
    assert "2 other cases of version 1 are not yours to move" in korce.output
    assert "0 of 0 cases can move" in korce.output
    named = CliRunner().invoke(
        app, [*command, "--as", "supervisor.korce", "--case", str(movable)], env=env
    )
    assert f"cannot move: {NOT_YOURS}" in named.output and named.exit_code == 1
    elbasan = CliRunner().invoke(app, [*command, "--as", "supervisor"], env=env)
    assert "1 of 2 cases can move" in elbasan.output
    unknown = CliRunner().invoke(app, [*command, "--as", "nobody"], env=env)
    assert unknown.exit_code == 1 and "no user 'nobody'" in unknown.output


def test_the_page_shows_the_dry_run_and_moves_the_ticked_cases(
    client: TestClient, engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    stuck, movable = two_cases
    sign_in(client, "supervisor")

    page = client.get("/processes/child_return/migrations?from_version=1&to_version=2")
    assert page.status_code == 200
    assert REFUSED.replace("'", "&#39;") in page.text
    assert f'name="case" value="{movable}"' in page.text
    assert f'name="case" value="{stuck}"' not in page.text

    form = {
        "csrf": csrf_of(page.text),
        "from_version": "1",
        "to_version": "2",
        "case": str(movable),
        f"revision_{movable}": str(engine.queries.case(movable).revision),
    }
    typo = client.post("/processes/child_return/migrations", data={**form, "case": "x1"})
    assert typo.status_code == 422 and "case: &#39;x1&#39; is not a number" in typo.text
    done = client.post("/processes/child_return/migrations", data=form)
    assert done.status_code == 200 and "Moved to version 2" in done.text
    assert engine.queries.case(movable).process_version == 2
    assert engine.queries.case(stuck).process_version == 1
    assert "Moved to a newer version of the procedure" in client.get(f"/cases/{movable}").text
    # The same form again: the case moved on since that dry run.
    stale = client.post("/processes/child_return/migrations", data=form)
    assert stale.status_code == 409 and "changed since the dry run" in stale.text
    backwards = client.get("/processes/child_return/migrations?from_version=2&to_version=1")
    assert backwards.status_code == 422 and "not newer than version 2" in backwards.text
    client.get("/lang/sq")
    albanian = client.get("/processes/child_return/migrations?from_version=1&to_version=2")
    assert "Nuk mund të kalojë" in albanian.text and "Miratoni vendosjen" in albanian.text

    client.cookies.clear()
    sign_in(client, "auditor")
    assert client.get("/processes/child_return/migrations").status_code == 403


def test_in_chromium_a_supervisor_reads_the_dry_run_and_moves_the_ticked_case(
    site: Site,
) -> None:
    engine = site.engine
    stuck = waiting_for_approval(engine)
    ticked, unticked = (engine.commands.start_case("child_return", INTAKE, "o") for _ in "ab")
    publish_v2(engine)
    reference = {c: engine.queries.case(c).reference for c in (stuck, ticked, unticked)}

    page = site.as_user("supervisor")
    page.goto(f"{site.base}/processes/child_return/migrations")
    page.select_option("select[name=from_version]", "1")
    page.select_option("select[name=to_version]", "2")
    page.click("button:has-text('Dry run')")
    row = page.locator(f"tr[data-case='{reference[stuck]}']")
    assert row.locator("[data-testid=outcome]").inner_text().startswith("Cannot move: ")
    assert REFUSED in row.inner_text() and row.locator("input[type=checkbox]").count() == 0
    page.uncheck(f"tr[data-case='{reference[unticked]}'] input[type=checkbox]")
    page.click("button:has-text('Move the ticked cases')")
    page.wait_for_selector("h2:has-text('Moved: version 1 → version 2')")

    moved = page.locator(f"tr[data-case='{reference[ticked]}'] [data-testid=outcome]")
    assert moved.inner_text() == "Moved to version 2"
    versions = [engine.queries.case(c).process_version for c in (stuck, ticked, unticked)]
    assert versions == [1, 2, 1]
