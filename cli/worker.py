"""`nrm worker`: fires due timers as a process of its own. Several workers (and API processes)
may share one PostgreSQL database: each due timer is locked by the worker firing it, so it fires
exactly once, and a worker that dies mid-fire leaves it to the next."""

from __future__ import annotations

import signal
import time
from types import FrameType

import typer
from sqlmodel import Session

from engine.base.settings import Settings
from engine.history.anchors import anchor_if_due
from engine.nrm_engine import NrmEngine


def worker(
    interval: float = typer.Option(None, help="Seconds between rounds (default: settings)."),
    once: bool = typer.Option(False, "--once", help="Fire what is due now, then stop."),
) -> None:
    """Fire due timers until stopped (SIGTERM or Ctrl-C)."""
    settings = Settings()
    engine = NrmEngine.from_settings(settings)
    pause = interval if interval is not None else settings.timer_interval_seconds
    stopping = False

    def stop(_signal: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping:
        advanced = engine.commands.fire_due_timers()
        if advanced:
            typer.echo(f"fired due timers in {len(advanced)} case(s): {advanced}")
        with Session(engine.db) as session:
            if anchor_if_due(session, engine.clock.now()):
                typer.echo("anchored the event chains of every case")
        if once:
            break
        time.sleep(pause)
