"""The operating system as SOUP: the packages installed in an image or on a device's root file system.

Formats (all line formats, parsed here: no maintained Python library reads them without the package manager):

- ``dpkg-status``: ``/var/lib/dpkg/status``, RFC 822 stanzas. A package counts when its ``Status`` says it is
  on disk (``install ok installed``, ``hold ok installed``; half-installed states are listed with a problem;
  ``config-files`` and ``not-installed`` are gone and skipped). ``Depends``, ``Pre-Depends`` and
  ``Recommends`` give the edges (``a | b``: the first alternative installed, directly or through
  ``Provides``; version constraints and ``:any`` / ``:amd64`` qualifiers ignored); a missing ``Depends`` or
  ``Pre-Depends`` is reported (dpkg never leaves one, so the file is partial). ``Homepage`` and the first
  line of ``Description`` are kept.
- ``dpkg-query``: ``dpkg-query -W -f='${Package}\\t${Version}\\t${Architecture}\\n'`` or the default
  ``dpkg-query -W`` (``${binary:Package}\\t${Version}``, ``name:arch`` for multi-arch packages).
- ``apk-installed``: ``/lib/apk/db/installed``, blank-line separated ``K:value`` stanzas: ``P`` name, ``V``
  version, ``A`` arch, ``L`` license, ``T`` description, ``U`` homepage, ``D`` depends (names with
  constraints, ``so:``/``cmd:`` provides, ``!conflicts``), ``p`` provides, ``i`` install-if (installed when
  all the packages it names are: an edge from the first, the package it completes).
- ``rpm-qa``: one package per line, either ``rpm -qa --queryformat
  '%{NAME}\\t%{EPOCH}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{LICENSE}\\n'`` (tab separated; the epoch part is
  optional, ``(none):`` counts as none; arch and license optional) or the default ``rpm -qa`` output
  ``name-version-release.arch`` (anything after the first blank is ignored: sosreport's ``installed-rpms``
  adds the install date). ``gpg-pubkey`` lines are the signing keys rpm keeps in its database, not
  software: skipped.

Direct and via. An OS image has no manifest saying what was asked for. The rule: ``direct`` = the packages no
other installed package depends on (what someone installed on purpose), plus the base system (dpkg
``Essential: yes`` or ``Priority: required``); with apk, the packages named in ``world`` (apk's own list of
what was asked for, read from a ``world`` file beside the database or the root file system's
``etc/apk/world``). Every other package is transitive, with ``via`` naming the direct packages that pull it
in. Package lists without dependencies (``dpkg-query``, ``rpm -qa``) list every package as direct. Scope is
always runtime; origin ``system``.

Distribution. A purl names the distribution (``pkg:deb/debian/...?distro=debian-12``), which a package list
does not say. It comes from the reader's ``distro`` keyword (``"debian-12"``, ``"alpine-3.14"``,
``"rhel-8.0"``), else from an ``os-release`` file beside the list or in the root file system it belongs to
(``etc/os-release``, ``usr/lib/os-release``), else defaults: namespace ``debian`` for deb, ``alpine`` for
apk, none for rpm, and no ``distro`` qualifier. ``arch`` is always a qualifier.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import quote

from ..facades.purl import make_purl
from ..graph import reach
from ..model import Component, ReadResult, Source
from .base import dedupe, read_text
from .lock_common import Problems, roots

DPKG_STATUS = "dpkg-status"
DPKG_QUERY = "dpkg-query"
APK_INSTALLED = "apk-installed"
RPM_QA = "rpm-qa"

#: os-release ID -> the purl namespace the package ecosystem uses for that distribution
_NAMESPACES = {"rhel": "redhat", "rhcos": "redhat"}
_DEFAULT_NAMESPACES = {"deb": "debian", "apk": "alpine", "rpm": None}
#: where an installed-package database sits in a root file system, for its os-release and apk world
_DATABASES = ("var/lib/dpkg/status", "lib/apk/db/installed")
_INSTALLED = frozenset(("installed",))
_GONE = frozenset(("not-installed", "config-files"))
_DPKG_RELATIONS = ("Pre-Depends", "Depends", "Recommends")
_RPM_ARCHES = frozenset(
    "noarch x86_64 i386 i486 i586 i686 athlon aarch64 armv7hl armv7l armv6hl ppc ppc64 ppc64le s390 s390x "
    "riscv64 loongarch64 src nosrc (none)".split()
)
_APK_CONSTRAINT = re.compile(r"[<>=~]")


@dataclass(slots=True)
class Package:
    """One installed package, before the graph gives it ``direct`` and ``via``."""

    name: str
    version: str
    arch: str | None
    line: int | None
    license: str | None = None
    description: str | None = None
    homepage: str | None = None
    base: bool = False  # part of the base system: direct whatever depends on it


@dataclass
class Installed:
    """The packages of one list and, when the format has them, the edges between their names."""

    packages: list[Package] = field(default_factory=list)
    edges: dict[str, set[str]] | None = None  # name -> names it depends on; None: the format has none
    asked: set[str] | None = None  # names asked for (apk world), when known


class Distro(NamedTuple):
    namespace: str | None
    qualifier: str | None  # the purl ``distro`` qualifier (``debian-12``)


# ---------------------------------------------------------------------------------------------------------
# Readers


def read_dpkg_status(text: str, path: str, distro: str | None = None) -> ReadResult:
    """Installed packages of a dpkg ``status`` database, with their dependency graph."""
    problems = Problems(path)
    installed = _dpkg_status(text, problems)
    return _result(path, DPKG_STATUS, "deb", installed, problems, distro)


def read_dpkg_query(text: str, path: str, distro: str | None = None) -> ReadResult:
    """Packages listed by ``dpkg-query -W`` (default or ``${Package}\\t${Version}\\t${Architecture}`` format)."""
    problems = Problems(path)
    installed = Installed()
    for number, row in _rows(text):
        fields = row.split("\t")
        name, _, arch = fields[0].strip().partition(":")
        version = fields[1].strip() if len(fields) > 1 else ""
        if len(fields) > 2 and fields[2].strip():
            arch = fields[2].strip()
        if not name or " " in name or not version:
            problems.add(f"not a 'package<TAB>version' line: {row[:60]!r}", number)
            continue
        installed.packages.append(Package(name, version, arch or None, number))
    return _result(path, DPKG_QUERY, "deb", installed, problems, distro)


def read_apk_installed(text: str, path: str, distro: str | None = None) -> ReadResult:
    """Installed packages of an apk database (``/lib/apk/db/installed``), direct ones from apk's ``world``."""
    problems = Problems(path)
    installed = _apk_installed(text, problems)
    world_path, world = _apk_world(path, problems)
    if world is not None:
        installed.asked = world
    result = _result(path, APK_INSTALLED, "apk", installed, problems, distro)
    return dataclasses.replace(result, includes=(*result.includes, world_path)) if world_path else result


