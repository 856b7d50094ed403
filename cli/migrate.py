"""`nrm processes migrate`: move running cases to a newer version of their process."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from engine.access.users import UserAccounts
from engine.base.settings import Settings
from engine.cases.migration import CaseMigration
from engine.nrm_engine import NrmEngine


def _line(case: CaseMigration, to_version: int) -> str:
    if case.migrated:
        outcome = f"moved to version {to_version}"
    elif case.can_move:
        outcome = "can move"
    else:
        outcome = "cannot move: " + "; ".join(case.reasons)
    notes = "".join(f"\n    {note}" for note in case.notes)
    return f"{case.reference}  {outcome}{notes}"


def _revisions(pairs: list[str] | None) -> dict[int, int] | None:
    if pairs is None:
        return None
    seen = {}
    for pair in pairs:
        case_id, _, revision = pair.partition("=")
        if not (case_id.isdigit() and revision.isdigit()):
            raise typer.BadParameter(f"{pair!r} is not CASE=REVISION", param_hint="--revision")
        seen[int(case_id)] = int(revision)
    return seen


def migrate(
    process: Annotated[str, typer.Argument(help="The process, e.g. child_return.")],
    from_version: Annotated[int, typer.Option("--from", help="The version the cases run on.")],
    to_version: Annotated[int, typer.Option("--to", help="The newer version to move them to.")],
    case: Annotated[
        list[int] | None,
        typer.Option("--case", help="A case to move (its id); repeat it. None: every open case."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only say which cases can move and why not.")
    ] = False,
    revision: Annotated[
        list[str] | None,
        typer.Option(
            "--revision",
            help="CASE=REVISION, as the dry run of the same selection printed them; repeat it. "
            "A move needs them.",
        ),
    ] = None,
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Move as this user: only the cases they may open move (the operator of the "
            "server, by default, moves any).",
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who moves them (recorded); --as, else the system user."),
    ] = None,
) -> None:
    """Move running cases to a newer version, or (--dry-run) say which can move and why not.

    A move needs the revisions the dry run of the same selection printed (--revision).
    Exits with 1 when a case cannot move (the others still move) or on a wrong request.
    """
    engine = NrmEngine.from_settings(Settings())
    user = UserAccounts(engine.db).get(as_user) if as_user else None
    run = engine.migrations.run(
        process,
        from_version,
        to_version,
        case,
        by or as_user or getpass.getuser(),
        dry_run=dry_run,
        seen_revisions=_revisions(revision),
        user=user,
    )
    for result in run.cases:
        typer.echo(_line(result, to_version))
    if run.not_yours:
        typer.echo(f"{run.not_yours} other cases of version {from_version} are not yours to move")
    refused = sum(not result.can_move for result in run.cases)
    verb = "can move" if dry_run else "moved"
    typer.echo(f"{len(run.cases) - refused} of {len(run.cases)} cases {verb}")
    if dry_run and run.cases:
        seen = " ".join(f"--revision {c.case_id}={c.revision}" for c in run.cases)
        typer.echo(f"to move them, repeat the command without --dry-run, with: {seen}")
    if refused:
        raise typer.Exit(1)
