#!/usr/bin/env bash
# Set up .venv at the repo root with Chronomap and its test tools, and compile the offline gazetteer once.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
# The browser tests drive Debian's Chromium (Playwright's own download does not work everywhere); install it
# when we can, otherwise those tests are skipped.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
        || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
.venv/bin/chronomap gazetteer >/dev/null
echo "ready: .venv/bin/chronomap"
