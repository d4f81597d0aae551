"""make_purl builds common purls itself for speed: every one must equal what packageurl-python builds."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from packageurl import PackageURL

from sphinxcontrib.soup.facades.pep508 import canonical_name
from sphinxcontrib.soup.facades.purl import make_purl
from sphinxcontrib.soup.readers.npm import valid_name

TYPES = [
    "npm",
    "pypi",
    "github",
    "golang",
    "composer",
    "deb",
    "apk",
    "maven",
    "nuget",
    "generic",
    "gem",
    "cargo",
    "rpm",
]
parts = st.from_regex(r"[A-Za-z0-9._~+@% -]{1,10}", fullmatch=True) | st.text(min_size=1, max_size=8)
namespaces = st.none() | parts | st.sampled_from(["github.com/spf13", "golang.org/x", "org.apache.commons", "@Babel"])


@settings(max_examples=1500, deadline=None)
@given(ecosystem=st.sampled_from(TYPES), name=parts, version=st.none() | st.just("") | parts, namespace=namespaces)
def test_fast_path_equals_packageurl(ecosystem, name, version, namespace):
    if ecosystem == "pypi":
        assume(namespace is None)
        name = canonical_name(name)  # make_purl normalizes PyPI names (PEP 503) before building the purl
        assume(name)
    if ecosystem == "npm" and namespace is None:
        assume(not name.startswith("@"))  # "@scope/name" is split by make_purl: compared below
    try:
        expected = PackageURL(type=ecosystem, namespace=namespace, name=name, version=version or None).to_string()
    except (ValueError, TypeError):  # names the library refuses (blank ones): readers never pass them
        assume(False)
    assert make_purl(ecosystem, name, version, namespace=namespace) == expected


@pytest.mark.parametrize(
    ("args", "purl"),
    [
        (("npm", "@babel/core", "7.1.0"), "pkg:npm/%40babel/core@7.1.0"),
        (("pypi", "Foo_Bar", "1.0"), "pkg:pypi/foo-bar@1.0"),
        (("nuget", "Newtonsoft.Json", "13.0.3"), "pkg:nuget/Newtonsoft.Json@13.0.3"),
        (("golang", "cobra", "v1.8.0", None, "github.com/spf13"), "pkg:golang/github.com/spf13/cobra@v1.8.0"),
        (("deb", "openssl", "3.0.11-1", {"arch": "amd64"}, "debian"), "pkg:deb/debian/openssl@3.0.11-1?arch=amd64"),
    ],
)
def test_examples(args, purl):
    assert make_purl(*args) == purl


npm_names = st.from_regex(r"(@[a-zA-Z0-9._~-]{1,8}/)?[a-zA-Z0-9._~+ -]{1,10}", fullmatch=True).filter(valid_name)
versions = st.none() | st.from_regex(r"[A-Za-z0-9._~+ -]{1,10}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(ecosystem=st.sampled_from(["npm", "pypi"]), name=npm_names, version=versions)
def test_scoped_and_pypi_names_as_readers_pass_them(ecosystem: str, name: str, version: str | None) -> None:
    """The facade builds common purls itself (speed); it must equal what packageurl builds.

    Names are those the reader accepts (``valid_name``): packageurl itself fails on blank ones.
    """
    purl = make_purl(ecosystem, name, version)
    namespace, plain = name.split("/", 1) if ecosystem == "npm" and name.startswith("@") else (None, name)
    if ecosystem == "pypi":
        plain = canonical_name(plain)
    library = PackageURL(type=ecosystem, namespace=namespace, name=plain, version=version or None).to_string()
    assert purl == library
