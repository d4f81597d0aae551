"""read_report: dialect detection from the root element, every corpus test report, and hostile or broken files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sphinxcontrib.soup import results
from sphinxcontrib.soup.results import FORMATS, ROOTS, detect, read_report, sniff

from ..conftest import CORPUS
from .helpers import assert_well_formed, bomb, tally, xxe

CORPUS_INDEX = CORPUS / "INDEX.md"
#: INDEX "format" column -> the formats read_report may answer for it
INDEX_FORMATS = {
    "junit-xml": {"junit"},
    "nunit3-xml": {"nunit3"},
    "nunit2-xml": {"nunit2"},
    "xunit.net-xml": {"xunit1", "xunit2"},
    "trx": {"trx"},
}


def index_rows() -> list[tuple[str, str, str]]:
    """(path, format, count column) of every test report the corpus INDEX lists."""
    if not CORPUS_INDEX.is_file():
        return []
    rows = []
    for line in CORPUS_INDEX.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("|")[1:-1]]
        if len(cells) < 4 or not re.fullmatch(r"`(fetched|generated)/junit/.*\.(xml|trx)`", cells[0]):
            continue
        rows.append((cells[0].strip("`"), cells[1], cells[3]))
    return rows


@pytest.mark.parametrize(("name", "index_format", "count"), index_rows(), ids=lambda v: str(v)[-60:])
def test_every_corpus_report_has_the_index_count(corpus: Path, name: str, index_format: str, count: str) -> None:
    """Each report the INDEX lists: the dialect it names and as many cases as its ``<testcase>`` count.

    The outcome tallies are checked file by file in the dialect's own test module, where the INDEX's
    structural tally (elements, attribute values) and the semantic outcome differ.
    """
    path = str(corpus / name)
    report = read_report(path)
    assert_well_formed(report, path)
    if index_format.startswith("ERROR"):
        assert report.cases == () and len(report.problems) == 1
        return
    assert report.format in INDEX_FORMATS[index_format]
    assert len(report.cases) == int(count.split()[0])
    assert report.problems == ()


def test_the_index_lists_every_report_of_the_corpus(corpus: Path) -> None:
    on_disk = {
        str(file.relative_to(corpus))
        for folder in ("fetched/junit", "generated/junit")
        for file in (corpus / folder).rglob("*")
        if file.suffix in (".xml", ".trx")
    }
    assert {name for name, _, _ in index_rows()} == on_disk


def test_malformed_nunit3_file_is_one_located_parse_problem(corpus: Path) -> None:
    """The source repository ships this file broken on purpose: raw C# inside the XML at line 33."""
    path = str(corpus / "fetched/junit/nunit3/enricomi-NUnit3-issue17521.xml")
    report = read_report(path)
    assert report.cases == ()
    assert report.format == "nunit3"  # named from its first element, though it does not parse
    (problem,) = report.problems
    assert problem.kind == "parse" and problem.source is not None
    assert problem.source.path == path and problem.source.line == 33
    assert "not well-formed" in problem.message


@pytest.mark.parametrize("root", sorted(ROOTS))
@pytest.mark.parametrize("attack", [bomb, xxe], ids=["bomb", "xxe"])
def test_entity_attacks_are_refused_for_every_root(tmp_path: Path, root: str, attack) -> None:
    """A billion-laughs bomb or an external entity, whatever dialect the root names: one located problem."""
    file = tmp_path / "report.xml"
    file.write_text(attack(root), encoding="utf-8")
    report = read_report(str(file))
    assert report.cases == ()
    assert report.format == ROOTS[root]
    (problem,) = report.problems
    assert problem.kind == "parse" and problem.source.path == str(file)
    assert problem.source.line is not None and problem.source.line >= 1
    assert "root:" not in problem.message  # nothing of /etc/passwd leaks into the message


@pytest.mark.parametrize(
    ("xml", "fmt"),
    [
        ("<testsuites/>", "junit"),
        ("<testsuite/>", "junit"),
        ("<test-run/>", "nunit3"),
        ("<test-suite/>", "nunit3"),
        ("<test-results/>", "nunit2"),
        ("<assemblies/>", "xunit2"),
        ("<assembly/>", "xunit1"),
        ('<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"/>', "trx"),
        ("<TestRun/>", "trx"),
        ('<TestRun xmlns="urn:other-tool"/>', None),
        ("<bom/>", None),
    ],
)
def test_detect_by_root_element(tmp_path: Path, xml: str, fmt: str | None) -> None:
    file = tmp_path / "r.xml"
    file.write_text(f'<?xml version="1.0"?>\n<!-- a comment first -->\n{xml}\n', encoding="utf-8")
    report = read_report(str(file))
    assert_well_formed(report, str(file))
    if fmt is None:
        assert report.format == "unknown"
        (problem,) = report.problems
        assert problem.kind == "input" and problem.source.line == 3 and "not a test report" in problem.message
    else:
        assert report.format == fmt and report.problems == () and report.cases == ()


