"""Medians, 95th percentiles and the way figures are written."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def p95(values: Sequence[float]) -> float:
    """The 95th percentile, interpolated between samples (the sample itself when only one)."""
    if len(values) == 1:
        return float(values[0])
    return float(statistics.quantiles(values, n=20, method="inclusive")[18])


def ms(seconds: float) -> str:
    value = seconds * 1000
    if value < 10:
        return f"{value:.2f}"
    if value < 100:
        return f"{value:.1f}"
    return f"{value:.0f}"


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.1f}x" if floor > 0 else "—"


def size(value: float) -> str:
    return f"{value:,.0f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right_from: int = 1) -> str:
    """A Markdown table, padded so that it also reads well when printed."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            str(c).rjust(w) if i >= right_from else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * (w + 1) + ":" if i >= right_from else "-" * (w + 2) for i, w in enumerate(widths)]
    return "\n".join([line(header), "|" + "|".join(rule) + "|", *(line(row) for row in rows)])
