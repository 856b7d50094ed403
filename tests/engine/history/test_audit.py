"""Auditors: an altered, rewritten or removed event is caught, per case, at its first broken link;
`nrm audit verify` and `nrm audit replay` say so and exit non-zero."""

from __future__ import annotations

import json
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, update
from sqlmodel import Session, col, select
from typer.testing import CliRunner, Result

from cli.demo_directory import add_demo_facilities
from cli.main import app
from documents.signing import ensure_demo_certificate
from engine.access.users import UserAccounts
from engine.base.clock import ManualClock
from engine.base.errors import NotFound
from engine.cases.events import event_hash, hashed_content
from engine.history.access_log import logged_access
from engine.history.audit import audit_chains, verify_chains
from engine.nrm_engine import NrmEngine
from engine.storage.models import Case, Event
from tests.support.auth import PASSWORD, add_test_users
from tests.support.setup import CATALOG, FORMS_DIR, PROCESSES_DIR, START
from tests.support.walks import INTAKE, reference, walk_to_shelter


def event(session: Session, case_id: int, seq: int) -> Event:
    return session.exec(select(Event).where(Event.case_id == case_id, Event.seq == seq)).one()


def where(case_id: int, seq: int) -> Any:
    return (col(Event.case_id) == case_id) & (col(Event.seq) == seq)


def forge_wishes(session: Session, case_id: int) -> None:
    """Rewrite event 2 so the record says the child wanted to go home."""
    original = event(session, case_id, 2)
    assert original.task_name == "record_child_wishes"
    forged = {**original.data, "data": {**original.data["data"], "child_wishes_return": True}}
    session.execute(update(Event).where(where(case_id, 2)).values(data=forged))
    session.commit()


@pytest.fixture
def two_cases(engine: NrmEngine, clock: ManualClock) -> tuple[int, int]:
    return walk_to_shelter(engine, clock), walk_to_shelter(engine, clock)


