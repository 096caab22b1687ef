#!/usr/bin/env bash
# Install everything, then run the end-to-end demo: `till demo` (ERP, FTP server, gateway
# and a till on 127.0.0.1, in a temporary folder; options: --workdir DIR, --keep, --json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/till demo "$@"
