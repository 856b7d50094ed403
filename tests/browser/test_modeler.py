"""Issues 6 and 21 in a real browser: a supervisor changes the follow-up visit timer of
child_return from seven days after the return date to five in the bpmn-js modeler's properties
panel and saves a draft; they cannot approve it themselves; a second supervisor approves and
publishes it. A case started before keeps seven days, a case started after gets five. A
supervisor changes a gateway's condition, a script and a timer in the panel, each checked as it
is typed; the draft's diff names the three."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from sqlmodel import Session

from api.i18n import panel_texts, translate
from engine.procedures.publishing import diff_versions
from engine.storage.models import ProcessDraft
from tests.support.browser_site import Site, fits
from tests.support.setup import PROCESSES_DIR
from tests.support.versions import timer_days, walk_to_visit

SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
TIMER = "timer_followup_week"
WEEK = 'deadline_after(release_date, "P7D")'  # Annex 1 D.2 / D.3, from the return date entered
HEADER = ".bio-properties-panel-header-label"  # the properties panel: the selected element's name
TIMER_FIELD = "#bio-properties-panel-nrm-timer"
UNDER_POINTER = """([x, y]) => {
  const shape = document.elementFromPoint(x, y).closest("[data-element-id]");
  return shape && shape.getAttribute("data-element-id");
}"""


def spiff_extensions(xml: str) -> list[bytes]:
    """Every spiffworkflow extension (forms, service task operators), canonical and in order."""
    root = etree.fromstring(xml.encode())
    return [
        etree.tostring(node, method="c14n", strip_text=True)
        for node in root.iter(f"{{{SPIFF}}}properties", f"{{{SPIFF}}}serviceTaskOperator")
    ]


def test_a_supervisor_shortens_the_follow_up_timer_and_a_second_one_publishes_it(
    site: Site,
) -> None:
    before = walk_to_visit(site.engine)

    page = site.as_user("supervisor")
    page.click("nav a:has-text('Processes')")
    page.click("tr[data-process=child_return] a:has-text('Open in the modeler')")
    page.wait_for_selector("#modeler[data-rendered=true]")
    assert page.locator(".bjs-powered-by").is_visible(), "the bpmn.io watermark stays (licence)"

    page.locator(f'g.djs-shape[data-element-id="{TIMER}"]').click()
    assert page.inner_text(HEADER) == "One week from the return"
    assert page.input_value(TIMER_FIELD) == WEEK
    # A wrong duration: the panel's check says so as it is typed, and so does Check, whose
    # problem selects the timer again when clicked.
    page.fill(TIMER_FIELD, WEEK.replace('"P7D"', '"five days"'))
    assert "five days" in page.inner_text("[data-testid=nrm-timer-problem]")
    page.click("#check")
    problem = page.locator(f"#problems li[data-element={TIMER}]")
    problem.wait_for()
    assert "five days" in problem.inner_text()
    page.locator('g.djs-shape[data-element-id="record_followup_visit"]').click()
    assert page.inner_text(HEADER) == "Record the social services follow-up visit"
    problem.click()
    assert page.inner_text(HEADER) == "One week from the return"

    page.fill(TIMER_FIELD, WEEK.replace('"P7D"', '"P5D"'))
    page.wait_for_selector("[data-testid=nrm-timer-check][data-check=ok]")
    page.click("#check")
    page.wait_for_selector("#status.success")
    assert "No problems found" in page.inner_text("#status")

    page.click("#save")
    assert "Write a change note first" in page.inner_text("#status")
    page.fill("#change-note", "Follow-up visit within five days (regional practice)")
    page.click("#save")
    page.wait_for_selector("#status.success")
    assert "Draft 1 saved" in page.inner_text("#status")
    with page.expect_download() as download:
        page.click("#download")
    assert download.value.suggested_filename == "child_return.bpmn"
    assert '"P5D"' in Path(download.value.path()).read_text()

    # The modeler kept everything it does not draw: the saved diagram differs from the file in
    # the timer only, and every spiffworkflow extension (forms, document actions) survived.
    original = (PROCESSES_DIR / "child_return.bpmn").read_text()
    with Session(site.engine.db) as session:
        draft = session.get(ProcessDraft, 1)
        assert draft is not None
        saved = draft.bpmn_xml
    assert diff_versions(original, saved).changed == [TIMER]
    assert diff_versions(original, saved).added == diff_versions(original, saved).removed == []
    assert spiff_extensions(saved) == spiff_extensions(original)
    assert '"P5D"' in saved

    # The author cannot approve their own draft.
    page.goto(f"{site.base}/drafts")
    page.click("[data-draft='1'] button:has-text('Approve and publish')")
    assert "another supervisor must approve it" in page.inner_text("[data-testid=approve-error]")

    # The second supervisor sees the change on the diagram and publishes it.
    page = site.as_user("supervisor.korce")
    page.goto(f"{site.base}/drafts")
    page.wait_for_selector("[data-draft='1'] .nrm-diff[data-rendered=true]")
    marked = page.locator("[data-draft='1'] .nrm-changed")
    assert marked.count() == 1 and marked.get_attribute("data-element-id") == TIMER
    page.click("[data-draft='1'] button:has-text('Approve and publish')")
    assert "Version 2 is published" in page.inner_text("[data-testid=published]")

    after = walk_to_visit(site.engine)
    assert site.engine.queries.case(before).process_version == 1
    assert site.engine.queries.case(after).process_version == 2
    assert (timer_days(site.engine, before), timer_days(site.engine, after)) == (7, 5)


def test_a_supervisor_reads_the_determination_tables_in_dmn_js(site: Site) -> None:
    page = site.as_user("supervisor")
    page.click("nav a:has-text('Processes')")
    page.click("a:has-text('determination.dmn')")
    page.wait_for_selector("#dmn[data-rendered=true]")
    assert page.locator("#dmn .djs-element[data-element-id=determination]").count() == 1  # DRD
    page.click("#dmn-views button[data-view=determination]")
    table = page.locator("#dmn .tjs-table")
    table.wait_for()
    assert "FIRST" in page.inner_text("#dmn .hit-policy").upper()
    assert table.locator("tbody tr").count() == 4
    assert page.locator(".bjs-powered-by, .dmn-js-powered-by, a[href*='bpmn.io']").count() >= 1


def test_a_task_dragged_into_another_lane_goes_to_that_role(site: Site) -> None:
    page = site.as_user("supervisor")
    page.goto(f"{site.base}/processes/child_return/modeler")
    page.wait_for_selector("#modeler[data-rendered=true]")
    task = page.locator('g.djs-shape[data-element-id="confirm_reports_filed"]')
    box = task.bounding_box()
    lane = page.locator('g.djs-shape[data-element-id="lane_social_worker"]').bounding_box()
    assert box is not None and lane is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # Drop where the lane itself is under the pointer (not a task or a flow drawn in it).
    target = next(
        spot
        for spot in range(int(lane["y"] + lane["height"]) - 10, int(lane["y"]) + 10, -2)
        if page.evaluate(UNDER_POINTER, [x, spot]) == "lane_social_worker"
    )
    page.mouse.click(x, y)
    assert page.inner_text(HEADER) == "Confirm the reports are filed"
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, int((target - y) / 3) + 1):  # the canvas follows a drag move by move
        page.mouse.move(x, y + 3 * step)
    page.mouse.move(x, target)
    page.mouse.up()
    # Leaving with the move not saved: the browser asks, and staying keeps the edit.
    page.once("dialog", lambda dialog: dialog.dismiss())
    with page.expect_event("dialog") as asked:
        page.click("nav a:has-text('Inbox')", no_wait_after=True)
    assert asked.value.type == "beforeunload" and page.url.endswith("/modeler")
    page.fill("#change-note", "The social worker confirms the reports")
    page.click("#save")
    page.wait_for_selector("#status.success")

    with Session(site.engine.db) as session:
        draft = session.get(ProcessDraft, 1)
        assert draft is not None
        saved = draft.bpmn_xml
    original = (PROCESSES_DIR / "child_return.bpmn").read_text()
    assert diff_versions(original, saved).changed == ["lane_border_police", "lane_social_worker"]
    lanes = etree.fromstring(saved.encode()).xpath(
        "//bpmn:lane[bpmn:flowNodeRef='confirm_reports_filed']/@name",
        namespaces={"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"},
    )
    assert lanes == ["Social worker"]


def open_at(page: Any, address: str, name: str) -> None:
    """Open the modeler at an element (a change of #element= keeps the edits made so far)."""
    page.goto(address)
    # A function, not an expression: Playwright polls an expression with eval, which the CSP bars.
    page.wait_for_function(
        "([header, name]) => document.querySelector(header)?.innerText === name", arg=[HEADER, name]
    )


def edit(page: Any, entry: str, before: str, refused: str, why: str, after: str) -> None:
    """Type a refused text into a panel entry, read why, then type the accepted one."""
    field = f"#bio-properties-panel-{entry}"
    assert page.input_value(field) == before
    page.fill(field, refused)
    assert why in page.inner_text(f"[data-testid={entry}-problem]")
    page.fill(field, after)
    page.wait_for_selector(f"[data-testid={entry}-check][data-check=ok]")


def test_a_supervisor_changes_a_condition_a_script_and_a_timer_in_the_properties_panel(
    site: Site,
) -> None:
    page = site.as_user("supervisor")
    page.set_viewport_size({"width": 1280, "height": 900})
    modeler = f"{site.base}/processes/child_return/modeler"
    # The link a problem or a diff gives: the modeler opens at the element, the panel shows it.
    open_at(page, f"{modeler}#element=flow_wishes_return", "Wishes to return")
    page.wait_for_selector("#modeler[data-rendered=true]")
    # Each text is checked as it is typed: a refused one says why, a good one is accepted.
    edit(
        page,
        "nrm-condition",
        "child_wishes_return == True",
        "child_wishes_return == True and __import__('os')",
        "not allowed",
        "child_wishes_return == True and family_implicated != True",
    )
    open_at(page, f"{modeler}#element=record_shelter_placement", "Record where the child is")
    edit(
        page,
        "nrm-script",
        "child_location = 'shelter'\nresponsible_for_child = 'social_worker'",
        "import os",
        "imports are not allowed",
        "child_location = 'shelter'\nresponsible_for_child = 'shelter_staff'",
    )
    open_at(page, f"{modeler}#element=timer_placement_review", "Placement not reviewed in time")
    assert "ISO 8601 duration" in page.inner_text("[data-entry-id=nrm-timer]")  # the hint
    edit(
        page,
        "nrm-timer",
        'setting("immediate_placement_review_deadline")',
        "P2D",
        'write it "P2D", with the quotes',
        '"P2D"',
    )

    page.fill("#change-note", "Tighter review of an emergency placement")
    page.click("#save")
    page.wait_for_selector("#status.success")

    reviewer = site.as_user("supervisor.korce")
    reviewer.goto(f"{site.base}/drafts")
    # The second supervisor reads each change in the draft's diff, old and new.
    diff = reviewer.locator("[data-draft='1'] [data-testid=semantic-diff]")
    changed = diff.locator("article[data-element]")
    assert sorted(changed.evaluate_all("found => found.map(a => a.dataset.element)")) == [
        "flow_wishes_return",
        "record_shelter_placement",
        "timer_placement_review",
    ]
    condition = diff.locator("[data-element=flow_wishes_return] [data-aspect=condition]")
    assert "child_wishes_return == True and family_implicated != True" in condition.inner_text()
    script = diff.locator("[data-element=record_shelter_placement] [data-aspect=script]")
    assert script.locator("[data-line=removed]").inner_text().endswith("'social_worker'")
    assert script.locator("[data-line=added]").inner_text().endswith("'shelter_staff'")
    timer = diff.locator("[data-element=timer_placement_review]").inner_text()
    assert '"P2D"' in timer and "immediate_placement_review_deadline" in timer


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["en", "sq"])
def test_a_task_form_and_a_lane_role_are_chosen_from_lists_in_the_supervisors_language(
    site: Site, lang: str, width: int
) -> None:
    page = site.as_user("supervisor")
    page.goto(f"{site.base}/lang/{lang}")
    page.set_viewport_size({"width": width, "height": 900})
    modeler = f"{site.base}/processes/child_return/modeler"
    page.goto(f"{modeler}#element=lane_social_worker")
    page.wait_for_selector("#modeler[data-rendered=true]")
    role = page.locator("#bio-properties-panel-name")
    role.wait_for()
    assert translate(lang, "panel.role_the_lane_s_name") in page.inner_text("[data-entry-id=name]")
    roles = role.locator("option").evaluate_all("found => found.map(o => [o.value, o.text])")
    assert ["Social worker", translate(lang, "role.social_worker")] in roles
    assert role.input_value() == "Social worker"

    open_at(page, f"{modeler}#element=record_child_wishes", "Record the child's wishes")
    form = page.locator("#bio-properties-panel-nrm-form")
    assert form.input_value() == "record_child_wishes.schema.json"
    label = page.inner_text("[data-entry-id=nrm-form]")
    assert translate(lang, "panel.the_form_this_task_shows") in label
    assert "contact_parents.schema.json" in form.locator("option").all_inner_texts()
    assert fits(page, "#properties"), f"the panel fits {width} pixels"
    form.select_option("record_search_attempt.schema.json")
    page.fill("#change-note", "The wishes are recorded on the search form (test)")
    page.click("#save")
    page.wait_for_selector("#status.success")

    reviewer = site.as_user("supervisor.korce")
    reviewer.goto(f"{site.base}/drafts")
    change = reviewer.locator("[data-element=record_child_wishes] [data-aspect=form]")
    assert change.locator("dd > del").inner_text() == "record_child_wishes.schema.json"
    assert change.locator("dd > ins").inner_text() == "record_search_attempt.schema.json"


