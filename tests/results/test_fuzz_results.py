"""Fuzz the test-report readers: random text, mutated real reports, and odd values where the readers look.

Whatever the input: no exception, a TestReport, every problem located in the file, cases well formed.
"""

from __future__ import annotations

import os
import re
import tempfile
from functools import cache
from pathlib import Path
from xml.sax.saxutils import quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib.soup.results import FORMATS, read_report

from ..conftest import CORPUS
from .helpers import DATA, assert_well_formed

REAL = [
    CORPUS / "fetched/junit/go-junit-report/go-junit-report-012-subtests.report.xml",
    CORPUS / "fetched/junit/java/dorny-junit4-complete.xml",
    CORPUS / "fetched/junit/surefire/maven-surefire-TEST-org.acme.FlakyTest.xml",
    CORPUS / "fetched/junit/other/enricomi-tst-cpp-disabled.xml",
    CORPUS / "fetched/junit/nunit3/dorny-nunit3-sample.xml",
    CORPUS / "fetched/junit/nunit2/enricomi-NUnit2.5-correct2.xml",
    CORPUS / "fetched/junit/xunit-v2/enricomi-xunit-jenkinsci-testcase1.xml",
    CORPUS / "fetched/junit/xunit-v1/enricomi-xunit1-pickles.xml",
    CORPUS / "fetched/junit/trx/dorny-dotnet-trx.trx",
    DATA / "node-test.xml",
    DATA / "pytest-xunit1.xml",
]
#: attributes the readers interpret (numbers, outcomes, lines), to fill with values of the wrong kind
READ_ATTRIBUTES = ("time", "duration", "result", "outcome", "status", "label", "line", "name", "testId", "type")
MAX_BASE = 20_000  # mutate a prefix of the large reports: the structure repeats, the run stays fast
EXAMPLES = int(os.environ.get("SOUP_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PATH = "/nonexistent-soup-fuzz/report.xml"
_FOLDER = tempfile.TemporaryDirectory(prefix="soup-fuzz-")  # one file, rewritten per example, removed at exit
FILE = os.path.join(_FOLDER.name, "report.xml")


@cache
def real_text(index: int) -> str:
    return REAL[index].read_text(encoding="utf-8-sig")[:MAX_BASE]


def check_text(text: str) -> None:
    """Every text reader, and read_report through a file (detection, decoding)."""
    for reader in FORMATS.values():
        assert_well_formed(reader(text, PATH), PATH)
    Path(FILE).write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_well_formed(read_report(FILE), FILE)


def check_bytes(data: bytes) -> None:
    Path(FILE).write_bytes(data)
    assert_well_formed(read_report(FILE), FILE)


@FUZZ
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    check_text(text)


@FUZZ
@given(
    st.sampled_from(["testsuites", "testsuite", "test-run", "test-results", "assemblies", "assembly", "TestRun"]),
    st.text(alphabet="<>/=\"' abcdefgimnrstuvx-\n&;", max_size=300),
)
def test_random_markup_under_each_root(root: str, body: str) -> None:
    check_text(f"<{root}>{body}</{root}>")


@FUZZ
@given(data=st.data())
def test_mutated_real_reports(corpus: Path, data: st.DataObject) -> None:
    """Mutations of real corpus reports (``corpus``: skipped, like every corpus test, without the corpus)."""
    text = real_text(data.draw(st.integers(0, len(REAL) - 1)))
    mutation = data.draw(st.sampled_from(["truncate", "flip", "delete-lines", "values"]))
    if mutation == "truncate":
        check_text(text[: data.draw(st.integers(0, len(text)))])
    elif mutation == "flip":
        raw = bytearray(text.encode("utf-8"))
        for _ in range(data.draw(st.integers(1, 8))):
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
        check_bytes(bytes(raw))
    elif mutation == "delete-lines":
        lines = text.splitlines(keepends=True)
        drop = set(data.draw(st.lists(st.integers(0, max(len(lines) - 1, 0)), max_size=6)))
        check_text("".join(line for i, line in enumerate(lines) if i not in drop))
    else:
        attribute = data.draw(st.sampled_from(READ_ATTRIBUTES))
        value = data.draw(
            st.sampled_from(["", "-1", "NaN", "1e400", "1,2,3", "99:99:99", "None", "0", "\u00e9\U0001f600"])
            | st.text(max_size=12)
        )
        pattern = re.compile(rf'(\s{attribute}=)("[^"]*"|\'[^\']*\')')
        check_text(pattern.sub(lambda m: m.group(1) + quoteattr(value), text))


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                "testsuite",
                "testcase",
                "failure",
                "skipped",
                "properties",
                "property",
                "test-suite",
                "test-case",
                "collection",
                "test",
                "Results",
                "UnitTestResult",
                "InnerResults",
            ]
        ),
        max_size=12,
    )
)
def test_elements_in_the_wrong_places(tags: list[str]) -> None:
    """Known elements nested in any order under each root: readers must not assume the usual shape."""
    inner = "".join(f'<{tag} name="n" time="1" result="Pass" outcome="Passed">' for tag in tags)
    inner += "".join(f"</{tag}>" for tag in reversed(tags))
    for root in ("testsuites", "test-run", "test-results", "assemblies", "assembly", "TestRun"):
        check_text(f"<{root}>{inner}</{root}>")
