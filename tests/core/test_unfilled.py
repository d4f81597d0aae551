"""Scaffold blanks (``TODO`` values) in records files: one located ``unfilled`` problem each, nothing else."""

from __future__ import annotations

import sphinxcontrib.soup.requirements  # noqa: F401  (registers the requirements section)
from sphinxcontrib.soup.records import is_unfilled, read_record_file

TEXT = """\
soup:
  - name: zod
    ecosystem: npm
    safety_class: "TODO: A, B or C"
    systems: [Viewer, TODO]
    end_of_support: TODO
    purpose: TODOs are listed in the tracker   # not a blank: TODO is not followed by ':'
    verified: {version: "3.25.76", by: "TODO: who", date: 2026-11-01}
requirements:
  - id: REQ_ZOD_PARSE
    item: zod
    statement: "TODO: what the product needs"
    verified_by: "analysis: the schema is parsed once"
"""


def test_blanks_are_located_and_dropped_before_validation():
    found = read_record_file(TEXT, "stub.yaml")
    where = sorted((p.source.line, p.message) for p in found.problems)
    assert where == [
        (4, "zod: unfilled scaffold field 'safety_class' (TODO: A, B or C)"),
        (5, "zod: unfilled scaffold list entry (TODO)"),
        (6, "zod: unfilled scaffold field 'end_of_support' (TODO)"),
        (8, "zod: unfilled scaffold field 'by' (TODO: who)"),
        (12, "REQ_ZOD_PARSE: unfilled scaffold field 'statement' (TODO: what the product needs)"),
    ]
    assert {p.kind for p in found.problems} == {"unfilled"}
    [record] = found.records
    assert record.safety_class is None and record.systems == ("Viewer",) and record.end_of_support is None
    assert record.purpose == "TODOs are listed in the tracker" and record.verified_on == "2026-11-01"
    assert [r.id for r in found.sections["requirements"]] == ["REQ_ZOD_PARSE"]


def test_is_unfilled():
    assert is_unfilled("TODO") and is_unfilled(" TODO ") and is_unfilled("TODO: purpose")
    assert not is_unfilled("TODOs") and not is_unfilled("todo") and not is_unfilled(None) and not is_unfilled(1)
