#!/bin/sh
# Re-create the test reports in this directory with the real runners (see README.md).
# Run from anywhere with the project virtualenv active (pytest) and node >= 20 on PATH;
# PYTEST="/path/to/python -m pytest" picks another interpreter.
set -u
cd "$(dirname "$0")"
PYTEST="${PYTEST:-python -m pytest}"
# -c /dev/null --rootdir=. : no project configuration, names relative to this directory
$PYTEST src/sample_checks.py -c /dev/null --rootdir=. -p no:cacheprovider -q \
    -o junit_suite_name=sample --junitxml=pytest-xunit2.xml
$PYTEST src/sample_checks.py -c /dev/null --rootdir=. -p no:cacheprovider -q \
    -o junit_suite_name=sample -o junit_family=xunit1 --junitxml=pytest-xunit1.xml
node --test --test-reporter=junit --test-reporter-destination=node-test.xml src/sample.test.mjs
# every run has a failing test on purpose: the exit codes are 1
exit 0
