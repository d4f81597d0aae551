"""go.mod reader: real go.mod files (with their go.sum), replace/exclude/tool directives, syntax, bad input."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.model import Source
from sphinxcontrib.soup.readers import gomod
from sphinxcontrib.soup.readers.gomod import read_go_mod, tokenize

from .helpers_langs_a import assert_result_well_formed, named, register

GO = "fetched/go/"


def read(path: Path, text: str | None = None, **kwargs):
    result = read_go_mod(path.read_text() if text is None else textwrap.dedent(text), str(path), **kwargs)
    assert_result_well_formed(result, "golang")
    assert all(c.scope == "runtime" and c.via == () for c in result.components)
    return result


# --------------------------------------------------------------------------- corpus (counts read off the files)


@pytest.mark.parametrize(
    ("name", "total", "indirect"),
    [("cobra", 4, 0), ("fzf", 11, 4), ("gh-cli", 158, 111), ("osv-schema-bindings", 1, 0)],
)
def test_corpus_counts(corpus: Path, name: str, total: int, indirect: int) -> None:
    """Requirements in each file (block and single form) and its ``// indirect`` lines, counted with grep."""
    path = corpus / GO / f"{name}.go.mod"
    result = read(path)
    assert len(result.components) == total
    assert sum(not c.direct for c in result.components) == indirect
    assert result.includes == (str(corpus / GO / f"{name}.go.sum"),)
    assert not [p for p in result.problems if p.kind != "input"]  # every required module is in go.sum


def test_gh_cli(corpus: Path) -> None:
    path = corpus / GO / "gh-cli.go.mod"
    result = read(path)
    assert not result.problems  # go 1.22.5 (toolchain go1.22.6): go.mod lists the whole build
    comps = named(result)
    survey = comps["github.com/AlecAivazis/survey/v2", "v2.3.7"]
    assert (survey.purl, survey.source, survey.direct) == (
        "pkg:golang/github.com/AlecAivazis/survey/v2@v2.3.7",
        Source(str(path), 8),
        True,
    )
    # replace github.com/rogpeppe/go-internal => github.com/cli/go-internal <pseudo-version>
    replaced = comps["github.com/cli/go-internal", "v0.0.0-20241024130215-fa3c22e38b9b"]
    assert replaced.alias == "github.com/rogpeppe/go-internal" and replaced.origin == "registry"
    assert replaced.resolved == "github.com/cli/go-internal@v0.0.0-20241024130215-fa3c22e38b9b"
    assert replaced.source.line == 128 and replaced.direct  # where it is required
    assert not any(c.name == "github.com/rogpeppe/go-internal" for c in result.components)
    pseudo = comps["github.com/charmbracelet/lipgloss", "v0.10.1-0.20240413172830-d0be07ea6b9c"]
    assert pseudo.purl == "pkg:golang/github.com/charmbracelet/lipgloss@v0.10.1-0.20240413172830-d0be07ea6b9c"


def test_cobra_before_go_1_17(corpus: Path) -> None:
    path = corpus / GO / "cobra.go.mod"
    result = read(path)
    [problem] = result.problems
    assert problem.kind == "input" and problem.message.startswith("go 1.15: before Go 1.17")
    assert problem.source == Source(str(path))
    comps = named(result)
    assert comps["go.yaml.in/yaml/v3", "v3.0.4"].purl == "pkg:golang/go.yaml.in/yaml/v3@v3.0.4"
    assert comps["github.com/spf13/pflag", "v1.0.9"].source.line == 8


def test_fzf_go_directive_after_requires(corpus: Path) -> None:
    result = read(corpus / GO / "fzf.go.mod")
    assert not result.problems  # ``go 1.23.0`` at the end of the file still counts
    comps = named(result)
    assert comps["github.com/junegunn/go-shellwords", "v0.0.0-20250127100254-2aa3b3277741"].direct
    assert not comps["golang.org/x/text", "v0.28.0"].direct


# --------------------------------------------------------------------------- directives


def test_replace_exclude_retract_tool(tmp_path: Path) -> None:
    text = """\
        module example.com/app // the module

        go 1.24
        toolchain go1.24.1
        godebug default=go1.21

        require (
            example.com/a v1.2.3
            example.com/b v2.0.0+incompatible // indirect
            example.com/local v0.1.0
            golang.org/x/tools v0.30.0 // indirect; used by the stringer tool
            "example.com/quoted" v1.0.0
            gopkg.in/yaml.v3 v3.0.1
        )

        require example.com/excluded v1.0.0

        replace example.com/local => ../local
        replace example.com/a v1.2.3 => example.com/fork v1.2.4
        replace example.com/b v9.9.9 => example.com/never v1.0.0
        exclude example.com/excluded v1.0.0
        retract [v0.1.0, v0.2.0] // broken
        retract v0.0.1
        tool golang.org/x/tools/cmd/stringer
        ignore ./node_modules
        """
    sums = "\n".join(
        f"{m} {v}/go.mod h1:x="
        for m, v in [
            ("example.com/fork", "v1.2.4"),
            ("example.com/b", "v2.0.0+incompatible"),
            ("golang.org/x/tools", "v0.30.0"),
            ("example.com/quoted", "v1.0.0"),
            ("gopkg.in/yaml.v3", "v3.0.1"),
        ]
    )
    result = read(tmp_path / "go.mod", text, sum_text=sums, sum_path="go.sum")
    assert result.includes == ("go.sum",)
    comps = named(result)
    fork = comps["example.com/fork", "v1.2.4"]
    assert (fork.alias, fork.resolved, fork.purl) == (
        "example.com/a",
        "example.com/fork@v1.2.4",
        "pkg:golang/example.com/fork@v1.2.4",
    )
    local = comps["example.com/local", ""]
    assert (local.origin, local.resolved, local.purl) == ("path", "../local", "pkg:golang/example.com/local")
    assert comps["example.com/b", "v2.0.0+incompatible"].purl == "pkg:golang/example.com/b@v2.0.0%2Bincompatible"
    assert not comps["golang.org/x/tools", "v0.30.0"].direct  # "// indirect; reason"
    assert comps["golang.org/x/tools", "v0.30.0"].groups == ("tool",)
    assert comps["example.com/quoted", "v1.0.0"].direct
    assert comps["gopkg.in/yaml.v3", "v3.0.1"].purl == "pkg:golang/gopkg.in/yaml.v3@v3.0.1"
    messages = [(p.message, p.source.line) for p in result.problems]
    assert messages == [
        ("example.com/excluded v1.0.0 is required but also excluded", 16),
        ("example.com/excluded v1.0.0 is required but go.sum has no checksum for it", 16),
    ]


