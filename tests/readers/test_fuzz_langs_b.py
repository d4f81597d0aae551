"""Fuzz the Maven, Bundler and Composer readers: random text, mutated corpus files, random structures of the
right shape with values of the wrong type where the readers look.

Whatever the input: no exception, a ReadResult, every problem located in a file, components complete (see
``assert_result_well_formed``). Paths point into a directory that does not exist, so no sibling file is read.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib.soup.readers.composer import read_composer_json, read_composer_lock
from sphinxcontrib.soup.readers.maven import read_pom
from sphinxcontrib.soup.readers.ruby import read_gemfile_lock, scan_gemfile
from tests.readers.fuzzing import corpus_prefix, fuzz_settings, mutate

from .helpers_langs_a import assert_result_well_formed

NOWHERE = "/nonexistent-soup-fuzz/dir"
READERS = {
    "pom": (read_pom, f"{NOWHERE}/pom.xml", "maven"),
    "gemfile.lock": (read_gemfile_lock, f"{NOWHERE}/Gemfile.lock", "gem"),
    "composer.lock": (read_composer_lock, f"{NOWHERE}/composer.lock", "composer"),
    "composer.json": (read_composer_json, f"{NOWHERE}/composer.json", "composer"),
}
CORPUS_FILES = {
    "pom": [
        "fetched/java/commons-lang.pom.xml",
        "fetched/java/maven-surefire.pom.xml",
        "fetched/java/spring-petclinic.pom.xml",
    ],
    "gemfile.lock": [
        "generated/bundler/Gemfile.lock",
        "fetched/ruby/osv-schema-docs.Gemfile.lock",
        "fetched/ruby/rubygems.*.Gemfile.lock",
    ],
    "composer.lock": ["fetched/php/composer.composer.lock", "fetched/php/koel.composer.lock"],
    "composer.json": ["fetched/php/composer.composer.json", "fetched/php/koel.composer.json"],
}
MAX_BASE = 60_000  # mutate a prefix of the large files: the structure is the same, the run stays fast
FUZZ = fuzz_settings(100)


def check(fmt: str, text: str, **kwargs) -> None:
    reader, path, ecosystem = READERS[fmt]
    assert_result_well_formed(reader(text, path, **kwargs), ecosystem)


def corpus_text(corpus: Path, name: str) -> str:
    return corpus_prefix(corpus, name, MAX_BASE)


# --------------------------------------------------------------------------- random and mutated text


@FUZZ
@given(fmt=st.sampled_from(sorted(READERS)), text=st.text(max_size=400))
def test_random_text(fmt: str, text: str) -> None:
    check(fmt, text)


@FUZZ
@given(data=st.data())
def test_mutated_corpus_files(corpus: Path, data: st.DataObject) -> None:
    fmt = data.draw(st.sampled_from(sorted(CORPUS_FILES)))
    text = corpus_text(corpus, data.draw(st.sampled_from(CORPUS_FILES[fmt])))
    check(fmt, mutate(text, data))


# --------------------------------------------------------------------------- pom.xml: random trees of Maven's elements

POM_TAGS = [
    "dependencies", "dependency", "groupId", "artifactId", "version", "scope", "optional", "type", "classifier",
    "systemPath", "properties", "profiles", "profile", "id", "dependencyManagement", "parent", "packaging",
    "modules", "module", "exclusions", "build", "plugins", "plugin", "x.y", "revision",
]  # fmt: skip
POM_TEXT = [
    "", " ", "a", "/", "1.0", "[1,2)", "(,1]", "LATEST", "compile", "test", "provided", "system", "import", "runtime",
    "true", "jar", "pom", "${x.y}", "${revision}", "${project.version}", "${project.parent.version}", "${pom.groupId}",
    "${", "}", "${${x.y}}", "${missing}", "&amp;", "&lt;",
]  # fmt: skip

pom_text = st.sampled_from(POM_TEXT) | st.text(alphabet="ab1.-${}[](),", max_size=8)


def pom_elements(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, body: f"<{tag}>{''.join(body)}</{tag}>",
        st.sampled_from(POM_TAGS),
        st.lists(children | pom_text, max_size=4),
    )


pom_trees = st.recursive(pom_text, pom_elements, max_leaves=30)


@FUZZ
@given(body=st.lists(pom_trees, max_size=6), namespace=st.booleans())
def test_random_pom_structures(body: list[str], namespace: bool) -> None:
    xmlns = ' xmlns="http://maven.apache.org/POM/4.0.0"' if namespace else ""
    check("pom", f"<project{xmlns}>{''.join(body)}</project>")


# --------------------------------------------------------------------------- Gemfile.lock: lines of the right shapes

LOCK_LINES = [
    "GEM", "GIT", "PATH", "PLUGIN SOURCE", "DEPENDENCIES", "PLATFORMS", "RUBY VERSION", "BUNDLED WITH", "CHECKSUMS",
    "OTHER", "", "  remote: https://gems.example/", "  remote: .", "  remote: vendor/x", "  revision: abc",
    "  branch: main", "  specs:", "    a (1.0)", "    a (1.0-x86_64-linux)", "    b (2.0)", "    a", "      a",
    "      b (>= 1)", "      c (~> 1, < 3)", "  a", "  b (~> 2.0)!", "  c!", "  bundler (~> 2)", "   2.4.10",
    "  ruby", "   ruby 3.2.0p0", "  a (1.0) sha256=00", "\t  a (1)", "<<<<<<< HEAD", "=======", "    (1.0)",
    "    / (1)", "    a (", "      ", "  x:", "  :y",
]  # fmt: skip
GEMFILE_LINES = [
    'gem "a"', "gem 'b', '~> 2.0'", 'gem "c", group: :test', 'gem "a", groups: [:development, :test]',
    'gem "b", :group => "ci"', "group :development, :test do", "group(:docs, optional: true) do", "end",
    "platforms :jruby do", "if x", "else", "gemspec", "gemspec development_group: :dev", 'source "x" do', "#",
    'gem "a", # comment', "  require: false", "(", ")", "[", "]", "'", '"', ";", "do |x|", "%i[a b]", "\\",
]  # fmt: skip


@FUZZ
@given(
    lock=st.lists(st.sampled_from(LOCK_LINES), max_size=40),
    gemfile=st.none() | st.lists(st.sampled_from(GEMFILE_LINES), max_size=20),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_lock_and_gemfile_lines(lock: list[str], gemfile: list[str] | None, newline: str) -> None:
    text = newline.join(lock)
    if gemfile is None:
        check("gemfile.lock", text)
    else:
        check("gemfile.lock", text, gemfile_text="\n".join(gemfile))


@FUZZ
@given(st.text(max_size=300))
def test_gemfile_scan_of_random_text(text: str) -> None:
    scan = scan_gemfile(text)
    assert all(isinstance(name, str) and declared for name, declared in scan.declared.items())


# --------------------------------------------------------------------------- composer: JSON of the wrong types

KEYS = [
    "name", "version", "require", "require-dev", "replace", "provide", "license", "source", "dist", "type", "url",
    "reference", "notification-url", "description", "homepage", "packages", "packages-dev",
]  # fmt: skip
STRINGS = ["", "a/b", "c/d", "php", "ext-json", "lib-icu", "1.0.0", "v2.0", "dev-main", "^1.0", "*", "path", "git",
           "zip", "MIT", "a", "/", "A/B"]  # fmt: skip

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False)
    | st.sampled_from(STRINGS)
    | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(STRINGS + KEYS), inner, max_size=4),
    max_leaves=12,
)
packages = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8).map(
    lambda d: {"name": "a/b", "version": "1.0.0", **d}
)


@FUZZ
@given(
    packages=st.lists(packages | json_values, max_size=5),
    dev=st.lists(packages, max_size=3) | json_values,
    manifest=st.dictionaries(st.sampled_from(["require", "require-dev", "name"]), json_values, max_size=3),
    indent=st.sampled_from([None, 4]),
)
def test_wrong_types_in_composer_files(packages: list, dev: object, manifest: dict, indent: int | None) -> None:
    lock = json.dumps({"packages": packages, "packages-dev": dev}, indent=indent)
    manifest_text = json.dumps(manifest, indent=indent)
    check("composer.lock", lock, manifest_text=manifest_text)
    check("composer.json", manifest_text)
