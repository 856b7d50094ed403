"""The procedure's names in Albanian: every process, task and deadline name a page shows."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from forms.procedure_texts import PROCEDURES, diagram_names, procedure_text
from forms.translation import FORMS
from tests.support.auth import sign_in
from tests.support.setup import PROCESSES_DIR
from tests.support.walks import CaseWalk


def test_the_names_a_page_shows_are_the_process_its_tasks_and_its_deadlines() -> None:
    names = diagram_names(PROCESSES_DIR / "child_return.bpmn")
    assert names[0] == "Return of a child potential victim (Annex 1 D)", "the process first"
    assert "Approve the placement" in names
    assert "One week from the return" in names, "a deadline"
    assert len(names) == len(set(names))
    assert all(name == " ".join(name.split()) for name in names), "as the catalogue holds them"


@pytest.mark.parametrize("path", sorted(PROCESSES_DIR.glob("*.bpmn")), ids=lambda p: p.stem)
def test_every_name_a_page_shows_is_translated(path) -> None:
    missing = sorted(set(diagram_names(path)) - set(PROCEDURES.translations("sq")))
    assert not missing, (
        f"{path.name}: run `nrm translations update`, then translate these names in "
        f"{PROCEDURES.po_path('sq')}: {missing}"
    )


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
    assert f"<dd>{FORMS.translations('sq')['female']}</dd>" in albanian
