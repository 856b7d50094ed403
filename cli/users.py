"""`nrm users`: accounts for the people who sign in."""

from __future__ import annotations

import sys

import typer

from engine.access.permissions import ROLES
from engine.access.users import UserAccounts
from engine.base.clock import SystemClock
from engine.base.settings import Settings
from engine.storage.db import create_schema, make_db

app = typer.Typer(help="User accounts.")


def _accounts() -> UserAccounts:
    db = make_db(Settings().resolved_database_url)
    create_schema(db)
    return UserAccounts(db)


@app.command("add")
def add(
    name: str = typer.Argument(..., help="User name (no spaces), e.g. a.hoxha"),
    role: str = typer.Option(..., help=f"One of: {', '.join(ROLES)}"),
    region: str = typer.Option(None, help="Region or office (regional roles need one)."),
    court: str = typer.Option(None, help="Court (court users need one)."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Create a user. The password is read from standard input, never from the command line."""
    if not password_stdin:
        raise typer.BadParameter(
            "give the password on standard input", param_hint="--password-stdin"
        )
    password = sys.stdin.readline().rstrip("\r\n")
    user = _accounts().create(name, role, password, SystemClock().now(), region=region, court=court)
    where = user.region or user.court or ""
    typer.echo(f"added {user.name} ({user.role}{', ' + where if where else ''})")


@app.command("list")
def list_users() -> None:
    """Every user with their role, region or court."""
    for user in _accounts().list():
        state = "" if user["active"] else "  (inactive)"
        where = user["region"] or user["court"] or ""
        typer.echo(f"{user['name']:<24} {user['role']:<22} {where}{state}")
