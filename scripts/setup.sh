#!/usr/bin/env bash
# Set up .venv at the repo root with Chronomap and its test tools, and compile the offline gazetteer once.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
.venv/bin/chronomap gazetteer >/dev/null
echo "ready: .venv/bin/chronomap"
