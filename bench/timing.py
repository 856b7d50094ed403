"""Samples of step times, and the time spent inside document generation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from engine.workflow import actions

PER_CASE = "per case"


@dataclass(frozen=True)
class StepTime:
    step: str
    seconds: float
    pdf_seconds: float = 0.0


@dataclass
class Timings:
    """Every sample of one way of running the path: per step, and per case (the sum)."""

    label: str
    steps: dict[str, list[float]] = field(default_factory=dict)
    pdf: dict[str, list[float]] = field(default_factory=dict)
    cases: list[float] = field(default_factory=list)
    cases_pdf: list[float] = field(default_factory=list)
    batches: list[int] = field(default_factory=list)  # the repeat each case belongs to
    extras: dict[str, list[float]] = field(default_factory=dict)  # not part of the path

    def record_extra(self, name: str, seconds: float) -> None:
        self.extras.setdefault(name, []).append(seconds)

    def record_case(self, times: list[StepTime], batch: int = 0) -> None:
        for time in times:
            self.steps.setdefault(time.step, []).append(time.seconds)
            self.pdf.setdefault(time.step, []).append(time.pdf_seconds)
        self.cases.append(sum(t.seconds for t in times))
        self.cases_pdf.append(sum(t.pdf_seconds for t in times))
        self.batches.append(batch)

    def batch_cases(self) -> list[list[float]]:
        """The per-case times of each repeat, in order."""
        grouped: dict[int, list[float]] = {}
        for batch, seconds in zip(self.batches, self.cases, strict=True):
            grouped.setdefault(batch, []).append(seconds)
        return [grouped[key] for key in sorted(grouped)]

    def samples(self, row: str, without_pdf: bool = False) -> list[float] | None:
        """The samples of a step (or of PER_CASE), minus document generation if asked."""
        if row == PER_CASE:
            total, pdf = self.cases, self.cases_pdf
        elif row in self.steps:
            total, pdf = self.steps[row], self.pdf[row]
        else:
            return None
        if not without_pdf:
            return total
        return [t - p for t, p in zip(total, pdf, strict=True)]


class PdfTimer:
    """Accumulates the wall time spent in documents.generate.generate_document.

    The engine calls it as `engine.workflow.actions.render_document`; the wrapper adds two
    perf_counter() calls per document and changes nothing else.
    """

    def __init__(self) -> None:
        self.total = 0.0
        self.calls = 0

    def mark(self) -> float:
        return self.total

    def since(self, mark: float) -> float:
        return self.total - mark

    def wrap(self, render: Any) -> Any:
        def timed_render(*args: Any, **kwargs: Any) -> Any:
            started = perf_counter()
            try:
                return render(*args, **kwargs)
            finally:
                self.total += perf_counter() - started
                self.calls += 1

        return timed_render

    def install(self) -> Any:
        """Route the engine's document generation through this timer; returns the original."""
        original = actions.render_document
        actions.render_document = self.wrap(original)
        return original

    @contextmanager
    def installed(self) -> Iterator[PdfTimer]:
        original = self.install()
        try:
            yield self
        finally:
            actions.render_document = original
