"""Curated records: valid files load, every defect is one located problem, Python tags are refused."""

from __future__ import annotations

from sphinxcontrib.soup.records import find_duplicates, read_records

GOOD = """\
soup:
  - name: react
    ecosystem: npm
    title: React
    manufacturer: Meta Platforms and community
    website: https://react.dev
    purpose: Renders the viewer.
    systems: [Viewer]
    safety_class: b
    support: maintained
    end_of_support: 2027-06-30
    verified: {version: 18.2.0, by: J. Doe, date: 2026-10-01}
  - name: Debian GNU/Linux
    standalone: true
    version: "12.7"
    ecosystem: generic
    end_of_support: unknown
    end_of_support_justification: LTS until 2028 per vendor policy
"""


def test_valid_records_load_with_lines():
    records, problems = read_records(GOOD, "r.yaml")
    assert problems == []
    react, debian = records
    assert (react.name, react.ecosystem, react.safety_class, react.version) == ("react", "npm", "B", "18.2.0")
    assert react.systems == ("Viewer",)
    assert react.end_of_support == "2027-06-30"
    assert react.verified_by == "J. Doe" and react.verified_on == "2026-10-01"
    assert react.source.line == 2
    assert react.extra["version_line"] == 12
    assert debian.standalone and debian.version == "12.7" and debian.source.line == 13


def _single_problem(text: str):
    records, problems = read_records(text, "r.yaml")
    assert len(problems) == 1, problems
    return records, problems[0]


def test_unknown_key_is_located():
    _, problem = _single_problem("soup:\n  - name: x\n    colour: red\n")
    assert problem.kind == "record" and "unknown key 'colour'" in problem.message
    assert (problem.source.path, problem.source.line) == ("r.yaml", 3)


def test_python_tag_is_refused_with_a_line():
    _, problem = _single_problem("soup:\n  - name: x\n    purpose: !!python/object/apply:os.system ['true']\n")
    assert problem.kind == "parse" and problem.source.line == 3
    assert "python/object" in problem.message


def test_wrong_types_and_vocabularies():
    text = "soup:\n  - name: x\n    safety_class: D\n    support: sometimes\n    systems: 3\n    end_of_support: soon\n"
    records, problems = read_records(text, "r.yaml")
    assert [p.source.line for p in problems] == [5, 3, 4, 6]
    assert records[0].safety_class is None and records[0].support is None


def test_float_version_must_be_quoted():
    _, problem = _single_problem("soup:\n  - name: x\n    verified: {version: 1.10}\n")
    assert "verified.version" in problem.message and problem.source.line == 3


def test_truncated_and_non_mapping_inputs():
    assert read_records("soup: [", "r.yaml")[1][0].kind == "parse"
    records, problems = read_records("soup:\n  - just a string\n", "r.yaml")
    assert records == [] and problems[0].kind == "record"
    _, problems = read_records("soup: 3\n", "r.yaml")
    assert "'soup' must be a list" in problems[0].message
    _, problems = read_records("hazards: []\n", "r.yaml")  # risks: is a section now (risks.py)
    assert "unknown section 'hazards'" in problems[0].message


def test_duplicate_records_and_duplicate_keys():
    records, _ = read_records("soup:\n  - name: a\n  - name: A\n", "r.yaml")
    (dup,) = find_duplicates(records)
    assert dup.source.line == 3 and "first at r.yaml:2" in dup.message
    _, problem = _single_problem("soup:\n  - name: a\n    name: b\n")
    assert "duplicate key" in problem.message and problem.source.line == 3


def test_bare_list_is_accepted_and_empty_file_is_fine():
    records, problems = read_records("- name: a\n", "r.yaml")
    assert [r.name for r in records] == ["a"] and problems == []
    assert read_records("", "r.yaml") == ([], [])


def test_several_verified_versions():
    records, problems = read_records('soup:\n  - name: numpy\n    verified: {version: ["2.4.6", "2.5.5"]}\n', "r.yaml")
    assert problems == [] and records[0].verified_versions == ("2.4.6", "2.5.5")
    _, problems = read_records("soup:\n  - name: numpy\n    verified: {version: [2.4]}\n", "r.yaml")
    assert "list of quoted versions" in problems[0].message


def test_a_date_that_is_no_date_is_a_located_problem_not_a_crash():
    """YAML would build 2026-02-30 as a date and raise: it stays text, and the record says where it is wrong."""
    text = "soup:\n  - name: a\n    end_of_support: 2026-02-30\n    verified: {version: '1', date: 2026-13-01}\n"
    records, problems = read_records(text, "r.yaml")
    assert [(p.source.line, p.message) for p in problems] == [
        (3, "a: end_of_support must be an ISO date or 'unknown'"),
        (4, "a: verified.date must be an ISO date"),
    ]
    assert records[0].name == "a" and records[0].end_of_support is None
