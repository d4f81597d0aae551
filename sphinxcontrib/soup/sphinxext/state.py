"""The catalog of one build, the warnings it raises, and which pages must be re-read when inputs change.

Pages render from the catalog, which is built from the input files, never from other documents. Each build
re-hashes the inputs; when the digest differs from the last build's, every page that uses a soup directive
is re-read, so an incremental build equals a clean one (sphinx-needs' own tables do not get this: its #354).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..catalog import Catalog, build_catalog
from ..findings import collect
from ..model import Problem
from .config import settings_of
from .needs import needs_pages

logger = logging.getLogger(__name__)


def setup_state(app: Sphinx) -> None:
    app.connect("env-get-outdated", refresh_catalog)
    track_doc_set(app, DOCS)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-updated", relink_pages)
    app.connect("build-finished", fail_if_strict)


class ThisBuild:
    """A value rebuilt by every build: pickled (``environment.pickle``, parallel readers' merge) as empty.

    The catalog is rebuilt from the inputs at each build's start, so pickling it with the environment only
    cost time and a fifth of the pickle (5,000 test cases: 1.2 of 6.1 MB).
    """

    __slots__ = ("value",)

    def __init__(self, value: Catalog | None = None) -> None:
        self.value = value

    def __reduce__(self) -> tuple[type, tuple]:
        return (ThisBuild, ())


def built_catalog(env: BuildEnvironment) -> Catalog | None:
    """This build's catalog, if built yet."""
    holder = getattr(env, "soup_catalog", None)
    return holder.value if isinstance(holder, ThisBuild) else None


def catalog_of(env: BuildEnvironment) -> Catalog:
    catalog = built_catalog(env)
    if catalog is None:  # a document read without the build's refresh (e.g. sphinx.testing shortcuts)
        catalog = build_catalog(settings_of(env.app))
        env.soup_catalog = ThisBuild(catalog)
    return catalog


def findings_of(env: BuildEnvironment) -> list[Problem]:
    """Every open finding of this build: the warnings it gave (with the ones found after reading, too)."""
    findings = getattr(env, "soup_findings", None)
    if findings is None:  # as in catalog_of: a document read without the build's refresh
        findings = env.soup_findings = collect(catalog_of(env), settings_of(env.app))
    return findings


def use_catalog(env: BuildEnvironment) -> Catalog:
    """The catalog, recording that the current document renders from it (and depends on its files)."""
    catalog = catalog_of(env)
    doc_set(env, DOCS).add(env.docname)
    for input_file in catalog.inputs:
        env.note_dependency(input_file.path)
    return catalog


#: the doc set of the pages that render from the catalog
DOCS = "soup_docs"


def doc_set(env: BuildEnvironment, name: str) -> set[str]:
    """The documents that show one kind of build data (kept in ``env.<name>``), to re-read when it changes."""
    docs = getattr(env, name, None)
    if docs is None:
        docs = set()
        setattr(env, name, docs)
    return docs


def track_doc_set(app: Sphinx, name: str) -> None:
    """Keep doc set ``name`` right: a purged document leaves it, what parallel readers added is merged."""
    app.connect("env-purge-doc", lambda app, env, docname: doc_set(env, name).discard(docname))
    app.connect(
        "env-merge-info", lambda app, env, docnames, other: doc_set(env, name).update(doc_set(other, name) & docnames)
    )


def reread_when_changed(
    env: BuildEnvironment, attribute: str, value: object, docs: str, removed: set[str]
) -> list[str]:
    """Keep ``value`` in ``env.<attribute>``; when it differs from the last build's, the documents of ``docs``."""
    previous = getattr(env, attribute, None)
    setattr(env, attribute, value)
    return sorted(doc_set(env, docs) - removed) if previous not in (None, value) else []


def _anchors(env: BuildEnvironment) -> dict[str, tuple[str, str]]:
    if not hasattr(env, "soup_anchors"):
        env.soup_anchors = {}
    return env.soup_anchors


def refresh_catalog(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> Iterable[str]:
    """Build this run's catalog, report its problems and findings; re-read soup pages if inputs changed."""
    settings = settings_of(app)
    catalog = build_catalog(settings)
    previous = getattr(env, "soup_digest", None)
    env.soup_catalog = ThisBuild(catalog)
    env.soup_digest = catalog.digest
    env.soup_changed = previous is not None and previous != catalog.digest
    env.soup_findings = collect(catalog, settings)  # the list soup check prints, soup-gaps shows
    for problem in env.soup_findings:
        report(problem, settings.strict, settings.confdir)
    return sorted(doc_set(env, DOCS) - removed) if env.soup_changed else []


def report(problem: Problem, strict: bool, confdir: str) -> None:
    """One Sphinx warning (an error in strict mode), typed ``soup.<kind>`` and located at the input."""
    log = logger.error if strict else logger.warning
    source = problem.source
    # "path:line", or "path:" as Sphinx writes a location without a line (a bare string would be a docname)
    location = f"{os.path.join(confdir, source.path)}:{source.line or ''}" if source else None
    log(problem.message, type="soup", subtype=problem.kind, location=location)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    anchors = _anchors(env)
    for item_id in [k for k, (doc, _) in anchors.items() if doc == docname]:
        del anchors[item_id]


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _anchors(env).update({k: v for k, v in _anchors(other).items() if v[0] in docnames})


def relink_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages to rewrite (not re-read) because what they resolve at write time changed.

    Links into item sections resolve at write time, and so do sphinx-needs tables (``needtable`` of
    ``soup`` needs): when the inputs or the sections changed, those pages are written again, so they are
    never stale (sphinx-needs alone leaves them so: its issue #354).
    """
    current = sorted(_anchors(env).items())
    previous = getattr(env, "soup_anchor_snapshot", None)
    env.soup_anchor_snapshot = current
    if getattr(env, "soup_changed", False) or (previous is not None and previous != current):
        return sorted(doc_set(env, DOCS) | needs_pages(env))
    return []


def fail_if_strict(app: Sphinx, exception: Exception | None) -> None:
    """Configuration errors, and in strict mode any soup problem, fail the build with or without -W."""
    env = app.env
    strict_failure = settings_of(app).strict and env.soup_findings
    if exception is None and (strict_failure or getattr(app, "soup_config_errors", 0)):
        app.statuscode = 1


def register_anchor(env: BuildEnvironment, item_id: str, anchor: str) -> None:
    _anchors(env)[item_id] = (env.docname, anchor)


def anchor_of(env: BuildEnvironment, item_id: str) -> tuple[str, str] | None:
    return _anchors(env).get(item_id)
