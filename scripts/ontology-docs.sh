#!/usr/bin/env bash
# Regenerate docs/ontology.html (human-readable documentation of ontology/tjkg.ttl, pyLODE).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pylode ontology/tjkg.ttl --outputfile docs/ontology.html --css true --sort \
  2>/dev/null
echo "wrote docs/ontology.html"
