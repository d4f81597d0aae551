"""OS package lists: real dpkg, apk and rpm data (tests/readers/data/os, provenance in its README.md), bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.readers.ospkg import (
    APK_INSTALLED,
    DPKG_QUERY,
    DPKG_STATUS,
    RPM_QA,
    parse_os_release,
    read_apk_installed,
    read_dpkg_query,
    read_dpkg_status,
    read_rpm_qa,
    sniff,
)

from .sbomhelpers import messages, registry, well_formed

__all__ = ["registry"]  # the fixture, used by name

DATA = Path(__file__).parent / "data" / "os"
DEBIAN = DATA / "debian12"
ALPINE = DATA / "alpine314"
RHCOS = DATA / "rhcos42" / "rhcos-sosreport.rpm-qa.txt"


def read(reader, path: Path, text: str | None = None, **keywords):
    result = reader(path.read_text(encoding="utf-8") if text is None else text, str(path), **keywords)
    return well_formed(result, str(path))


def by_name(result) -> dict:
    return {c.name: c for c in result.components}


# --------------------------------------------------------------------------- dpkg


def test_dpkg_status_of_a_real_debian_12() -> None:
    """52 real stanzas: the dependency closure of curl, ca-certificates, gzip, tar and liberror-perl.

    Direct: what nothing else in the file depends on (curl, liberror-perl) plus the base system (Essential:
    dpkg, gzip, perl-base, tar; Priority required: debconf). Everything else is reached from them.
    """
    result = read(read_dpkg_status, DEBIAN / "status")
    assert len(result.components) == 52 and not result.problems
    comps = by_name(result)
    assert {c.name for c in result.components if c.direct} == {
        "curl",
        "liberror-perl",
        "dpkg",
        "gzip",
        "perl-base",
        "tar",
        "debconf",
    }
    assert comps["libssl3"].via == ("curl",) and comps["perl"].via == ("liberror-perl",)  # perl:any
    assert comps["libc6"].via == ("curl", "dpkg", "gzip", "liberror-perl", "perl-base", "tar")
    assert comps["ca-certificates"].via == ("curl",)  # through a Recommends
    curl = comps["curl"]
    assert (curl.version, curl.source.line, curl.origin, curl.scope) == ("7.88.1-10+deb12u14", 23, "system", "runtime")
    assert curl.purl == "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u14?arch=amd64&distro=debian-12"
    assert comps["libc6"].homepage == "https://www.gnu.org/software/libc/libc.html"
    assert comps["libc6"].description == "GNU C Library: Shared libraries"
    assert comps["zlib1g"].version == "1:1.2.13.dfsg-1"  # the epoch stays in a deb version
    assert result.includes == (str(DEBIAN / "os-release"),)


def test_dpkg_query_formats_agree_with_each_other_and_with_the_status() -> None:
    """The two ``dpkg-query -W`` listings of the same machine name the same 765 packages; the 52 status
    stanzas copied from that machine have the same versions there."""
    tabbed = read(read_dpkg_query, DEBIAN / "debian12.dpkg-query.txt")
    default = read(read_dpkg_query, DEBIAN / "dpkg-query-default.txt")
    listed = {(c.name, c.version) for c in tabbed.components}
    assert len(listed) == 765 and listed == {(c.name, c.version) for c in default.components}
    assert all(c.direct and c.via == () for c in tabbed.components) and not tabbed.problems
    status = read(read_dpkg_status, DEBIAN / "status")
    assert {(c.name, c.version) for c in status.components} <= listed
    multiarch = by_name(default)["binutils-common"]  # "binutils-common:amd64" in the default format
    assert multiarch.purl == "pkg:deb/debian/binutils-common@2.40-2?arch=amd64&distro=debian-12"
    assert by_name(default)["adduser"].purl == "pkg:deb/debian/adduser@3.134?distro=debian-12"  # no arch given


def test_dpkg_status_states_and_defects(tmp_path: Path) -> None:
    text = """Package: kept
Status: install ok installed
Version: 1.0
Depends: libc6 (>= 2.34) | libc6.1, absent (>= 1), virtual-thing

Package: removed
Status: deinstall ok config-files
Version: 2.0

Package: half
Status: install ok half-configured
Version: 3.0
Provides: virtual-thing
Description: first line
 continued description

 continuation after a blank line
Version

