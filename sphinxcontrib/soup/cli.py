"""The ``soup`` command: the catalog and its checks without building the docs.

``soup inventory PATH...`` prints the normalized components of manifests and lock files;
``soup check [CONFDIR]`` runs every check from a Sphinx project's ``conf.py`` (exit 1 on any gap);
``soup scaffold [CONFDIR]`` writes record stubs for the items no record describes and lists drifted records;
``soup sbom [CONFDIR] -o bom.json`` writes the SOUP list as a CycloneDX 1.6 SBOM;
``soup diff OLD NEW`` compares two SOUP lists (lock files, SBOMs, a project now or at a git ref).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import runpy
import sys
from collections.abc import Sequence
from dataclasses import asdict

from . import changes as changes_
from .catalog import build_catalog
from .config import DEFAULTS, Settings, settings_from
from .findings import collect, grouped, is_suppressed
from .model import Component, Problem
from .readers import FORMATS, read_path
from .scaffold import default_directory, drifted, stubs


def component_json(comp: Component) -> dict:
    """The stable JSON shape of a component (other tools read it: only add keys, never rename)."""
    data = asdict(comp)
    data["source"] = {"path": comp.source.path, "line": comp.source.line}
    data["via"] = list(comp.via)
    data["groups"] = list(comp.groups)
    return data


def problem_json(problem: Problem) -> dict:
    source = problem.source
    return {
        "kind": problem.kind,
        "message": problem.message,
        "path": source.path if source else None,
        "line": source.line if source else None,
        "subject": problem.subject or None,
    }


def inventory(args: argparse.Namespace) -> int:
    components: list[Component] = []
    problems: list[Problem] = []
    for path in args.paths:
        result = read_path(path, args.input_format)
        components.extend(result.components)
        problems.extend(result.problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.format == "json":
        json.dump([component_json(c) for c in components], sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        _print_table(components)
    return 1 if problems else 0


def _print_table(components: list[Component]) -> None:
    headers = ("name", "version", "ecosystem", "scope", "direct", "license", "source")
    rows = [
        (
            c.name,
            c.version + ("" if c.pinned else " (unpinned)"),
            c.ecosystem,
            c.scope,
            "yes" if c.direct else "via " + ",".join(c.via),
            c.license or "",
            str(c.source),
        )
        for c in components
    ]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    for row in [headers, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def load_conf(confdir: str) -> tuple[dict, str]:
    """The namespace of a Sphinx ``conf.py`` (executed like Sphinx does, in its own directory), and its path."""
    conf_file = os.path.abspath(os.path.join(confdir, "conf.py"))
    cwd = os.getcwd()
    try:
        os.chdir(os.path.dirname(conf_file))
        namespace = runpy.run_path(conf_file)
    finally:
        os.chdir(cwd)
    return namespace, conf_file


def load_settings(confdir: str) -> tuple[Settings, list[str]]:
    """Settings from a Sphinx ``conf.py``."""
    return _settings(*load_conf(confdir))


def _settings(namespace: dict, conf_file: str) -> tuple[Settings, list[str]]:
    values = {name: namespace[name] for name in DEFAULTS if name in namespace}
    return settings_from(values, os.path.dirname(conf_file), conf_file)


def _configured(confdir: str) -> tuple[dict, Settings | None]:
    """``conf.py``'s namespace (executed once) and its settings; None after printing its configuration errors."""
    namespace, conf_file = load_conf(confdir)
    settings, errors = _settings(namespace, conf_file)
    for error in errors:
        print(f"configuration: {error}", file=sys.stderr)
    return namespace, None if errors else settings


