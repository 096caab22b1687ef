#!/usr/bin/env bash
# Install everything, then run the end-to-end demo in demo-run/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python scripts/demo.py "$@"
