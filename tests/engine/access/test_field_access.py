"""The role-by-field matrix of Art. 4 (issue 15): every field of every form, for every role, is
shown or withheld as its classification says; a field without one fails here (and is withheld,
as personal data, until it has one). Beyond the table, the need to know: whoever holds or held
a task whose form shows a field reads it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from engine.access.permissions import ROLES
from engine.access.policy import AccessFacts, field_access, redacted_by_default
from engine.access.redaction import WITHHELD, redact_data, redact_event_data
from engine.access.users import Principal
from forms.classification import CLASSES, SET_BY_DIAGRAMS, FormFields
from tests.support.setup import FORMS_DIR, PROCESSES_DIR

REGION, COURT = "Elbasan", "Gjykata e Rrethit Gjyqësor Elbasan"
ACT_FOR_THE_CHILD = {
    "social_worker", "case_manager", "state_social_services", "supervisor",
    "responsible_authority",
}  # fmt: skip
# Who reads each classification, written out: the table the policy must keep.
READERS = {
    "procedural": set(ROLES) - {"admin"},  # admins manage users, not cases
    "personal": ACT_FOR_THE_CHILD | {"local_police"},  # the police visit the family
    "sensitive": ACT_FOR_THE_CHILD,
}
VALUE = "Mira Dushku, Rruga e Kavajës 12"


def process_forms(process: Path) -> dict[str, dict[str, Any]]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(process.glob("*.schema.json"))
    }


PROCESSES = sorted(path for path in FORMS_DIR.iterdir() if any(path.glob("*.schema.json")))
FORM_FIELDS = {process.name: FormFields.of(process_forms(process)) for process in PROCESSES}
FIELDS = [
    (process.name, form, name, prop.get("x-classification"))
    for process in PROCESSES
    for form, schema in process_forms(process).items()
    for name, prop in schema["properties"].items()
]


def facts_for(user: Principal, process: str, **need: Any) -> AccessFacts:
    """A case of `process` in the user's region and court that `user` worked on."""
    return AccessFacts(
        case_id=1,
        reference="NRM-2026-000001",
        region=REGION,
        court=COURT,
        case_manager="case.manager",
        actors={user.name},
        roles_acted={user.role},
        fields=FORM_FIELDS[process],
        **need,
    )


def user_of(role: str) -> Principal:
    name = "case.manager" if role == "case_manager" else role.replace("_", ".")
    return Principal(name, role, None if role in ("court", "auditor") else REGION, COURT)


def test_every_field_of_every_form_is_classified() -> None:
    unclassified = [
        f"{p}/{form}: {name}" for p, form, name, found in FIELDS if found not in CLASSES
    ]
    assert not unclassified, "give each an x-classification:\n" + "\n".join(unclassified)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_each_field_as_its_classification_says(role: str) -> None:
    user = user_of(role)
    wrong = []
    for process, form, name, found in FIELDS:
        facts = facts_for(user, process)
        strictest = facts.fields.classification(name)
        shown = redact_data({name: VALUE}, field_access(user, facts))[name] == VALUE
        if shown != (role in READERS[strictest]):
            wrong.append(f"{process}/{form}: {name} ({found}) {'shown' if shown else 'withheld'}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_a_field_no_form_declares_is_withheld_from_all_but_the_personal_data_roles() -> None:
    for role in ROLES:
        user = user_of(role)
        shown = redact_data(
            {"neighbour_name": VALUE}, field_access(user, facts_for(user, "child_return"))
        )
        assert (shown["neighbour_name"] == VALUE) == (role in READERS["personal"]), role


def test_the_police_read_the_findings_of_their_own_visit_and_not_the_childs_views() -> None:
    police = user_of("local_police")
    data = {"police_concerns": VALUE, "wishes_notes": VALUE, "child_views": VALUE}
    held = facts_for(
        police, "child_return", forms_done={police.name: {"record_police_visit.schema.json"}}
    )
    shown = redact_data(data, field_access(police, held))
    assert shown == {"police_concerns": VALUE, "wishes_notes": WITHHELD, "child_views": WITHHELD}
    # Holding the task now counts as well; before either, the findings are withheld.
    holding = facts_for(
        police, "child_return", forms_ready={"local_police": {"record_police_visit.schema.json"}}
    )
    assert redact_data(data, field_access(police, holding))["police_concerns"] == VALUE
    assert (
        redact_data(data, field_access(police, facts_for(police, "child_return")))[
            "police_concerns"
        ]
        == WITHHELD
    )


def test_the_court_reads_what_its_decision_is_about() -> None:
    court = user_of("court")
    facts = facts_for(
        court, "child_return", forms_done={court.name: {"record_court_decision.schema.json"}}
    )
    shown = redact_data(
        {"court_refusal_reasons": VALUE, "wishes_notes": VALUE}, field_access(court, facts)
    )
    assert shown == {"court_refusal_reasons": VALUE, "wishes_notes": WITHHELD}


def test_an_events_free_text_is_withheld_and_its_own_keys_are_shown() -> None:
    auditor = user_of("auditor")
    access = field_access(auditor, facts_for(auditor, "child_return"))
    event = {"from": "case.manager", "to": "case.manager.2", "reason": VALUE}
    assert redact_event_data(event, access) == {**event, "reason": WITHHELD}
    completed = {
        "title": "Record the child's wishes",
        "data": {"wishes_notes": VALUE, "child_wishes_return": True},
    }
    assert redact_event_data(completed, access)["data"] == {
        "wishes_notes": WITHHELD,
        "child_wishes_return": True,
    }


def test_every_name_a_diagram_sets_is_classified() -> None:
    """A script's assignment or a service task's result is case data too: declared in its
    process's forms or in SET_BY_DIAGRAMS, else withheld as personal."""
    unclassified = []
    for path in sorted(PROCESSES_DIR.glob("*.bpmn")):
        root = etree.fromstring(path.read_bytes())
        names = set(
            root.xpath("//*[local-name()='resultVariable' or @resultVariable]/@resultVariable")
        )
        for script in root.xpath("//*[local-name()='script']/text()"):
            names |= set(re.findall(r"^\s*([a-z_][a-z0-9_]*)\s*=(?!=)", script, re.MULTILINE))
        fields = FORM_FIELDS.get(path.stem, FormFields())
        unclassified += [
            f"{path.name}: {name}"
            for name in sorted(names)
            if name not in fields.classes and name not in SET_BY_DIAGRAMS
        ]
    for path in sorted(PROCESSES_DIR.glob("*.dmn")):
        outputs = etree.fromstring(path.read_bytes()).xpath("//*[local-name()='output']/@name")
        unclassified += [f"{path.name}: {name}" for name in outputs if name not in SET_BY_DIAGRAMS]
    assert not unclassified, "\n".join(unclassified)


def test_what_leaves_without_a_named_reader_is_procedural_only() -> None:
    access = redacted_by_default(FORM_FIELDS["child_return"])
    data = {"child_name": "Drita Hoxha", "wishes_notes": VALUE, "child_wishes_return": True}
    assert redact_data(data, access) == {
        "child_name": "D. H.",
        "wishes_notes": WITHHELD,
        "child_wishes_return": True,
    }
