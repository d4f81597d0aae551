"""sphinxcontrib-soup: SOUP lists, records and checks for IEC 62304 design history files.

Add ``"sphinxcontrib.soup"`` (after ``"sphinx_needs"``) to ``extensions``. Importing this package does not
import Sphinx: the readers, catalog and checks also serve the ``soup`` command.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def setup(app: Any) -> dict[str, Any]:
    from .sphinxext import setup as setup_extension

    return setup_extension(app)