def read_rpm_qa(text: str, path: str, distro: str | None = None) -> ReadResult:
    """Packages listed by ``rpm -qa``: the tab-separated queryformat above, or the default NVRA lines."""
    problems = Problems(path)
    installed = Installed()
    for number, row in _rows(text):
        package = _rpm_tabbed(row, number) if "\t" in row else _rpm_nvra(row, number)
        if package is None:
            problems.add(f"not an rpm package line: {row[:60]!r}", number)
        elif package.name != "gpg-pubkey":
            installed.packages.append(package)
    return _result(path, RPM_QA, "rpm", installed, problems, distro)


def _rows(text: str) -> Iterator[tuple[int, str]]:
    """Non-blank, non-comment lines with their numbers."""
    for number, row in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        if row.strip() and not row.startswith("#"):
            yield number, row


# ---------------------------------------------------------------------------------------------------------
# dpkg status


def _dpkg_status(text: str, problems: Problems) -> Installed:
    installed = Installed(edges={})
    relations: list[tuple[str, str, str, int | None]] = []  # (package, field, value, line)
    provides: dict[str, list[str]] = {}
    for fields, line in _stanzas(text, problems):
        package = _dpkg_package(fields, line, problems)
        if package is None:
            continue
        installed.packages.append(package)
        relations.extend((package.name, key, fields[key], line) for key in _DPKG_RELATIONS if fields.get(key))
        for provided in _dpkg_names(fields.get("Provides", "")):
            provides.setdefault(provided, []).append(package.name)
    names = {package.name for package in installed.packages}
    for name, key, value, line in relations:
        targets = installed.edges.setdefault(name, set())
        for group in value.split(","):
            alternatives = _dpkg_names(group.replace("|", ","))
            found = next((alt for alt in alternatives if alt in names or alt in provides), None)
            if found is not None:
                targets.update([found] if found in names else provides[found])
            elif key != "Recommends" and alternatives:  # dpkg installs no package whose Depends fail
                problems.add(f"'{name}' depends on '{group.strip()}', which is not installed", line)
    return installed


