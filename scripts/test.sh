#!/usr/bin/env bash
# Runs the whole test suite on SQLite and PostgreSQL, installing what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."

# System libraries: WeasyPrint needs Pango (and HarfBuzz-Subset for stable font subsets);
# pdftoppm (poppler) renders PDFs to pictures.
missing=()
for pair in "libpango-1.0-0:libpango-1.0.so.0" "libpangoft2-1.0-0:libpangoft2-1.0.so.0" \
            "libharfbuzz-subset0:libharfbuzz-subset.so.0"; do
  ldconfig -p | grep -q "${pair#*:}" || missing+=("${pair%%:*}")
done
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The modeler's bundle is rebuilt with Node (npm's esbuild) to check the committed one.
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# Python environment.
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

# PostgreSQL: started if down, with a database of our own.
PGHOST=127.0.0.1
if ! pg_isready -q -h "$PGHOST" -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p 5432 && break; sleep 1; done
fi
if ! psql -h "$PGHOST" -U postgres -d test -Atc "SELECT 1 FROM pg_database WHERE datname = 'nrm_test'" | grep -q 1; then
  createdb -h "$PGHOST" -U postgres nrm_test
fi
export NRM_TEST_DATABASE_URL="postgresql+psycopg://postgres@$PGHOST:5432/nrm_test"
# Every backend must run: a test skipped for a missing dependency fails the run.
export NRM_REQUIRE_ALL_BACKENDS=1

# The modeler's bundle (api/static/vendor/bpmn-io, committed: the app needs no build step)
# must be what api/static_src builds from its lockfile; installed again only when the lockfile
# changed.
(
  cd api/static_src
  if ! cmp -s package-lock.json node_modules/.installed-lock.json; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.installed-lock.json
  fi
  node build.mjs --check
)

.venv/bin/ruff check .
# The layering of the packages (contracts in pyproject.toml, [tool.importlinter]).
.venv/bin/lint-imports --no-cache --no-logo
.venv/bin/python -m pytest "$@"