def kinds_of_element(process: str) -> dict[str, str]:
    """One element id per kind drawn in a diagram (tag and event definition), lanes included."""
    root = etree.parse(str(PROCESSES_DIR / f"{process}.bpmn")).getroot()
    found: dict[str, str] = {}
    for node in root.iter():
        if not isinstance(node.tag, str) or not node.get("id") or BPMN_NS not in node.tag:
            continue
        if etree.QName(node).localname in {"definitions", "laneSet", "signal"}:
            continue
        definitions = [
            etree.QName(child).localname for child in node if "EventDefinition" in child.tag
        ]
        kind = "/".join([etree.QName(node).localname, *definitions, node.get("cancelActivity", "")])
        found.setdefault(kind, node.get("id"))
    return found


PANEL_WORDS = ", ".join(  # what bpmn-js and the provider write in the panel, not the data
    f"#properties .bio-properties-panel-{part}"
    for part in ("header-type", "group-header-title", "label", "description")
)
LABELS = f"() => [...document.querySelectorAll({PANEL_WORDS!r})].map(e => e.textContent.trim())"


@pytest.mark.parametrize("process", sorted(p.stem for p in PROCESSES_DIR.glob("*.bpmn")))
def test_every_label_of_the_panel_is_albanian_for_every_kind_of_element(
    site: Site, process: str
) -> None:
    page = site.as_user("supervisor")
    page.goto(f"{site.base}/lang/sq")
    albanian = set(panel_texts("sq").values())
    page.goto(f"{site.base}/processes/{process}/modeler")
    page.wait_for_selector("#modeler[data-rendered=true]")
    untranslated: dict[str, set[str]] = {}
    for kind, element in kinds_of_element(process).items():
        page.evaluate(f"window.location.hash = '#element={element}'")
        page.wait_for_timeout(300)
        english = set(page.evaluate(LABELS)) - albanian - {""}
        if english:
            untranslated[kind] = english
    assert untranslated == {}


