"""The procedure's names in Albanian: every process, task and deadline name a page shows."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from engine.base.clock import ManualClock
from forms.procedure_texts import normal_text, procedure_text
from forms.translation import catalogue
from tests.support.auth import sign_in
from tests.support.setup import PROCESSES_DIR
from tests.support.walks import CaseWalk

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
# What the pages show of a diagram: the process's name, its tasks and its deadlines.
SHOWN = ("process", "userTask", "boundaryEvent", "intermediateCatchEvent")


def shown_names(path) -> set[str]:
    root = etree.parse(str(path)).getroot()
    return {
        normal_text(element.get("name"))
        for tag in SHOWN
        for element in root.iter(BPMN + tag)
        if (element.get("name") or "").strip()
    }


@pytest.mark.parametrize("path", sorted(PROCESSES_DIR.glob("*.bpmn")), ids=lambda p: p.stem)
def test_every_name_a_page_shows_is_translated(path) -> None:
    missing = sorted(shown_names(path) - set(catalogue("sq")))
    assert not missing, f"{path.name}: add these names to forms/locale/sq.json: {missing}"


def test_a_name_wrapped_over_lines_is_found_and_an_unknown_one_stays_as_it_is() -> None:
    assert procedure_text("Approve the\n  placement", "sq") == procedure_text(
        "Approve the placement", "sq"
    )
    assert procedure_text("Approve the placement", "sq") != "Approve the placement"
    assert procedure_text("A step nobody drew", "sq") == "A step nobody drew"
    assert procedure_text("Approve the placement", "en") == "Approve the placement"


def test_the_inbox_and_the_case_page_show_task_titles_in_albanian(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(client, clock)
    walk.complete("record_child_wishes", actor="social.worker", family_implicated=False)
    walk.complete("contact_parents", actor="social.worker", parents_reachable=True)
    sign_in(client, "case.manager")
    client.get("/lang/sq")

    inbox = client.get("/").text
    assert procedure_text("Approve the placement", "sq") in inbox
    assert "Approve the placement" not in inbox

    case = client.get(f"/cases/{walk.id}").text
    assert procedure_text("Approve the placement", "sq") in case
    assert procedure_text("Return of a child potential victim (Annex 1 D)", "sq") in case


def test_a_choice_in_the_case_data_is_shown_by_its_label_in_the_reader_s_language(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(client, clock)
    sign_in(client, "case.manager")
    english = client.get(f"/cases/{walk.id}").text
    assert "<dd>female</dd>" in english
    client.get("/lang/sq")
    albanian = client.get(f"/cases/{walk.id}").text
    assert f"<dd>{catalogue('sq')['female']}</dd>" in albanian
