"""The stylesheet that makes gaps stand out in HTML (LaTeX needs none: gaps are emphasized there)."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", add_static_path)
    app.add_css_file("soup.css")


def add_static_path(app: Sphinx) -> None:
    if app.builder.format == "html" and str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))
