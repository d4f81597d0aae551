"""Config validation: wrong types and unknown keys are clear messages, not tracebacks."""

from __future__ import annotations

from sphinxcontrib.soup.config import ManifestSpec, settings_from


def test_defaults():
    settings, errors = settings_from({}, "/conf")
    assert errors == []
    assert settings.scopes == ("runtime", "optional", "peer") and not settings.strict


def test_manifest_entries():
    values = {"soup_manifests": ["a/package-lock.json", {"path": "b/uv.lock", "system": "Backend"}]}
    settings, errors = settings_from(values, "/conf")
    assert errors == []
    assert settings.manifests == (ManifestSpec("a/package-lock.json"), ManifestSpec("b/uv.lock", "Backend"))


def test_every_mistake_is_reported():
    values = {
        "soup_manifests": [{"path": "x", "sytem": "typo"}, {"system": "no path"}, 3, {"path": "y", "format": "cobol"}],
        "soup_records": "ok.yaml",
        "soup_scopes": ["runtime", "prod"],
        "soup_strict": "yes",
        "soup_id_prefix": "soup-",
    }
    _, errors = settings_from(values, "/conf")
    text = "\n".join(errors)
    assert "unknown key(s) 'sytem'" in text
    assert "has no 'path'" in text
    assert "must be a string or a dict, not 3" in text
    assert "unknown format 'cobol'" in text
    assert "unknown scope 'prod'" in text
    assert "soup_strict must be True or False" in text
    assert "soup_id_prefix" in text
    assert len(errors) == 7
