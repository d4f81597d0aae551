"""Registers the ``soup_*`` config values and validates them when the build starts."""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..config import DEFAULTS, Settings, settings_from
from ..locate import assignment_line
from ..readers.base import read_text

logger = logging.getLogger(__name__)


def setup_config(app: Sphinx) -> None:
    for name, (default, _description) in DEFAULTS.items():
        app.add_config_value(name, default, "env")
    app.connect("config-inited", validate, priority=300)


def validate(app: Sphinx, config: Config) -> None:
    """Turn the raw values into :class:`Settings`.

    Each mistake is one error located in conf.py (no traceback); the build goes on without the bad entry
    and fails at the end, as a Sphinx user expects of an error.
    """
    values = {name: config[name] for name in DEFAULTS}
    conf_file = os.path.join(app.confdir, "conf.py")
    has_conf = os.path.isfile(conf_file)
    settings, errors = settings_from(values, str(app.confdir), conf_file if has_conf else None)
    conf_text = (read_text(conf_file)[0] or "") if has_conf else ""
    for error in errors:
        name = error.split(" ", 1)[0].rstrip(":")
        line = assignment_line(conf_text, name) if name in DEFAULTS else None
        location = f"{conf_file}:{line or ''}" if has_conf else None
        logger.error(error, type="soup", subtype="config", location=location)
    app.soup_settings = settings  # type: ignore[attr-defined]
    app.soup_config_errors = len(errors)  # type: ignore[attr-defined]


def settings_of(app: Sphinx) -> Settings:
    return app.soup_settings  # type: ignore[attr-defined]
