"""A catalogue of named bad inputs across every reader family and the records (issue #6).

Each case writes its own small project (files and ``soup_*`` settings) and expects exactly the located
problems it lists: kind, ``path[:line]`` and a message fragment. Every case runs through the catalog layer
(``build_catalog`` + ``run_checks``, which make the very Problems the Sphinx layer reports as warnings);
the cases marked ``sphinx`` also run together in one real ``sphinx-build -W --keep-going``, which must
print exactly those warnings at the same places, write the pages and exit 1.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sphinxcontrib.soup.catalog import Catalog, build_catalog
from sphinxcontrib.soup.checks import run_checks
from sphinxcontrib.soup.config import settings_from
from sphinxcontrib.soup.model import Problem
from sphinxcontrib.soup.readers.base import MAX_BYTES

from .conftest import Project

#: findings any small project has about its packages (no record, no license...), not about the bad input
NOISE = frozenset({"missing-record", "license", "unpinned", "stale-record"})

Expected = tuple[str, str, str]  # kind, "path:line" (or "path" for a whole file), message fragment


@dataclass(frozen=True)
class Case:
    name: str
    conf: dict
    files: dict[str, str | bytes]
    expected: tuple[Expected, ...]  # every non-noise problem, exactly
    reads: tuple[tuple[str, str], ...] = ()  # (name, version) the catalog must still hold: nothing dropped
    sphinx: bool = False  # also part of the grouped sphinx-build
    prepare: Callable[[Path], None] | None = field(default=None, compare=False)  # symlinks, sparse files


def lock_v3(version: str = '"1.0.0"', newline: str = "\n") -> str:
    """A small npm lockfileVersion 3 whose package ``a`` sits on line 5 and has ``version`` on line 6."""
    lines = [
        "{",
        '  "lockfileVersion": 3,',
        '  "packages": {',
        '    "": {"dependencies": {"a": "1"}},',
        '    "node_modules/a": {',
        f'      "version": {version}',
        "    }",
        "  }",
        "}",
        "",
    ]
    return newline.join(lines)


def billion_laughs(root: str) -> str:
    entities = "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n <!ENTITY lol0 "lol">\n{entities}]>\n<{root}>&lol9;</{root}>\n'


XXE = '<?xml version="1.0"?>\n<!DOCTYPE testsuite [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<testsuite>&x;</testsuite>\n'
JUNIT_SOON = "<testsuite>\n<testcase name='a' time='soon'/>\n</testsuite>\n"
ENTRY = "  - name: {name}\n    ecosystem: npm\n"
RECORD = "soup:\n" + ENTRY
REQUIREMENT = "  - id: R1\n    item: a\n    statement: x\n    verified_by: 'analysis: the code was read'\n"


def _symlink(target: str, link: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / link)

    return make


def _sparse(name: str, size: int) -> Callable[[Path], None]:
    """An enormous file that costs no disk and no time to write (a hole): the limit must refuse it unread."""

    def make(root: Path) -> None:
        with open(root / name, "wb") as handle:
            handle.truncate(size)

    return make


def manifests(*paths: str) -> dict:
    return {"soup_manifests": list(paths)}


CASES = [
    # --- truncated files, one per syntax ---
    Case("npm-truncated-json", manifests("package-lock.json"), {"package-lock.json": lock_v3()[:60]},
         (("parse", "package-lock.json:4", "invalid JSON"),), sphinx=True),
    Case("uv-truncated-toml", manifests("uv.lock"), {"uv.lock": 'version = 1\n[[package]]\nname = "a'},
         (("parse", "uv.lock:3", "invalid TOML: Unterminated string"),), sphinx=True),
    Case("pyproject-truncated-toml", manifests("pyproject.toml"), {"pyproject.toml": "[project\nname='x'\n"},
         (("parse", "pyproject.toml:1", "invalid TOML"),)),
    Case("records-truncated-yaml", {"soup_records": ["r.yaml"]}, {"r.yaml": "soup:\n  - name: a\n    purpose: [x\n"},
         (("parse", "r.yaml:4", "invalid YAML"),), sphinx=True),
    Case("junit-truncated-xml", {"soup_test_results": ["r.xml"]}, {"r.xml": "<testsuite>\n<testcase name='a'>\n"},
         (("parse", "r.xml:3", "invalid XML: no element found"),), sphinx=True),
    # --- wrong types, one or more per reader family ---
    Case("npm-version-number", manifests("package-lock.json"), {"package-lock.json": lock_v3("5")},
         (("manifest", "package-lock.json:5", "the version of 'node_modules/a' should be a string, not a number"),),
         sphinx=True),
    Case("npm-packages-list", manifests("package-lock.json"),
         {"package-lock.json": '{"lockfileVersion": 3,\n "packages": []}'},
         (("manifest", "package-lock.json:2", "'packages' should be an object, not a list"),
          ("manifest", "package-lock.json", "lockfileVersion 3 without a 'packages' map"),
          ("manifest", "package-lock.json", "no package.json for this lock"))),
    Case("npm-root-list", manifests("package-lock.json"), {"package-lock.json": "[1, 2]"},
         (("manifest", "package-lock.json:1", "expected a JSON object, got a list"),)),
    Case("yarn-entry-without-version", manifests("yarn.lock"),
         {"yarn.lock": '# yarn lockfile v1\n\n"a@^1":\n  resolved "https://npm.example/a-1.tgz"\n',
          "package.json": '{"dependencies": {"a": "^1"}}\n'},
         (("manifest", "yarn.lock:3", "version"),)),
    Case("pnpm-sections-wrong-types", manifests("pnpm-lock.yaml"),
         {"pnpm-lock.yaml": "lockfileVersion: '9.0'\nimporters: [1, 2]\npackages: 7\n"},
         (("manifest", "pnpm-lock.yaml:2", "'importers' should be a mapping, not a list"),
          ("manifest", "pnpm-lock.yaml:3", "'packages' should be a mapping, not a number"))),
    Case("uv-version-number", manifests("uv.lock"), {"uv.lock": 'version = 1\n[[package]]\nname = "a"\nversion = 3\n'},
         (("manifest", "uv.lock:2", "package 'a' has no valid version (3)"),
          ("manifest", "uv.lock:2", "package 'a' has no valid source"),
          ("input", "uv.lock", "no project or workspace member in the lock"))),
    Case("poetry-package-string", manifests("poetry.lock"), {"poetry.lock": 'package = "x"\n'},
         (("manifest", "poetry.lock:1", "'package' should be an array of [[package]] tables"),
          ("input", "poetry.lock", "no pyproject.toml beside the lock"))),
    Case("requirements-invalid-line", manifests("requirements.txt"),
         {"requirements.txt": "requests==2.0\nfoo bar baz ===\n"},
         (("manifest", "requirements.txt:2", "invalid requirement 'foo bar baz ==='"),), reads=(("requests", "2.0"),),
         sphinx=True),
    Case("nuget-resolved-number", manifests("packages.lock.json"),
         {"packages.lock.json": '{"version": 1, "dependencies": {"net8.0": {"A": {"type": "Direct", "resolved": 8}}}}'},
         (("manifest", "packages.lock.json:1", "'A' (net8.0): no resolved version (a number)"),)),
    Case("cyclonedx-components-object", manifests("bom.cdx.json"),
         {"bom.cdx.json": '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.5",\n  "components": {"a": 1}\n}'},
         (("manifest", "bom.cdx.json:4", "'components' should be a list, not an object"),)),
    Case("cyclonedx-dependency-string", manifests("bom.cdx.json"),
         {"bom.cdx.json": '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.5",\n  "components": [],\n'
                          '  "dependencies": ["a"]\n}'},
         (("manifest", "bom.cdx.json:5", "a dependency should be an object, not a string"),)),
    Case("spdx-package-wrong-types", manifests("x.spdx.json"),
         {"x.spdx.json": '{"spdxVersion": "SPDX-2.3", "packages": [{"name": 5, "versionInfo": ["1"]}]}'},
         (("manifest", "x.spdx.json", "the name of a package should be a string, not a number"),
          ("manifest", "x.spdx.json", "the versionInfo of a package should be a string, not a list"),
          ("manifest", "x.spdx.json", "package '5' has no SPDXID"),
          ("manifest", "x.spdx.json", "package '5' has no versionInfo"),
          ("manifest", "x.spdx.json", "no dependency graph"))),
    Case("junit-duration-text", {"soup_test_results": ["r.xml"]}, {"r.xml": JUNIT_SOON},
         (("report", "r.xml:2", "unreadable test duration 'soon'"),), sphinx=True),
    Case("nunit-unknown-result", {"soup_test_results": ["r.xml"]},
         {"r.xml": '<test-run>\n<test-case name="a" result="Weird"/>\n</test-run>\n'},
         (("report", "r.xml:2", "unknown NUnit result 'Weird'"),)),
    Case("trx-duration-and-no-definition", {"soup_test_results": ["r.trx"]},
         {"r.trx": '<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">\n'
                   '<Results><UnitTestResult testName="a" outcome="Passed" duration="x"/></Results>\n</TestRun>\n'},
         (("report", "r.trx:2", "test result 'a' has no test definition"),
          ("report", "r.trx:2", "unreadable test duration 'x'"))),
    Case("osv-affected-string", {"soup_advisories": ["a.json"]}, {"a.json": '{"id": "GHSA-x", "affected": "all"}'},
         (("advisory", "a.json:1", "GHSA-x: 'affected' a string"),), sphinx=True),
    Case("npm-audit-via-number", {"soup_advisories": ["npm-audit.json"]},
         {"npm-audit.json": '{"auditReportVersion": 2, "vulnerabilities": {"a": {"via": 5}}}'},
         (("advisory", "npm-audit.json:1", "a: 'via' should be a list, found a number"),)),
    Case("record-safety-class-int", {"soup_records": ["r.yaml"]},
         {"r.yaml": "soup:\n  - name: class-a\n    safety_class: 3\n"},
         (("record", "r.yaml:3", "class-a: 'safety_class' must be str, not int"),), sphinx=True),
    Case("records-soup-scalar", {"soup_records": ["r.yaml"]}, {"r.yaml": "soup: 5\n"},
         (("record", "r.yaml:1", "'soup' must be a list, not a number"),)),
    Case("records-unknown-section", {"soup_records": ["r.yaml"]}, {"r.yaml": "soupp:\n  - name: a\n"},
         (("record", "r.yaml:1", "unknown section 'soupp'"),)),
    # --- encodings and line ends ---
    Case("latin-1-text", manifests("requirements.txt"),
         {"requirements.txt": "requests==2.0\n# caf\xe9\n".encode("latin-1")},
         (("parse", "requirements.txt:2", "not UTF-8 text (byte 0xe9)"),), sphinx=True),
    Case("utf-16-with-bom-reads", manifests("requirements.txt"),
         {"requirements.txt": "requests==2.0\n".encode("utf-16")}, (), reads=(("requests", "2.0"),)),
    Case("utf-16-without-bom", manifests("requirements.txt"),
         {"requirements.txt": "requests==2.0\n".encode("utf-16-le")},
         (("parse", "requirements.txt:1", "binary data (a NUL byte)"),)),
    Case("utf-8-bom-json-lines-right", manifests("package-lock.json"),
         {"package-lock.json": codecs.BOM_UTF8 + lock_v3("5").encode()},
         (("manifest", "package-lock.json:5", "the version of 'node_modules/a' should be"),)),
    Case("utf-8-bom-yaml", {"soup_records": ["r.yaml"]},
         {"r.yaml": codecs.BOM_UTF8 + b"soup:\n  - name: a\n    colour: blue\n"},
         (("record", "r.yaml:3", "a: unknown key 'colour'"),)),
    Case("utf-8-bom-xml", {"soup_test_results": ["r.xml"]},
         {"r.xml": codecs.BOM_UTF8 + b"<?xml version='1.0' encoding='utf-8'?>\n" + JUNIT_SOON.encode()},
         (("report", "r.xml:3", "unreadable test duration 'soon'"),)),
    Case("latin-1-xml-declared", {"soup_test_results": ["r.xml"]},
         {"r.xml": ("<?xml version='1.0' encoding='iso-8859-1'?>\n" + JUNIT_SOON.replace("'a'", "'caf\xe9'"))
          .encode("latin-1")},
         (("report", "r.xml:3", "unreadable test duration 'soon'"),)),
    Case("crlf-json-lines-right", manifests("package-lock.json"), {"package-lock.json": lock_v3("5", "\r\n")},
         (("manifest", "package-lock.json:5", "the version of 'node_modules/a' should be"),)),
    Case("crlf-yaml-lines-right", {"soup_records": ["r.yaml"]},
         {"r.yaml": b"soup:\r\n  - name: crlf-a\r\n    colour: blue\r\n"},
         (("record", "r.yaml:3", "crlf-a: unknown key 'colour'"),), sphinx=True),
    Case("crlf-requirements-reads", manifests("requirements.txt"),
         {"requirements.txt": b"requests==2.0\r\nidna==3.7\r\n"}, (), reads=(("requests", "2.0"), ("idna", "3.7"))),
    # --- hostile content ---
    Case("xml-billion-laughs-sbom", manifests("bom.cdx.xml"), {"bom.cdx.xml": billion_laughs("bom")},
         (("parse", "bom.cdx.xml:3", "XML refused: EntitiesForbidden"),), sphinx=True),
    Case("xml-billion-laughs-report", {"soup_test_results": ["r.xml"]}, {"r.xml": billion_laughs("testsuite")},
         (("parse", "r.xml:3", "XML refused: EntitiesForbidden"),)),
    Case("xml-external-entity", {"soup_test_results": ["r.xml"]}, {"r.xml": XXE},
         (("parse", "r.xml:2", "XML refused: EntitiesForbidden"),), sphinx=True),
    Case("yaml-python-tag", {"soup_records": ["r.yaml"]},
         {"r.yaml": "soup:\n  - name: a\n    purpose: !!python/object/apply:os.system ['echo pwned']\n"},
         (("parse", "r.yaml:3", "python/object/apply:os.system"),), sphinx=True),
    Case("yaml-recursive-alias", manifests("pnpm-lock.yaml"),
         {"pnpm-lock.yaml": "lockfileVersion: '9.0'\npackages: &a\n  x: *a\n"},
         (("parse", "pnpm-lock.yaml:2", "found unconstructable recursive node"),)),
    Case("yaml-duplicate-key", {"soup_records": ["r.yaml"]}, {"r.yaml": "soup:\n  - name: a\n    name: b\n"},
         (("parse", "r.yaml:3", "found duplicate key 'name'"),)),
    Case("json-nested-too-deep", manifests("package-lock.json"), {"package-lock.json": "[" * 100_000 + "]" * 100_000},
         (("parse", "package-lock.json", "invalid JSON: nested too deeply"),)),
    Case("binary-garbage", manifests("package-lock.json"), {"package-lock.json": bytes(range(256))},
         (("parse", "package-lock.json:1", "binary data (a NUL byte)"),), sphinx=True),
    Case("nul-byte-mid-file", manifests("package-lock.json"), {"package-lock.json": lock_v3('"1.0\x00"')},
         (("parse", "package-lock.json:6", "invalid JSON: Invalid control character"),)),
    # --- duplicates and circles ---
    Case("duplicate-record", {"soup_records": ["r.yaml"]}, {"r.yaml": "soup:\n" + ENTRY.format(name="dup-a") * 2},
         (("record", "r.yaml:4", "duplicate record for 'dup-a' (first at r.yaml:2)"),), sphinx=True),
    Case("duplicate-record-across-files", {"soup_records": ["r/*.yaml"]},
         {"r/one.yaml": RECORD.format(name="a"), "r/two.yaml": "# the same item again\n" + RECORD.format(name="a")},
         (("record", "r/two.yaml:3", "duplicate record for 'a' (first at r/one.yaml:2)"),)),
    Case("duplicate-requirement-id", {"soup_records": ["r.yaml"], **manifests("requirements.txt")},
         {"requirements.txt": "a==1.0\n",
          "r.yaml": "requirements:\n" + REQUIREMENT * 2},
         (("requirement", "r.yaml:6", "duplicate requirement id 'R1' (first at r.yaml:2)"),), sphinx=True),
    Case("duplicate-risk-id", {"soup_records": ["r.yaml"], **manifests("requirements.txt")},
         {"requirements.txt": "a==1.0\n",
          "r.yaml": "risks:\n" + ("  - id: RISK_A\n    items: [a]\n    controls: [a measure described]\n"
                                  "    severity: minor\n    probability: remote\n    severity_after: minor\n"
                                  "    probability_after: remote\n") * 2},
         (("risk", "r.yaml:9", "duplicate risk id 'RISK_A' (first at r.yaml:2)"),)),
    Case("circular-risk-controls", {"soup_records": ["r.yaml"], **manifests("requirements.txt")},
         {"requirements.txt": "a==1.0\n",
          "r.yaml": "".join(
              f"  - id: {risk}\n    items: [a]\n    controls: [{control}]\n    severity: minor\n"
              "    probability: remote\n    severity_after: minor\n    probability_after: remote\n"
              for risk, control in (("RISK_A", "RISK_B"), ("RISK_B", "RISK_C"), ("RISK_C", "RISK_A")))
          .join(("risks:\n", ""))},
         (("risk", "r.yaml:2", "RISK_A: circular risk controls (RISK_A -> RISK_B -> RISK_C -> RISK_A)"),),
         sphinx=True),
    Case("risk-controlled-by-itself", {"soup_records": ["r.yaml"], **manifests("requirements.txt")},
         {"requirements.txt": "a==1.0\n",
          "r.yaml": "risks:\n  - id: RISK_SELF\n    items: [a]\n    controls: [RISK_SELF]\n    severity: minor\n"
                    "    probability: remote\n    severity_after: minor\n    probability_after: remote\n"},
         (("risk", "r.yaml:2", "RISK_SELF: circular risk controls (RISK_SELF -> RISK_SELF)"),)),
    # --- files that are not there, not files, or not ours ---
    Case("empty-lock-file", manifests("package-lock.json"), {"package-lock.json": ""},
         (("parse", "package-lock.json:1", "invalid JSON: Expecting value"),)),
    Case("empty-records-file-is-no-records", {"soup_records": ["r.yaml"]}, {"r.yaml": ""}, ()),
    Case("missing-file", manifests("uv.lock"), {}, (("input", "uv.lock", "file not found"),), sphinx=True),
    Case("directory-instead-of-file", manifests("uv.lock"), {"uv.lock/README": "a directory\n"},
         (("input", "uv.lock", "cannot read file: Is a directory"),)),
    Case("glob-matches-nothing", {"soup_test_results": ["reports/*.xml"]},
         {"conf.py": "# the reports\nsoup_test_results = ['reports/*.xml']\n"},
         (("input", "conf.py:2", "glob 'reports/*.xml' matches no file"),)),
    Case("unknown-format", manifests("deps.dat"), {"deps.dat": "hello\n"},
         (("input", "deps.dat", "unknown manifest format"),), sphinx=True),
    Case("not-a-test-report", {"soup_test_results": ["r.xml"]}, {"r.xml": "<html/>\n"},
         (("input", "r.xml:1", "not a test report: root element <html>"),)),
    Case("unknown-advisory-format", {"soup_advisories": ["a.json"]}, {"a.json": '{"hello": 1}'},
         (("input", "a.json", "unknown advisory format"),)),
    Case("enormous-file", manifests("package-lock.json"), {},
         (("input", "package-lock.json", f"file larger than {MAX_BYTES // 2**20} MiB, not read"),),
         prepare=_sparse("package-lock.json", MAX_BYTES + 1)),
    # --- paths and symlinks: allowed, read like any file (README "Input formats") ---
    Case("path-outside-project", manifests("../outside/requirements.txt"),
         {"../outside/requirements.txt": "requests==2.0\n"}, (), reads=(("requests", "2.0"),)),
    Case("path-outside-project-missing", manifests("../no/such/uv.lock"), {},
         (("input", "../no/such/uv.lock", "file not found"),)),
    Case("symlink-inside-project", manifests("web/requirements.txt"), {"real/requirements.txt": "requests==2.0\n"},
         (), reads=(("requests", "2.0"),), prepare=_symlink("../real/requirements.txt", "web/requirements.txt")),
    Case("symlink-to-outside", manifests("requirements.txt"), {"../outside/requirements.txt": "idna==3.7\n"},
         (), reads=(("idna", "3.7"),), prepare=_symlink("../outside/requirements.txt", "requirements.txt")),
    Case("dangling-symlink", manifests("uv.lock"), {}, (("input", "uv.lock", "file not found"),),
         prepare=_symlink("nowhere/uv.lock", "uv.lock")),
]  # fmt: skip


def _write(root: Path, case: Case) -> None:
    root.mkdir(parents=True)
    for relative, content in case.files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    if case.prepare:
        case.prepare(root)


def _problems(root: Path, conf: dict) -> tuple[list[Problem], Catalog]:
    settings, errors = settings_from(conf, str(root), str(root / "conf.py"))
    assert errors == []
    catalog = build_catalog(settings)
    return [*catalog.problems, *run_checks(catalog, settings)], catalog


def _matches(problem: Problem, expected: Expected) -> bool:
    kind, where, fragment = expected
    return problem.kind == kind and str(problem.source) == where and fragment in problem.message


def test_the_catalogue_is_large_and_named_uniquely():
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(case: Case, tmp_path: Path):
    root = tmp_path / "dhf"
    _write(root, case)
    problems, catalog = _problems(root, case.conf)
    relevant = [p for p in problems if p.kind not in NOISE]
    assert not [p for p in problems if "internal error" in p.message], problems
    for expected in case.expected:
        assert sum(_matches(p, expected) for p in relevant) == 1, (expected, [str(p) for p in relevant])
    assert len(relevant) == len(case.expected), [str(p) for p in relevant]  # nothing more than expected
    held = {(item.name, item.version) for item in catalog.items}
    assert set(case.reads) <= held, held


def _grouped(root: Path) -> tuple[dict, list[tuple[str, str, str]]]:
    """Every ``sphinx`` case in its own folder of one project: merged settings, expected warning texts."""
    conf: dict[str, list] = {}
    expected = []
    for case in (c for c in CASES if c.sphinx):
        folder = f"cases/{case.name}"
        _write(root / folder, case)
        for key, values in case.conf.items():
            conf.setdefault(key, []).extend(f"{folder}/{value}" for value in values)
        for kind, where, fragment in case.expected:
            path, _, line = where.partition(":")
            # messages name other places relative to conf.py: in the group, that is the case's folder
            fragment = fragment.replace("(first at ", f"(first at {folder}/")
            expected.append((kind, f"{root / folder / path}:{line}", fragment))
    return conf, expected


def test_grouped_cases_warn_in_one_sphinx_build(tmp_path: Path):
    """The real build: each case's warning exactly once, at its file and line; pages written; -W exits 1."""
    project = Project(tmp_path / "dhf")
    conf, expected = _grouped(project.root)
    assert len(expected) >= 15
    settings = "".join(f"{key} = {values!r}\n" for key, values in conf.items())
    project.write("conf.py", f'extensions = ["sphinx_needs", "sphinxcontrib.soup"]\nproject = "Bad"\n{settings}')
    project.write("index.rst", "Bad inputs\n==========\n\n.. soup-list::\n\n.. soup-details::\n")
    noise = ",".join(f"soup.{kind}" for kind in sorted(NOISE))
    result = project.build("-W", "--keep-going", "-D", f"suppress_warnings={noise}")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING:" in line]
    for kind, where, fragment in expected:
        pattern = re.compile(rf"^{re.escape(where)}: WARNING: .*{re.escape(fragment)}.* \[soup\.{kind}\]$")
        assert sum(bool(pattern.match(w)) for w in warnings) == 1, (where, fragment, warnings)
    assert len(warnings) == len(expected), warnings
    assert result.returncode == 1
    assert "Bad inputs" in project.html("index")
