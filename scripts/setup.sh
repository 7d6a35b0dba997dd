#!/usr/bin/env bash
# Set up tjkg in ./.venv from the lock file (both README commands start here).
#   scripts/setup.sh          runtime: Python packages pinned in requirements.lock
#   scripts/setup.sh --test   also what the whole test suite needs (Debian packages included)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .

if [ "${1:-}" = "--test" ]; then
  missing=()
  for pkg in chromium fonts-noto-cjk virtuoso-opensource; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
