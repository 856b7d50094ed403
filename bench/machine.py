"""The machine and the versions a benchmark ran on."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from contextlib import suppress
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from engine.base.settings import PROJECT_ROOT


def _cpuinfo_field(name: str) -> str | None:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return None


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


_BENCH_FILES = ("bench/", "BENCHMARKS.md", "tests/bench/test_bench.py")


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def code_version() -> str:
    """The commit measured, and whether the tree differs from it outside the benchmark."""
    commit = _git("log", "-1", "--format=%h %s")
    status = _git("status", "--porcelain")
    if commit is None or status is None:
        return "not a git checkout"
    commit = commit if len(commit) <= 70 else commit[:67] + "..."
    changed = [line[3:] for line in status.splitlines()]
    others = [path for path in changed if not path.startswith(_BENCH_FILES)]
    if others:
        return f"{commit}, with {len(others)} other uncommitted changes"
    return f"{commit}" + (" (+ the benchmark, not committed)" if changed else "")


def load_average() -> float:
    """The 1-minute load average: other work on the machine skews every figure."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def machine_info(load_at_start: float) -> dict[str, str]:
    cores = _cpuinfo_field("cpu cores")
    load = f"{load_at_start:.2f} at start, {load_average():.2f} at the end (the benchmark adds ~1)"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "code": code_version(),
        "CPU": _cpuinfo_field("model name") or platform.processor() or "unknown",
        "cores": f"{os.cpu_count()} logical" + (f", {cores} per socket" if cores else ""),
        "memory": _memory(),
        "load average (1 min)": load,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SpiffWorkflow": _package("SpiffWorkflow"),
        "SQLite": sqlite3.sqlite_version,
        "SQLAlchemy": _package("SQLAlchemy"),
        "psycopg": _package("psycopg"),
        "uvicorn": _package("uvicorn"),
        "httpx": _package("httpx"),
        "WeasyPrint": _package("weasyprint"),
    }


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def process_tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its children (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        with suppress(OSError):
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            pending += _children(current)
    return total
