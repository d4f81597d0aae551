"""``soup-risks``: the SOUP risk table and the risk matrix as a heat map (before and after control).

The heat map is an SVG written here (HTML) and, for LaTeX and other builders, the same grid as a table with
coloured cells: no plotting dependency (matplotlib would add ~40 MB to a docs build for 50 rectangles).
Control ids that only sphinx-needs knows are checked here, once every document is read.
"""

from __future__ import annotations

from collections import Counter
from xml.sax.saxutils import escape

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.data import SphinxNeedsData

from ..catalog import need_id_part
from ..riskmatrix import RiskMatrix
from ..risks import Risk, items_of, risks_of, unresolved_controls
from .columns import COLUMNS
from .config import settings_of
from .filters import FILTER_OPTIONS, select
from .needs import hidden
from .render import breakable, join, missing, paragraph, table, value
from .state import catalog_of, report, use_catalog

#: level -> fill colour of its cells (hex, shared by the SVG and the LaTeX table)
COLOURS = {"acceptable": "9CCC65", "investigate": "F2C14E", "unacceptable": "E07A5F", None: "DDDDDD"}
CELL, LABEL, GAP = 56, 96, 36  # SVG geometry, in px


def setup_risks(app: Sphinx) -> None:
    app.add_directive("soup-risks", SoupRisks)
    # env-updated runs on every build; env-check-consistency is skipped when no document changed, which lost
    # this warning from incremental builds that a clean build of the same inputs gives
    app.connect("env-updated", check_control_links)


def need_id(risk: Risk) -> str:
    """The risk's need id: its own id when sphinx-needs accepts it as is, else a normalized one."""
    normal = need_id_part(risk.id)
    return normal if normal == risk.id else f"RISK_{normal}"


def check_control_links(app: Sphinx, env: BuildEnvironment) -> None:
    """Controls that link to no record id, item or need: warned after every document (and need) is read."""
    data = SphinxNeedsData(env)
    # only the ids are needed: the needs are not post-processed (nor frozen) this early in the build
    need_ids = set(data.get_needs_view() if data.needs_is_post_processed else data.get_needs_mutable())
    settings = settings_of(app)
    for problem in unresolved_controls(catalog_of(env), need_ids):
        env.soup_findings.append(problem)  # strict mode fails on it too
        report(problem, settings.strict, settings.confdir)


