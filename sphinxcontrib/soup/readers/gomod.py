"""Go: ``go.mod``, with the sibling ``go.sum`` checked for the required modules' checksums.

Read: ``module``, ``go``, ``toolchain``, ``require`` (single and block form; ``// indirect`` = transitive),
``replace`` (``old [v] => new v``: the component is the replacement, ``alias`` = the module required,
``resolved`` = ``new@v``; ``old [v] => ./dir``: origin path, ``resolved`` = the directory), ``exclude``
(a required version that is excluded is reported), ``retract``, ``tool``, ``godebug`` and ``ignore``
(understood, nothing to list). Versions are kept as written (``v1.2.3``, pseudo-versions, ``+incompatible``).
Every module is runtime (go.mod does not tell test-only modules apart); modules providing a ``tool`` have
``groups=("tool",)``. The purl namespace is the module path up to its last element
(``pkg:golang/github.com/spf13/cobra@v1.8.0``).

Since Go 1.17, go.mod lists every module the build uses, so it is the lock; an older (or absent) ``go``
line means it may not, which is reported. The sibling ``go.sum`` (``X.go.sum`` beside ``X.go.mod``) is read
for one thing only: a required module without a line there is reported (the go command refuses to build).
There is no dependency graph: ``via`` stays empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..facades.purl import make_purl
from ..model import Component, Problem, ReadResult, Source
from .base import dedupe
from .siblings import read_sibling

FORMAT = "go.mod"
ECOSYSTEM = "golang"
KNOWN = frozenset(
    ("module", "go", "toolchain", "require", "replace", "exclude", "retract", "tool", "godebug", "ignore")
)
_SEMVER = re.compile(r"^v\d+(\.\d+){2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
_GO_VERSION = re.compile(r"^(\d+)\.(\d+)")
_LOCAL = ("./", "../", "/", ".\\", "..\\")


@dataclass(frozen=True)
class Line:
    """One directive line: its verb (the block's, inside a block), its arguments and its trailing comment."""

    verb: str
    args: tuple[str, ...]
    comment: str
    number: int


@dataclass
class _GoMod:
    """What a go.mod says, each statement with its line."""

    module: str | None = None
    go: str | None = None
    requires: list[Line] = field(default_factory=list)
    replaces: list[Line] = field(default_factory=list)
    excludes: set[tuple[str, str]] = field(default_factory=set)
    tools: list[str] = field(default_factory=list)


def read_go_mod(text: str, path: str, *, sum_text: str | None = None, sum_path: str | None = None) -> ReadResult:
    """Modules a go.mod requires; ``sum_text`` is its go.sum (else the sibling file is read). Never raises."""
    problems: list[Problem] = []
    mod = _interpret(parse(text, path, problems), path, problems)
    replacements = _replacements(mod.replaces, path, problems)
    components = [_component(line, mod, replacements, path, problems) for line in mod.requires]
    components = [c for c in components if c is not None]
    _check_go_version(mod, components, path, problems)
    if sum_text is None:
        sum_path, sum_text, problem = read_sibling(path, "go.mod", "go.sum")
        problems.extend([problem] if problem else [])
    _check_sums(components, sum_text, path, problems)
    return ReadResult(
        path=path,
        format=FORMAT,
        components=tuple(dedupe(components)),
        problems=tuple(problems),
        includes=(sum_path,) if sum_text is not None and sum_path else (),
    )


# --------------------------------------------------------------------------- syntax


def parse(text: str, path: str, problems: list[Problem]) -> list[Line]:
    """The directive lines of a go.mod, blocks (``require ( ... )``) expanded to one line per entry."""
    lines: list[Line] = []
    block: tuple[str, int] | None = None  # the verb and line of the open block
    for number, raw in enumerate(text.splitlines(), 1):
        tokens, comment, error = tokenize(raw)
        if error:
            problems.append(Problem("parse", f"invalid go.mod line: {error}", Source(path, number)))
            continue
        if not tokens:
            continue
        if block is not None:
            if tokens == [")"]:
                block = None
            elif "(" in tokens or ")" in tokens:
                problems.append(
                    Problem("parse", "invalid go.mod line: parenthesis inside a block", Source(path, number))
                )
            else:
                lines.append(Line(block[0], tuple(tokens), comment, number))
            continue
        verb, args = tokens[0], tokens[1:]
        if args == ["("]:
            block = (verb, number)
        elif args == ["(", ")"]:
            continue  # an empty block
        elif "(" in args or ")" in args or verb in ("(", ")"):
            problems.append(
                Problem(
                    "parse", f"invalid go.mod line: unexpected parenthesis in {raw.strip()!r}", Source(path, number)
                )
            )
        else:
            lines.append(Line(verb, tuple(args), comment, number))
    if block is not None:
        problems.append(Problem("parse", f"{block[0]} block opened here is never closed", Source(path, block[1])))
    return lines


def tokenize(line: str) -> tuple[list[str], str, str | None]:
    """(tokens, comment, error) of one line: words, ``"quoted"`` or raw (backquoted) strings, ``(``, ``)``, ``=>``."""
    if '"' not in line and "`" not in line:  # the usual line: split, without the character loop
        code, _, comment = line.partition("//")
        for mark in ("(", ")", "=>"):
            if mark in code:
                code = code.replace(mark, f" {mark} ")
        return code.split(), comment.strip(), None
    tokens: list[str] = []
    i, end = 0, len(line)
    while i < end:
        char = line[i]
        if char in " \t\r\ufeff":
            i += 1
        elif line.startswith("//", i):
            return tokens, line[i + 2 :].strip(), None
        elif char in "()":
            tokens.append(char)
            i += 1
        elif char in '"`':
            close = _closing(line, i)
            if close < 0:
                return tokens, "", "unterminated quoted string"
            body = line[i + 1 : close]
            tokens.append(body.replace('\\"', '"').replace("\\\\", "\\") if char == '"' else body)
            i = close + 1
        else:
            start = i
            while i < end and line[i] not in ' \t\r"`()' and not line.startswith("//", i):
                i += 1
            word = line[start:i]
            tokens += [part for part in re.split(r"(=>)", word) if part]
    return tokens, "", None


def _closing(line: str, start: int) -> int:
    """Index of the quote closing the string opened at ``start`` (-1 if none); ``\\"`` escapes in ``"..."``."""
    quote, i = line[start], start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i
        i += 1
    return -1


# --------------------------------------------------------------------------- meaning


def _interpret(lines: list[Line], path: str, problems: list[Problem]) -> _GoMod:
    mod = _GoMod()
    for line in lines:
        source = Source(path, line.number)
        if line.verb not in KNOWN:
            problems.append(Problem("parse", f"unknown go.mod directive {line.verb!r}", source))
        elif line.verb == "module" and len(line.args) == 1:
            mod.module = line.args[0]
        elif line.verb == "go" and len(line.args) == 1:
            mod.go = line.args[0]
        elif line.verb == "require":
            if len(line.args) == 2:
                mod.requires.append(line)
            else:
                problems.append(Problem("parse", f"require needs a module path and a version: {line.args}", source))
        elif line.verb == "replace":
            mod.replaces.append(line)
        elif line.verb == "exclude" and len(line.args) == 2:
            mod.excludes.add((line.args[0], line.args[1]))
        elif line.verb == "tool" and len(line.args) == 1:
            mod.tools.append(line.args[0])
        elif line.verb in ("module", "go", "exclude", "tool"):
            problems.append(Problem("parse", f"{line.verb} directive with {len(line.args)} arguments", source))
    return mod


@dataclass(frozen=True)
class Replacement:
    """The right-hand side of a ``replace``: a module at a version, or a local directory (version None)."""

    target: str
    version: str | None


def _replacements(lines: list[Line], path: str, problems: list[Problem]) -> dict[tuple[str, str | None], Replacement]:
    """``(module, version or None for every version)`` -> what replaces it."""
    found: dict[tuple[str, str | None], Replacement] = {}
    for line in lines:
        args = line.args
        arrow = args.index("=>") if "=>" in args else -1
        left, right = args[:arrow], args[arrow + 1 :]
        if arrow < 0 or len(left) not in (1, 2) or len(right) not in (1, 2):
            message = f"replace should be 'module [version] => module version' or '=> ./dir': {' '.join(args)!r}"
            problems.append(Problem("parse", message, Source(path, line.number)))
            continue
        if len(right) == 1 and not right[0].startswith(_LOCAL):
            message = f"replace target {right[0]!r} needs a version (or is a directory: start it with ./ or ../)"
            problems.append(Problem("manifest", message, Source(path, line.number)))
            continue
        found[(left[0], left[1] if len(left) == 2 else None)] = Replacement(
            right[0], right[1] if len(right) == 2 else None
        )
    return found


def _component(
    line: Line, mod: _GoMod, replacements: dict[tuple[str, str | None], Replacement], path: str, problems: list[Problem]
) -> Component | None:
    module, version = line.args
    source = Source(path, line.number)
    if not module.strip():
        problems.append(Problem("parse", f"require without a module path (version {version!r}); ignored", source))
        return None
    if not _SEMVER.match(version):
        problems.append(Problem("manifest", f"{module} {version}: not a semantic version (vX.Y.Z)", source))
    if (module, version) in mod.excludes:
        problems.append(Problem("manifest", f"{module} {version} is required but also excluded", source))
    fields = {
        "source": source,
        "direct": not _indirect(line.comment),
        "groups": ("tool",) if any(t == module or t.startswith(module + "/") for t in mod.tools) else (),
    }
    replaced = replacements.get((module, version)) or replacements.get((module, None))
    if replaced is None:
        return go_component(module, version, **fields)
    if replaced.version is None:
        return go_component(module, "", origin="path", resolved=replaced.target, **fields)
    resolved = f"{replaced.target}@{replaced.version}"
    return go_component(replaced.target, replaced.version, alias=module, resolved=resolved, **fields)


def _indirect(comment: str) -> bool:
    """``// indirect`` (also ``// indirect; reason``), as the go command reads it."""
    return comment == "indirect" or comment.startswith("indirect;")


def go_component(module: str, version: str, **fields) -> Component:
    """A golang component: the purl namespace is the module path up to its last element."""
    namespace, _, name = module.rpartition("/")
    purl = make_purl(ECOSYSTEM, name or "unnamed", version or None, namespace=namespace or None)
    return Component(name=module, version=version, ecosystem=ECOSYSTEM, purl=purl, **fields)


def _check_go_version(mod: _GoMod, components: list[Component], path: str, problems: list[Problem]) -> None:
    """Before Go 1.17 go.mod need not list the modules of indirect dependencies: the list may be incomplete."""
    if not components:
        return
    match = _GO_VERSION.match(mod.go or "")
    if match and (int(match.group(1)), int(match.group(2))) >= (1, 17):
        return
    said = f"go {mod.go}" if mod.go else "no go directive (read as go 1.16)"
    message = f"{said}: before Go 1.17 go.mod may not list every module the build uses; the SOUP list may miss some"
    problems.append(Problem("input", message, Source(path)))


def _check_sums(components: list[Component], sum_text: str | None, path: str, problems: list[Problem]) -> None:
    """Each required module (a local replacement needs none) must have a go.sum line."""
    needed = [c for c in components if c.origin != "path"]
    if not needed:
        return
    if sum_text is None:
        message = f"no go.sum beside go.mod: the checksums of {len(needed)} required modules are not checked"
        problems.append(Problem("input", message, Source(path)))
        return
    known: set[tuple[str, str]] = set()
    for line in sum_text.splitlines():
        parts = line.split()
        if len(parts) == 3:
            known.add((parts[0], parts[1].removesuffix("/go.mod")))
    for comp in needed:
        if (comp.name, comp.version) not in known:
            message = f"{comp.name} {comp.version} is required but go.sum has no checksum for it"
            problems.append(Problem("manifest", message, comp.source))


FORMATS = {FORMAT: read_go_mod}
PATTERNS = (("go.mod", FORMAT), ("*.go.mod", FORMAT))