def _dpkg_package(fields: dict[str, str], line: int, problems: Problems) -> Package | None:
    """The package of a stanza; None when it has no name or is no longer installed."""
    name = fields.get("Package", "").strip()
    if not name:
        problems.add("a stanza without a Package field: not listed", line)
        return None
    state = fields.get("Status", "").split()
    if state and state[-1] in _GONE:
        return None
    if not state:
        problems.add(f"'{name}' has no Status: taken as installed", line)
    elif state[-1] not in _INSTALLED:
        problems.add(f"'{name}' is {state[-1]}, not fully installed: listed", line)
    version = fields.get("Version", "").strip()
    if not version:
        problems.add(f"'{name}' has no Version", line)
    return Package(
        name=name,
        version=version,
        arch=fields.get("Architecture", "").strip() or None,
        line=line,
        description=fields.get("Description", "").partition("\n")[0].strip() or None,
        homepage=fields.get("Homepage", "").strip() or None,
        base=fields.get("Essential", "").strip() == "yes" or fields.get("Priority", "").strip() == "required",
    )


def _dpkg_names(value: str) -> list[str]:
    """The package names of a comma-separated relation field, without versions or arch qualifiers."""
    names = []
    for item in value.split(","):
        name = item.strip().split(" ", 1)[0].split("(", 1)[0].partition(":")[0]
        if name:
            names.append(name)
    return names


def _stanzas(text: str, problems: Problems) -> Iterator[tuple[dict[str, str], int]]:
    """RFC 822 stanzas: ``Field: value`` lines, continuation lines starting with a blank, stanzas apart by
    empty lines. Yields each stanza's fields and the line it starts on."""
    fields: dict[str, str] = {}
    key: str | None = None
    start = 0
    for number, row in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        if not row.strip():
            if fields:
                yield fields, start
            fields, key = {}, None
            continue
        if row[0] in " \t":
            if key is None:
                problems.add("a continuation line outside any field", number)
            else:
                fields[key] += "\n" + row[1:]
            continue
        name, colon, value = row.partition(":")
        if not colon or not name.strip():
            problems.add(f"not a 'Field: value' line: {row[:60]!r}", number)
            continue
        if not fields:
            start = number
        key = name.strip()
        fields[key] = value.strip()
    if fields:
        yield fields, start


# ---------------------------------------------------------------------------------------------------------
# apk


def _apk_installed(text: str, problems: Problems) -> Installed:
    installed = Installed(edges={})
    depends: dict[str, tuple[list[str], int | None]] = {}
    install_if: list[tuple[str, list[str]]] = []
    provides: dict[str, list[str]] = {}
    for fields, line in _apk_stanzas(text):
        name = fields.get("P")
        if not name:
            problems.add("a package without a P: (name) line: not listed", line)
            continue
        if not fields.get("V"):
            problems.add(f"'{name}' has no V: (version) line", line)
        installed.packages.append(
            Package(
                name=name,
                version=fields.get("V", ""),
                arch=fields.get("A") or None,
                line=line,
                license=fields.get("L") or None,
                description=fields.get("T") or None,
                homepage=fields.get("U") or None,
            )
        )
        depends[name] = (fields.get("D", "").split(), line)
        install_if.append((name, fields.get("i", "").split()))
        for token in fields.get("p", "").split():
            provides.setdefault(_apk_name(token), []).append(name)
    names = {package.name for package in installed.packages}
    for name, (tokens, line) in depends.items():
        targets = installed.edges.setdefault(name, set())
        for token in tokens:
            if token.startswith("!"):  # a conflict, not a dependency
                continue
            wanted = _apk_name(token)
            found = [wanted] if wanted in names else provides.get(wanted)
            if found:
                targets.update(found)
            else:
                problems.add(f"'{name}' depends on '{token}', which nothing installed provides", line)
    for name, tokens in install_if:  # installed when all of these are: the first one (its main package) pulls it in
        wanted = _apk_name(tokens[0]) if tokens else ""
        for provider in [wanted] if wanted in names else provides.get(wanted, ()):
            installed.edges.setdefault(provider, set()).add(name)
    return installed