TOOL_TITLES = """() => [
  ...[...document.querySelectorAll('.djs-palette .entry')].map(e => e.getAttribute('aria-label')),
  ...[...document.querySelectorAll('.djs-context-pad .entry')].map(e => e.title),
].filter(Boolean)"""


def test_the_palette_the_context_pad_and_the_change_menu_are_albanian(site: Site) -> None:
    page = site.as_user("supervisor")
    page.goto(f"{site.base}/lang/sq")
    albanian = set(panel_texts("sq").values())
    modeler = f"{site.base}/processes/child_return/modeler"
    titles: set[str] = set()
    for element in ("record_child_wishes", "lane_social_worker", "gw_child_wishes_return"):
        page.goto(f"{modeler}#element={element}")
        page.wait_for_selector("#modeler[data-rendered=true]")
        page.wait_for_selector(".djs-context-pad.open .entry[title]")
        titles |= set(page.evaluate(TOOL_TITLES))
    assert {"Krijo detyrë", "Shto detyrë pas", "Shto korsi sipër", "Fshi"} <= titles
    assert titles - albanian == set()
    # "Change element": the kinds an element can become.
    kinds: set[str] = set()
    for element in ("record_child_wishes", "gw_child_wishes_return", "timer_followup_week"):
        page.goto(f"{modeler}#element={element}")
        page.click(".djs-context-pad.open .entry[data-action=replace]")
        kinds |= set(page.locator(".djs-popup .djs-popup-label").all_inner_texts())
        page.keyboard.press("Escape")
    assert {"Detyrë shërbimi", "Portë paralele", "Ngjarje kufitare me sinjal"} <= kinds
    assert kinds - albanian == set()


