"""The semantic diff a second supervisor reads before approving: each changed element with what
changed in words (condition, script lines, timer, lane, form fields, ...), and nothing a draft
changes left out."""

from __future__ import annotations

import copy
import json
from typing import Any

from engine.procedures.version_diff import AspectChange, SemanticDiff, semantic_diff
from engine.workflow.specs import ProcessBundle
from tests.support.setup import FORMS_DIR
from tests.support.versions import CHILD_RETURN

FORMS = {
    path.name: json.loads(path.read_text())
    for path in (FORMS_DIR / "child_return").glob("*.schema.json")
}
WISH = "child_wishes_return == True</bpmn:conditionExpression>"


def diff(new_xml: str, new_forms: dict[str, Any] | None = None) -> SemanticDiff:
    return semantic_diff(
        ProcessBundle("child_return", "Child return", CHILD_RETURN, FORMS),
        ProcessBundle("child_return", "Child return", new_xml, new_forms or FORMS),
    )


def changes(found: SemanticDiff) -> dict[str, dict[str, AspectChange]]:
    return {e.element_id: {c.aspect: c for c in e.changes} for e in found.elements}


def test_the_blind_approval_of_the_security_review_is_spelled_out() -> None:
    # Issue 15: "Typo: label" rewrote the wishes condition and set the wish in a script.
    draft = CHILD_RETURN.replace(WISH, "child_wishes_return != None</bpmn:conditionExpression>")
    draft = draft.replace(
        "safety_alert = None\n", "safety_alert = None\nchild_wishes_return = True\n"
    )
    found = changes(diff(draft))
    assert set(found) == {"flow_wishes_return", "open_child_record"}
    condition = found["flow_wishes_return"]["condition"]
    assert (condition.old, condition.new) == (
        "child_wishes_return == True",
        "child_wishes_return != None",
    )
    script = found["open_child_record"]["script"].lines
    assert [(line.kind, line.text) for line in script if line.kind != "same"] == [
        ("added", "child_wishes_return = True")
    ]
    assert next(line.text for line in script if line.kind == "same") == (
        "responsible_for_child = 'identifying_office'"
    ), "the whole script is shown, not only the changed line"


def test_a_timer_a_name_and_the_drawing() -> None:
    found = changes(diff(CHILD_RETURN.replace('"P7D"', '"P5D"').replace('x="1077"', 'x="1079"')))
    assert set(found) == {"timer_followup_week", "timer_police_visit_week"}
    timer = found["timer_followup_week"]["timer"]
    assert timer.new == 'timeDate: deadline_after(release_date, "P5D")'
    renamed = changes(
        diff(CHILD_RETURN.replace('name="Assess the family"', 'name="Assess the whole family"'))
    )
    assert renamed["family_assessment"]["name"].new == "Assess the whole family"
    assert diff(CHILD_RETURN).empty and diff(CHILD_RETURN.replace('x="1077"', 'x="1079"')).empty


def test_a_task_moved_to_another_lane_names_the_role_that_now_does_it() -> None:
    moved = CHILD_RETURN.replace(
        "        <bpmn:flowNodeRef>confirm_reports_filed</bpmn:flowNodeRef>\n", "", 1
    ).replace(
        '<bpmn:lane id="lane_social_worker" name="Social worker">',
        '<bpmn:lane id="lane_social_worker" name="Social worker">\n'
        "        <bpmn:flowNodeRef>confirm_reports_filed</bpmn:flowNodeRef>",
    )
    found = changes(diff(moved))
    assert set(found) == {"confirm_reports_filed"}
    lane = found["confirm_reports_filed"]["lane"]
    assert (lane.old, lane.new) == ("Border police", "Social worker")


def test_form_fields_added_removed_changed_and_made_required() -> None:
    forms = copy.deepcopy(FORMS)
    wishes = forms["record_child_wishes.schema.json"]
    wishes["required"].append("wishes_notes")
    wishes["properties"]["wishes_notes"]["x-classification"] = "procedural"
    del wishes["properties"]["family_implicated"]
    wishes["required"].remove("family_implicated")
    wishes["properties"]["pet_name"] = {"type": "string", "x-classification": "personal"}
    forms["intake.schema.json"]["properties"]["nickname"] = {"type": "string"}
    found = diff(CHILD_RETURN, forms)
    form = changes(found)["record_child_wishes"]["form"].form
    assert form is not None
    fields = {f.name: f for f in form.fields}
    assert fields["pet_name"].status == "added"
    assert fields["family_implicated"].status == "removed"
    notes = fields["wishes_notes"]
    assert (notes.status, notes.required_before, notes.required_after) == ("changed", False, True)
    assert [(p.part, p.new) for p in notes.parts] == [("x-classification", '"procedural"')]
    # The intake form belongs to no task: it is listed on its own.
    [intake] = found.forms
    assert intake.filename == "intake.schema.json" and intake.form is not None
    assert [f.name for f in intake.form.fields] == ["nickname"]


def test_added_and_removed_elements_show_what_they_hold_and_unnamed_parts_still_show() -> None:
    added = CHILD_RETURN.replace(
        '<bpmn:scriptTask id="log_search_attempt"',
        '<bpmn:scriptTask id="extra_step" name="Extra"><bpmn:script>placement = None'
        "</bpmn:script></bpmn:scriptTask>\n"
        '    <bpmn:scriptTask id="log_search_attempt"',
    ).replace("value=\"'guardianship_petition'\"", "value=\"'release_order'\"")
    found = diff(added)
    element = next(e for e in found.elements if e.element_id == "extra_step")
    assert element.status == "added"
    assert [(c.aspect, c.new) for c in element.changes if c.aspect != "lane"] == [
        ("name", "Extra"),
        ("script", "placement = None"),
    ]
    other = changes(found)["generate_guardianship_petition"]["other"].lines
    assert [line.kind for line in other if "release_order" in line.text] == ["added"]
    removed = semantic_diff(
        ProcessBundle("child_return", "Child return", added, FORMS),
        ProcessBundle("child_return", "Child return", CHILD_RETURN, FORMS),
    )
    assert next(e for e in removed.elements if e.element_id == "extra_step").status == "removed"


def test_the_digest_names_the_diff() -> None:
    five = diff(CHILD_RETURN.replace('"P7D"', '"P5D"'))
    assert five.digest == diff(CHILD_RETURN.replace('"P7D"', '"P5D"')).digest
    assert five.digest != diff(CHILD_RETURN.replace('"P7D"', '"P6D"')).digest
    assert len(five.digest) == 64