def _apk_stanzas(text: str) -> Iterator[tuple[dict[str, str], int]]:
    """``K:value`` stanzas apart by empty lines; the first value of each key (files repeat ``R:``)."""
    fields: dict[str, str] = {}
    start = 0
    for number, row in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        if not row.strip():
            if fields:
                yield fields, start
            fields = {}
            continue
        if not fields:
            start = number
        if row[1:2] == ":":
            fields.setdefault(row[0], row[2:].strip())
    if fields:
        yield fields, start


def _apk_name(token: str) -> str:
    """``so:libc.musl-x86_64.so.1=1`` -> ``so:libc.musl-x86_64.so.1``, ``musl>=1.2`` -> ``musl``, ``a@edge`` -> a."""
    return _APK_CONSTRAINT.split(token.lstrip("!"), maxsplit=1)[0].partition("@")[0]


def _apk_world(path: str, problems: Problems) -> tuple[str | None, set[str] | None]:
    """The names in apk's ``world`` (what was asked for): beside the database, else in its root file system."""
    for candidate in (os.path.join(os.path.dirname(path), "world"), *_in_root(path, "etc/apk/world")):
        if os.path.isfile(candidate):
            text, problem = read_text(candidate)
            if problem is not None:
                problems.append(problem)
                return candidate, None
            return candidate, {_apk_name(token) for token in (text or "").split() if not token.startswith("!")}
    return None, None


# ---------------------------------------------------------------------------------------------------------
# rpm


def _rpm_tabbed(row: str, number: int) -> Package | None:
    """``NAME<TAB>[EPOCH:]VERSION-RELEASE[<TAB>ARCH[<TAB>LICENSE]]``."""
    fields = [f.strip() for f in row.split("\t")]
    name, version = fields[0], fields[1] if len(fields) > 1 else ""
    if not name or " " in name or not version:
        return None
    if version.startswith("(none):"):
        version = version[len("(none):") :]
    arch = fields[2] if len(fields) > 2 and fields[2] not in ("", "(none)") else None
    license_ = "\t".join(fields[3:]).strip()
    return Package(name, version, arch, number, license=license_ if license_ not in ("", "(none)") else None)


def _rpm_nvra(row: str, number: int) -> Package | None:
    """``name-version-release.arch`` (the arch may be missing in old rpm's output)."""
    token = row.split(None, 1)[0]
    nvr, dot, arch = token.rpartition(".")
    if not dot or arch not in _RPM_ARCHES:
        nvr, arch = token, ""
    parts = nvr.rsplit("-", 2)
    if len(parts) != 3 or not all(parts):
        return None
    name, version, release = parts
    return Package(name, f"{version}-{release}", arch if arch and arch != "(none)" else None, number)


# ---------------------------------------------------------------------------------------------------------
# Shared: distribution, graph, components


def _result(
    path: str, fmt: str, ecosystem: str, installed: Installed, problems: Problems, distro: str | None
) -> ReadResult:
    info, release_path = find_distro(path, ecosystem, distro, problems)
    direct, via = _direct_and_via(installed)
    components = [
        Component(
            name=package.name,
            version=package.version,
            ecosystem=ecosystem,
            purl=_purl(ecosystem, package, info),
            source=Source(path, package.line),
            direct=package.name in direct,
            pinned=bool(package.version),
            via=() if package.name in direct else tuple(sorted(via.get(package.name, ()))),
            license=package.license,
            origin="system",
            description=package.description,
            homepage=package.homepage,
        )
        for package in installed.packages
    ]
    return ReadResult(
        path=path,
        format=fmt,
        components=tuple(dedupe(components)),
        problems=tuple(problems),
        includes=(release_path,) if release_path else (),
    )


def _direct_and_via(installed: Installed) -> tuple[set[str], dict[str, set[str]]]:
    """Direct package names and, for the others, the direct ones that reach them (rule in the module doc)."""
    names = [package.name for package in installed.packages]
    if installed.edges is None:
        return set(names), {}
    edges = {name: {t for t in targets if t != name} for name, targets in installed.edges.items()}
    if installed.asked is not None:
        direct = {name for name in names if name in installed.asked}
    else:
        direct = set(roots(names, edges)) | {package.name for package in installed.packages if package.base}
    via = reach({name: name for name in direct}, edges)
    direct.update(name for name in names if name not in via)  # in a cycle nothing outside reaches: asked for
    return direct, via


