"""Links from any soup table to the section of an item rendered by ``soup-details``, across documents.

Tables hold a placeholder node; at write time it becomes a link when some page has the item's section
(the todo-extension pattern), else stays plain text.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.nodes import make_refnode

from .state import anchor_of


class soup_ref(nodes.inline):  # lower case, like every docutils node class
    """Placeholder for a link to the item ``item_id``; its children are the link text."""


def item_ref(item_id: str, content: nodes.Node) -> soup_ref:
    node = soup_ref(item_id=item_id)
    node += content
    return node


def setup_refs(app: Sphinx) -> None:
    app.add_node(soup_ref)
    app.connect("doctree-resolved", resolve_refs)


def resolve_refs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(soup_ref)):
        target = anchor_of(app.env, node["item_id"])
        children = list(node.children)
        if target is None:
            node.replace_self(children)
            continue
        todoc, anchor = target
        ref = make_refnode(app.builder, docname, todoc, anchor, children)
        node.replace_self(ref)
