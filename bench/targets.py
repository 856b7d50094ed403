"""The speed and storage targets of issue 8, and whether this run meets them."""

from __future__ import annotations

from bench.long_case import LongStep, checkpoints
from bench.paths import TASK_STEPS
from bench.scale import ScaleResult
from bench.scale_report import NOT_YET, page_target, throughput_target, timer_target
from bench.stats import median, size
from bench.throughput import ThroughputResult
from bench.timing import Timings


def _http_completion(floor: Timings, api: Timings | None) -> list[str]:
    target = "HTTP task completion ≤ 3x the floor per step"
    if api is None:
        return [target, "the API was not run", NOT_YET]

    def ratios(without_pdf: bool) -> dict[str, float]:
        result = {}
        for step in TASK_STEPS:
            measured = api.samples(step.task, without_pdf)
            base = floor.samples(step.task, without_pdf)
            assert measured is not None and base is not None
            result[step.task] = median(measured) / median(base)
        return result

    as_is, bare = ratios(False), ratios(True)
    worst, best = max(as_is, key=as_is.__getitem__), min(as_is, key=as_is.__getitem__)
    worst_bare = max(bare, key=bare.__getitem__)
    measured = (
        f"medians {as_is[best]:.1f}x ({best}) to {as_is[worst]:.1f}x ({worst}); "
        f"without PDF rendering up to {bare[worst_bare]:.1f}x ({worst_bare})"
    )
    return [target, measured, "met" if as_is[worst] <= 3 else "not met"]


def _storage(steps: list[LongStep]) -> list[str]:
    target = "per-case storage grows with the steps taken, not the whole history per step"
    points = checkpoints(steps)
    if len(points) < 2:
        return [target, "no long case run", NOT_YET]
    first, last = points[0].step, points[-1].step
    measured = (
        f"bytes sent per step {size(first.bytes_sent)} at step {first.number}, "
        f"{size(last.bytes_sent)} at step {last.number}, while the stored state grew "
        f"{size(first.stored_bytes)} → {size(last.stored_bytes)}"
    )
    met = last.bytes_sent <= 1.5 * first.bytes_sent and last.stored_bytes > first.stored_bytes
    return [target, measured, "met (writes)" if met else "not met"]


def target_rows(
    floor: Timings,
    api: Timings | None,
    long_case: list[LongStep],
    throughput: list[ThroughputResult] | None,
    scale: ScaleResult | None,
) -> list[list[str]]:
    return [
        _http_completion(floor, api),
        throughput_target(throughput),
        page_target(scale),
        timer_target(scale),
        _storage(long_case),
    ]
