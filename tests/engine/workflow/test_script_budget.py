"""Diagram code is bounded in work and memory, not only in lines: what would make a huge
sequence or number is refused before it is made, and work done inside Python's own C code is
counted. (What publishing can see is refused there: tests/engine/cases/test_incidents.py.)"""

from __future__ import annotations

import re
import time

import pytest

from engine.workflow.script_budget import ScriptTooLarge
from engine.workflow.scripting import RestrictedEnvironment, ScriptTooLong

ENV = RestrictedEnvironment()


@pytest.mark.parametrize(
    ("script", "complaint"),
    [
        # One line, a gigabyte: the repetition is refused before the string is made.
        ("notes = family * 1000000000", "repeating a sequence with * would hold 6000000000"),
        ("slots = [0] * (size * 1000000)", "repeating a sequence with *"),
        # Doubling in a loop: 40 lines, a terabyte.
        ("notes = family\nfor i in range(40):\n    notes = notes + notes", "joining two sequences"),
        ("notes = family\nfor i in range(40):\n    notes += notes", "joining two sequences"),
        ("slots = [1]\nfor i in range(40):\n    slots.extend(slots)", "extend() would hold"),
        ("notes = family.ljust(size * 1000000000)", "ljust() would hold"),
        ("notes = ','.join([family] * 200000)", "join() would hold"),
        ("notes = (family * 1000).replace('o', family * 1000)", "replace() would hold"),
        ("notes = '%999999999d' % size", "% formatting would hold"),
        # A number squared in a loop grows past any use, in one multiplication per line.
        ("n = size\nfor i in range(40):\n    n = n * n", "more than 4096 bits"),
        ("n = size << (size * 100000)", "more than 4096 bits"),
    ],
)
def test_what_would_make_a_huge_sequence_or_number_is_refused_before_it_is_made(
    script: str, complaint: str
) -> None:
    started = time.perf_counter()
    with pytest.raises(ScriptTooLarge, match=re.escape(complaint)):
        ENV.execute(script, {"family": "Hoxha!", "size": 3})
    # Not a timing test: refused at once means nothing was built (a gigabyte takes seconds).
    assert time.perf_counter() - started < 5


def test_work_inside_pythons_own_code_is_counted_against_a_budget() -> None:
    # Each line sorts 100 000 numbers: few lines, much work.
    script = "numbers = list(range(100000))\nfor i in range(5000):\n    ordered = sorted(numbers)"
    with pytest.raises(ScriptTooLong, match="stopped after 10000000 units of work"):
        ENV.execute(script, {})
    looking = "names = list(range(100000))\nfor i in range(5000):\n    found = -1 in names"
    with pytest.raises(ScriptTooLong, match="units of work"):
        ENV.execute(looking, {})


def test_ordinary_scripts_are_untouched_by_the_bounds() -> None:
    data = {"family": "Hoxha", "attempts": [{"result": "not found"}], "count": 2}
    ENV.execute(
        "attempts = attempts + [{'result': 'found'}]\n"
        "count *= 3\n"
        "label = 'visit %d of %s' % (count, family)\n"
        "found = 'found' in [a['result'] for a in attempts]\n"
        "kinds = sorted(set(a['result'] for a in attempts))\n"
        "is_list = isinstance(attempts, list) and isinstance(family, str)\n"
        "padded = family.ljust(8, '.')\n"
        "total = sum([1, 2, 3]) + len(','.join(['a', 'b']))",
        data,
    )
    assert data["count"] == 6 and data["label"] == "visit 6 of Hoxha"
    assert data["found"] is True and data["kinds"] == ["found", "not found"]
    assert data["is_list"] is True and data["padded"] == "Hoxha..." and data["total"] == 9
    assert ENV.evaluate("'Hoxha' not in names", {"names": ["Dushku"]}) is True
