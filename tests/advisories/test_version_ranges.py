"""The version-range facade: native ranges of each ecosystem to ``vers``, and ``affects`` (the matching core of
the anomaly feature). Expected answers are each ecosystem's documented semantics."""

from __future__ import annotations

import pytest

from sphinxcontrib.soup.facades.version_ranges import (
    affects,
    events_to_vers,
    is_valid_version,
    lower_bounds,
    scheme_of,
    to_vers,
)

# (ecosystem, native range, its vers)
CONVERSIONS = [
    ("npm", "<4.17.21", ("vers:npm/<4.17.21",)),
    ("npm", ">=1.0.0 <1.2.3", ("vers:npm/>=1.0.0|<1.2.3",)),
    ("npm", "^2", ("vers:npm/>=2.0.0|<3.0.0",)),
    ("npm", "^0.2.3", ("vers:npm/>=0.2.3|<0.3.0",)),
    ("npm", "~1.2", ("vers:npm/>=1.2.0|<1.3.0",)),
    ("npm", "1.x", ("vers:npm/>=1.0.0|<2.0.0",)),
    ("npm", "6.10.0 - 6.10.2", ("vers:npm/>=6.10.0|<=6.10.2",)),
    ("npm", "<=0.21.1", ("vers:npm/<=0.21.1",)),
    ("npm", ">= 1.0.0, < 1.2.3", ("vers:npm/>=1.0.0|<1.2.3",)),  # GitHub's syntax, as Dependabot writes it
    ("npm", "<1.2.6 || >=2.0.0 <2.0.3", ("vers:npm/<1.2.6|>=2.0.0|<2.0.3",)),
    ("npm", ">=1.0.0 <2.0.0 || >=1.5.0 <3.0.0", ("vers:npm/>=1.0.0|<3.0.0",)),  # overlapping alternatives merged
    ("npm", ">=1.0.0 >=1.2.0 <2.0.0", ("vers:npm/>=1.2.0|<2.0.0",)),  # AND: the intersection
    ("npm", "*", ("vers:npm/*",)),
    ("npm", "1.2.3", ("vers:npm/1.2.3",)),
    ("pypi", "<2.31.0", ("vers:pypi/<2.31.0",)),
    ("pypi", ">= 2.0.0, < 2.0.2", ("vers:pypi/>=2.0.0|<2.0.2",)),
    ("pypi", "!=1.0,>=0.5", ("vers:pypi/>=0.5|!=1.0",)),
    ("pypi", "==1.2.3", ("vers:pypi/1.2.3",)),
    ("nuget", "[1.0,2.0)", ("vers:nuget/>=1.0.0|<2.0.0",)),
    ("maven", "[1.0,2.0)", ("vers:maven/>=1.0|<2.0",)),
    ("maven", "(,1.0]", ("vers:maven/<=1.0",)),
    ("maven", "[1.0,2.0),[3.0,4.0)", ("vers:maven/>=1.0|<2.0|>=3.0|<4.0",)),
    ("maven", ">= 2.13.0, < 2.15.0", ("vers:maven/>=2.13.0|<2.15.0",)),
    ("maven", "2.10.0", ("vers:maven/2.10.0",)),  # a bare version is that version, not Maven's soft requirement
    ("cargo", ">=1.2.0, <1.5.0", ("vers:cargo/>=1.2.0|<1.5.0",)),
    ("cargo", "^0.3", ("vers:cargo/>=0.3.0|<0.4.0",)),
    ("golang", "v1.2.3", ("vers:golang/1.2.3",)),
    ("golang", "< 1.2.3", ("vers:golang/<1.2.3",)),
    ("golang", ">=v1.0.0 <v1.2.3", ("vers:golang/>=1.0.0|<1.2.3",)),
    ("gem", "~> 1.2", ("vers:gem/>=1.2|<2",)),
    ("gem", "~> 1.2.3", ("vers:gem/>=1.2.3|<1.3",)),
    ("gem", ">= 1.0, < 2", ("vers:gem/>=1.0|<2",)),
    ("composer", "^1.2|^2.0", ("vers:composer/>=1.2.0|<3.0.0",)),  # adjacent intervals become one
    ("composer", "~1.2", ("vers:composer/>=1.2.0|<2.0.0",)),  # Composer's tilde, not npm's
    ("composer", "~1.2.3", ("vers:composer/>=1.2.3|<1.3.0",)),
    ("composer", "1.2.*", ("vers:composer/>=1.2.0|<1.3.0",)),
    ("composer", ">=1.0 <1.5 || ^2.0", ("vers:composer/>=1.0.0|<1.5.0|>=2.0.0|<3.0.0",)),
    ("deb", "<< 1.2-3", ("vers:deb/<1.2-3",)),
    ("rpm", "< 0:2.13.3-3.el8_6.1", ("vers:rpm/<2.13.3-3.el8_6.1",)),
    ("apk", "<1.0.2q-r0", ("vers:apk/<1.0.2q-r0",)),
    ("npm", "vers:npm/<1.2.3", ("vers:npm/<1.2.3",)),
    ("pypi", "vers:generic/>=2.9|<=4.1", ("vers:generic/>=2.9.0|<=4.1.0",)),  # a vers keeps its own scheme
]


