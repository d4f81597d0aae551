"""Registers the ``soup_*`` config values and validates them when the build starts."""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..config import DEFAULTS, Settings, settings_from


def setup_config(app: Sphinx) -> None:
    for name, (default, _description) in DEFAULTS.items():
        app.add_config_value(name, default, "env")
    app.connect("config-inited", validate, priority=300)


def validate(app: Sphinx, config: Config) -> None:
    """Turn the raw values into :class:`Settings`; any mistake is one clear ConfigError."""
    values = {name: config[name] for name in DEFAULTS}
    conf_file = os.path.join(app.confdir, "conf.py")
    settings, errors = settings_from(values, str(app.confdir), conf_file if os.path.isfile(conf_file) else None)
    if errors:
        raise ConfigError("sphinxcontrib-soup configuration:\n  " + "\n  ".join(errors))
    app.soup_settings = settings  # type: ignore[attr-defined]


def settings_of(app: Sphinx) -> Settings:
    return app.soup_settings  # type: ignore[attr-defined]
