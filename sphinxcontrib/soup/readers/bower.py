"""bower: ``bower.json`` manifests, and the ``.bower.json`` metadata bower writes into each installed package.

A ``bower.json`` gives the direct dependencies: ``dependencies`` (scope ``runtime``) and
``devDependencies`` (``dev``), each ``"name": "endpoint"`` read the way bower's endpoint parser reads it:
a value with ``#`` is ``source#target``; a value with ``/`` or ``@`` is a source (target ``*``); any
other value is a target (a semver range, a version, ``*``) of the registry package named by the key.
The source is a registered name, a GitHub shorthand ``owner/repo``, a git URL (``git://``, ``git+ssh://``,
``git@``, ``*.git``; svn URLs alike), an http(s) URL of a zip/tarball/file, or a local path. The version
shown is the target as written (``*`` when none, as ``latest`` means); it is pinned only when it is an
exact version or a full commit. The file is a manifest (``locked=False``).

Each installed package has a ``bower_components/<name>/.bower.json``: the package's own manifest plus
what bower resolved (``_release``, ``_resolution`` with the tag and commit, ``_source``, ``_target``,
``_originalSource``). Such a file (recognised by those keys, whatever its name) is one pinned component at
``_release``. Bower writes ``_direct`` only for packages named on the ``bower install`` command line, so it
cannot tell direct from transitive: the component is reported direct, and the project's bower.json says
which ones it asked for. Its own ``dependencies`` are installed as packages of their own (each with its
``.bower.json``) and are not read here.

Package URLs: ``bower`` is no registered purl type, and the bower registry only maps a name to a git URL.
A GitHub endpoint (shorthand, or a github.com git URL) is ``pkg:github/owner/repo`` (ecosystem ``github``,
with ``@ref`` when the ref is exact: a version tag or a commit); anything else is ``pkg:generic/name``
(ecosystem ``generic``) with a ``vcs_url`` (git/svn) or ``download_url`` (zip, tarball, file) qualifier
when the endpoint names one. An installed package takes its ecosystem from ``_originalSource``, the
endpoint as the manifest wrote it, so the manifest's range and the installed version name one package.
"""

from __future__ import annotations

import dataclasses
import os
import re
from typing import Any

from ..facades.json_file import json_type, load_json
from ..facades.purl import make_purl
from ..locate import first_line, json_object_lines
from ..model import Component, Problem, ReadResult, Source
from .base import failed

FORMAT = "bower"
SECTIONS = (("dependencies", "runtime"), ("devDependencies", "dev"))
#: keys bower adds when it installs a package: their presence marks an installed package's metadata
INSTALLED_KEYS = ("_release", "_resolution", "_source", "_target", "_originalSource")