def test_untouched_histories_are_intact_and_every_event_is_checked(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    recorded = sum(len(engine.queries.events(case_id)) for case_id in two_cases)
    assert recorded >= 10
    with Session(engine.db) as session:
        audit = audit_chains(session)
        assert verify_chains(session) == []
    assert audit.intact
    assert (audit.cases, audit.events) == (2, recorded)


def test_an_altered_event_is_reported_as_changed_in_that_case_at_that_seq(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    altered, untouched = two_cases
    with Session(engine.db) as session:
        forge_wishes(session, altered)
        breaks = verify_chains(session)

    assert [(b.case_id, b.case_reference, b.seq, b.problem) for b in breaks] == [
        (altered, reference(engine, altered), 2, "changed")
    ]
    assert str(breaks[0]).startswith(f"{reference(engine, altered)} event 2: altered")
    assert "social.worker" in breaks[0].detail, "the auditor sees which entry it is"
    with Session(engine.db) as session:
        assert verify_chains(session, untouched) == []


def test_an_event_rewritten_with_a_recomputed_hash_breaks_the_link_to_the_next(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    case_id = two_cases[0]
    with Session(engine.db) as session:
        forged = event(session, case_id, 2)
        forged.actor = "someone.else"
        forged.hash = event_hash(forged.prev_hash, hashed_content(forged))
        session.add(forged)
        session.commit()
        breaks = verify_chains(session)

    assert [(b.case_id, b.seq, b.problem) for b in breaks] == [(case_id, 3, "broken link")]
    assert "event 2" in breaks[0].detail


def test_a_removed_middle_event_is_reported_as_missing(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    case_id = two_cases[1]
    with Session(engine.db) as session:
        session.execute(delete(Event).where(where(case_id, 3)))
        session.commit()
        breaks = verify_chains(session)

    assert [(b.case_reference, b.seq, b.problem) for b in breaks] == [
        (reference(engine, case_id), 3, "missing")
    ]
    assert "jumps from event 2 to event 4" in breaks[0].detail


def test_several_removed_events_and_a_removed_beginning_are_named(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    middle, beginning = two_cases
    with Session(engine.db) as session:
        session.execute(delete(Event).where(where(middle, 2)))
        session.execute(delete(Event).where(where(middle, 3)))
        session.execute(delete(Event).where(where(beginning, 1)))
        session.commit()
        breaks = verify_chains(session)

    assert [(b.case_id, b.seq, b.problem) for b in breaks] == [
        (middle, 2, "missing"),
        (beginning, 1, "missing"),
    ]
    assert "up to event 3" in breaks[0].detail
    assert "starts at event 2" in breaks[1].detail


def test_swapping_two_events_is_caught_at_the_first_of_them(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    case_id = two_cases[0]
    with Session(engine.db) as session:
        session.execute(update(Event).where(where(case_id, 2)).values(seq=-1))
        session.execute(update(Event).where(where(case_id, 3)).values(seq=2))
        session.execute(update(Event).where(where(case_id, -1)).values(seq=3))
        session.commit()
        breaks = verify_chains(session)

    assert [(b.case_id, b.seq, b.problem) for b in breaks] == [(case_id, 2, "changed")]


def test_only_the_first_broken_link_of_a_case_is_reported(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    case_id = two_cases[0]
    with Session(engine.db) as session:
        forge_wishes(session, case_id)
        session.execute(update(Event).where(where(case_id, 4)).values(actor="someone.else"))
        session.commit()
        audit = audit_chains(session)

    assert [(b.case_id, b.seq) for b in audit.breaks] == [(case_id, 2)]
    assert audit.events == sum(len(engine.queries.events(c)) for c in two_cases)


def test_a_case_with_its_whole_history_removed_is_reported(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    case_id = two_cases[1]
    with Session(engine.db) as session:
        session.execute(delete(Event).where(col(Event.case_id) == case_id))
        session.commit()
        breaks = verify_chains(session)

    assert [(b.case_id, b.seq, b.problem) for b in breaks] == [(case_id, 1, "missing")]


def test_verifying_one_case_checks_only_that_case(
    engine: NrmEngine, two_cases: tuple[int, int]
) -> None:
    altered, untouched = two_cases
    with Session(engine.db) as session:
        forge_wishes(session, altered)
        only = audit_chains(session, untouched)
        assert [b.case_id for b in verify_chains(session, altered)] == [altered]
        with pytest.raises(NotFound):
            verify_chains(session, 999_999)
    assert only.intact
    assert (only.cases, only.events) == (1, len(engine.queries.events(untouched)))


# The `nrm audit` commands, on a SQLite database of their own.

runner = CliRunner()
CliCase = tuple[dict[str, str], NrmEngine, int]


@pytest.fixture
def cli_case(tmp_path: Path) -> Iterator[CliCase]:
    url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    clock = ManualClock(START)
    nrm = NrmEngine.create(url, clock, catalog=CATALOG)
    nrm.load_processes(PROCESSES_DIR, FORMS_DIR)
    add_demo_facilities(nrm)
    add_test_users(nrm)  # the intake's case manager is one of the accounts
    case_id = walk_to_shelter(nrm, clock)
    UserAccounts(nrm.db).create("inspector", "auditor", PASSWORD, clock.now())
    env = {"NRM_DATABASE_URL": url, "NRM_CLOCK": "manual"}
    yield env, nrm, case_id
    nrm.db.dispose()


def nrm_audit(env: dict[str, str], *args: str) -> Result:
    return runner.invoke(app, ["audit", *args], env=env)


def test_nrm_audit_verify_says_intact_and_exits_0(cli_case: CliCase) -> None:
    env, nrm, case_id = cli_case
    events = len(nrm.queries.events(case_id))

    result = nrm_audit(env, "verify")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"1 cases, {events} events: chains intact"
    assert nrm_audit(env, "verify", str(case_id)).exit_code == 0


def test_nrm_audit_verify_reports_tampering_and_exits_1(cli_case: CliCase) -> None:
    env, nrm, case_id = cli_case
    with Session(nrm.db) as session:
        forge_wishes(session, case_id)

    for args in (["verify"], ["verify", str(case_id)]):
        result = nrm_audit(env, *args)
        assert result.exit_code == 1, result.output
        lines = result.output.splitlines()
        assert lines[0].startswith(f"{reference(nrm, case_id)} event 2: altered after it was")
        assert lines[-1].endswith(": 1 broken")


def test_nrm_audit_on_an_unknown_case_names_it_and_exits_1(cli_case: CliCase) -> None:
    env, _, _ = cli_case
    for command in ("verify", "replay"):
        result = nrm_audit(env, command, "999")
        assert result.exit_code == 1
        assert "no case 999" in result.stderr


def test_nrm_audit_replay_prints_each_step_and_a_match(cli_case: CliCase) -> None:
    env, nrm, case_id = cli_case
    events = nrm.queries.events(case_id)

    result = nrm_audit(env, "replay", str(case_id))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(events) + 1
    assert lines[-1] == "replay matches the stored state"
    first, wishes = lines[0].split(), lines[1].split()
    assert first[:4] == ["1", "2026-03-02", "09:00", "UTC"]
    assert first[4:7] == ["case_started", "border.officer", "-"]
    assert first[-2:] == ["ready:", "record_child_wishes"]
    assert wishes[:7] == [
        "2",
        "2026-03-02",
        "11:00",
        "UTC",
        "task_completed",
        "social.worker",
        "record_child_wishes",
    ]
    assert wishes[-2:] == ["ready:", "place_in_shelter"]
    assert "file_custody_petition" in lines[len(events) - 1]


def test_nrm_audit_replay_reports_findings_and_exits_1(cli_case: CliCase) -> None:
    env, nrm, case_id = cli_case
    with Session(nrm.db) as session:
        session.execute(
            update(Case).where(col(Case.id) == case_id).values(data={"placement": "family"})
        )
        session.commit()

    result = nrm_audit(env, "replay", str(case_id))
    assert result.exit_code == 1, result.output
    assert "finding: case data differs in" in result.output
    assert "replay matches" not in result.output


def test_nrm_audit_replay_does_not_vouch_for_an_altered_log(cli_case: CliCase) -> None:
    env, nrm, case_id = cli_case
    with Session(nrm.db) as session:
        session.execute(update(Event).where(where(case_id, 3)).values(actor="someone.else"))
        session.commit()

    result = nrm_audit(env, "replay", str(case_id))
    assert result.exit_code == 1, result.output
    assert "someone.else" in result.output.splitlines()[2]
    assert (
        f"finding: the event log itself was altered: {reference(nrm, case_id)} event 3"
        in result.output
    )


def test_nrm_audit_anchor_then_verify_finds_a_cut_history(cli_case: CliCase) -> None:
    env, nrm, case_id = cli_case
    recorded = nrm_audit(env, "anchor")
    assert recorded.exit_code == 0 and recorded.output.startswith("anchored 1 cases")
    with Session(nrm.db) as session:
        session.execute(delete(Event).where(col(Event.case_id) == case_id, col(Event.seq) >= 5))
        session.commit()

    result = nrm_audit(env, "verify")
    assert result.exit_code == 1
    assert "which is gone" in result.output and result.output.strip().endswith("1 broken")


def test_an_exported_archive_verifies_offline_and_any_change_is_found(
    cli_case: CliCase, tmp_path: Path
) -> None:
    env, nrm, case_id = cli_case
    env = {**env, "NRM_DATA_DIR": str(tmp_path / "data")}
    archive = tmp_path / "case.zip"
    exported = runner.invoke(
        app,
        [*EXPORT, str(case_id), "--out", str(archive), "--full", "court order 12/2026"],
        env=env,
    )
    assert exported.exit_code == 0, exported.output
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        events = json.loads(opened.read("events.json"))
    assert {"manifest.json", "manifest.sig", "certificate.pem", "events.json"} <= names
    assert any(name.startswith("documents/") and name.endswith(".pdf") for name in names)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))

    checked = nrm_audit(env, "verify-archive", str(archive))
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith(reference(nrm, case_id)) and "archive intact" in checked.output

    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(forged, "w") as target:
        for item in source.namelist():
            content = source.read(item)
            if item == "events.json":
                content = content.replace(
                    b'"child_wishes_return": false', b'"child_wishes_return": true'
                )
            target.writestr(item, content)
    result = nrm_audit(env, "verify-archive", str(forged))
    assert result.exit_code == 1 and "events.json was changed after export" in result.output
    own = tmp_path / "data" / "signing" / "demo-signing-cert.pem"
    assert nrm_audit(env, "verify-archive", str(archive), "--trust", str(own)).exit_code == 0
    _, other = ensure_demo_certificate(tmp_path / "another-office")
    untrusted = nrm_audit(env, "verify-archive", str(archive), "--trust", str(other))
    assert untrusted.exit_code == 1 and "another certificate" in untrusted.output


EXPORT = ("audit", "export", "--auditor", "inspector")


def test_an_audit_export_is_redacted_by_default_and_private(
    cli_case: CliCase, tmp_path: Path
) -> None:
    env, nrm, case_id = cli_case
    env = {**env, "NRM_DATA_DIR": str(tmp_path / "data")}
    archive = tmp_path / "case.zip"
    exported = runner.invoke(app, [*EXPORT, str(case_id), "--out", str(archive)], env=env)
    assert exported.exit_code == 0, exported.output
    assert "redacted" in exported.output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with zipfile.ZipFile(archive) as opened:
        text = b"".join(opened.read(name) for name in opened.namelist()).decode("latin-1")
        events = json.loads(opened.read("events.json"))
        names = opened.namelist()
    for secret in (INTAKE["child_name"], INTAKE["family_address"], *INTAKE["child_name"].split()):
        assert secret.encode().decode("latin-1") not in text, secret
    assert not [name for name in names if name.startswith("documents/")]
    assert any(event.get("redacted") for event in events)
    checked = nrm_audit(env, "verify-archive", str(archive))
    assert checked.exit_code == 0 and "archive intact" in checked.output, checked.output
    assert [e["what"] for e in logged_access(nrm.db, case_id, "inspector")] == []


def test_a_full_audit_export_needs_a_reason_and_is_access_logged(
    cli_case: CliCase, tmp_path: Path
) -> None:
    env, nrm, case_id = cli_case
    env = {**env, "NRM_DATA_DIR": str(tmp_path / "data")}
    archive = tmp_path / "case.zip"
    refused = runner.invoke(
        app, [*EXPORT, str(case_id), "--out", str(archive), "--full", " "], env=env
    )
    assert refused.exit_code == 1 and "reason" in refused.stderr
    assert not archive.exists()
    full = [*EXPORT, str(case_id), "--out", str(archive), "--full", "court order 12/2026"]
    exported = runner.invoke(app, full, env=env)
    assert exported.exit_code == 0, exported.output
    with zipfile.ZipFile(archive) as opened:
        assert INTAKE["child_name"].encode() in opened.read("case.json")
    logged = logged_access(nrm.db, case_id, "inspector")
    assert [(e["what"], e["personal_data"], e["reason"]) for e in logged] == [
        ("audit export (full)", True, "court order 12/2026")
    ]