def test_a_document_kind_the_clause_and_a_decision_are_changed_in_the_panel(site: Site) -> None:
    page = site.as_user("supervisor")
    page.goto(f"{site.base}/processes/screening/modeler#element=determine")
    page.wait_for_selector("#modeler[data-rendered=true]")
    decision = page.locator("#bio-properties-panel-nrm-called-decision")
    decision.wait_for()
    assert decision.input_value() == "determination"
    assert "means_indicators" in decision.locator("option").all_inner_texts()

    modeler = f"{site.base}/processes/child_return/modeler"
    open_at(page, f"{modeler}#element=generate_police_report", "Generate the police report")
    assert page.inner_text("[data-testid=nrm-action]") == "generate_document"
    document = page.locator("#bio-properties-panel-nrm-action-parameter")
    assert document.input_value() == "police_report"
    document.select_option("family_assessment_summary")
    clause = page.locator("#bio-properties-panel-documentation")
    assert clause.input_value().startswith("Annex 1 D.2 / D.3")
    clause.fill("Annex 1 D.3: the family assessment goes to the local police (test).")
    page.wait_for_timeout(500)  # the panel keeps a text once typing pauses
    page.fill("#change-note", "The police receive the family assessment")
    page.click("#save")
    page.wait_for_selector("#status.success")

    with Session(site.engine.db) as session:
        draft = session.get(ProcessDraft, 1)
        assert draft is not None
        saved = etree.fromstring(draft.bpmn_xml.encode())
    task = saved.xpath("//*[@id='generate_police_report']")[0]
    kind = task.xpath(".//*[local-name()='parameter'][@id='kind']/@value")
    assert kind == ["'family_assessment_summary'"]
    assert task.xpath("string(*[local-name()='documentation'])").endswith("(test).")
    original = (PROCESSES_DIR / "child_return.bpmn").read_text()
    assert diff_versions(original, draft.bpmn_xml).changed == ["generate_police_report"]