@pytest.mark.parametrize(("ecosystem", "native", "vers"), CONVERSIONS)
def test_to_vers(ecosystem: str, native: str, vers: tuple[str, ...]) -> None:
    assert to_vers(ecosystem, native) == vers


@pytest.mark.parametrize(
    ("ecosystem", "native"),
    [
        ("npm", ""),
        ("npm", "latest"),
        ("npm", "<not-a-version"),
        ("pypi", "~=1.2"),  # univers does not read ~= and == .*: not evaluated rather than guessed
        ("pypi", "==1.*"),
        ("maven", "[1.0,2.0"),
        ("composer", "dev-master"),
        ("unknown-ecosystem", "<1.0"),
        ("hackage", "<1.0"),
        ("npm", "vers:npm/<2.0.0|<3.0.0"),  # an invalid vers (two upper bounds in a row)
        ("npm", "vers:nosuchscheme/<1"),
    ],
)
def test_unreadable_ranges_are_none(ecosystem: str, native: str) -> None:
    assert to_vers(ecosystem, native) is None
    assert affects(ecosystem, native, "1.0.0") is None


def test_empty_range_holds_no_version() -> None:
    assert to_vers("npm", ">=2.0.0 <1.0.0") == ()
    assert affects("npm", ">=2.0.0 <1.0.0", "1.5.0") is False


# (ecosystem, range, version, affected?)
MATCHES = [
    ("npm", "<4.17.21", "4.17.20", True),
    ("npm", "<4.17.21", "4.17.21", False),
    ("npm", "<4.17.21", "4.17.21-beta.1", True),  # prereleases order below their release: the safe side
    ("npm", ">=1.0.0 <1.2.3", "1.2.2", True),
    ("npm", ">=1.0.0 <1.2.3", "0.9.9", False),
    ("npm", "^2", "2.99.0", True),
    ("npm", "^2", "3.0.0", False),
    ("npm", "<1.2.6 || >=2.0.0 <2.0.3", "1.5.0", False),
    ("npm", "<1.2.6 || >=2.0.0 <2.0.3", "2.0.2", True),
    ("npm", ">=1.0.0 <2.0.0 || >=1.5.0 <3.0.0", "2.5.0", True),
    ("pypi", "<2.31.0", "2.30.0", True),
    ("pypi", "<2.31.0", "2.31.0", False),
    ("pypi", "<2.31.0", "2.31.0rc1", True),
    ("pypi", "!=1.0,>=0.5", "1.0", False),
    ("pypi", "!=1.0,>=0.5", "1.0.0", False),  # PEP 440: 1.0 == 1.0.0
    ("pypi", "!=1.0,>=0.5", "1.1", True),
    ("pypi", "!=1.0,>=0.5", "0.4", False),
    ("nuget", "[1.0,2.0)", "1.5.3", True),
    ("nuget", "[1.0,2.0)", "2.0.0", False),
    ("maven", "[1.0,2.0)", "1.0", True),
    ("maven", "[1.0,2.0)", "2.0", False),
    ("maven", "[1.0,2.0)", "2.0-beta-1", True),  # Maven orders beta before the release
    ("maven", "2.10.0", "2.10.0", True),
    ("cargo", ">=1.2.0, <1.5.0", "1.4.9", True),
    ("cargo", "^0.3", "0.4.0", False),
    ("golang", "< 1.2.3", "v1.2.2", True),
    ("golang", "v1.2.3", "v1.2.3", True),
    ("golang", "v1.2.3", "1.2.4", False),
    ("gem", "~> 1.2", "1.9.9", True),
    ("gem", "~> 1.2", "2.0", False),
    ("composer", "^1.2|^2.0", "1.5.0", True),
    ("composer", "^1.2|^2.0", "2.9.1", True),
    ("composer", "^1.2|^2.0", "3.0.0", False),
    ("composer", "^1.2|^2.0", "v1.1.0", False),
    ("deb", "<< 1.2-3", "1.2-2", True),
    ("rpm", "< 0:2.13.3-3.el8_6.1", "2.13.3-3.el8_6", True),
    ("apk", "<1.0.2q-r0", "1.0.2p-r0", True),
    ("apk", "<1.0.2q-r0", "1.0.2q-r0", False),
    ("generic", "vers:generic/>=2.9|<=4.1", "3.0", True),
]


