"""sphinx-needs integration: the ``soup`` need type, its fields, and hidden needs for catalog items."""

from __future__ import annotations

import contextlib

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import add_field, add_need, add_need_type
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.exceptions import NeedsApiConfigException, NeedsApiConfigWarning
from sphinx_needs.utils import add_doc

from ..catalog import Item

NEED_TYPES = [("soup", "SOUP item", "SOUP_", "#F2C14E", "component")]

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
}


def setup_needs(app: Sphinx) -> None:
    # after sphinx-needs resolves configured types (12), before it loads fields (500)
    app.connect("config-inited", register_types_and_fields, priority=400)


def register_types_and_fields(app: Sphinx, config: Config) -> None:
    configured = {t["directive"] for t in _configured_types(config)}
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
    env = directive.env
    created = add_need(
        env.app,
        directive.state,
        env.docname,
        directive.lineno,
        need_type="soup",
        title=f"{item.title} {item.version}".strip(),
        id=item.id,
        content="",  # record text stays a field: never parsed as markup
        hide=True,
        **need_fields(item),
    )
    add_doc(env, env.docname)
    return created


def needs_pages(env: BuildEnvironment) -> set[str]:
    """Documents with sphinx-needs content (needs, needtable, needflow...): they resolve at write time."""
    return set(SphinxNeedsData(env).get_or_create_docs().get("all", []))