def _purl(ecosystem: str, package: Package, info: Distro) -> str:
    qualifiers = {}
    version = package.version or None
    if package.arch:
        qualifiers["arch"] = package.arch
    if ecosystem == "rpm" and version and ":" in version:  # rpm purls carry the epoch as a qualifier
        epoch, _, version = version.partition(":")
        qualifiers["epoch"] = epoch
    if info.qualifier:
        qualifiers["distro"] = info.qualifier
    try:
        return make_purl(ecosystem, package.name, version, qualifiers=qualifiers or None, namespace=info.namespace)
    except (ValueError, TypeError):  # a name packageurl refuses ("/"): keep the component, with the plainest purl
        return f"pkg:{ecosystem}/{quote(package.name, safe='')}"


def find_distro(path: str, ecosystem: str, distro: str | None, problems: Problems) -> tuple[Distro, str | None]:
    """The distribution the list belongs to (see the module doc) and the os-release file read, if any."""
    if distro:
        given = distro.strip().lower()
        ident = re.split(r"-(?=\d)", given, maxsplit=1)[0]
        return Distro(_NAMESPACES.get(ident, ident), given), None
    for candidate in (os.path.join(os.path.dirname(path), "os-release"), *_in_root(path, "etc/os-release")):
        if os.path.isfile(candidate):
            text, problem = read_text(candidate)
            if problem is not None:
                problems.append(problem)
                break
            release = parse_os_release(text or "")
            ident = release.get("ID", "").lower()
            if not ident:
                problems.add("os-release without ID: default distribution used", None)
                break
            version = release.get("VERSION_ID", "")
            qualifier = f"{ident}-{version}" if version else ident
            return Distro(_NAMESPACES.get(ident, ident), qualifier), candidate
    return Distro(_DEFAULT_NAMESPACES.get(ecosystem), None), None


def _in_root(path: str, relative: str) -> list[str]:
    """``relative`` (and its ``usr/lib`` twin for os-release) in the root file system the database sits in."""
    normalized = path.replace(os.sep, "/")
    for database in _DATABASES:
        if normalized.endswith("/" + database) or normalized == database:
            root = normalized[: len(normalized) - len(database)] or "."
            found = [os.path.join(root, relative)]
            if relative == "etc/os-release":
                found.append(os.path.join(root, "usr/lib/os-release"))
            return found
    return []


def parse_os_release(text: str) -> dict[str, str]:
    """``KEY=value`` lines of an os-release file; quotes and backslash escapes as its shell-like syntax has them."""
    values = {}
    for row in text.splitlines():
        key, equals, value = row.strip().partition("=")
        if not equals or key.startswith("#"):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = re.sub(r"\\(.)", r"\1", value[1:-1]) if value[0] == '"' else value[1:-1]
        values[key.strip()] = value
    return values


# ---------------------------------------------------------------------------------------------------------

_RPM_NVRA_HEAD = re.compile(r"^[A-Za-z0-9_.+-]+-[^-\s]+-[^-\s]+\.(noarch|x86_64|i686|aarch64|ppc64le|s390x)\b", re.M)


def sniff(name: str, head: str) -> str | None:
    """OS package lists by content: dpkg and apk databases; dpkg-query and rpm -qa lines are too plain to tell."""
    if head.startswith("Package: ") and "\nStatus: " in head:
        return DPKG_STATUS
    if re.match(r"(C:[^\n]*\n)?P:[^\n]+\nV:", head):
        return APK_INSTALLED
    if len(_RPM_NVRA_HEAD.findall(head)) >= 3:
        return RPM_QA
    return None


#: the formats this module reads, and the file names that select them (lower case, first match wins)
FORMATS = {
    DPKG_STATUS: read_dpkg_status,
    DPKG_QUERY: read_dpkg_query,
    APK_INSTALLED: read_apk_installed,
    RPM_QA: read_rpm_qa,
}
PATTERNS = (
    ("status", DPKG_STATUS),
    ("*.dpkg-status", DPKG_STATUS),
    ("*.dpkg-query.txt", DPKG_QUERY),
    ("dpkg-query*.txt", DPKG_QUERY),
    ("installed", APK_INSTALLED),
    ("*.apk-installed", APK_INSTALLED),
    ("*.rpm-qa.txt", RPM_QA),
    ("rpm-qa*.txt", RPM_QA),
    ("installed-rpms", RPM_QA),
)
