"""`python -m bench`: run the child_return family-safe path four ways and write BENCHMARKS.md."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from bench.api_run import ApiRun, api_server
from bench.engine_run import BenchError, EngineRun
from bench.floor import FloorRun
from bench.long_case import MAX_LOOPS, run_long_case
from bench.machine import load_average, machine_info
from bench.paths import parsed_process
from bench.report import BenchResult, render
from bench.scale import measure_scale
from bench.throughput import measure_throughput
from bench.timing import PdfTimer
from engine.base.settings import PROJECT_ROOT
from engine.procedures.catalog import ProcessCatalog

POSTGRES_ENV = "NRM_BENCH_DATABASE_URL"


@dataclass(frozen=True)
class BenchConfig:
    cases: int
    repeat: int
    warmup: int
    loops: int
    quick: bool
    out: Path
    postgres_url: str | None
    command: str
    clients: tuple[int, ...]
    throughput_seconds: float
    scale_cases: int
    samples: int


def parse_args(argv: Sequence[str]) -> BenchConfig:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--cases", type=int, default=50, help="cases per repeat (default 50)")
    parser.add_argument("--repeat", type=int, default=5, help="repeats (default 5)")
    parser.add_argument(
        "--loops",
        type=int,
        default=100,
        help=f"rejection loops of the long case (default 100, at most {MAX_LOOPS})",
    )
    parser.add_argument(
        "--clients",
        default="8,32",
        help="concurrent API clients of the throughput runs, comma-separated (default 8,32)",
    )
    parser.add_argument(
        "--throughput-seconds",
        type=float,
        default=20.0,
        help="measured seconds of each throughput run (default 20)",
    )
    parser.add_argument(
        "--scale-cases",
        type=int,
        default=100_000,
        help="open cases seeded for the scale measurements (default 100000)",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "BENCHMARKS.md")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(POSTGRES_ENV) or None,
        help=f"PostgreSQL database to empty and use (default: ${POSTGRES_ENV}; none: skipped)",
    )
    args = parser.parse_args(argv)
    if args.cases < 1 or args.repeat < 1 or not 1 <= args.loops <= MAX_LOOPS:
        parser.error(f"--cases and --repeat must be at least 1, --loops 1 to {MAX_LOOPS}")
    try:
        clients = tuple(int(n) for n in args.clients.split(","))
    except ValueError:
        clients = ()
    if not clients or min(clients) < 1:
        parser.error(f"--clients must be whole numbers of at least 1, not {args.clients!r}")
    if args.scale_cases < 100 or args.throughput_seconds <= 0:
        parser.error("--scale-cases must be at least 100, --throughput-seconds positive")
    quick = args.quick
    return BenchConfig(
        cases=1 if quick else args.cases,
        repeat=1 if quick else args.repeat,
        warmup=0 if quick else 1,
        loops=3 if quick else args.loops,
        quick=quick,
        out=args.out,
        postgres_url=args.postgres_url,
        command="python -m bench " + " ".join(argv) if argv else "python -m bench",
        clients=(2,) if quick else clients,
        throughput_seconds=1.0 if quick else args.throughput_seconds,
        scale_cases=100 if quick else args.scale_cases,
        samples=3 if quick else 30,
    )


def run_benchmark(config: BenchConfig, log: bool = True) -> BenchResult:
    """Every mode, repeat by repeat: each repeat runs a batch of each mode in turn, so that a
    change in the machine's load during the run falls on every mode alike."""

    def say(message: str) -> None:
        if log:
            print(message, file=sys.stderr, flush=True)

    started, load_at_start = time.perf_counter(), load_average()
    parsed_process()  # parse once, outside every timing
    catalog = ProcessCatalog()
    notes: list[str] = []
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nrm-bench-")))
        server = stack.enter_context(api_server(workdir))
        if not config.quick:
            server.wait_until_up()  # quick mode lets it start while the floor runs
        pdf = stack.enter_context(PdfTimer().installed())
        floor = FloorRun(pdf)
        engines = [EngineRun("SQLite", f"sqlite:///{workdir / 'engine.sqlite3'}", catalog, pdf)]
        stack.callback(engines[0].close)
        if config.postgres_url:
            engines.append(EngineRun("PostgreSQL", config.postgres_url, catalog, pdf))
            stack.callback(engines[-1].close)
        else:
            notes.append(f"PostgreSQL: skipped (no --postgres-url and no ${POSTGRES_ENV})")
            say(notes[-1])
        api = ApiRun(server)
        stack.callback(api.close)
        runs: list[FloorRun | EngineRun | ApiRun] = [floor, *engines, api]
        for batch in range(config.repeat):
            for run in runs:
                say(f"repeat {batch + 1}/{config.repeat}: {run.timings.label}")
                run.run_batch(batch, config.cases, config.warmup if batch == 0 else 0)
        if server.signs_in:
            notes.append(
                "API: every request carries the bearer token of the user of the task's lane "
                "(one user per role, signed in once before any timing)"
            )
        say("storage")
        results = [engine.finish() for engine in engines]
        say(f"a long case: {config.loops} rejection loops on SQLite")
        long_case = run_long_case(f"sqlite:///{workdir / 'long.sqlite3'}", catalog, config.loops)
        throughput, scale, throughput_load, scale_load = None, None, "", ""
        if config.postgres_url:
            say(f"throughput: {config.clients} clients on PostgreSQL, 2 server processes")
            load = load_average()
            throughput = measure_throughput(
                config.postgres_url,
                catalog,
                workdir,
                config.clients,
                config.throughput_seconds,
                warmup=0.5 if config.quick else 3.0,
            )
            throughput_load = f"{load:.2f} at start, {load_average():.2f} at the end"
            say(f"scale: seeding {config.scale_cases} open cases on PostgreSQL")
            load = load_average()
            scale = measure_scale(
                config.postgres_url, catalog, workdir, config.scale_cases, config.samples
            )
            scale_load = f"{load:.2f} at start, {load_average():.2f} at the end"
        else:
            notes.append("Throughput and scale: skipped (they need PostgreSQL)")
    machine = machine_info(load_at_start)
    for result in results:
        name, _, version = result.database.partition(" ")
        machine[name] = version
    machine.setdefault("PostgreSQL", "not measured")
    return BenchResult(
        command=config.command,
        cases=config.cases,
        repeat=config.repeat,
        warmup=config.warmup,
        machine=machine,
        floor=floor.timings,
        engines=results,
        api=api.timings,
        long_case=long_case,
        documents_per_case=floor.documents_per_case,
        notes=notes,
        elapsed_seconds=time.perf_counter() - started,
        throughput=throughput,
        throughput_load=throughput_load,
        scale=scale,
        scale_load=scale_load,
    )


def main(argv: Sequence[str] | None = None) -> int:
    config = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        result = run_benchmark(config)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    report = render(result)
    config.out.write_text(report, encoding="utf-8")
    print(report)
    print(f"written to {config.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