class SoupRisks(SphinxDirective):
    """The heat maps (before / after control) and the risk table; risks of the filtered items only."""

    option_spec = {**FILTER_OPTIONS, "caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        catalog = use_catalog(self.env)
        settings = settings_of(self.env.app)
        matrix = settings.risk_matrix
        chosen = {item.id for item in select(catalog.items, self.options, settings)}
        filtered = any(self.options.get(k) for k in FILTER_OPTIONS)
        risks = [r for r in risks_of(catalog) if not filtered or {i.id for i in items_of(r, catalog)} & chosen]
        out: list[nodes.Node] = []
        if not filtered:  # the unfiltered table carries the needs: one per risk in the DHF
            for risk in risks:
                out.extend(self._need(risk, matrix))
        if not risks:
            return [*out, paragraph(missing("no risk recorded (a 'risks:' section in soup_records)"))]
        out.append(paragraph(f"{len(risks)} risks; number of risks in each cell of the risk matrix:"))
        out.extend(self._heat_map(risks, matrix))
        out.extend(self._table(risks, matrix))
        return out

    def _heat_map(self, risks: list[Risk], matrix: RiskMatrix) -> list[nodes.Node]:
        before = Counter((r.probability, r.severity) for r in risks)
        after = Counter((r.probability_after, r.severity_after) for r in risks)
        svg = heat_map_svg(matrix, [("Before control", before), ("After control", after)])
        figure = nodes.container(classes=["soup-heat-map"])
        figure += nodes.raw("", svg, format="html")
        other = addnodes.only(expr="not html")
        for title, counts in (("Before control", before), ("After control", after)):
            other.extend(heat_map_table(matrix, counts, title))
        unplaced = sum(1 for r in risks if matrix.level(r.severity_after, r.probability_after) is None)
        extra = [paragraph(missing(f"{unplaced} risks have no residual score on the scales"))] if unplaced else []
        return [figure, other, *extra]

    def _table(self, risks: list[Risk], matrix: RiskMatrix) -> list[nodes.Node]:
        catalog = catalog_of(self.env)
        rows = []
        for risk in risks:
            items = items_of(risk, catalog)
            rows.append(
                [
                    join([breakable(risk.id), *([value(risk.title)] if risk.title else [])], ": "),
                    join([COLUMNS["name"].cell(i) for i in items]) if items else missing(", ".join(risk.items)),
                    join(
                        [
                            value(risk.failure_mode, "no failure mode"),
                            value(risk.hazardous_situation, "no hazardous situation"),
                            value(risk.harm, "no harm"),
                        ],
                        " → ",
                    ),
                    _score(matrix, risk.severity, risk.probability),
                    join([breakable(c) for c in risk.controls], "; ") if risk.controls else missing("no control"),
                    _score(matrix, risk.severity_after, risk.probability_after),
                    _acceptance(matrix, risk),
                ]
            )
        headers = ["Risk", "SOUP items", "Failure → hazardous situation → harm", "Before", "Controls", "After",
                   "Residual risk"]  # fmt: skip
        title = self.options.get("caption") or "SOUP risks"
        return table(headers, rows, [13, 12, 22, 10, 19, 10, 14], title=title, classes=["soup-risks"])

    def _need(self, risk: Risk, matrix: RiskMatrix) -> list[nodes.Node]:
        fields = {
            "severity": risk.severity or "",
            "probability": risk.probability or "",
            "residual": matrix.level(risk.severity_after, risk.probability_after) or "",
            "soup_items": ", ".join(risk.items),
        }
        return hidden(self, "risk", need_id(risk), risk.title or risk.id, fields)


def _score(matrix: RiskMatrix, severity: str | None, probability: str | None) -> nodes.Node:
    level = matrix.level(severity, probability)
    text = f"{severity or '?'} / {probability or '?'}"
    return value(f"{text}: {level}") if level else missing(f"{text}: not on the scales")


def _acceptance(matrix: RiskMatrix, risk: Risk) -> nodes.Node:
    level = matrix.level(risk.severity_after, risk.probability_after)
    parts = [p for p in (risk.acceptability, risk.rationale) if p]
    if level == "unacceptable" and not risk.rationale:
        return missing("unacceptable, no rationale")
    return value(". ".join(parts), "not stated")


def heat_map_svg(matrix: RiskMatrix, grids: list[tuple[str, Counter]]) -> str:
    """An SVG of one grid per (title, counts): probability up (most probable on top), severity across."""
    cols, rows = len(matrix.severity), len(matrix.probability)
    grid_w, grid_h = LABEL + cols * CELL, GAP + rows * CELL + LABEL
    width, height = len(grids) * (grid_w + GAP), grid_h
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        ' font-family="sans-serif" font-size="11" role="img" aria-label="risk matrix heat map">'
    ]
    for g, (title, counts) in enumerate(grids):
        x0 = g * (grid_w + GAP)
        parts.append(f'<text x="{x0 + LABEL}" y="16" font-weight="bold" font-size="13">{escape(title)}</text>')
        for r, probability in enumerate(reversed(matrix.probability)):
            y = GAP + r * CELL
            parts.append(
                f'<text x="{x0 + LABEL - 6}" y="{y + CELL / 2 + 4}" text-anchor="end">{escape(probability)}</text>'
            )
            for c, severity in enumerate(matrix.severity):
                x = x0 + LABEL + c * CELL
                colour = COLOURS[matrix.level(severity, probability)]
                count = counts.get((probability, severity), 0)
                parts.append(f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="#{colour}" stroke="#fff"/>')
                if count:
                    parts.append(f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 6}" text-anchor="middle" font-size="18"'
                                 f' font-weight="bold">{count}</text>')  # fmt: skip
        for c, severity in enumerate(matrix.severity):
            x, y = x0 + LABEL + c * CELL + CELL / 2, GAP + rows * CELL + 8
            parts.append(f'<text transform="translate({x},{y}) rotate(35)">{escape(severity)}</text>')
        parts.append(f'<text x="{x0 + 4}" y="{GAP - 8}" font-style="italic">probability ↑</text>')
        parts.append(
            f'<text x="{x0 + grid_w - 4}" y="{height - 4}" text-anchor="end" font-style="italic">severity →</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heat_map_table(matrix: RiskMatrix, counts: Counter, title: str) -> list[nodes.Node]:
    """The same grid as a table with coloured cells (LaTeX: colortbl's ``\\cellcolor``, loaded by Sphinx)."""
    rows = []
    for probability in reversed(matrix.probability):
        row: list[nodes.Node | str] = [nodes.strong(text=probability)]
        for severity in matrix.severity:
            cell = nodes.inline()
            cell += nodes.raw(
                "", rf"\cellcolor[HTML]{{{COLOURS[matrix.level(severity, probability)]}}}", format="latex"
            )
            cell += nodes.Text(str(counts.get((probability, severity), 0) or ""))
            row.append(cell)
        rows.append(row)
    headers = ["probability \\ severity", *matrix.severity]
    return table(headers, rows, [24, *[12] * len(matrix.severity)], title=title, classes=["soup-heat-table"])
