"""Reading and parsing process definitions (BPMN, the DMN it calls and the forms of its tasks).

Parsing says whether SpiffWorkflow can run a diagram; whether it may be published is for the
publishing rules (engine/procedures/rules.py `parse_and_check`)."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.spiff.parser.process import VALIDATOR

from engine.base.errors import InvalidProcess
from engine.workflow.decisions import DecisionWithRequirements, NrmBpmnParser
from engine.workflow.spec_info import FORM_PROPERTY

MAX_BPMN_BYTES = 2_000_000
_BPMN_NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
_SPIFF_NS = {"spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core"}
_DECISION_IDS = "//*[local-name()='decision']/@id"

# Entities are never resolved and nothing is fetched: a diagram is untrusted input.
_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
)


@dataclass(frozen=True)
class ProcessBundle:
    """What one version of a process is made of, before it is parsed."""

    process_id: str
    name: str
    bpmn_xml: str
    forms: dict[str, dict[str, Any]] = field(default_factory=dict)
    dmn: dict[str, str] = field(default_factory=dict)  # file name → DMN XML it calls

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.bpmn_xml.encode()).hexdigest()

    @property
    def bundle_sha256(self) -> str:
        rest = json.dumps([self.forms, self.dmn], sort_keys=True, separators=(",", ":"))
        return hashlib.sha256((self.sha256 + rest).encode()).hexdigest()


@dataclass(frozen=True)
class ParsedProcess:
    process_id: str
    name: str
    spec: BpmnProcessSpec
    subprocess_specs: dict[str, BpmnProcessSpec]
    decisions: dict[str, DecisionWithRequirements] = field(default_factory=dict)


def parse_xml(content: bytes | str, filename: str) -> etree._Element:
    raw = content.encode() if isinstance(content, str) else content
    if len(raw) > MAX_BPMN_BYTES:
        raise InvalidProcess(
            f"{filename}: the file is {len(raw):,} bytes; the limit is {MAX_BPMN_BYTES:,} bytes"
        )
    try:
        root = etree.fromstring(raw, parser=_SAFE_PARSER)
    except etree.XMLSyntaxError as error:
        raise InvalidProcess(f"{filename}: not well-formed XML: {error}") from error
    if root.getroottree().docinfo.doctype:
        raise InvalidProcess(f"{filename}: DOCTYPE declarations are not allowed in a diagram")
    return root


def executable_processes(root: etree._Element) -> dict[str, str]:
    """Id → name of the executable processes in a BPMN document."""
    nodes = root.xpath("//bpmn:process[@isExecutable='true']", namespaces=_BPMN_NS)
    return {str(node.get("id")): str(node.get("name") or node.get("id")) for node in nodes}


def parse_bundle(bundle: ProcessBundle, filename: str | None = None) -> ParsedProcess:
    """Parse the BPMN of a bundle with the DMN it calls; raise InvalidProcess naming what
    SpiffWorkflow cannot read."""
    return parse_document(bundle, filename)[0]


def parse_document(
    bundle: ProcessBundle, filename: str | None = None
) -> tuple[ParsedProcess, etree._Element]:
    """`parse_bundle`, with the diagram's XML for the rules that read the elements themselves."""
    filename = filename or f"{bundle.process_id}.bpmn"
    root = parse_xml(bundle.bpmn_xml, filename)
    parser = NrmBpmnParser(validator=VALIDATOR)
    try:
        for dmn_name, dmn_xml in sorted(bundle.dmn.items()):
            parser.add_dmn_xml(parse_xml(dmn_xml, dmn_name), filename=dmn_name)
        parser.add_bpmn_xml(root, filename=filename)
        spec = parser.get_spec(bundle.process_id)
        subprocess_specs = parser.get_subprocess_specs(bundle.process_id)
        decisions = {name: parser.get_engine(name, root) for name in parser.decision_ids()}
    except ValidationException as error:
        raise InvalidProcess(f"{filename}: {_describe_validation(error)}") from error
    except KeyError as error:
        raise InvalidProcess(
            f"{filename}: no executable process with id {bundle.process_id!r}"
        ) from error
    return ParsedProcess(bundle.process_id, bundle.name, spec, subprocess_specs, decisions), root


def _describe_validation(error: ValidationException) -> str:
    where = []
    if getattr(error, "id", None):
        where.append(f"element {error.id}")
    if getattr(error, "line_number", None):
        where.append(f"line {error.line_number}")
    message = str(error).split("\n")[0]
    return f"{message} ({', '.join(where)})" if where else message


def read_bundle(bpmn_path: Path, forms_root: Path) -> ProcessBundle:
    """A process from `processes/<id>.bpmn` and its forms from `forms/<id>/*.schema.json`."""
    content = bpmn_path.read_bytes()
    root = parse_xml(content, bpmn_path.name)
    process_id = bpmn_path.stem
    processes = executable_processes(root)
    if process_id not in processes:
        raise InvalidProcess(
            f"{bpmn_path.name}: expected an executable process with id {process_id!r} "
            "(the file name names the process)"
        )
    forms: dict[str, dict[str, Any]] = {}
    dmn = _called_decision_files(root, bpmn_path.parent)
    for form_path in sorted((forms_root / process_id).glob("*.schema.json")):
        try:
            forms[form_path.name] = json.loads(form_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise InvalidProcess(f"{form_path.name}: not valid JSON: {error}") from error
    return ProcessBundle(
        process_id=process_id,
        name=processes[process_id],
        bpmn_xml=content.decode("utf-8"),
        forms=forms,
        dmn=dmn,
    )


def _called_decision_files(root: etree._Element, processes_dir: Path) -> dict[str, str]:
    """The DMN files (next to the diagram) that define the decisions its business rule tasks
    call; a file is included whole, so the decisions it requires come with it."""
    called = {
        str(text).strip()
        for text in root.xpath("//spiffworkflow:calledDecisionId/text()", namespaces=_SPIFF_NS)
    }
    files: dict[str, str] = {}
    defined: set[str] = set()
    for dmn_path in sorted(processes_dir.glob("*.dmn")):
        content = dmn_path.read_text(encoding="utf-8")
        ids = {str(d) for d in parse_xml(content, dmn_path.name).xpath(_DECISION_IDS)}
        if called & ids:
            files[dmn_path.name] = content
            defined |= ids
    if missing := sorted(called - defined):
        raise InvalidProcess(f"no DMN file in processes/ defines the decision {', '.join(missing)}")
    return files


@functools.lru_cache(maxsize=64)
def user_task_forms(bpmn_xml: str) -> Mapping[str, str]:
    """Task id → form file of each user task of a (published) diagram: what a completed task's
    holder was shown, for the need to know (engine/access/policy.py)."""
    root = parse_xml(bpmn_xml, "diagram")
    forms: dict[str, str] = {}
    for task in root.xpath("//bpmn:userTask", namespaces=_BPMN_NS):
        names = task.xpath(
            f".//spiffworkflow:property[@name='{FORM_PROPERTY}']/@value", namespaces=_SPIFF_NS
        )
        if names:
            forms[str(task.get("id"))] = str(names[0])
    return forms
