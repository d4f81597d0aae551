"""The Sphinx layer: the only code that imports Sphinx or sphinx-needs. ``setup`` reads as its contents."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .. import __version__
from .anomalies import setup_anomalies
from .assets import setup_assets
from .changes import setup_changes
from .config import setup_config
from .details import setup_details
from .evidence import setup_evidence
from .gaps import setup_gaps
from .licenses import setup_licenses
from .list import setup_list
from .needs import setup_needs
from .refs import setup_refs
from .requirements import setup_requirements
from .risks import setup_risks
from .sbom import setup_sbom
from .state import setup_state


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_needs")
    setup_config(app)  # soup_* values, validated at config-inited
    setup_needs(app)  # need types and fields
    setup_state(app)  # catalog per build, warnings, incremental rebuilds
    setup_refs(app)  # links from tables to item sections
    setup_list(app)  # soup-list
    setup_details(app)  # soup-details
    setup_licenses(app)  # soup-licenses
    setup_requirements(app)  # soup-requirements, soup-tests, soup-traceability
    setup_anomalies(app)  # soup-anomalies
    setup_risks(app)  # soup-risks, control links to needs
    setup_assets(app)  # soup.css
    setup_sbom(app)  # soup_sbom_output
    setup_gaps(app)  # soup-gaps
    setup_changes(app)  # soup-changes, soup_baseline
    setup_evidence(app)  # soup-evidence
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