def test_missing_go_sum_and_missing_entries(tmp_path: Path) -> None:
    text = "module m\ngo 1.21\nrequire (\n\ta.example/x v1.0.0\n\tb.example/y v1.1.0\n)\n"
    alone = read(tmp_path / "go.mod", text)
    [problem] = alone.problems
    assert problem.kind == "input" and "no go.sum beside go.mod" in problem.message and not alone.includes
    (tmp_path / "go.sum").write_text("a.example/x v1.0.0 h1:abc=\na.example/x v1.0.0/go.mod h1:def=\nbroken line\n")
    result = read(tmp_path / "go.mod", text)
    assert result.includes == (str(tmp_path / "go.sum"),)
    [problem] = result.problems
    assert problem.message == "b.example/y v1.1.0 is required but go.sum has no checksum for it"
    assert problem.source == Source(str(tmp_path / "go.mod"), 5)


def test_prefixed_go_mod_finds_prefixed_go_sum(tmp_path: Path) -> None:
    (tmp_path / "svc.go.sum").write_text("a.example/x v1.0.0/go.mod h1:def=\n")
    result = read(tmp_path / "svc.go.mod", "module m\ngo 1.21\nrequire a.example/x v1.0.0\n")
    assert result.includes == (str(tmp_path / "svc.go.sum"),) and not result.problems


@pytest.mark.parametrize(
    ("line", "tokens", "comment"),
    [
        ("require a v1 // indirect", ["require", "a", "v1"], "indirect"),
        ('replace "a b" => `c` v2', ["replace", "a b", "=>", "c", "v2"], ""),
        ("replace a=>b v1", ["replace", "a", "=>", "b", "v1"], ""),
        ("require (", ["require", "("], ""),
        ("\t)", [")"], ""),
        ("// only a comment", [], "only a comment"),
        ('module "a\\"b"', ["module", 'a"b'], ""),
    ],
)
def test_tokenize(line: str, tokens: list[str], comment: str) -> None:
    assert tokenize(line) == (tokens, comment, None)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("text", "kind", "fragment", "line"),
    [
        ("module m\ngo 1.21\nrequire (\n\ta v1.0.0\n", "parse", "require block opened here is never closed", 3),
        ('module m\ngo 1.21\nrequire "a v1.0.0\n', "parse", "unterminated quoted string", 3),
        ("module m\ngo 1.21\nrequires a v1.0.0\n", "parse", "unknown go.mod directive 'requires'", 3),
        ("module m\ngo 1.21\nrequire a\n", "parse", "require needs a module path and a version", 3),
        ("module m\ngo 1.21\nrequire a 1.0\n", "manifest", "not a semantic version", 3),
        ("module m\ngo 1.21\nrequire (\n\t(a v1\n)\n", "parse", "parenthesis inside a block", 4),
        ("module m\ngo 1.21\nrequire a ( v1\n", "parse", "unexpected parenthesis", 3),
        ("module m\ngo 1.21\nreplace a v1\n", "parse", "replace should be", 3),
        ("module m\ngo 1.21\nreplace a => b\n", "manifest", "needs a version", 3),
        ('module m\ngo 1.21\nrequire "" v1.0.0\n', "parse", "require without a module path", 3),
        ("module m\ngo 1.21 1.22\n", "parse", "go directive with 2 arguments", 2),
    ],
)
def test_bad_input_is_located(tmp_path: Path, text: str, kind: str, fragment: str, line: int) -> None:
    (tmp_path / "go.sum").write_text("")
    result = read(tmp_path / "go.mod", text)
    problem = result.problems[0]
    assert (problem.kind, problem.source.line) == (kind, line) and fragment in problem.message, result.problems


def test_read_path_detects_the_format(corpus: Path, monkeypatch) -> None:
    register(monkeypatch, gomod)
    result = readers.read_path(str(corpus / GO / "gh-cli.go.mod"))
    assert result.format == "go.mod" and len(result.components) == 158


def test_patterns() -> None:
    assert dict(gomod.PATTERNS) == {"go.mod": "go.mod", "*.go.mod": "go.mod"}
