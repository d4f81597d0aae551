#!/usr/bin/env bash
# Re-run the demo's SOUP tests and write their JUnit reports to ../reports/ (see ../HOW-GENERATED.md).
# Python: a venv with the versions uv.lock pins (pyyaml 5.3.1, defusedxml 0.7.1) and pytest; the requirement
# marker comes from sphinxcontrib-soup's pytest plugin (found through PYTHONPATH: its pytest11 entry point).
# Node: date-fns at the version package-lock.json pins, node's built-in runner and junit reporter.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
venv="${SOUP_DEMO_VENV:-/tmp/soupdemo-venv}"
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q "pyyaml==5.3.1" "defusedxml==0.7.1" "pytest>=8"; }
cd "$here/python" && PYTHONPATH="$repo" "$venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir=. \
  --junitxml="$here/../reports/ingest-soup-tests.junit.xml" .
work="${SOUP_DEMO_NODE:-/tmp/soupdemo-node}"
mkdir -p "$work" && cp "$here/node/date-fns.test.mjs" "$work/"
(cd "$work" && { [ -d node_modules/date-fns ] || npm install --silent --no-audit --no-fund date-fns@3.6.0; } \
  && node --test --test-reporter=junit --test-reporter-destination="$here/../reports/viewer-date-fns.junit.xml" \
     date-fns.test.mjs)
exit 0  # one SOUP test fails on purpose (see the traceability page)
