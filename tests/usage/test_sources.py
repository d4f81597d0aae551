"""The import scanner: Python through ast, JavaScript/TypeScript through a tokenizer that knows the traps."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

from sphinxcontrib.soup.sources import scan_file, source_files, source_paths
from sphinxcontrib.soup.sources.javascript import javascript_imports, tokens
from sphinxcontrib.soup.sources.python import python_imports

DEMO_PRODUCT = Path(__file__).resolve().parents[2] / "demo_docs" / "product"

TRAPS_TS = """\
#!/usr/bin/env node
import React, { useState } from "react";
import * as _ from 'lodash/fp';
import type { Theme } from "@mui/material/styles";
import "./local.css";
export { default as Button } from "@mui/material/Button";
export * from "date-fns";
// import x from "in-line-comment";
/* require("in-block-comment")
   import y from "in-block-comment" */
const s = "import z from 'in-string'";
const t = 'require("in-single-quotes")';
const tpl = `import q from "in-template" ${require("in-substitution")} ${ { a: `nested ${"x"} import("no")` }.a } end`;
const re = /require\\("in-regex"\\)/g;
const div = a / b; const re2 = x.replace(/"/g, "'"); const after = require("after-regex");
const fs = require("node:fs");
const lazy = await import("moment");
import mod = require("zod");
const m = import.meta.url;
obj.require("method-not-require");
const o = { import: "key", from: "key2" };
export const from = "value";
export function f() { return "x"; }
import {
  a,
  b,
} from "multi-line";
"""


def test_javascript_traps_count_only_real_imports():
    found = javascript_imports(TRAPS_TS)
    assert found == [
        ("react", 2),
        ("lodash/fp", 3),
        ("@mui/material/styles", 4),
        ("./local.css", 5),
        ("@mui/material/Button", 6),
        ("date-fns", 7),
        ("in-substitution", 13),
        ("after-regex", 15),
        ("node:fs", 16),
        ("moment", 17),
        ("zod", 18),
        ("multi-line", 27),
    ]


def test_a_file_of_re_exports_only():
    # index files of packages (date-fns, @mui) hold nothing but export-from statements
    assert javascript_imports('export * from "./add.js";\nexport { x } from "pkg";\n') == [("./add.js", 1), ("pkg", 2)]


def test_unterminated_string_ends_at_its_line():
    # a stray quote (JSX text "it's") must not hide the imports that follow
    text = 'const p = <p>it\'s late</p>;\nimport a from "after-quote";\n'
    assert javascript_imports(text) == [("after-quote", 2)]


def test_regex_or_division_by_previous_token():
    kinds = [k for k, _, _ in tokens('x = a / b / c; y = "s".split(/,/); return /re/.test(z)')]
    assert kinds.count("regex") == 2
    # a regex containing a quote and a class with a slash
    assert javascript_imports('if (/[/"]/.test(s)) x = require("real");') == [("real", 1)]


def test_template_literal_with_nested_braces_resumes_correctly():
    text = 'const t = `a ${ {b: 1}.b } "c ${`d`}` + require("after-template");'
    assert javascript_imports(text) == [("after-template", 1)]


def test_python_traps(tmp_path: Path):
    source = tmp_path / "traps.py"
    source.write_text(
        '"""import in_docstring"""\n'
        "import yaml\n"
        "import dateutil.parser as dp, os\n"
        "from defusedxml import ElementTree\n"
        "from . import sibling\n"
        "from .pkg import thing\n"
        's = "import in_string"\n'
        "# import in_comment\n"
        "try:\n"
        "    import lxml.etree\n"
        "except ImportError:\n"
        "    pass\n"
        "def f():\n"
        "    from sqlalchemy.orm import Session\n"
        "    import importlib\n"
        '    return importlib.import_module("hl7"), importlib.import_module(".relative", "x")\n'
        "match 1:\n"
        "    case 1:\n"
        "        import pydantic\n"
    )
    scan = scan_file(str(source))
    assert scan.problems == ()
    assert [(i.module, i.source.line) for i in scan.imports] == [
        ("yaml", 2),
        ("dateutil.parser", 3),
        ("os", 3),
        ("defusedxml", 4),
        ("lxml.etree", 10),
        ("sqlalchemy.orm", 14),
        ("importlib", 15),
        ("hl7", 16),
        ("pydantic", 19),
    ]


def test_python_coding_line_is_honoured():
    data = "# -*- coding: latin-1 -*-\nimport yaml  # caf\xe9\n".encode("latin-1")
    assert python_imports(data, "x.py") == ([("yaml", 2)], None)


@pytest.mark.parametrize(
    ("name", "data", "kind", "line", "words"),
    [
        ("broken.py", b"import yaml\ndef broken(:\n", "parse", 2, "syntax error"),
        ("blob.py", b"import yaml\x00\x01\x02", "parse", None, "binary"),
        ("latin.js", b'const a = "\xff";\n', "parse", 1, "not UTF-8"),
        ("notes.txt", b"import yaml\n", "input", None, "not a Python"),
    ],
)
def test_bad_files_are_located_problems(tmp_path: Path, name: str, data: bytes, kind: str, line, words: str):
    path = tmp_path / name
    path.write_bytes(data)
    scan = scan_file(str(path))
    assert scan.imports == ()
    [problem] = scan.problems
    assert (problem.kind, problem.source.path, problem.source.line) == (kind, str(path), line)
    assert words in problem.message


def test_missing_file_is_a_problem(tmp_path: Path):
    [problem] = scan_file(str(tmp_path / "gone.py")).problems
    assert problem.kind == "input" and "cannot read" in problem.message


def test_directories_skip_installed_code(tmp_path: Path):
    for name in ("src/a.py", "src/b.tsx", "src/README.md", "src/node_modules/x/index.js", "src/.cache/c.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert source_files(str(tmp_path / "src")) == [str(tmp_path / "src/a.py"), str(tmp_path / "src/b.tsx")]
    # a glob's non-source matches are not scanned; a file named explicitly always is
    assert source_paths(str(tmp_path / "src/README.md"), globbed=True) == []
    assert source_paths(str(tmp_path / "src/README.md"), globbed=False) == [str(tmp_path / "src/README.md")]


def test_demo_product_sources():
    scans = [scan_file(p) for p in source_files(str(DEMO_PRODUCT))]
    assert all(not s.problems for s in scans)
    modules = {i.module for s in scans for i in s.imports}
    assert {"yaml", "defusedxml", "sqlalchemy.orm", "lodash/groupBy", "legacy-lodash/merge", "chart.js"} <= modules
    assert "react-dom/client" in modules and "./App" in modules


def _reference(tree: ast.AST) -> list[tuple[str, int]]:
    """Every absolute import by a full ast.walk: what the statement-only walk must equal."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.append((node.module, node.lineno))
    return sorted(found, key=lambda f: f[1])


def test_real_python_package_matches_a_full_ast_walk():
    """Every module of the installed Sphinx: the scanner's statement walk finds what a full walk finds."""
    root = Path(importlib.util.find_spec("sphinx").origin).parent  # type: ignore[arg-type]
    files = sorted(root.rglob("*.py"))
    assert len(files) > 100
    for path in files:
        data = path.read_bytes()
        found, problem = python_imports(data, str(path))
        assert problem is None
        if b"import_module" not in data and b"__import__" not in data:
            assert sorted(found, key=lambda f: f[1]) == _reference(ast.parse(data)), path