@pytest.mark.parametrize(("ecosystem", "range_", "version", "expected"), MATCHES)
def test_affects(ecosystem: str, range_: str, version: str, expected: bool) -> None:
    assert affects(ecosystem, range_, version) is expected


@pytest.mark.parametrize(
    ("ecosystem", "range_", "version"),
    [("npm", "<4.17.21", "not-a-version"), ("pypi", "<2.31.0", "2.x"), ("npm", "<1.0.0", ""), ("npm", "<1", None)],
)
def test_unreadable_versions_are_none(ecosystem: str, range_: str, version: object) -> None:
    assert affects(ecosystem, range_, version) is None  # type: ignore[arg-type]


def test_star_affects_every_version_even_unreadable_ones() -> None:
    assert affects("npm", "*", "1.0.0") is True


def test_osv_events() -> None:
    go = (("introduced", "0"), ("fixed", "1.21.12"), ("introduced", "1.22.0-0"), ("fixed", "1.22.5"))
    assert events_to_vers("golang", go) == ("vers:golang/<1.21.12|>=1.22.0-0|<1.22.5",)
    assert events_to_vers("pypi", (("introduced", "2.3.0"), ("fixed", "2.31.0"))) == ("vers:pypi/>=2.3.0|<2.31.0",)
    assert events_to_vers("pypi", (("introduced", "0"),)) == ("vers:pypi/*",)
    assert events_to_vers("pypi", (("introduced", "1.0"), ("last_affected", "1.5"))) == ("vers:pypi/>=1.0|<=1.5",)
    assert events_to_vers("npm", (("fixed", "2.0.0"), ("introduced", "1.0.0"))) == ("vers:npm/>=1.0.0|<2.0.0",)
    assert events_to_vers("npm", (("introduced", "0"), ("limit", "2.0.0"))) == ("vers:npm/<2.0.0",)
    assert events_to_vers("npm", (("introduced", "1.0.0"),)) == ("vers:npm/>=1.0.0",)


@pytest.mark.parametrize(
    "events",
    [
        (("introduced", "0"), ("fixed", "74ea7cf7a6a27a4eeb2ae24e162bcc942a6706d5")),  # a commit, not a version
        (("introduced", "0"), ("bogus", "1.0")),
        (),
    ],
)
def test_unreadable_events_are_none(events: tuple) -> None:
    assert events_to_vers("pypi", events) is None


def test_lower_bounds_are_the_first_fixed_versions() -> None:
    assert lower_bounds("npm", ">=1.14.8") == ("1.14.8",)
    assert lower_bounds("npm", ">=1.2.6 <2.0.0 || >=2.0.3") == ("1.2.6", "2.0.3")
    assert lower_bounds("npm", "<0.0.0") == ()  # npm's "no patch"
    assert lower_bounds("npm", "garbage") == ()


def test_versions_and_schemes() -> None:
    assert scheme_of("pypi") == "pypi" and scheme_of("swift") is None
    assert is_valid_version("npm", "1.2.3") and not is_valid_version("npm", "banana")
    assert is_valid_version("maven", "2.0-beta9") and not is_valid_version("unknown", "1.0")


@pytest.mark.parametrize("bad", [None, 3, ["<1"], {"a": 1}])
def test_wrong_types_are_none_not_errors(bad: object) -> None:
    assert to_vers("npm", bad) is None and to_vers(bad, "<1.0.0") is None  # type: ignore[arg-type]
    assert affects("npm", bad, "1.0.0") is None and affects("npm", "<1.0.0", bad) is None  # type: ignore[arg-type]
    assert events_to_vers("npm", ((["introduced"], bad),)) is None  # type: ignore[arg-type]
    assert is_valid_version("npm", bad) is False and is_valid_version(bad, "1.0.0") is False  # type: ignore[arg-type]
