#!/usr/bin/env bash
# Regenerate requirements.lock: every package (runtime and test) pinned, from a fresh venv.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
# setuptools and wheel are pinned too: setup.sh installs tjkg without build isolation
"$tmp/venv/bin/pip" install -q --disable-pip-version-check ".[test]" "setuptools>=68" wheel
{
  echo "# Pinned by scripts/lock.sh from pyproject.toml (runtime + test). Do not edit by hand."
  "$tmp/venv/bin/pip" freeze --exclude-editable --all | grep -v -E '^(tjkg|pip)( @|==)' | sort -f
} > requirements.lock
echo "wrote requirements.lock ($(grep -vc '^#' requirements.lock) packages)"
