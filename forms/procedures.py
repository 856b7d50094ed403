"""What the code knows of each procedure besides its diagram and its forms, read from files next
to them rather than from lists in the code (docs/checklists/add-a-procedure.md):

- `processes/<id>.toml`, the procedure's entry: the outcomes the quarterly figures count
  (`[statistics]`) and, for a child's procedure, the task every case must pass to end
  (`closing_task`);
- `forms/<id>/examples/<form>.json`, example submissions of `forms/<id>/<form>.schema.json`
  (at least `intake.json`): the demo, the benchmark and the tests start cases with them, and a
  test validates each against its form;
- the choices a form offers (`form_choices`), for code that prints them (the documents).

Every `processes/<id>.bpmn` needs its entry and an example intake; a procedure that lacks one
is named, with the file to
add, rather than left out of the figures or the demo."""

from __future__ import annotations

import copy
import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FORMS_DIR = Path(__file__).resolve().parent
PROCESSES_DIR = FORMS_DIR.parent / "processes"
CHECKLIST = "docs/checklists/add-a-procedure.md"


class ProcedureFileMissing(LookupError):
    """A procedure lacks its entry or an example; the message names the procedure and the file
    to add."""


@dataclass(frozen=True)
class Procedure:
    process_id: str
    # The case fields holding the outcome the quarterly figures count, the first preferred.
    outcome_fields: tuple[str, ...]
    # Every value an outcome field can take: the figures print nothing else.
    outcomes: tuple[str, ...]
    # Counted as it stands while the case runs (where the child is now), not only once closed.
    counted_while_open: bool = False
    # Yes/no case fields that, true in a closed case, are its outcome whatever else it records.
    outcome_flags: tuple[str, ...] = ()
    # The user task every case must pass to end (no dead end for a child); None if none is.
    closing_task: str | None = None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{where}: expected a list of texts")
    return tuple(value)


def read_procedure(process_id: str, processes_dir: Path = PROCESSES_DIR) -> Procedure:
    """The entry `processes_dir/<process_id>.toml`; ProcedureFileMissing, naming the procedure
    and the file, when there is none."""
    path = processes_dir / f"{process_id}.toml"
    if not path.is_file():
        raise ProcedureFileMissing(
            f"procedure {process_id!r} has no entry: add processes/{process_id}.toml "
            f"next to its diagram ({CHECKLIST})"
        )
    try:
        entry = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path.name}: not valid TOML: {error}") from error
    statistics = entry.get("statistics")
    if not isinstance(statistics, dict):
        raise ValueError(f"{path.name}: the [statistics] table is missing")
    closing = entry.get("closing_task")
    if closing is not None and not isinstance(closing, str):
        raise ValueError(f"{path.name}: closing_task must be a task id")
    return Procedure(
        process_id=process_id,
        outcome_fields=_strings(statistics.get("outcome_fields"), f"{path.name} outcome_fields"),
        outcomes=_strings(statistics.get("outcomes"), f"{path.name} outcomes"),
        counted_while_open=statistics.get("counted_while_open") is True,
        outcome_flags=_strings(statistics.get("outcome_flags", []), f"{path.name} outcome_flags"),
        closing_task=closing,
    )


def process_ids(processes_dir: Path = PROCESSES_DIR) -> tuple[str, ...]:
    """The procedures, one per diagram, in file-name order."""
    return tuple(path.stem for path in sorted(processes_dir.glob("*.bpmn")))


@cache
def procedure(process_id: str) -> Procedure | None:
    """The entry of a shipped procedure (one with a diagram in processes/), None for any other
    process (a test's); ProcedureFileMissing when a shipped procedure has none."""
    if not (PROCESSES_DIR / f"{process_id}.bpmn").is_file():
        return None
    return read_procedure(process_id)


def read_examples(process_id: str, forms_dir: Path = FORMS_DIR) -> dict[str, dict[str, Any]]:
    """The example submissions of the procedure's forms, by form (`intake`, …);
    ProcedureFileMissing, naming the procedure and the file, when the intake has none."""
    folder = forms_dir / process_id / "examples"
    examples = {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.json"))
    }
    if "intake" not in examples:
        raise ProcedureFileMissing(
            f"procedure {process_id!r} has no example intake: add "
            f"forms/{process_id}/examples/intake.json ({CHECKLIST})"
        )
    return examples


@cache
def _shipped_examples(process_id: str) -> dict[str, dict[str, Any]]:
    return read_examples(process_id)


def example(process_id: str, form: str = "intake") -> dict[str, Any]:
    """A copy of the shipped example submission of `form` (the intake by default), for the
    caller to change as it likes."""
    examples = _shipped_examples(process_id)
    if form not in examples:
        raise ProcedureFileMissing(
            f"procedure {process_id!r} has no example of its form {form!r}: add "
            f"forms/{process_id}/examples/{form}.json"
        )
    return copy.deepcopy(examples[form])


@cache
def form_choices(process_id: str, form: str, field: str) -> tuple[str, ...]:
    """The codes the shipped form `forms/<process_id>/<form>.schema.json` offers for `field`
    (its `enum`), in the form's order: code that prints them (the documents) follows the form."""
    schema = json.loads((FORMS_DIR / process_id / f"{form}.schema.json").read_text("utf-8"))
    choices = schema.get("properties", {}).get(field, {}).get("enum")
    if not isinstance(choices, list) or not choices:
        raise ValueError(f"forms/{process_id}/{form}.schema.json: {field!r} offers no choices")
    return tuple(str(choice) for choice in choices)
