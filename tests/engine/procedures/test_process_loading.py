"""Diagrams are untrusted input: a broken one is refused with a clear message, nothing stored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.base.errors import InvalidProcess
from engine.nrm_engine import NrmEngine
from tests.support.setup import FIXTURES

VISIT = (FIXTURES / "processes" / "visit.bpmn").read_text()


def process_dir(tmp_path: Path, xml: str, name: str = "visit") -> tuple[Path, Path]:
    processes = tmp_path / "processes"
    processes.mkdir(exist_ok=True)
    (processes / f"{name}.bpmn").write_text(xml)
    forms = tmp_path / "forms"
    if not forms.exists():
        shutil.copytree(FIXTURES / "forms", forms)
    return processes, forms


def refused(engine: NrmEngine, tmp_path: Path, xml: str) -> str:
    before = engine.queries.processes()
    processes, forms = process_dir(tmp_path, xml)
    with pytest.raises(InvalidProcess) as raised:
        engine.load_processes(processes, forms)
    assert engine.queries.processes() == before, "a refused diagram must store nothing"
    return str(raised.value)


def test_loading_the_same_files_twice_makes_one_version(engine: NrmEngine) -> None:
    first = engine.load_processes(FIXTURES / "processes", FIXTURES / "forms")
    second = engine.load_processes(FIXTURES / "processes", FIXTURES / "forms")
    assert [p.model_dump() for p in first] == [p.model_dump() for p in second]


def test_a_changed_diagram_is_a_new_version_and_running_cases_keep_theirs(
    engine: NrmEngine, tmp_path: Path
) -> None:
    engine.load_processes(FIXTURES / "processes", FIXTURES / "forms")
    old_case = engine.commands.start_case("visit", {"family": "A"}, "u")
    processes, forms = process_dir(tmp_path, VISIT.replace('"P7D"', '"P5D"'))
    engine.load_processes(processes, forms)

    new_case = engine.commands.start_case("visit", {"family": "B"}, "u")

    old, new = engine.queries.case(old_case), engine.queries.case(new_case)
    assert (old.process_version, new.process_version) == (1, 2)
    assert (old.timers[0].due_at - old.created_at).days == 7
    assert (new.timers[0].due_at - new.created_at).days == 5


def test_malformed_xml_is_refused_naming_the_file_and_line(
    engine: NrmEngine, tmp_path: Path
) -> None:
    message = refused(engine, tmp_path, VISIT.replace("</bpmn:process>", "", 1))
    assert "visit.bpmn" in message and "not well-formed XML" in message and "line" in message


def test_external_entities_are_refused(engine: NrmEngine, tmp_path: Path) -> None:
    xxe = VISIT.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ).replace("<bpmn:script>", "<bpmn:documentation>&x;</bpmn:documentation><bpmn:script>", 1)
    assert "DOCTYPE" in refused(engine, tmp_path, xxe)


def test_a_user_task_outside_any_lane_is_refused(engine: NrmEngine, tmp_path: Path) -> None:
    xml = VISIT.replace("<bpmn:flowNodeRef>escalate</bpmn:flowNodeRef>", "")
    assert "escalate" in refused(engine, tmp_path, xml) and "lane" in refused(engine, tmp_path, xml)


def test_a_user_task_without_its_form_is_refused(engine: NrmEngine, tmp_path: Path) -> None:
    xml = VISIT.replace("escalate.schema.json", "missing.schema.json")
    assert "missing.schema.json" in refused(engine, tmp_path, xml)


def test_a_lane_that_is_no_role_is_refused(engine: NrmEngine, tmp_path: Path) -> None:
    xml = VISIT.replace('name="Supervisor"', 'name="Night porter"')
    assert "Night porter" in refused(engine, tmp_path, xml)


def test_an_import_in_a_script_task_is_refused(engine: NrmEngine, tmp_path: Path) -> None:
    xml = VISIT.replace("visit_status = 'due'", "import os")
    message = refused(engine, tmp_path, xml)
    assert "mark_due" in message and "import" in message.lower()


def test_a_diagram_that_is_not_bpmn_is_refused(engine: NrmEngine, tmp_path: Path) -> None:
    message = refused(engine, tmp_path, "<html><body>not a diagram</body></html>")
    assert "visit.bpmn" in message


def test_a_script_failing_at_run_time_leaves_the_new_case_waiting_at_an_incident(
    engine: NrmEngine, tmp_path: Path
) -> None:
    processes, forms = process_dir(tmp_path, VISIT.replace("visit_status = 'due'", "x = 1 / 0"))
    engine.load_processes(processes, forms)

    case_id = engine.commands.start_case("visit", {"family": "A"}, "u")

    [incident] = engine.queries.case(case_id).incidents
    assert incident.element_title == "Mark the visit as due"
    assert incident.error_class == "ZeroDivisionError"
    assert incident.error_message == "division by zero"
    assert engine.queries.tasks() == []


def test_billion_laughs_is_refused(engine: NrmEngine, tmp_path: Path) -> None:
    laughs = '<!DOCTYPE d [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    xml = VISIT.replace('<?xml version="1.0" encoding="UTF-8"?>', f'<?xml version="1.0"?>{laughs}')
    assert "DOCTYPE" in refused(engine, tmp_path, xml)


def test_deeply_nested_xml_is_refused(engine: NrmEngine, tmp_path: Path) -> None:
    nested = "<x>" * 5000 + "</x>" * 5000
    xml = VISIT.replace(
        "</bpmn:process>", f"<bpmn:documentation>{nested}</bpmn:documentation></bpmn:process>"
    )
    assert "Excessive depth" in refused(engine, tmp_path, xml)


def test_a_huge_file_is_refused_before_it_is_parsed(engine: NrmEngine, tmp_path: Path) -> None:
    padding = "<!--" + "x" * 3_000_000 + "-->"
    message = refused(
        engine, tmp_path, VISIT.replace("</bpmn:definitions>", padding + "</bpmn:definitions>")
    )
    assert "limit" in message and "bytes" in message
