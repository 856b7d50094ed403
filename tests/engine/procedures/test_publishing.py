"""Supervisors publish new versions with four eyes; running cases keep theirs."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlmodel import Session

from engine.base.errors import Conflict, InvalidProcess
from engine.nrm_engine import NrmEngine
from engine.procedures.drafts import Drafts
from engine.procedures.publishing import (
    FourEyesRequired,
    diff_versions,
    save_draft,
    versions,
)
from engine.storage.models import ProcessDraft
from tests.support.versions import CHILD_RETURN, approve, timer_days, walk_to_visit

FIVE_DAYS = CHILD_RETURN.replace('"P7D"', '"P5D"')


def test_a_second_supervisor_publishes_and_only_new_cases_get_the_change(
    engine: NrmEngine,
) -> None:
    before = walk_to_visit(engine)
    with Session(engine.db) as session:
        check = save_draft(
            session,
            engine.catalog,
            "child_return",
            FIVE_DAYS,
            "sup.a",
            "Visit within five days (regional practice)",
            engine.clock.now(),
        )
        assert check.publishable, check.problems
        version = approve(session, engine, check.draft.id, "sup.b")
        session.commit()
        assert (version.version, version.author, version.approved_by) == (2, "sup.a", "sup.b")
        assert [v.version for v in versions(session, "child_return")] == [1, 2]

    after = walk_to_visit(engine)
    assert timer_days(engine, before) == 7 and timer_days(engine, after) == 5
    assert engine.queries.case(before).process_version == 1
    assert engine.queries.case(after).process_version == 2


def test_the_author_cannot_approve_their_own_draft(engine: NrmEngine) -> None:
    with Session(engine.db) as session:
        check = save_draft(
            session, engine.catalog, "child_return", FIVE_DAYS, "sup.a", "x", engine.clock.now()
        )
        with pytest.raises(FourEyesRequired, match="another supervisor"):
            approve(session, engine, check.draft.id, "sup.a")
    assert [p.version for p in engine.queries.processes() if p.id == "child_return"] == [1]


def test_a_broken_draft_is_kept_with_its_problems_but_cannot_be_published(
    engine: NrmEngine,
) -> None:
    with Session(engine.db) as session:
        check = save_draft(
            session,
            engine.catalog,
            "child_return",
            CHILD_RETURN.replace('"P7D"', '"PT1D"'),
            "sup.a",
            "typo",
            engine.clock.now(),
        )
        assert sorted(p.element_id for p in check.problems) == [
            "timer_followup_week",
            "timer_police_visit_week",
        ]
        with pytest.raises(InvalidProcess, match="ISO 8601"):
            approve(session, engine, check.draft.id, "sup.b")
    assert [p.version for p in engine.queries.processes() if p.id == "child_return"] == [1]


def test_text_that_is_not_a_diagram_is_not_even_kept_as_a_draft(engine: NrmEngine) -> None:
    with Session(engine.db) as session, pytest.raises(InvalidProcess, match="not well-formed"):
        save_draft(
            session, engine.catalog, "child_return", "<bpmn", "sup.a", "", engine.clock.now()
        )


def test_the_diff_lists_what_was_added_removed_and_changed() -> None:
    changed = diff_versions(CHILD_RETURN, FIVE_DAYS)
    assert changed.changed == ["timer_followup_week", "timer_police_visit_week"]
    assert not changed.added and not changed.removed

    renamed = CHILD_RETURN.replace('name="Assess the family"', 'name="Assess the whole family"')
    assert diff_versions(CHILD_RETURN, renamed).changed == ["family_assessment"]
    moved_only = CHILD_RETURN.replace('x="1077"', 'x="1079"')
    assert diff_versions(CHILD_RETURN, moved_only).changed == [], "the drawing is not the process"


def race(*sides: tuple[str, Callable[[], object]]) -> dict[str, str]:
    """Run each side in its own thread, all at once: "won" or the 409's message, per side."""
    barrier = threading.Barrier(len(sides))
    results: dict[str, str] = {}

    def attempt(side: str, act: Callable[[], object]) -> None:
        barrier.wait()
        try:
            act()
            results[side] = "won"
        except Conflict as error:
            results[side] = f"409: {error}"

    threads = [threading.Thread(target=attempt, args=side) for side in sides]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_approving_and_withdrawing_at_the_same_moment_has_one_winner(engine: NrmEngine) -> None:
    drafts = Drafts(engine.db, engine.catalog)
    winners = []
    for days in (5, 4, 3):
        draft = engine.publishing.save_draft(
            "child_return", CHILD_RETURN.replace('"P7D"', f'"P{days}D"'), "sup.a", f"{days} days"
        )
        shown = drafts.waiting_draft(draft.id).changes.digest
        results = race(
            ("approve", lambda: engine.publishing.approve(draft.id, "sup.b", shown)),  # noqa: B023
            ("withdraw", lambda: drafts.withdraw(draft.id, "sup.a")),  # noqa: B023
        )
        assert list(results.values()).count("won") == 1, results
        [winner] = [side for side, result in results.items() if result == "won"]
        [loser] = [result for result in results.values() if result != "won"]
        assert "already" in loser or "at the same time" in loser, loser
        with Session(engine.db) as session:
            stored = session.get(ProcessDraft, draft.id)
            assert stored is not None
            assert stored.status == ("published" if winner == "approve" else "withdrawn")
            assert (stored.published_version_id is not None) == (winner == "approve")
        winners.append(winner)
    # Nothing published twice, nothing published that was withdrawn.
    assert len(engine.publishing.versions("child_return")) == 1 + winners.count("approve")


def test_saving_again_updates_the_authors_open_draft_and_keeps_each_save(
    engine: NrmEngine,
) -> None:
    first = engine.publishing.save_draft("child_return", FIVE_DAYS, "sup.a", "Five days")
    again = engine.publishing.save_draft(
        "child_return", CHILD_RETURN.replace('"P7D"', '"P4D"'), "sup.a", "Four days after all"
    )
    assert (again.id, again.saves) == (first.id, 2)
    other = engine.publishing.save_draft("child_return", FIVE_DAYS, "sup.b", "Mine")
    separate = engine.publishing.save_draft(
        "child_return", FIVE_DAYS, "sup.a", "Another idea", separate=True
    )
    assert len({first.id, other.id, separate.id}) == 3 and separate.saves == 1

    [waiting] = [d for d in Drafts(engine.db, engine.catalog).pending() if d.id == first.id]
    assert waiting.change_note == "Four days after all"
    assert '"P4D"' in waiting.bpmn_xml
    assert [(s.number, s.change_note) for s in waiting.saves] == [
        (1, "Five days"),
        (2, "Four days after all"),
    ]
    # The newest open draft of the author is the one saved again.
    assert engine.publishing.save_draft("child_return", FIVE_DAYS, "sup.a", "x").id == separate.id


def test_saving_after_the_draft_was_published_opens_a_new_draft(engine: NrmEngine) -> None:
    first = engine.publishing.save_draft("child_return", FIVE_DAYS, "sup.a", "Five days")
    shown = Drafts(engine.db, engine.catalog).waiting_draft(first.id).changes.digest
    engine.publishing.approve(first.id, "sup.b", shown)
    later = engine.publishing.save_draft(
        "child_return", CHILD_RETURN.replace('"P7D"', '"P4D"'), "sup.a", "Four days"
    )
    assert later.id != first.id and (later.base_version, later.saves) == (2, 1)
    assert engine.publishing.versions("child_return")[-1].change_note == "Five days"
