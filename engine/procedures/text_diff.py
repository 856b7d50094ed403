"""Line diffs of the texts a supervisor reviews in a draft: scripts, documentation, and anything
of an element the semantic diff has no name for."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

LineKind = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class DiffLine:
    kind: LineKind
    text: str


def line_diff(old: str | None, new: str | None) -> list[DiffLine]:
    """Every line of both texts, in order, marked as kept, added or removed (no context is
    dropped: a reviewer reads a changed script whole)."""
    before, after = (old or "").splitlines(), (new or "").splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines += [DiffLine("same", text) for text in before[i1:i2]]
            continue
        lines += [DiffLine("removed", text) for text in before[i1:i2]]
        lines += [DiffLine("added", text) for text in after[j1:j2]]
    return lines
