"""sphinx-needs integration: the ``soup`` need type, its fields, and hidden needs for catalog items."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
from collections.abc import Iterator

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import add_field, add_need, add_need_type
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.exceptions import NeedsApiConfigException, NeedsApiConfigWarning
from sphinx_needs.needs_schema import FieldLiteralValue, LinksLiteralValue
from sphinx_needs.utils import add_doc

from ..catalog import Item
from ..requirements import Trace

logger = logging.getLogger(__name__)

NEED_TYPES = [
    ("soup", "SOUP item", "SOUP_", "#F2C14E", "component"),
    ("anomaly", "SOUP anomaly evaluation", "ANOMALY_", "#E07A5F", "node"),
    ("risk", "SOUP risk", "RISK_", "#D1495B", "node"),
    ("soupreq", "SOUP requirement", "SOUPREQ_", "#9BC4E2", "requirement"),
    ("testcase", "Test case", "TC_", "#B5D99C", "card"),
]
#: link types we declare (unless the user's ``needs_links`` has them): test case -> requirement it verifies
LINKS = {"verifies": {"incoming": "verified by", "outgoing": "verifies", "style": "dashed"}}

#: need field -> description; values come from :func:`need_fields`
FIELDS = {
    "version": "exact version (or the range, when unpinned)",
    "ecosystem": "package ecosystem (purl type)",
    "purl": "package URL",
    "scope": "dependency scope: runtime, optional, peer or dev",
    "direct": "direct dependency (else transitive)",
    "via": "direct dependencies that pull a transitive item in",
    "license": "license as declared",
    "manufacturer": "manufacturer or supplier",
    "purpose": "why the item is used and appropriate",
    "safety_class": "software safety class (A, B, C)",
    "support": "support level",
    "end_of_support": "end-of-support date",
    "system": "software systems that use the item",
    "source": "file and line the item was read from",
    "advisory": "anomaly: the advisory id",
    "reviewer": "anomaly: who evaluated it",
    "evaluated_on": "anomaly: ISO date of the evaluation",
    "severity": "risk: severity before control",
    "probability": "risk: probability before control",
    "residual": "risk: level of the residual risk cell (acceptable, investigate, unacceptable)",
    "soup_items": "risk: the SOUP items it names",
    "soup_item": "requirement: the SOUP item need it is on",
    "status": "requirement: verification status; test case: outcome",
}


def setup_needs(app: Sphinx) -> None:
    # after sphinx-needs resolves configured types (12), before it loads fields (500)
    app.connect("config-inited", register_types_and_fields, priority=400)
    # after sphinx-needs located the hidden needs and removed them from the doctree (500)
    app.connect("doctree-read", drop_hidden_boxes, priority=600)
    app.connect("builder-inited", thaw)


def register_types_and_fields(app: Sphinx, config: Config) -> None:
    configured = {t["directive"] for t in _configured_types(config)}
    links = getattr(config, "needs_links", None)
    if isinstance(links, dict):  # read by sphinx-needs at config-inited 500; a user's own "verifies" wins
        config.needs_links = {**LINKS, **links}
    for directive, title, prefix, color, style in NEED_TYPES:
        if directive in configured:
            continue  # the user's own definition wins
        with contextlib.suppress(NeedsApiConfigException):  # registered by an earlier app in this process
            add_need_type(app, directive, title, prefix, color, style)
    user_fields = set(getattr(config, "needs_fields", {}) or {}) | {
        o if isinstance(o, str) else o.get("name") for o in (getattr(config, "needs_extra_options", []) or [])
    }
    for name, description in FIELDS.items():
        if name in user_fields:
            continue
        schema = {"type": "boolean"} if name == "direct" else None
        with contextlib.suppress(NeedsApiConfigWarning):  # registered by an earlier app in this process
            add_field(name, description, schema=schema, nullable=True)


def _configured_types(config: Config) -> list[dict]:
    types = getattr(config, "needs_types", None) or []
    if isinstance(types, dict):
        return [{"directive": k, **v} for k, v in types.items()]
    return list(types)


def need_fields(item: Item) -> dict[str, object]:
    record = item.record
    return {
        "version": item.version,
        "ecosystem": item.ecosystem,
        "purl": item.purl,
        "scope": item.scope,
        "direct": item.direct,
        "via": ", ".join(item.via),
        "license": item.license_info.expression or item.license or "",
        "manufacturer": (record.manufacturer if record else None) or "",
        "purpose": (record.purpose if record else None) or "",
        "safety_class": (record.safety_class if record else None) or "",
        "support": (record.support if record else None) or "",
        "end_of_support": (record.end_of_support if record else None) or "",
        "system": ", ".join(item.systems),
        "source": str(item.source),
    }


def hidden_need(directive: SphinxDirective, item: Item) -> list[nodes.Node]:
    """A hidden ``soup`` need for ``item`` in the directive's document (counts for links, filters, needs.json)."""
    return hidden(directive, "soup", item.id, f"{item.title} {item.version}".strip(), need_fields(item))


def needs_pages(env: BuildEnvironment) -> set[str]:
    """Documents with sphinx-needs content (needs, needtable, needflow...): they resolve at write time."""
    return set(SphinxNeedsData(env).get_or_create_docs().get("all", []))


