"""`nrm processes migrate`: move running cases to a newer version of their process."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

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
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who moves them (recorded); the system user by default."),
    ] = None,
) -> None:
    """Move running cases to a newer version, or (--dry-run) say which can move and why not.

    Exits with 1 when a case cannot move (the others still move) or on a wrong request.
    """
    engine = NrmEngine.from_settings(Settings())
    run = engine.migrations.run(
        process, from_version, to_version, case, by or getpass.getuser(), dry_run=dry_run
    )
    for result in run.cases:
        typer.echo(_line(result, to_version))
    refused = sum(not result.can_move for result in run.cases)
    verb = "can move" if dry_run else "moved"
    typer.echo(f"{len(run.cases) - refused} of {len(run.cases)} cases {verb}")
    if refused:
        raise typer.Exit(1)
