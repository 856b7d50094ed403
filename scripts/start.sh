#!/usr/bin/env bash
# Installs the app, loads the demo processes and cases into the embedded SQLite database, and
# serves it on http://127.0.0.1:8000 (pass --host/--port to change). Demo mode (NRM_DEMO=1): the
# demo accounts sign in with the password `nrm demo` prints, made once for this installation.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
export NRM_DEMO=1
.venv/bin/nrm demo
exec .venv/bin/nrm serve "$@"