def requirement_needs(directive: SphinxDirective, traces: list[Trace]) -> list[nodes.Node]:
    """Hidden ``soupreq`` needs, and hidden ``testcase`` needs (with ``verifies`` links) for linked tests only.

    A need that some document already created is not created again (a requirement shown on two pages).
    Unlinked test cases never become needs: ``soup-tests`` summarizes them.
    """
    env = directive.env
    data = SphinxNeedsData(env)
    # sphinx-needs finds the document's suffix for each need when not given: once is enough
    doctype = os.path.splitext(env.doc2path(env.docname))[1]
    defaults = {t: {**static_defaults(env, t), "doctype": doctype} for t in ("soupreq", "testcase")}
    out: list[list[nodes.Node]] = []  # the nodes of each need
    verifies: dict[str, list[str]] = {}
    outcomes: dict[str, str] = {}
    with collector_paused():
        for trace in traces:
            req = trace.requirement
            if data.has_need(req.id):
                continue
            out.append(
                hidden(
                    directive,
                    "soupreq",
                    req.id,
                    f"{req.item}: {req.statement}".strip(),
                    {"soup_item": trace.items[0].id if trace.items else "", "status": trace.status},
                    defaults["soupreq"],
                )
            )
            for result in trace.results:
                verifies.setdefault(result.case.id, []).append(req.id)
                outcomes[result.case.id] = result.case.outcome
        for case_id, req_ids in verifies.items():
            need_id = "TC_" + hashlib.sha256(case_id.encode()).hexdigest()[:12].upper()
            if not data.has_need(need_id):
                out.append(
                    hidden(
                        directive,
                        "testcase",
                        need_id,
                        case_id,
                        {"status": outcomes[case_id], "verifies": sorted(set(req_ids))},
                        defaults["testcase"],
                    )
                )
    return _chunked(out)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic garbage collection while thousands of needs are created.

    Creating a need allocates only objects that live for the whole build, so a collection there finds
    nothing, yet each full one rescans every object of the build (measured: two of a build's eight full
    collections fell in this loop). The collector's state is restored after, whatever happens.

    Then everything alive is frozen (``gc.freeze``): the modules, the catalog and the needs live until the
    build ends, and later full collections (writing, the interpreter's exit) would rescan them all for
    nothing: a quarter of a 5,500-need build's time (tests/benchmarks/bench_traceability.py). The next build
    in the same process unfreezes them first (:func:`thaw`), so frozen objects never pile up.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def thaw(app: Sphinx | None) -> None:
    """Return what an earlier build in this process froze to the collector."""
    gc.unfreeze()


#: hidden needs per container: sphinx-needs scans the earlier siblings of every need (quadratic in one flat list)
CHUNK = 64
HIDDEN_BOX = "soup-hidden-needs"


def _chunked(created: list[list[nodes.Node]]) -> list[nodes.Node]:
    """The needs' nodes in containers of ``CHUNK`` needs, so locating each need reads few siblings.

    sphinx-needs takes a need's parent need and sections from the node before it: an empty text before
    each need, else every hidden need would be the child (``parent_needs``) of the one before it.
    """
    chunks = []
    for start in range(0, len(created), CHUNK):
        box = nodes.container(classes=[HIDDEN_BOX])
        for need in created[start : start + CHUNK]:
            box += nodes.Text("")
            box.extend(need)
        chunks.append(box)
    return chunks


def drop_hidden_boxes(app: Sphinx, doctree: nodes.document) -> None:
    """Remove the containers of hidden needs, empty once sphinx-needs took the needs out (nothing to write)."""
    for box in list(doctree.findall(nodes.container)):
        if HIDDEN_BOX in box["classes"] and not any(isinstance(c, nodes.Element) for c in box.children):
            box.parent.remove(box)


#: core fields whose default sphinx-needs deep-copies into every need that does not give them
_CORE_DEFAULTS = ("tags", "constraints", "collapse")


def static_defaults(env: BuildEnvironment, need_type: str) -> dict[str, object]:
    """The defaults of a need type's core fields and links that depend on nothing (no predicate), as values.

    sphinx-needs deep-copies a default into each need that does not give the field: a third of the cost of
    thousands of hidden needs. Given as values (a fresh list per need, see :func:`hidden`), they are
    type-checked instead, with the same result. A default with predicates (``needs_fields`` ``predicates``)
    depends on the need and is left to sphinx-needs.
    """
    schema = SphinxNeedsData(env).get_schema().for_type(need_type)
    out: dict[str, object] = {}
    for name in _CORE_DEFAULTS:
        field = schema.get_core_field(name)
        if field is not None and not field.predicate_defaults and isinstance(field.default, FieldLiteralValue):
            out[name] = field.default.value
    for link in schema.iter_link_fields():
        # only an empty default: one that names needs stays sphinx-needs' to resolve
        static = link.directive_option and not link.predicate_defaults and isinstance(link.default, LinksLiteralValue)
        if static and link.default.value == []:
            out[link.name] = []
    return out


def hidden(
    directive: SphinxDirective,
    need_type: str,
    need_id: str,
    title: str,
    fields: dict,
    defaults: dict[str, object] | None = None,
) -> list[nodes.Node]:
    """One hidden need of any of our types in the directive's document (no visible layout, no parsed content).

    ``defaults`` (from :func:`static_defaults`, and ``add_need`` arguments such as ``doctype``) fill what
    ``fields`` does not give. An id or value
    sphinx-needs refuses (``needs_id_regex``...) is a located warning, not a crash: the directive's table
    still renders.
    """
    env = directive.env
    if defaults:  # each need its own list: sphinx-needs keeps the value it is given
        fields = {**{k: list(v) if isinstance(v, list) else v for k, v in defaults.items()}, **fields}
    try:
        created = add_need(
            env.app,
            directive.state,
            env.docname,
            directive.lineno,
            need_type=need_type,
            title=title,
            id=need_id,
            content="",  # record text stays a field: never parsed as markup
            hide=True,
            **fields,
        )
    except Exception as exc:  # sphinx-needs raises its own errors on what it refuses
        logger.warning(
            f"{need_id}: no {need_type} need ({exc})",
            type="soup",
            subtype="needs",
            location=(env.docname, directive.lineno),
        )
        return []
    add_doc(env, env.docname)
    return created
