"""The garbage collector tuning of the needs creation never leaves objects frozen across builds."""

from __future__ import annotations

import gc

from sphinxcontrib.soup.sphinxext.needs import collector_paused, thaw


def test_needs_creation_freezes_and_the_next_build_thaws():
    was_enabled = gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() == was_enabled
    assert gc.get_freeze_count() > 0  # what lives through the build is not rescanned
    thaw(None)  # builder-inited of the next build in this process
    assert gc.get_freeze_count() == 0
