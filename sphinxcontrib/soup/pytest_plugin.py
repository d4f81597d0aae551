"""pytest plugin: ``@pytest.mark.requirement("ID", ...)`` puts requirement ids into the JUnit report.

Each id becomes a ``<property name="requirement" value="ID"/>`` of the test case (through pytest's
``record_property``), which ``soup_test_results`` reads to link the test to the SOUP requirement. Loaded
through the ``pytest11`` entry point when sphinxcontrib-soup is installed; run pytest with
``--junitxml=report.xml`` (``-o junit_family=xunit1`` or the default ``xunit2``: both keep properties).
"""

from __future__ import annotations

import pytest

#: the property name; ``soup_requirement_property`` must match it (its default does)
PROPERTY = "requirement"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requirement(*ids): the SOUP requirement ids this test verifies")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Record each id once, even when the marker is repeated or set on the class and the test."""
    seen: list[str] = []
    for marker in item.iter_markers("requirement"):
        for ident in marker.args:
            if not isinstance(ident, str) or not ident.strip():
                raise pytest.UsageError(f"{item.nodeid}: requirement ids must be non-empty strings, not {ident!r}")
            if ident not in seen:
                seen.append(ident)
    for ident in seen:
        item.user_properties.append((PROPERTY, ident))
