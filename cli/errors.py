"""How every `nrm` command fails: one line on standard error naming what was wrong, exit status 1.

The people who run these commands are operators and auditors, not the engine's developers: a
Python traceback tells them nothing they can act on, and can print a child's data into a
terminal's scroll-back. Set NRM_TRACEBACK=1 to see the traceback of an unexpected error.
"""

from __future__ import annotations

import os
from typing import Any

import typer
from pydantic import ValidationError
from typer.core import TyperGroup

from cli.serve_checks import DemoAccountsOutsideDemoMode
from documents.signing import SigningError
from engine.base.errors import EngineError
from engine.storage.schema import SchemaError

# What a command reports as the user's mistake or the system's refusal, in the error's own words.
EXPECTED = (
    EngineError,
    SchemaError,
    SigningError,
    OSError,
    typer.TyperException,
    DemoAccountsOutsideDemoMode,
    ValidationError,  # a setting (NRM_…) that cannot be read
)


class OneLineErrors(TyperGroup):
    """The root `nrm` group: wraps every sub-command, so none of them can print a traceback."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except EXPECTED as error:
            typer.echo(one_line(error), err=True)
            raise typer.Exit(1) from error
        except Exception as error:
            if os.environ.get("NRM_TRACEBACK"):
                raise
            typer.echo(
                f"nrm: unexpected error ({type(error).__name__}): {' '.join(str(error).split())}"
                " (NRM_TRACEBACK=1 shows where)",
                err=True,
            )
            raise typer.Exit(1) from error


def one_line(error: BaseException) -> str:
    """The error's message on one line, after the command it stopped (`nrm` when unknown); a
    usage error says where to get help."""
    command = getattr(getattr(error, "ctx", None), "command_path", None) or "nrm"
    if isinstance(error, typer.TyperException):
        message = f"{error.format_message().rstrip('.')} (see '{command} --help')"
    elif isinstance(error, OSError) and error.filename is not None:
        message = f"{error.filename}: {error.strerror or error}"
    else:
        message = str(error) or type(error).__name__
    return " ".join(f"{command}: {message}".split())