Status: install ok installed
Version: 4.0
"""
    path = tmp_path / "status"
    result = read(read_dpkg_status, path, text)
    assert [(c.name, c.version, c.direct, c.via) for c in result.components] == [
        ("kept", "1.0", True, ()),
        ("half", "3.0", False, ("kept",)),
    ]
    assert [(p.message, p.source.line) for p in result.problems] == [
        ("'half' is half-configured, not fully installed: listed", 10),
        ("a continuation line outside any field", 17),
        ("not a 'Field: value' line: 'Version'", 18),
        ("a stanza without a Package field: not listed", 20),
        ("'kept' depends on 'libc6 (>= 2.34) | libc6.1', which is not installed", 1),
        ("'kept' depends on 'absent (>= 1)', which is not installed", 1),
    ]
    assert by_name(result)["kept"].purl == "pkg:deb/debian/kept@1.0"  # no os-release here: default namespace


def test_dpkg_query_defects(tmp_path: Path) -> None:
    result = read(read_dpkg_query, tmp_path / "x.dpkg-query.txt", "ok\t1.0\tamd64\nno version here\n\tlonely\n")
    assert [c.name for c in result.components] == ["ok"]
    assert [p.source.line for p in result.problems] == [2, 3]


# --------------------------------------------------------------------------- apk


def test_apk_installed_of_a_real_alpine_minirootfs() -> None:
    """26 packages; direct = the 12 names of apk's ``world``; the rest reached through ``D:`` names and
    ``so:``/``cmd:``/``/bin/sh`` provides, and ssl_client through its ``i:`` (install-if busybox).
    ``via`` names every direct package a path starts from, through other direct ones too, as for npm."""
    result = read(read_apk_installed, ALPINE / "installed", distro="alpine-3.14")
    comps = by_name(result)
    assert len(result.components) == 26 and not result.problems
    world = set((ALPINE / "world").read_text().split())
    assert {c.name for c in result.components if c.direct} == world
    # ssl_client comes with busybox (its install-if), which alpine-baselayout and openrc need as /bin/sh
    assert comps["ssl_client"].via == comps["libretls"].via == ("alpine-baselayout", "busybox", "openrc")
    assert comps["ifupdown-ng"].via == ("openrc",)  # openrc depends on the virtual ifupdown-any
    assert comps["icu-libs"].via == ("boost1.75-log_setup",)  # through boost1.75-regex
    musl = comps["musl"]
    assert (musl.version, musl.license, musl.source.line) == ("1.2.2-r3", "MIT", 1)
    assert musl.purl == "pkg:apk/alpine/musl@1.2.2-r3?arch=armv7&distro=alpine-3.14"
    assert comps["ca-certificates-bundle"].license == "MPL-2.0 AND MIT"
    assert comps["libretls"].license == "ISC AND (BSD-3-Clause OR MIT)"
    assert comps["musl"].homepage == "https://musl.libc.org/"
    assert result.includes == (str(ALPINE / "world"),)


def test_apk_without_world_takes_what_nothing_depends_on(tmp_path: Path) -> None:
    shutil.copy(ALPINE / "installed", tmp_path / "installed")
    result = read(read_apk_installed, tmp_path / "installed")
    direct = {c.name for c in result.components if c.direct}
    assert direct == {
        "alpine-baselayout",
        "alpine-keys",
        "apk-tools",
        "boost1.75-log_setup",
        "boost1.75-program_options",
        "boost1.75-system",
        "libc-utils",
        "openrc",
    }
    assert by_name(result)["musl"].purl == "pkg:apk/alpine/musl@1.2.2-r3?arch=armv7"  # default namespace


def test_apk_defects(tmp_path: Path) -> None:
    text = "P:a\nV:1\nD:b>=2 so:libmissing.so.1 !conflict\n\nV:9\n\nP:b\nV:2\np:cmd:b\n\nP:nover\n"
    result = read(read_apk_installed, tmp_path / "x.apk-installed", text)
    assert [(c.name, c.version, c.direct, c.via) for c in result.components] == [
        ("a", "1", True, ()),
        ("b", "2", False, ("a",)),
        ("nover", "", True, ()),
    ]
    assert [(p.message, p.source.line) for p in result.problems] == [
        ("a package without a P: (name) line: not listed", 5),
        ("'nover' has no V: (version) line", 11),
        ("'a' depends on 'so:libmissing.so.1', which nothing installed provides", 1),
    ]


# --------------------------------------------------------------------------- rpm


def test_rpm_qa_of_a_real_rhcos_sosreport() -> None:
    """107 NVRA lines of a RHEL CoreOS 4.2 sosreport; its first line is a shell error sosreport captured."""
    result = read(read_rpm_qa, RHCOS, distro="rhel-8.0")
    comps = by_name(result)
    assert len(result.components) == 107 and all(c.direct for c in result.components)
    assert [(p.message, p.source.line) for p in result.problems] == [
        ("not an rpm package line: 'shell-init: error retrieving current directory: getcwd: cann'", 1)
    ]
    assert (comps["cri-o"].version, comps["cri-o"].source.line) == ("1.14.10-0.21.dev.rhaos4.2.git0d4a906.el8", 45)
    assert comps["c-ares"].version == "1.13.0-5.el8"
    assert comps["coreos-installer"].version == "0-9.rhaos4.2.git2fcf441.el8"
    plugins = comps["containernetworking-plugins"]
    assert plugins.version == "0.8.1-1.module+el8.1.0+3402+f73c5901"
    assert comps["bash"].purl == "pkg:rpm/redhat/bash@4.4.19-8.el8_0?arch=x86_64&distro=rhel-8.0"
    assert comps["basesystem"].purl.endswith("?arch=noarch&distro=rhel-8.0")


def test_rpm_queryformat_with_tabs(tmp_path: Path) -> None:
    """The queryformat the reader documents, with the real names and versions of the sosreport above."""
    text = (
        "bash\t4.4.19-8.el8_0\tx86_64\tGPLv3+\n"
        "glibc\t(none):2.28-42.el8_0.1\tx86_64\tLGPLv2+ and LGPLv2+ with exceptions and GPLv2+\n"
        "grub2-common\t1:2.02-66.el8_0.1\tnoarch\tGPLv3+\n"
        "gpg-pubkey\tfd431d51-4ae0493b\t(none)\tpubkey\n"
        "justaname\n"
    )
    result = read(read_rpm_qa, tmp_path / "x.rpm-qa.txt", text)
    assert [(c.name, c.version, c.license, c.purl) for c in result.components] == [
        ("bash", "4.4.19-8.el8_0", "GPLv3+", "pkg:rpm/bash@4.4.19-8.el8_0?arch=x86_64"),
        (
            "glibc",
            "2.28-42.el8_0.1",
            "LGPLv2+ and LGPLv2+ with exceptions and GPLv2+",
            "pkg:rpm/glibc@2.28-42.el8_0.1?arch=x86_64",
        ),
        ("grub2-common", "1:2.02-66.el8_0.1", "GPLv3+", "pkg:rpm/grub2-common@2.02-66.el8_0.1?arch=noarch&epoch=1"),
    ]
    assert [(p.message, p.source.line) for p in result.problems] == [("not an rpm package line: 'justaname'", 5)]


# --------------------------------------------------------------------------- distribution


def test_os_release_of_the_root_file_system(tmp_path: Path) -> None:
    root = tmp_path / "rootfs"
    (root / "var/lib/dpkg").mkdir(parents=True)
    (root / "usr/lib").mkdir(parents=True)
    shutil.copy(DEBIAN / "status", root / "var/lib/dpkg/status")
    (root / "usr/lib/os-release").write_text('NAME="Ubuntu"\nID=ubuntu\nVERSION_ID="22.04"\n')
    result = read(read_dpkg_status, root / "var/lib/dpkg/status")
    assert by_name(result)["curl"].purl.startswith("pkg:deb/ubuntu/curl@") and "distro=ubuntu-22.04" in (
        by_name(result)["curl"].purl
    )
    assert result.includes == (str(root / "usr/lib/os-release"),)
    keyword = read(read_dpkg_status, root / "var/lib/dpkg/status", distro="debian-12")
    assert by_name(keyword)["curl"].purl.endswith("?arch=amd64&distro=debian-12") and not keyword.includes


def test_os_release_syntax() -> None:
    text = '# comment\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID=\'8.0\'\nPRETTY_NAME="Red \\"Hat\\""\nNOEQUALS\n'
    assert parse_os_release(text) == {
        "ID": "rhel",
        "ID_LIKE": "fedora",
        "VERSION_ID": "8.0",
        "PRETTY_NAME": 'Red "Hat"',
    }
    assert parse_os_release((DEBIAN / "os-release").read_text())["VERSION_ID"] == "12"


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (DEBIAN / "status", DPKG_STATUS),
        (DEBIAN / "debian12.dpkg-query.txt", DPKG_QUERY),
        (DEBIAN / "dpkg-query-default.txt", DPKG_QUERY),
        (ALPINE / "installed", APK_INSTALLED),
        (RHCOS, RPM_QA),
    ],
)
def test_names_and_content_select_the_reader(registry: None, path: Path, fmt: str) -> None:
    assert readers.detect(str(path)) == fmt
    result = readers.read_path(str(path))
    assert result.format == fmt and result.components
    head = path.read_text()[:4096]
    assert sniff("renamed", head) == (fmt if fmt != DPKG_QUERY else None)  # tab-separated lines are too plain


def test_sniff_ignores_other_text() -> None:
    assert sniff("x", "Package: a\nVersion: 1\n") is None and sniff("x", "P:a\n") is None


def test_nothing_installed() -> None:
    for reader in (read_dpkg_status, read_dpkg_query, read_apk_installed, read_rpm_qa):
        result = reader("", "empty")
        assert result.components == () and messages(result) == []
