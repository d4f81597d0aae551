"""Writes the SBOM into the build output when ``soup_sbom_output`` names a path."""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.util import logging

from .config import settings_of
from .state import built_catalog

logger = logging.getLogger(__name__)


def setup_sbom(app: Sphinx) -> None:
    app.connect("build-finished", write_sbom)


def write_sbom(app: Sphinx, exception: Exception | None) -> None:
    relative = settings_of(app).sbom_output
    catalog = built_catalog(app.env)
    if exception is not None or not relative or catalog is None:
        return
    from ..sbom import write_cyclonedx  # cyclonedx-python-lib takes a second to import: only when asked

    target = os.path.join(app.outdir, relative)
    try:
        text = write_cyclonedx(catalog, app.config.project or "product", app.config.release or app.config.version or "")
    except ValueError as exc:
        logger.warning(f"SBOM not written: {exc}", type="soup", subtype="sbom")
        return
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(text)
    logger.info(f"SOUP SBOM written to {target}")
