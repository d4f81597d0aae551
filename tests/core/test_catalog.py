"""The catalog merges real lock files, manifests and records; the checks find each kind of gap."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib.soup.catalog import build_catalog
from sphinxcontrib.soup.checks import run_checks
from sphinxcontrib.soup.config import ManifestSpec, Settings
from sphinxcontrib.soup.records import read_records


def _settings(root: Path, manifests, records=("records.yaml",), **kw) -> Settings:
    specs = tuple(m if isinstance(m, ManifestSpec) else ManifestSpec(m) for m in manifests)
    return Settings(confdir=str(root), manifests=specs, records=tuple(records), **kw)


def _copy(corpus: Path, relative: str, root: Path, name: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(corpus / relative, root / name)


def test_merge_records_and_findings(corpus: Path, tmp_path: Path):
    _copy(corpus, "generated/npm-web-v3/package-lock.json", tmp_path, "web/package-lock.json")
    (tmp_path / "records.yaml").write_text(
        "soup:\n"
        "  - name: express\n    verified: {version: '4.0.0'}\n"
        "  - name: left-pad\n    ecosystem: npm\n"
        "  - name: Debian\n    standalone: true\n    version: '12'\n    systems: [OS]\n"
    )
    settings = _settings(tmp_path, [ManifestSpec("web/package-lock.json", system="Web")])
    catalog = build_catalog(settings)
    assert catalog.problems == []
    ids = [item.id for item in catalog.items]
    assert len(ids) == len(set(ids))
    # two lodash versions in one lock: both items, ids with the version
    lodash = sorted(i.id for i in catalog.items if i.name == "lodash")
    assert lodash == ["SOUP_NPM_LODASH_4_17_15", "SOUP_NPM_LODASH_4_18_1"]
    debian = next(i for i in catalog.items if i.name == "Debian")
    assert debian.ecosystem == "generic" and debian.systems == ("OS",) and debian.version == "12"
    express = next(i for i in catalog.items if i.name == "express")
    assert express.systems == ("Web",) and express.source.path == "web/package-lock.json"
    findings = run_checks(catalog, settings)
    kinds = {(f.kind, f.subject or f.message.split(" ")[1]) for f in findings}
    assert ("drift", "SOUP_NPM_EXPRESS") in kinds
    assert ("stale-record", "'left-pad'") in kinds
    assert ("missing-record", "SOUP_NPM_AXIOS") in kinds
    # dev packages are not checked, and transitive ones only on request
    assert not any(f.subject == "SOUP_NPM_JEST" for f in findings)
    body_parser = next(i for i in catalog.items if i.name == "body-parser")
    assert not body_parser.direct and "express" in body_parser.via
    assert not any(f.subject == body_parser.id for f in findings)
    with_transitive = run_checks(catalog, _settings(tmp_path, settings.manifests, check_transitive=True))
    assert any(f.subject == body_parser.id for f in with_transitive)


def test_conflict_between_two_locks_and_unpinned_manifest(corpus: Path, tmp_path: Path):
    _copy(corpus, "generated/npm-web-v3/package-lock.json", tmp_path, "a/package-lock.json")
    _copy(corpus, "generated/npm-web-v3/package-lock.json", tmp_path, "b/package-lock.json")
    lock_b = tmp_path / "b/package-lock.json"
    lock_b.write_text(lock_b.read_text().replace('"version": "2.31.0"', '"version": "2.29.4"'))
    (tmp_path / "c").mkdir()
    (tmp_path / "c/package.json").write_text('{"dependencies": {"left-pad": "^1.3.0"}}')
    (tmp_path / "records.yaml").write_text("")
    settings = _settings(tmp_path, ["*/package-lock.json", "c/package.json"])
    findings = run_checks(build_catalog(settings), settings)
    conflict = [f for f in findings if f.kind == "conflict"]
    assert len(conflict) == 1 and "moment is pinned at different versions" in conflict[0].message
    assert "a/package-lock.json" in conflict[0].message and "b/package-lock.json" in conflict[0].message
    unpinned = [f for f in findings if f.kind == "unpinned"]
    assert [f.subject for f in unpinned] == ["SOUP_NPM_LEFT_PAD"]
    assert unpinned[0].source.path == "c/package.json" and unpinned[0].source.line == 1


def test_range_folds_into_the_locked_version(corpus: Path, tmp_path: Path):
    _copy(corpus, "generated/npm-web-v3/package-lock.json", tmp_path, "web/package-lock.json")
    _copy(corpus, "generated/npm-web-v3/package.json", tmp_path, "web/package.json")
    (tmp_path / "records.yaml").write_text("")
    settings = _settings(tmp_path, ["web/package-lock.json", "web/package.json"])
    catalog = build_catalog(settings)
    express = [i for i in catalog.items if i.name == "express"]
    assert len(express) == 1 and express[0].pinned and express[0].requested == ("^4.18.2",)
    assert not any(f.kind == "unpinned" for f in run_checks(catalog, settings))


def test_glob_matching_nothing_and_digest_changes(tmp_path: Path):
    (tmp_path / "records.yaml").write_text("soup:\n  - name: x\n    standalone: true\n    version: '1'\n")
    settings = _settings(tmp_path, ["nothing/*.lock"])
    catalog = build_catalog(settings)
    assert [p.kind for p in catalog.problems] == ["input"]
    before = catalog.digest
    (tmp_path / "records.yaml").write_text("soup:\n  - name: x\n    standalone: true\n    version: '2'\n")
    assert build_catalog(settings).digest != before


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_records_reader_never_raises(text: str):
    _records, problems = read_records(text, "fuzz.yaml")
    assert all(p.source and p.source.path == "fuzz.yaml" for p in problems)


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
        max_leaves=20,
    )
)
def test_records_with_random_structures_never_raise(value):
    import yaml

    text = yaml.safe_dump({"soup": [value, {"name": "x", "verified": value, "systems": value}]})
    read_records(text, "fuzz.yaml")
