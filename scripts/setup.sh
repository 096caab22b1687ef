#!/usr/bin/env bash
# Install what tillsync needs on Debian 12 / Python 3.11: system packages and a virtualenv
# (.venv) holding the package with its GUI, ODBC and development extras. Safe to re-run:
# it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

packages=(python3-venv python3-dev unixodbc unixodbc-dev odbc-postgresql odbc-mariadb tdsodbc
          openssh-server openssh-client
          # Qt: offscreen needs the first line; a real window (xvfb for screenshots) the rest
          libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3
          xvfb xauth xdotool libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
          libxcb-xinerama0 libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
          # the fleet page's browser test: Debian's headless chromium, driven by playwright
          chromium)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.tillsync-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: installing tillsync and its dependencies into .venv"
    .venv/bin/python -m pip install -q --upgrade pip
    # playwright drives /usr/bin/chromium: it must not download a browser of its own
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 .venv/bin/python -m pip install -q -e ".[gui,odbc,dev]"
    echo "$want" > "$stamp"
fi
