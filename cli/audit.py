"""`nrm audit`: check that case histories were not altered, and replay them step by step."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

from documents.signing import configured_signer
from engine.access.admin_log import admin_log_findings
from engine.access.users import UserAccounts
from engine.base.settings import Settings
from engine.history.anchors import check_against_anchor, record_anchor
from engine.history.archive import export_case, verify_archive
from engine.history.audit import audit_chains, verify_chains
from engine.history.replay import ReplayStep, replay_case
from engine.nrm_engine import NrmEngine
from engine.storage.private_files import write_private

app = typer.Typer(help="For auditors: verify and replay case histories. Changes nothing.")


@app.command()
def verify(
    case_id: int | None = typer.Argument(None, help="Check only this case (its id)."),
) -> None:
    """Recompute the hash chain of every case (or one) and report each case's first broken link.

    Exits with 1 when any history was altered.
    """
    engine = NrmEngine.from_settings(Settings())
    with Session(engine.db) as session:
        audit = audit_chains(session, case_id)
        cut_short = [f for f in check_against_anchor(session) if case_id in (None, f.case_id)]
    admin = admin_log_findings(engine.db) if case_id is None else []
    for chain_break in audit.breaks:
        typer.echo(str(chain_break))
    for finding in [*cut_short, *admin]:
        typer.echo(str(finding))
    if audit.intact and not cut_short and not admin:
        typer.echo(f"{audit.cases} cases, {audit.events} events: chains intact")
        return
    broken = len(audit.breaks) + len(cut_short) + len(admin)
    typer.echo(f"{audit.cases} cases, {audit.events} events: {broken} broken")
    raise typer.Exit(1)


@app.command()
def export(
    case_id: Annotated[int, typer.Argument(help="The case to export (its id).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the archive (.zip).")],
    auditor: Annotated[str, typer.Option("--auditor", help="Who exports it (a user; recorded).")],
    full: Annotated[
        str | None,
        typer.Option(
            "--full",
            metavar="REASON",
            help="Include the personal data and the documents, saying why (access-logged).",
        ),
    ] = None,
) -> None:
    """Write a case's history (events, access log; redacted unless --full) as a signed archive.

    The file is readable by its owner only."""
    settings = Settings()
    engine = NrmEngine.from_settings(settings)
    exporter = UserAccounts(engine.db).get(auditor)
    with Session(engine.db) as session:
        content = export_case(
            session, case_id, configured_signer(settings), exporter, engine.clock.now(), full
        )
        session.commit()  # the access log's entry of a full export
    write_private(out, content)
    digest = hashlib.sha256(content).hexdigest()
    kind = "full" if full is not None else "redacted"
    typer.echo(f"wrote {out} ({kind}, {len(content):,} bytes, sha256 {digest})")


@app.command("verify-archive")
def verify_archive_command(
    archive: Annotated[Path, typer.Argument(help="An archive written by `nrm audit export`.")],
    trust: Annotated[
        Path | None, typer.Option(help="The certificate the deployment publishes.")
    ] = None,
) -> None:
    """Check an exported archive offline; exit 1 on any finding."""
    check = verify_archive(archive, trust)
    for finding in check.findings:
        typer.echo(f"finding: {finding}")
    if not check.ok:
        raise typer.Exit(1)
    typer.echo(f"{check.case}: archive intact, signed by {check.signer}")


@app.command()
def anchor() -> None:
    """Record an anchor: the newest event of every case, chained to the previous anchor, so a
    history cut short later is found by `nrm audit verify` (the worker records one daily)."""
    engine = NrmEngine.from_settings(Settings())
    with Session(engine.db) as session:
        recorded = record_anchor(session, engine.clock.now())
        session.commit()
        typer.echo(f"anchored {len(recorded.heads)} cases: {recorded.digest}")


@app.command()
def replay(case_id: int = typer.Argument(..., help="The case to replay (its id).")) -> None:
    """Rebuild a case from its pinned process version and events; compare with the stored state.

    Prints every replayed step: seq, time, event, actor, task and the tasks ready after it.
    Exits with 1 on any finding, or when the case's event chain is broken.
    """
    engine = NrmEngine.from_settings(Settings())
    with Session(engine.db) as session:
        report = replay_case(session, engine.catalog, case_id)
        breaks = verify_chains(session, case_id)
    for step in report.steps:
        typer.echo(_step_line(step))
    for finding in report.findings:
        typer.echo(f"finding: {finding}")
    if report.matches:
        typer.echo("replay matches the stored state")
    for chain_break in breaks:
        typer.echo(f"finding: the event log itself was altered: {chain_break}")
    if not report.matches or breaks:
        raise typer.Exit(1)


def _step_line(step: ReplayStep) -> str:
    ready = ", ".join(step.ready_tasks) or "nothing"
    return (
        f"{step.seq:>4}  {step.at:%Y-%m-%d %H:%M} UTC  {step.type:<18}  {step.actor:<20}  "
        f"{step.task_name or '-':<31}  ready: {ready}"
    )

