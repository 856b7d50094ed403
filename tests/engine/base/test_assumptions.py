"""Durations the texts do not fix are named settings (engine/base/assumptions.py), listed in
docs/assumptions.md; a diagram names the setting its timer rests on, and the agreement's own
one-week deadline stays literal."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from engine.base.assumptions import ASSUMPTIONS, setting
from engine.base.settings import PROJECT_ROOT
from engine.nrm_engine import NrmEngine
from engine.workflow.scripting import deadline_after
from tests.support.setup import PROCESSES_DIR

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
DOC = (PROJECT_ROOT / "docs" / "assumptions.md").read_text()


@pytest.mark.parametrize("assumption", ASSUMPTIONS, ids=lambda a: a.name)
def test_every_setting_is_listed_with_its_default_in_docs_assumptions(assumption) -> None:
    assert f"| `{assumption.name}` | `{assumption.default}` |" in DOC
    assert assumption.why.strip() and assumption.what.strip()


def timer_expressions() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(PROCESSES_DIR.glob("*.bpmn")):
        root = etree.parse(str(path)).getroot()
        for definition in root.iter(f"{BPMN}timerEventDefinition"):
            for expression in definition:
                event = definition.getparent()
                found.append((path.stem, str(event.get("id")), (expression.text or "").strip()))
    return found


def test_every_timer_names_a_setting_or_the_agreements_one_week() -> None:
    """No duration in a diagram is presented as the agreement's unless it is: a timer either
    reads a named setting or counts Annex 1 D.2 / D.3's week, or is computed from case data."""
    timers = timer_expressions()
    assert len(timers) >= 8
    for process, element, expression in timers:
        literals = re.findall(r'"(R?\d*/?P[0-9A-Z]+)"', expression)
        assert set(literals) <= {"P7D"}, f"{process}.{element}: {expression} is not named"
        if "P7D" in literals:
            assert expression.startswith("deadline_after("), f"{process}.{element}"
    used = {name for *_, e in timer_expressions() for name in re.findall(r'setting\("(\w+)"\)', e)}
    assert used, "the diagrams read their durations by name"


def test_the_week_after_a_return_ends_with_its_seventh_day() -> None:
    """A return on 27 November typed in on 5 December was due on 4 December, not 12 December."""
    assert deadline_after("2026-11-27", "P7D") == "2026-12-05T00:00:00+00:00"
    assert deadline_after("2026-02-03", setting("parent_search_limit")) == (
        "2026-03-06T00:00:00+00:00"
    )


def test_a_draft_naming_a_setting_that_does_not_exist_is_refused(engine: NrmEngine) -> None:
    source = (PROCESSES_DIR / "child_return.bpmn").read_text()
    draft = source.replace(
        'setting("unsafe_child_decision_deadline")', 'setting("urgent_deadline")'
    )
    assert draft != source
    check = engine.publishing.save_draft("child_return", draft, "sup.a", "A shorter deadline")
    [problem] = check.problems
    assert problem.element_id == "timer_unsafe_decision"
    assert "'urgent_deadline'" in problem.message and "docs/assumptions.md" in problem.message
