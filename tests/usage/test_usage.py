"""Import sites matched to SOUP items, wrappers, the ``usage`` findings, and their configuration keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib.soup.catalog import Item, build_catalog
from sphinxcontrib.soup.checks import KINDS, run_checks
from sphinxcontrib.soup.cli import load_settings, main
from sphinxcontrib.soup.config import Settings, settings_from
from sphinxcontrib.soup.model import Record, Source
from sphinxcontrib.soup.records import read_records
from sphinxcontrib.soup.usage import import_names, in_wrappers, package_of, usage_of

DEMO = Path(__file__).resolve().parents[2] / "demo_docs"
EXPORT = "product/ingest/cardiotrack_ingest/export.py"


def _item(name: str, ecosystem: str = "pypi", record: Record | None = None, alias: str | None = None) -> Item:
    return Item(
        id=name.upper(),
        name=name,
        version="1.0",
        ecosystem=ecosystem,
        purl=f"pkg:{ecosystem}/{name}@1.0",
        scope="runtime",
        direct=True,
        pinned=True,
        via=(),
        systems=(),
        occurrences=(),
        record=record,
        alias=alias,
    )


def test_import_names_mapping_order():
    override = Record("pyyaml", Source("r.yaml", 1), extra={"import_names": ("yaml", "_yaml")})
    assert import_names(_item("pyyaml", record=override)) == (("yaml", "_yaml"), "record")
    assert import_names(_item("PyYAML")) == (("yaml",), "installed")  # installed here: the yaml facade needs it
    assert import_names(_item("python-dateutil")) == (("dateutil",), "installed")
    assert import_names(_item("beautifulsoup4")) == (("bs4",), "known")  # not installed here
    assert import_names(_item("Some-Package")) == (("some_package",), "name")
    assert import_names(_item("lodash", "npm", alias="legacy-lodash")) == (("legacy-lodash",), "name")


@pytest.mark.parametrize(
    ("specifier", "package"),
    [
        ("lodash", "lodash"),
        ("lodash/fp", "lodash"),
        ("@mui/material/Button", "@mui/material"),
        ("@mui/material", "@mui/material"),
        ("@scope", None),
        ("./App", None),
        ("../x", None),
        ("/abs/x.js", None),
        ("node:fs", None),
        ("https://cdn.example/x.js", None),
        ("#internal", None),
        ("style-loader!./x.css", None),
        ("date-fns?raw", "date-fns"),
    ],
)
def test_package_of(specifier: str, package: str | None):
    assert package_of(specifier) == package


def test_wrapper_globs():
    assert in_wrappers("src/io/yaml_io.py", ("src/io/yaml_io.py",))
    assert in_wrappers("src/io/yaml_io.py", ("src/io",))  # a wrapper package: everything under it
    assert not in_wrappers("src/iox/a.py", ("src/io",))
    assert in_wrappers("src/a/b/c.ts", ("src/**/c.ts",)) and in_wrappers("src/c.ts", ("src/**/c.ts",))
    assert not in_wrappers("src/a/c.ts", ("src/*.ts",))
    assert in_wrappers("../src/x.py", ("../src/./x.py",))


def _demo() -> tuple[Settings, list]:
    settings, errors = load_settings(str(DEMO))
    assert errors == []
    return settings, build_catalog(settings)


def test_demo_usage_and_the_one_deliberate_gap():
    settings, catalog = _demo()
    usage = usage_of(catalog)
    by_name = {item.name: usage[item.id] for item in catalog.items if item.ecosystem in ("pypi", "npm")}
    pyyaml = by_name["pyyaml"]
    assert pyyaml.wrappers == ("product/ingest/cardiotrack_ingest/config.py",)
    assert [(s.source.path, s.source.line) for s in pyyaml.sites] == [
        ("product/ingest/cardiotrack_ingest/config.py", 7),
        (EXPORT, 5),
    ]
    assert [s.source for s in pyyaml.outside] == [Source(EXPORT, 5)]
    assert [s.module for s in by_name["sqlalchemy"].sites] == ["sqlalchemy", "sqlalchemy.orm"]
    assert len(by_name["react"].by_file()) == 2 and by_name["react"].outside == ()  # no wrapper: nothing outside
    assert by_name["hl7"].sites == () and by_name["hl7"].scanned
    lodash = [usage[i.id] for i in catalog.items if i.name == "lodash" and i.direct]
    modules = sorted(s.module for u in lodash for s in u.sites)
    assert modules == ["legacy-lodash/merge", "lodash/groupBy", "lodash/sortBy"]
    findings = [f for f in run_checks(catalog, settings) if f.kind == "usage"]
    assert [(f.source, f.subject) for f in findings] == [(Source(EXPORT, 5), "SOUP_PYPI_PYYAML")]
    assert "'yaml' imported outside its wrapper modules" in findings[0].message
    # every scanned file is a catalog input: editing one changes the digest
    assert sum(1 for f in catalog.inputs if f.role == "source") == 19
    assert "usage" in KINDS


def _project(tmp_path: Path, wrappers: str, source: str) -> Settings:
    (tmp_path / "src").mkdir()
    (tmp_path / "src/http.py").write_text("import requests\n")
    (tmp_path / "src/app.py").write_text(source)
    (tmp_path / "records.yaml").write_text(
        f"soup:\n  - name: requests\n    standalone: true\n    ecosystem: pypi\n    version: '2.0'\n{wrappers}"
    )
    settings, errors = settings_from(
        {"soup_records": ["records.yaml"], "soup_sources": ["src/*.py", "src/missing.py"]}, str(tmp_path)
    )
    assert errors == []
    return settings


def test_wrapper_matching_nothing_and_scan_problems_are_located(tmp_path: Path):
    settings = _project(tmp_path, "    wrappers: [src/http.py, src/gone.py]\n", "import requests.adapters\ndef x(:\n")
    catalog = build_catalog(settings)
    findings = [(f.kind, str(f.source), f.message) for f in run_checks(catalog, settings)]
    assert ("usage", "records.yaml:6", "requests: wrapper 'src/gone.py' matches no file of soup_sources") in findings
    # the syntax error loses app.py's imports (located), the rest of the list is still scanned
    problems = [(p.kind, str(p.source)) for p in catalog.problems]
    assert ("parse", "src/app.py:2") in problems and ("input", "src/missing.py") in problems
    usage = usage_of(catalog)[catalog.items[0].id]
    assert [str(s.source) for s in usage.sites] == ["src/http.py:1"]


def test_import_outside_the_wrapper(tmp_path: Path):
    source = "import os\nfrom requests.adapters import HTTPAdapter\n"
    settings = _project(tmp_path, "    wrappers: src/http.py\n", source)
    catalog = build_catalog(settings)
    findings = [(str(f.source), f.message) for f in run_checks(catalog, settings) if f.kind == "usage"]
    assert findings == [
        ("src/app.py:2", "requests: 'requests.adapters' imported outside its wrapper modules (src/http.py)")
    ]


def test_record_keys_are_validated_and_located():
    records, problems = read_records(
        "soup:\n  - name: a\n    wrappers: [src/a.py, 3]\n    import_names: b\n  - name: c\n    import_names: {x: 1}\n",
        "r.yaml",
    )
    assert records[0].extra.get("wrappers") is None and records[0].extra["import_names"] == ("b",)
    assert [(str(p.source), p.message) for p in problems] == [
        ("r.yaml:3", "a: 'wrappers' must list non-empty strings"),
        ("r.yaml:6", "c: 'import_names' must be list or str, not LocatedDict"),
    ]


def test_soup_sources_config_is_validated():
    _, errors = settings_from({"soup_sources": [1]}, "/tmp")
    assert errors == ["soup_sources must be a list of strings, not [1]"]


def test_soup_check_reports_the_usage_gap(capsys):
    assert main(["check", str(DEMO)]) == 1
    out = capsys.readouterr().out
    assert f"{EXPORT}:5: pyyaml: 'yaml' imported outside its wrapper modules" in out