def check(args: argparse.Namespace) -> int:
    """Every finding, grouped by kind; those conf.py's ``suppress_warnings`` hides are counted, not listed."""
    namespace, settings = _configured(args.confdir)
    if settings is None:
        return 2
    catalog = build_catalog(settings)
    patterns = namespace.get("suppress_warnings") or ()
    everything = collect(catalog, settings)
    findings = [p for p in everything if not is_suppressed(p, patterns)]
    if args.format == "json":
        json.dump([problem_json(p) for p in findings], sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        _print_groups(findings)
        hidden = len(everything) - len(findings)
        summary = f"{len(catalog.items)} SOUP items, {len(findings)} findings" if findings else "no open findings"
        if hidden:
            summary += f" ({hidden} more hidden by suppress_warnings in conf.py)"
        print(summary if findings else f"{len(catalog.items)} SOUP items: {summary}")
    return 1 if findings else 0


def _print_groups(findings: list[Problem]) -> None:
    for group in grouped(findings):
        print(f"soup.{group.kind}: {len(group.findings)} - {group.description}")
        for problem in group.findings:
            where = f"{problem.source}: " if problem.source else ""
            print(f"  {where}{problem.message}")
        print()


def sbom(args: argparse.Namespace) -> int:
    from .sbom import write_cyclonedx  # cyclonedx-python-lib's validator takes a second to import

    namespace, settings = _configured(args.confdir)
    if settings is None:
        return 2
    catalog = build_catalog(settings)
    for problem in catalog.problems:
        print(problem, file=sys.stderr)
    name = str(namespace.get("project", "product"))
    version = str(namespace.get("release") or namespace.get("version") or "")
    text = write_cyclonedx(catalog, name, version)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
        print(f"{args.output}: CycloneDX 1.6, {len(catalog.items)} components", file=sys.stderr)
    return 0


def scaffold(args: argparse.Namespace) -> int:
    """Write a record stub per item with no record (never over a file), then list the drifted records."""
    _, settings = _configured(args.confdir)
    if settings is None:
        return 2
    catalog = build_catalog(settings)
    directory, suffix = default_directory(settings)
    directory = args.output_dir or directory
    out = sys.stderr if args.stdout else sys.stdout  # with --stdout, only the stubs go to standard output
    patterns = [os.path.normpath(os.path.join(settings.confdir, p)) for p in settings.records]
    status = 0
    for stub in stubs(catalog, settings, suffix):
        if args.stdout:
            print(stub.text)
            continue
        path = os.path.join(directory, stub.filename)
        if os.path.exists(path):
            print(f"{path}: exists, not overwritten (no record matches {stub.items[0].name} yet)", file=out)
            continue
        try:
            os.makedirs(directory, exist_ok=True)
            with open(path, "x", encoding="utf-8") as handle:
                handle.write(stub.text)
        except OSError as exc:
            print(f"{path}: not written ({exc.strerror or exc})", file=sys.stderr)
            status = 2
            continue
        read = any(fnmatch.fnmatch(os.path.abspath(path), os.path.abspath(p)) for p in patterns)
        print(f"{path}: stub for {stub.items[0].name}" + ("" if read else " (add it to soup_records)"), file=out)
    for entry in drifted(catalog, settings):
        item = entry.item
        old = ", ".join(entry.verified)
        print(
            f"{entry.where}: {item.name} ({item.ecosystem}) drift: verified {old} -> {item.version} in the inputs",
            file=out,
        )
    return status


def diff(args: argparse.Namespace) -> int:
    confdir = args.conf or next((p for p in (args.old, args.new) if os.path.isdir(p)), ".")
    sides = [changes_.read_side(arg, confdir, load_settings, args.input_format) for arg in (args.old, args.new)]
    for side in sides:
        for problem in side.problems:
            print(problem, file=sys.stderr)
    changes = changes_.diff(sides[0].entries, sides[1].entries)
    if args.format == "json":
        json.dump(changes_.diff_json(sides[0], sides[1], changes), sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        print(changes_.diff_text(sides[0], sides[1], changes))
    return 2 if any(side.failed for side in sides) else 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="soup", description=__doc__.splitlines()[0])
    commands = main_parser.add_subparsers(dest="command", required=True)
    inv = commands.add_parser("inventory", help="print the components of manifests and lock files")
    inv.add_argument("paths", nargs="+", metavar="PATH")
    inv.add_argument("--format", choices=("json", "table"), default="table")
    inv.add_argument("--input-format", choices=sorted(FORMATS), help="force the input format (else by file name)")
    inv.set_defaults(run=inventory)
    chk = commands.add_parser("check", help="run every check of a Sphinx project's soup configuration")
    chk.add_argument("confdir", nargs="?", default=".", metavar="CONFDIR")
    chk.add_argument("--format", choices=("json", "text"), default="text")
    chk.set_defaults(run=check)
    scf = commands.add_parser("scaffold", help="write record stubs for the SOUP items no record describes")
    scf.add_argument("confdir", nargs="?", default=".", metavar="CONFDIR")
    scf.add_argument("--output-dir", help="directory of the stubs (default: that of the first soup_records glob)")
    scf.add_argument("--stdout", action="store_true", help="print the stubs instead of writing files")
    scf.set_defaults(run=scaffold)
    bom = commands.add_parser("sbom", help="write the SOUP list as a CycloneDX 1.6 JSON SBOM")
    bom.add_argument("confdir", nargs="?", default=".", metavar="CONFDIR")
    bom.add_argument("-o", "--output", default="-", help="file to write (default: standard output)")
    bom.set_defaults(run=sbom)
    dif = commands.add_parser("diff", help="compare two SOUP lists: added, removed, upgraded, downgraded, licenses")
    dif.add_argument("old", metavar="OLD", help="lock file / SBOM, CONFDIR (its manifests now) or git:REF")
    dif.add_argument("new", metavar="NEW", help="lock file / SBOM, CONFDIR (its manifests now) or git:REF")
    dif.add_argument("--conf", metavar="CONFDIR", help="whose soup_manifests git:REF reads (default: OLD or NEW "
                     "if it is a directory, else .)")  # fmt: skip
    dif.add_argument("--format", choices=("json", "text"), default="text")
    dif.add_argument("--input-format", choices=sorted(FORMATS), help="force the format of file sides (else by name)")
    dif.set_defaults(run=diff)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