_GIT = re.compile(r"^(?:git(?:\+(?:ssh|https?))?://|git@|ssh://|svn(?:\+(?:ssh|https?|file))?://)|\.git/?$", re.I)
_URL = re.compile(r"^https?://", re.I)
_PATH = re.compile(r"^(?:\.\.?[/\\]|~?/|[A-Za-z]:[/\\]|file://|\.\.?$)", re.I)
_SHORTHAND = re.compile(r"^[^/\s:@]+/[^/\s:@]+$")
_GITHUB_REPO = re.compile(r"github\.com[:/]+([^/\s:@]+)/([^/\s#?]+?)(?:\.git)?/?$", re.I)
_EXACT = re.compile(r"^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_COMMIT = re.compile(r"^[0-9a-fA-F]{40}$")


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """What one endpoint says: the package, its target and where it comes from."""

    name: str  # the registered name for a registry endpoint, else the dependency's key
    target: str  # range, version, tag, branch or commit as written; "*" for none
    origin: str = "registry"  # registry, git, url or path
    resolved: str | None = None  # the URL or path of a non-registry source
    github: tuple[str, str] | None = None  # (owner, repository) of a GitHub source
    alias: str | None = None  # the key, when a registry endpoint installs a package under another name

    @property
    def pinned(self) -> bool:
        """An exact version, or a full commit: the target cannot move."""
        return self.origin != "url" and bool(_EXACT.match(self.target) or _COMMIT.match(self.target))


def parse_endpoint(key: str, value: str) -> Endpoint:
    """The endpoint of ``"key": "value"`` in a bower.json (bower-endpoint-parser's ``json2decomposed``)."""
    key, value = key.strip(), value.strip()
    source, hashed, target = value.partition("#")
    if hashed:
        source = source.strip() or key
    elif "/" in value or "@" in value:
        source, target = value, "*"
    else:
        source, target = key, value
    target = target.strip()
    return endpoint(key, source, "*" if target in ("", "latest") else target)


def endpoint(key: str, source: str, target: str) -> Endpoint:
    """An endpoint from its source (what bower resolves) and target."""
    origin, resolved, github = classify_source(source)
    if origin == "registry":
        return Endpoint(source, target, alias=key if source != key else None)
    return Endpoint(key, target, origin, resolved, github)


def classify_source(source: str) -> tuple[str, str | None, tuple[str, str] | None]:
    """``(origin, resolved, (owner, repo) or None)`` of an endpoint source, in the order bower tries them."""
    if _SHORTHAND.match(source) and not source.startswith((".", "~")):
        owner, repo = source.split("/")
        return "git", f"https://github.com/{owner}/{repo}.git", (owner, repo.removesuffix(".git"))
    if _GIT.search(source) or _URL.match(source):
        found = _GITHUB_REPO.search(source)
        github = (found.group(1), found.group(2)) if found else None
        return ("git" if github or _GIT.search(source) else "url"), source, github
    if _PATH.match(source):
        return "path", source, None
    return "registry", None, None


def _component(ep: Endpoint, version: str, pinned: bool, source: Source, ref: str | None = None, **extra) -> Component:
    """A component of an endpoint; ``ref`` is the git ref for the purl of a pinned GitHub package."""
    exact = version if pinned and version else None
    name, alias = ep.name, ep.alias
    if ep.github is not None:
        owner, repo = ep.github
        purl = make_purl("github", repo, (ref or exact) if exact else None, namespace=owner)
        # a GitHub package is its repository (what its purl and any SBOM name); the bower key is where it installs
        name = f"{owner}/{repo}".lower()
        alias = alias or (ep.name if ep.name.lower() != name else None)
    else:
        qualifier = {"git": "vcs_url", "url": "download_url"}.get(ep.origin)
        if qualifier and ep.resolved:
            purl = make_purl("generic", ep.name, exact, {qualifier: ep.resolved})
        else:
            purl = make_purl("generic", ep.name, exact)
    return Component(
        name=name,
        version=version,
        ecosystem="github" if ep.github is not None else "generic",
        purl=purl,
        source=source,
        pinned=pinned,
        origin=ep.origin,
        resolved=ep.resolved,
        alias=alias,
        **extra,
    )


def read_bower(text: str, path: str) -> ReadResult:
    """A ``bower.json`` (direct dependencies) or an installed package's ``.bower.json`` (one component)."""
    text = text.removeprefix("\ufeff")
    data, problem = load_json(text, path)
    if problem is not None:
        return failed(path, FORMAT, problem)
    if not isinstance(data, dict):
        return failed(
            path, FORMAT, Problem("manifest", f"expected a JSON object, got {json_type(data)}", Source(path, 1))
        )
    if any(key in data for key in INSTALLED_KEYS):
        return _installed(data, text, path)
    return _manifest(data, text, path)


def _manifest(data: dict, text: str, path: str) -> ReadResult:
    problems: list[Problem] = []
    components: list[Component] = []
    seen: set[str] = set()
    object_lines = json_object_lines(text, data)
    for section, scope in SECTIONS:
        deps = data.get(section)
        if deps is None:
            continue
        section_line = object_lines.get(id(deps)) or first_line(text, f'"{section}"')
        if not isinstance(deps, dict):
            message = f"'{section}' should be an object of name: endpoint, not {json_type(deps)}"
            problems.append(Problem("manifest", message, Source(path, section_line)))
            continue
        lines = _member_lines(text, section_line, deps) if section_line else {}
        for key, value in deps.items():
            where = Source(path, lines.get(key, section_line))
            if not key.strip():
                problems.append(Problem("manifest", f"{section}: a dependency without a name is ignored", where))
                continue
            if not isinstance(value, str):
                message = f"{section}: the endpoint of '{key}' should be a string, not {json_type(value)}; read as '*'"
                problems.append(Problem("manifest", message, where))
                value = ""
            if key.strip() in seen:  # in dependencies and devDependencies: installed once, as a runtime one
                continue
            seen.add(key.strip())
            ep = parse_endpoint(key, value)
            components.append(_component(ep, ep.target, ep.pinned, where, scope=scope))
    return ReadResult(path=path, format=FORMAT, components=tuple(components), problems=tuple(problems), locked=False)


def _member_lines(text: str, section_line: int, keys: dict) -> dict[str, int]:
    """Lines of the members of the object that opens on ``section_line``, found in file order from there."""
    offset = 0
    for _ in range(section_line - 1):
        offset = text.find("\n", offset) + 1
    lines: dict[str, int] = {}
    line, counted = section_line, offset
    for key in keys:
        if '"' in key or "\\" in key:  # written escaped: not searched, the section's line stands
            continue
        found = text.find(f'"{key}"', offset)
        if found < 0:
            continue
        line += text.count("\n", counted, found)
        counted = found
        lines[key] = line
        offset = found + len(key) + 2
    return lines


def _installed(data: dict, text: str, path: str) -> ReadResult:
    """The one package an installed ``.bower.json`` describes, at the release bower resolved."""
    problems: list[Problem] = []
    line = first_line(text, '"_release"') or first_line(text, '"name"') or 1
    where = Source(path, line)
    name = _string(data.get("name"))
    if not name:
        name = os.path.basename(os.path.dirname(os.path.abspath(path))) or "unnamed"
        problems.append(Problem("manifest", f"no 'name': the package is named after its folder ({name})", where))
    release = _string(data.get("_release")) or _string(data.get("version"))
    if not release:
        problems.append(
            Problem("manifest", f"'{name}' has no '_release' (nor 'version'): its version is unknown", where)
        )
    fetched = _string(data.get("_source"))
    ep = endpoint(name, _string(data.get("_originalSource")) or fetched or name, release or "*")
    if ep.origin != "registry" and fetched:  # what bower fetched, rather than how the manifest spelled it
        ep = dataclasses.replace(ep, resolved=fetched)
    resolution = data.get("_resolution")
    ref = None
    if isinstance(resolution, dict):
        ref = _string(resolution.get("tag")) or _string(resolution.get("commit"))
    comp = _component(
        ep,
        release or "",
        bool(release),
        where,
        ref=ref,
        direct=True,
        license=_license(data.get("license")),
        description=_string(data.get("description")),
        homepage=_string(data.get("homepage")),
    )
    return ReadResult(path=path, format=FORMAT, components=(comp,), problems=tuple(problems))


def _string(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _license(value: Any) -> str | None:
    """The license as written: a string, or a list of them (any one may be chosen)."""
    if isinstance(value, list):
        names = [v.strip() for v in value if isinstance(v, str) and v.strip()]
        return " OR ".join(names) or None
    return _string(value)


FORMATS = {FORMAT: read_bower}
PATTERNS = (
    ("bower.json", FORMAT),
    (".bower.json", FORMAT),
    ("*.bower.json", FORMAT),
)
