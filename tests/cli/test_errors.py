"""Every `nrm` command reports bad input in one clear line on standard error and exits 1: no
Python traceback, whatever the command and whatever was wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from cli.main import app

runner = CliRunner()


def nrm(tmp_path: Path, *args: str, stdin: str | None = None) -> Result:
    env = {
        "NRM_DATA_DIR": str(tmp_path / "data"),
        "NRM_DATABASE_URL": f"sqlite:///{tmp_path / 'nrm.sqlite3'}",
        "NRM_PROCESSES_DIR": str(tmp_path / "processes"),
    }
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "processes").mkdir(exist_ok=True)
    return runner.invoke(app, list(args), env=env, input=stdin)


def assert_one_line_refusal(result: Result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def command_paths(group: typer.core.TyperGroup, prefix: tuple[str, ...] = ()) -> list[tuple]:
    paths = []
    for name, command in group.commands.items():
        if isinstance(command, typer.core.TyperGroup):
            paths += command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


COMMANDS = command_paths(typer.main.get_command(app))


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_refuses_an_unknown_option_in_one_line(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    result = nrm(tmp_path, *command, "--no-such-option")
    assert_one_line_refusal(result, " ".join(command), "--no-such-option", "--help")


def test_an_invalid_diagram_is_named_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "processes").mkdir(exist_ok=True)
    (tmp_path / "processes" / "intake.bpmn").write_text(
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        '<bpmn:process id="other" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process>'
        "</bpmn:definitions>"
    )
    assert_one_line_refusal(nrm(tmp_path, "processes", "load"), "intake.bpmn")


def test_a_diagram_that_is_not_xml_is_named(tmp_path: Path) -> None:
    (tmp_path / "processes").mkdir(exist_ok=True)
    (tmp_path / "processes" / "intake.bpmn").write_text("not a diagram")
    assert_one_line_refusal(nrm(tmp_path, "processes", "load"), "intake.bpmn")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("audit", "verify", "999"), ("no case 999",)),
        (("audit", "replay", "999"), ("no case 999",)),
        (("audit", "replay", "abc"), ("case_id",)),
        (("audit", "verify-archive", "missing.zip"), ("missing.zip",)),
        (("backup", "no/such/folder/backup.zip"), ("backup.zip",)),
        (("restore", "missing.zip"), ("missing.zip",)),
        (("documents", "verify", "missing.pdf"), ("missing.pdf",)),
        (("processes", "migrate", "child_return", "--from", "1"), ("--to",)),
        (("processes", "migrate", "nothing", "--from", "1", "--to", "2"), ("nothing",)),
        (("users", "add", "a.b", "--role", "social_worker"), ("--password-stdin",)),
        (("users", "add", "a.b", "--role", "nobody", "--password-stdin"), ("role",)),
        (("translations", "add-language", "xx-not-a-language"), ("xx-not-a-language",)),
        (("no-such-command",), ("no-such-command",)),
        ((), ("Missing command",)),
    ],
    ids=lambda value: " ".join(value) if value and " " not in value[0] else "nrm",
)
def test_bad_input_is_one_line_and_exit_1(
    tmp_path: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    assert_one_line_refusal(nrm(tmp_path, *args, stdin="a long enough password\n"), *words)


def test_an_unexpected_error_is_one_line_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("something the code did not expect")

    monkeypatch.setattr("engine.access.users.UserAccounts.list", broken)
    result = nrm(tmp_path, "users", "list")
    assert_one_line_refusal(result, "unexpected error (KeyError)", "NRM_TRACEBACK=1")
