#!/usr/bin/env bash
# Install everything the tests need, start the services they use, lint, run the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
TILLSYNC_TEST_PG=$(bash scripts/services.sh | tail -n 1)
export TILLSYNC_TEST_PG QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy  # the packages and strictness are set in pyproject.toml
exec .venv/bin/python -m pytest -q "$@"
