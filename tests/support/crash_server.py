"""The crash test's launcher of `nrm serve`: it imports the app once, then forks a new server
process for every start, so that killing and restarting the server many times costs no
import time (seconds on a busy machine). Each server is `cli.main.serve` in a process of its
own, made after the fork: its database connections, clock and catalogue are its own.

Commands, one per line on standard input, each answered with one line:
    start PORT LOG DATABASE_URL   → the new server's pid (it listens on PORT soon after)
    kill PID                      → "killed" once SIGKILL ended it
"""

from __future__ import annotations

import os
import signal
import sys

from api.app import create_app  # noqa: F401  (`serve` imports it when it runs: import it now)
from cli.main import serve


def _start(port: int, log: str, database_url: str) -> int:
    pid = os.fork()
    if pid:
        return pid
    try:
        output = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.environ["NRM_DATABASE_URL"] = database_url
        serve(host="127.0.0.1", port=port)
    finally:
        os._exit(1)  # never back into the launcher's loop


def main() -> None:
    for line in sys.stdin:
        command, *arguments = line.strip().split(maxsplit=3)
        if command == "start":
            port, log, database_url = arguments
            print(_start(int(port), log, database_url), flush=True)
        elif command == "kill":
            pid = int(arguments[0])
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            print("killed", flush=True)


if __name__ == "__main__":
    main()
