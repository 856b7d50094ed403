"""Every procedure carries what the code needs to know of it beside its diagram: an entry
(processes/<id>.toml) and example submissions of its forms (forms/<id>/examples/), and a
procedure that lacks them is named with the file to add."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from lxml import etree

from forms.procedures import (
    ProcedureFileMissing,
    process_ids,
    read_examples,
    read_procedure,
)
from forms.validation import validate_form
from tests.support.setup import FORMS_DIR, PROCESSES_DIR

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
SHIPPED = process_ids()


def test_the_shipped_procedures_are_read_from_their_diagrams() -> None:
    assert set(SHIPPED) >= {
        "screening",
        "child_return",
        "child_at_risk",
        "adult_referral",
        "foreign_victim",
        "drra_return",
    }


@pytest.mark.parametrize("process_id", SHIPPED)
def test_every_example_is_a_valid_submission_of_its_form(process_id: str) -> None:
    for form, data in read_examples(process_id).items():
        path = FORMS_DIR / process_id / f"{form}.schema.json"
        assert path.is_file(), f"forms/{process_id}/examples/{form}.json: no form {path.name}"
        validate_form(json.loads(path.read_text()), data)


def _assigned_literals(script: str, fields: tuple[str, ...]) -> set[str]:
    """The texts `script` assigns to one of `fields` (`outcome = 'x'`, or `'x' if … else 'y'`)."""
    found = set()
    for node in ast.walk(ast.parse(script)):
        if not isinstance(node, ast.Assign):
            continue
        if not any(isinstance(t, ast.Name) and t.id in fields for t in node.targets):
            continue
        value = node.value
        values = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
        found |= {v.value for v in values if isinstance(v, ast.Constant) and v.value is not None}
    return found


@pytest.mark.parametrize("process_id", SHIPPED)
def test_the_figures_know_every_outcome_the_diagram_records(process_id: str) -> None:
    """An outcome a diagram's script records but the entry does not list would be counted as
    "other" in the quarterly figures."""
    entry = read_procedure(process_id)
    root = etree.parse(str(PROCESSES_DIR / f"{process_id}.bpmn")).getroot()
    recorded = set()
    for script in root.iter(f"{BPMN}script"):
        recorded |= _assigned_literals(script.text or "", entry.outcome_fields)
    assert recorded, f"{process_id}'s scripts record none of {entry.outcome_fields}"
    unknown = recorded - set(entry.outcomes)
    assert not unknown, f"processes/{process_id}.toml lacks the outcomes {sorted(unknown)}"


def test_the_childrens_procedures_name_a_closing_task_of_their_diagram() -> None:
    """No dead end for a child: the publishing rules keep these tasks on every path to the end
    (engine/procedures/invariants.py)."""
    closing = {p: read_procedure(p).closing_task for p in SHIPPED}
    assert (
        closing.items()
        >= {
            "child_return": "close_case",
            "child_at_risk": "close_child_at_risk",
            "foreign_victim": "close_child_case",
        }.items()
    )
    for process_id, task in closing.items():
        if task:
            root = etree.parse(str(PROCESSES_DIR / f"{process_id}.bpmn")).getroot()
            assert root.find(f".//{BPMN}userTask[@id='{task}']") is not None, process_id


def test_a_procedure_without_its_entry_is_named_with_the_file_to_add(tmp_path: Path) -> None:
    (tmp_path / "trafficked_worker.bpmn").write_text("<definitions/>")
    with pytest.raises(ProcedureFileMissing) as refused:
        read_procedure("trafficked_worker", tmp_path)
    assert "'trafficked_worker'" in str(refused.value)
    assert "processes/trafficked_worker.toml" in str(refused.value)
    assert "docs/checklists/add-a-procedure.md" in str(refused.value)


def test_a_procedure_without_an_example_intake_is_named_with_the_file_to_add(
    tmp_path: Path,
) -> None:
    (tmp_path / "trafficked_worker").mkdir()
    (tmp_path / "trafficked_worker" / "intake.schema.json").write_text("{}")
    with pytest.raises(ProcedureFileMissing) as refused:
        read_examples("trafficked_worker", tmp_path)
    assert "'trafficked_worker'" in str(refused.value)
    assert "forms/trafficked_worker/examples/intake.json" in str(refused.value)


def test_an_entry_without_its_outcomes_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "trafficked_worker.toml").write_text('[statistics]\noutcome_fields = ["outcome"]\n')
    with pytest.raises(ValueError, match=r"trafficked_worker\.toml outcomes"):
        read_procedure("trafficked_worker", tmp_path)
