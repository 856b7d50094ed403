"""The throughput and scale sections of BENCHMARKS.md, and their targets."""

from __future__ import annotations

from bench.scale import CASE_MANAGER, TIMER_BATCH, ScaleResult
from bench.stats import median, ms, p95, size, table
from bench.throughput import ThroughputResult

NOT_YET = "not measured yet"
PAGE_TARGET = 0.050
TIMER_TARGET = 0.010
THROUGHPUT_TARGET = 200.0


def throughput_section(results: list[ThroughputResult], load: str) -> list[str]:
    rows = [
        [
            str(r.clients),
            str(r.workers),
            f"{r.seconds:.0f}",
            str(len(r.latencies)),
            f"{r.per_second:.1f}",
            ms(r.p50),
            ms(r.percentile(0.95)),
            ms(r.percentile(0.99)),
            ms(r.server_cpu_per_completion),
        ]
        for r in results
    ]
    header = ["clients", "server processes", "seconds", "completions", "per second"]
    header += ["p50", "p95", "p99", "server CPU / completion"]
    return [
        "## Throughput (HTTP API, PostgreSQL)",
        "",
        "Each client owns a child_return case and completes its tasks round the D.2 rejection",
        "loop (record_child_wishes, contact_parents, approve_placement rejected: no documents),",
        "waiting for each",
        "response. uvicorn with 2 worker processes, no timer scheduler (manual clock); the",
        "clients are one asyncio loop in the benchmark's process, on the same 2 cores.",
        f"Load average during this part: {load}. Server CPU: user + system time of the uvicorn",
        "processes over the run (warm-up included) per completion; PostgreSQL's is not counted.",
        "",
        table(header, rows),
    ]


def scale_section(result: ScaleResult, load: str) -> list[str]:
    seeded = result.seeded
    template_rows = [[t.label, str(case_id), size(n)] for t, case_id, n in seeded.templates]
    request_rows = [
        [label, str(len(samples)), ms(median(samples)), ms(p95(samples))]
        for label, samples in result.requests.items()
    ]
    facts = [
        ["open cases", size(result.open_cases)],
        ["pending timers", size(result.pending_timers)],
        [
            "seeding",
            f"{seeded.seconds_templates:.0f} s driving {len(seeded.templates)} template cases "
            f"through the engine, {seeded.seconds_cloning:.0f} s cloning them",
        ],
        ["clones replayed and chains verified", ", ".join(map(str, seeded.verified)) or "none"],
        ["case managers sharing the child cases", size(seeded.case_managers)],
        [f"tasks in the JSON inbox of {CASE_MANAGER}", size(result.inbox_tasks)],
        ["ready tasks of all case managers", size(result.role_tasks)],
        ["database size", f"{size(result.database_bytes)} bytes"],
        ["database / open case", f"{size(result.database_bytes / result.open_cases)} bytes"],
        ["workflow state / case (task rows + head, JSON)", size(result.state_bytes_per_case)],
        ["event table / case (with indexes)", size(result.event_table_bytes_per_case)],
        ["API server memory (RSS) after the requests", f"{result.server_rss_kib / 1024:.0f} MiB"],
    ]
    lookup = (
        [
            f"Due-timer lookup (`engine.cases.commands.due_timer_cases`, the timer worker's query, "
            f"LIMIT {TIMER_BATCH}) at a moment when {size(result.timers_due)} of the "
            f"{size(result.pending_timers)} pending timers are due: median "
            f"{ms(median(result.timer_lookup))} ms, p95 {ms(p95(result.timer_lookup))} ms "
            f"over {len(result.timer_lookup)} runs. Its plan:",
            "",
            "```",
            result.timer_plan,
            "```",
        ]
        if result.timer_lookup
        else ["No pending timers: the due-timer lookup was not measured."]
    )
    return [
        f"## Scale ({size(result.open_cases)} open cases, PostgreSQL)",
        "",
        "Seeded by `bench/seeding.py`: template cases driven through the engine, then cloned",
        "row by row with fresh ids and task UUIDs, other case managers and regions, and their",
        "event chains recomputed (a sample is replayed and its chain verified). Requests: one",
        f"uvicorn process, signed in as {CASE_MANAGER}, one request at a time, after a warm-up;",
        f"fewer samples when a page is slow. Load average during this part: {load}.",
        "",
        table(["template state", "template case", "clones"], template_rows, right_from=1),
        "",
        table(["", ""], facts, right_from=99),
        "",
        table(["request", "samples", "median", "p95"], request_rows),
        "",
        *lookup,
    ]


def throughput_target(results: list[ThroughputResult] | None) -> list[str]:
    target = "≥ 200 completions/s on PostgreSQL (concurrent clients, 2 workers)"
    if not results:
        return [target, "no PostgreSQL given", NOT_YET]
    best = max(results, key=lambda r: r.per_second)
    measured = ", ".join(
        f"{r.per_second:.0f}/s with {r.clients} clients (p95 {ms(r.percentile(0.95))} ms)"
        for r in results
    )
    cpu = min(r.server_cpu_per_completion for r in results)
    measured += (
        f"; the API processes spend {ms(cpu)} ms of CPU per completion, so 2 cores allow at "
        f"most {2 / cpu:.0f}/s before PostgreSQL and the clients take their share"
    )
    return [target, measured, "met" if best.per_second >= THROUGHPUT_TARGET else "not met"]


def page_target(result: ScaleResult | None) -> list[str]:
    target = "inbox and case page p95 ≤ 50 ms at 100,000 open cases"
    if result is None or not result.requests:
        return [target, "no PostgreSQL given", NOT_YET]
    worst = max(result.requests, key=lambda label: p95(result.requests[label]))
    measured = f"at {size(result.open_cases)} open cases: " + ", ".join(
        f"{label.split(' (')[0]} {ms(p95(samples))}" for label, samples in result.requests.items()
    )
    met = p95(result.requests[worst]) <= PAGE_TARGET
    measured += (
        f" ms (p95). The inbox shows {size(result.inbox_tasks)} of the role's "
        f"{size(result.role_tasks)} ready tasks, picked by the case's indexed routing columns "
        f"(engine/base/case_routing.py)"
    )
    return [target, measured, _status(met, result.open_cases)]


def timer_target(result: ScaleResult | None) -> list[str]:
    target = "due-timer lookup ≤ 10 ms at 100,000 pending timers"
    if result is None or not result.timer_lookup:
        return [target, "no PostgreSQL given or no pending timer", NOT_YET]
    scan = "an index scan" if "Index" in result.timer_plan else "no index used"
    measured = (
        f"p95 {ms(p95(result.timer_lookup))} ms among {size(result.pending_timers)} pending "
        f"({scan}, see the plan)"
    )
    return [
        target,
        measured,
        _status(p95(result.timer_lookup) <= TIMER_TARGET, result.pending_timers),
    ]


def _status(met: bool, measured_at: int) -> str:
    status = "met" if met else "not met"
    return status if measured_at >= 100_000 else f"{status} (at {size(measured_at)} only)"