def test_sniff_names_the_dialect_of_a_file_that_does_not_parse() -> None:
    assert sniff('<?xml version="1.0"?>\n<!-- x -->\n<!DOCTYPE a [<!ENTITY b "c">]>\n<test-run id="2">') == "nunit3"
    assert sniff('\ufeff<assemblies timestamp="x"') == "xunit2"
    assert sniff("<t:TestRun xmlns:t='x'>") == "trx"
    assert sniff("no markup") is None


def test_detect_ignores_namespace_prefixes_of_known_roots() -> None:
    from sphinxcontrib.soup.facades.xml_file import load_xml

    root, _ = load_xml('<j:testsuites xmlns:j="urn:junit"/>', "x.xml")
    assert detect(root) == "junit"


def test_forced_format_reads_with_that_reader_and_says_when_the_root_is_wrong(corpus: Path) -> None:
    path = str(corpus / "fetched/junit/xunit-v2/enricomi-xunit2.4-as-junit-with-properties.xml")
    assert read_report(path, "junit").cases and read_report(path).format == "junit"
    report = read_report(path, "trx")
    assert report.format == "trx" and report.cases == ()
    (problem,) = report.problems
    assert problem.kind == "input" and "<testsuites>" in problem.message and problem.source.line == 2


def test_unknown_format_and_missing_file_are_problems(tmp_path: Path) -> None:
    report = read_report(str(tmp_path / "r.xml"), "allure")
    assert report.problems[0].kind == "input" and "allure" in report.problems[0].message
    report = read_report(str(tmp_path / "missing.xml"))
    assert report.format == "unknown" and report.problems[0].message == "file not found"


def test_a_report_in_a_declared_legacy_encoding_is_read(tmp_path: Path) -> None:
    """Old .NET and Java tools write the machine's code page and declare it: bytes that are not UTF-8."""
    file = tmp_path / "r.xml"
    xml = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<testsuite name="Prüfung"><testcase name="größe"/></testsuite>'
    file.write_bytes(xml.encode("latin-1"))
    report = read_report(str(file))
    assert report.problems == ()
    assert [(c.suite, c.name) for c in report.cases] == [("Prüfung", "größe")]


def test_undeclared_bytes_that_are_not_utf8_are_a_located_problem(tmp_path: Path) -> None:
    file = tmp_path / "r.xml"
    file.write_bytes(b'<testsuite name="a">\n<testcase name="\xff"/></testsuite>')
    report = read_report(str(file))
    assert report.cases == ()
    assert report.problems[0].kind == "parse" and report.problems[0].source.line == 2


def test_a_reader_bug_becomes_a_problem_not_an_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(root, path):
        raise KeyError("boom")

    monkeypatch.setitem(results._FROM_ROOT, "junit", broken)
    file = tmp_path / "r.xml"
    file.write_text("<testsuite/>", encoding="utf-8")
    report = read_report(str(file))
    assert report.format == "junit" and report.cases == ()
    assert "internal error in the junit reader" in report.problems[0].message


def test_every_format_has_a_text_reader(corpus: Path) -> None:
    """``FORMATS`` readers take text; each gives the same cases as read_report on a file of its dialect."""
    files = {
        "junit": "fetched/junit/go-junit-report/go-junit-report-001-pass-fail-skip.report.xml",
        "nunit3": "fetched/junit/nunit3/dorny-nunit3-sample.xml",
        "nunit2": "fetched/junit/nunit2/enricomi-NUnit2.5-correct2.xml",
        "xunit2": "fetched/junit/xunit-v2/enricomi-xunit-jenkinsci-testcase1.xml",
        "xunit1": "fetched/junit/xunit-v1/enricomi-xunit1-pickles.xml",
        "trx": "fetched/junit/trx/dorny-dotnet-trx.trx",
    }
    assert set(files) == set(FORMATS)
    for fmt, name in files.items():
        path = str(corpus / name)
        text = (corpus / name).read_text(encoding="utf-8-sig")
        by_text, by_path = FORMATS[fmt](text, path), read_report(path)
        assert by_text.format == by_path.format == fmt
        assert by_text.cases == by_path.cases and tally(by_text)
