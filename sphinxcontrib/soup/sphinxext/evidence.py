"""``soup-evidence``: the provenance of the design history file and its sign-off rows."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..evidence import Evidence, SignOff, collect_evidence, sign_off
from .columns import COLUMNS
from .config import settings_of
from .render import breakable, digest, join, missing, paragraph, table, value
from .state import catalog_of, doc_set, reread_when_changed, track_doc_set, use_catalog

#: uncommitted changes listed on the page (the rest is counted)
SHOWN_CHANGES = 20


def setup_evidence(app: Sphinx) -> None:
    app.add_directive("soup-evidence", SoupEvidence)
    app.connect("env-get-outdated", reread_on_new_evidence, priority=600)  # after the catalog's refresh (500)
    track_doc_set(app, DOCS)


#: the doc set of the pages that show the evidence: a commit or a tool upgrade changes them, not only the inputs
DOCS = "soup_evidence_docs"


def reread_on_new_evidence(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Evidence pages are re-read when the commit, the tree's state, a tool or the build date changed."""
    fingerprint = collect_evidence(catalog_of(env), settings_of(app)).fingerprint
    return reread_when_changed(env, "soup_evidence_fingerprint", fingerprint, DOCS, removed)


class SoupEvidence(SphinxDirective):
    """Build date, git commit, tool versions, every input file's SHA-256, and the sign-off table."""

    def run(self) -> list[nodes.Node]:
        catalog = use_catalog(self.env)
        doc_set(self.env, DOCS).add(self.env.docname)
        evidence = collect_evidence(catalog, settings_of(self.env.app))
        return [
            self._section("Build", self._build(evidence)),
            self._section("Tools", self._tools(evidence)),
            self._section("Input files", self._inputs(evidence)),
            self._section("Sign-off", self._sign_off(sign_off(catalog))),
        ]

    def _section(self, title: str, body: list[nodes.Node]) -> nodes.section:
        section = nodes.section(ids=[nodes.make_id(f"soup-evidence-{title}-{self.lineno}")])
        section += nodes.title(text=title)
        section.extend(body)
        return section

    def _build(self, evidence: Evidence) -> list[nodes.Node]:
        git = evidence.git
        date = (
            value(f"{evidence.build_date} ({evidence.date_source})")
            if evidence.build_date
            else missing("not reproducible: no date (set SOURCE_DATE_EPOCH or build from a git commit)")
        )
        if git.commit is None:
            commit: nodes.Node = missing(git.problem or "no git commit")
            tree: nodes.Node = value("")
        else:
            commit = nodes.literal(text=git.commit)
            tree = self._tree(evidence)
        rows = [
            [nodes.strong(text="Build date"), date],
            [nodes.strong(text="Git commit"), commit],
            [nodes.strong(text="Commit date"), value(git.date, "")],
            [nodes.strong(text="Working tree"), tree],
        ]
        intro = paragraph(
            "What these pages were built from: the commit, the tools, and the SHA-256 of every input file. "
            "The build date is SOURCE_DATE_EPOCH, else the commit date, never the clock: two builds of one "
            "commit give the same pages."
        )
        return [intro, *table(["Field", "Value"], rows, [22, 78], classes=["soup-record"])]

    def _tree(self, evidence: Evidence) -> nodes.Node:
        changed = evidence.git.changed
        if not changed:
            return value("clean: every file is committed")
        shown = [breakable(entry) for entry in changed[:SHOWN_CHANGES]]
        more = len(changed) - SHOWN_CHANGES
        if more > 0:
            shown.append(nodes.Text(f"and {more} more"))
        count = f"{len(changed)} uncommitted change{'' if len(changed) == 1 else 's'}"
        return paragraph(missing(f"{count} (git status): "), join(shown, "; "))

    def _tools(self, evidence: Evidence) -> list[nodes.Node]:
        rows = [[name, value(version, "not installed")] for name, version in evidence.tools]
        return table(["Tool", "Version"], rows, [40, 60])

    def _inputs(self, evidence: Evidence) -> list[nodes.Node]:
        if not evidence.inputs:
            return [paragraph(missing("no input file configured (soup_manifests, soup_records...)"))]
        in_git = evidence.git.commit is not None
        rows = []
        for f in evidence.inputs:
            state = (value(f.git) if f.git == "committed" else missing(f.git)) if in_git else value("")
            rows.append([f.role, breakable(f.path), f"{f.size:,}", digest(f.sha256), state])
        intro = paragraph(f"{len(rows)} files, paths relative to the documentation's configuration directory.")
        return [intro, *table(["Role", "File", "Bytes", "SHA-256", "Git"], rows, [17, 24, 8, 37, 14])]

    def _sign_off(self, rows: list[SignOff]) -> list[nodes.Node]:
        intro = paragraph(
            "Reviewers and approvers from the records' approvals sections; an empty row is a signature still "
            "missing (the SOUP list, and each direct class B or C item)."
        )
        cells = []
        for row in rows:
            subject = COLUMNS["name"].cell(row.item) if row.item else value(row.subject)
            approval = row.approval
            if approval is None:
                cells.append([subject, row.role, "", "", missing("not signed")])
            else:
                cells.append(
                    [subject, row.role, approval.name, value(approval.date, "no date"), value(approval.comment)]
                )
        return [intro, *table(["Item", "Role", "Name", "Date", "Comment"], cells, [26, 12, 20, 14, 28])]
