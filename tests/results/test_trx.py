"""Visual Studio TRX reader: every TRX of the corpus (MSTest, xUnit, NUnit adapters), and the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib.soup.results import read_report
from sphinxcontrib.soup.results.trx import read_trx

from .helpers import assert_well_formed, case, tally

T = "fetched/junit/trx/"

#: file -> (cases, outcome tallies, tool). The INDEX tallies the ``outcome`` attribute.
CORPUS = {
    T + "dorny-dotnet-trx.trx": (11, {"passed": 5, "failed": 5, "skipped": 1}, "xunit.net"),
    # an xUnit v3 run through Microsoft.Testing.Platform: the adapter is a GUID, no tool named
    T + "dorny-dotnet-xunitv3.trx": (4, {"passed": 1, "failed": 3}, None),
    T + "enricomi-NUnit-netcoreapp3.1-sample.trx": (6, {"passed": 2, "failed": 3, "skipped": 1}, "nunit"),
    T + "enricomi-mstest-pickles.trx": (4, {"passed": 3, "failed": 1}, "mstest"),
    T + "enricomi-xUnit-netcoreapp3.1-sample.trx": (6, {"passed": 2, "failed": 3, "skipped": 1}, "xunit.net"),
    # INDEX: Passed=2, Failed=2, NotRunnable=1 + Aborted=1 (-> error), NotExecuted=19 (-> skipped)
    T + "enricomi-yami_YAMILEX_2015-10-24.trx": (25, {"passed": 2, "failed": 2, "error": 2, "skipped": 19}, "mstest"),
}


def read(corpus: Path, name: str):
    path = str(corpus / name)
    report = read_report(path)
    assert_well_formed(report, path)
    return report


@pytest.mark.parametrize("name", sorted(CORPUS), ids=lambda n: n.rsplit("/", 1)[-1])
def test_corpus_counts_and_outcomes(corpus: Path, name: str) -> None:
    count, outcomes, tool = CORPUS[name]
    report = read(corpus, name)
    assert (report.format, report.tool, report.problems) == ("trx", tool, ())
    assert len(report.cases) == count and tally(report) == outcomes


def test_xunit_through_vstest(corpus: Path) -> None:
    report = read(corpus, T + "dorny-dotnet-trx.trx")  # BOM at the start of the file
    assert report.timestamp == "2021-04-20T08:31:31.9866971+02:00"
    failing = case(report, "Failing_Test")  # testName is the full name: the class is cut off
    assert (failing.classname, failing.suite) == ("DotnetTests.XUnitTests.CalculatorTests",) * 2
    assert (failing.message, failing.duration) == ("Assert.Equal() Failure", 0.0038697)
    assert failing.details.startswith("Assert.Equal() Failure\nExpected: 3\nActual:   2\nat DotnetTests")
    assert failing.timestamp == "2021-04-20T08:31:32.9742636+02:00" and failing.source.line == 44
    custom = case(report, "Should be even number(i: 3)")  # a display name
    assert (custom.outcome, custom.classname) == ("failed", "DotnetTests.XUnitTests.CalculatorTests")
    skipped = case(report, "Skipped_Test")
    assert (skipped.outcome, skipped.message) == ("skipped", "Skipped test")  # the adapter's StdOut


def test_mstest_properties_and_old_class_names(corpus: Path) -> None:
    report = read(corpus, T + "enricomi-mstest-pickles.trx")
    row = case(report, "AddingSeveralNumbers_40")
    assert (
        row.classname == "Pickles.TestHarness.MSTest.AdditionFeature"
    )  # ", Pickles.TestHarness.MSTest, Version=..." cut
    assert row.properties == (
        ("FeatureTitle", "Addition"),
        ("VariantName", "40"),
        ("Parameter:Second Number", "50"),
        ("Parameter:Result", "90"),
        ("Parameter:First Number", "40"),
        ("Description", "Adding several numbers"),
    )
    assert row.duration == 0.076891
    failed = case(report, "FailToAddTwoNumbers")
    assert (
        failed.message == "Test method Pickles.TestHarness.MSTest.AdditionFeature.FailToAddTwoNumbers threw exception:"
    )


def test_old_vs2010_outcomes(corpus: Path) -> None:
    report = read(corpus, T + "enricomi-yami_YAMILEX_2015-10-24.trx")
    compare = case(report, "CompareTest")
    assert (compare.outcome, compare.duration) == ("error", None)  # NotRunnable, no duration written
    assert compare.message.startswith("UTA007: la firma del método CompareTest")
    assert case(report, "EST_SEG_TEMPTest").outcome == "error"  # Aborted
    assert case(report, "EST_INTER_TEMPTest").duration == 19.039413
    assert case(report, "GetDiseñoTest").outcome == "skipped"


def test_nunit_through_vstest(corpus: Path) -> None:
    report = read(corpus, T + "enricomi-NUnit-netcoreapp3.1-sample.trx")
    skip = case(report, "SkipTest")
    assert (skip.outcome, skip.message, skip.classname) == (
        "skipped",
        "Ignore test",
        "SampleProject.NUnit.TestServiceTests",
    )
    assert case(report, "FailTest").message == "Expected: True"


TRX = """<?xml version="1.0" encoding="UTF-8"?>
<TestRun id="1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Times creation="2024-05-01T10:00:00" start="2024-05-01T10:00:01"/>
  <Results>
    <UnitTestResult testId="a" testName="Stops" outcome="Passed" duration="1.02:03:04.5000000"/>
    <UnitTestResult testId="b" testName="DataDriven" outcome="Failed" duration="00:00:01">
      <InnerResults>
        <UnitTestResult testId="b" testName="DataDriven (Data Row 0)" outcome="Passed" duration="00:00:00.5"/>
        <UnitTestResult testId="b" testName="DataDriven (Data Row 1)" outcome="Timeout" duration="00:00:00.5"/>
      </InnerResults>
    </UnitTestResult>
    <UnitTestResult testId="zzz" testName="Orphan" outcome="Exploded" duration="soon"/>
    <UnitTestResult testId="a" testName="Inconclusive" outcome="Inconclusive"/>
  </Results>
  <TestDefinitions>
    <UnitTest id="a" name="Stops">
      <Description>Stops the pump</Description>
      <Owners><Owner name="qa"/></Owners>
      <TestCategory><TestCategoryItem TestCategory="safety"/></TestCategory>
      <WorkItemIDs><WorkItem id="1234"/></WorkItemIDs>
      <Properties><Property><Key>requirement</Key><Value>REQ-7</Value></Property></Properties>
      <TestMethod className="Device.PumpTests" name="Stops" adapterTypeName="executor://mstestadapter/v2"/>
    </UnitTest>
    <UnitTest id="b" name="DataDriven"><TestMethod className="Device.PumpTests" name="DataDriven"/></UnitTest>
  </TestDefinitions>
</TestRun>"""


def test_trx_rules() -> None:
    report = read_trx(TRX, "t.trx")
    assert_well_formed(report, "t.trx")
    assert (report.tool, report.timestamp) == ("mstest", "2024-05-01T10:00:01")
    assert [(c.name, c.outcome) for c in report.cases] == [
        ("Stops", "passed"),
        ("DataDriven (Data Row 0)", "passed"),  # inner results replace the data-driven summary
        ("DataDriven (Data Row 1)", "failed"),
        ("Orphan", "error"),
        ("Inconclusive", "skipped"),
    ]
    stops = case(report, "Stops")
    assert stops.duration == 86400 + 2 * 3600 + 3 * 60 + 4.5
    assert stops.properties == (
        ("requirement", "REQ-7"),
        ("TestCategory", "safety"),
        ("Owner", "qa"),
        ("WorkItem", "1234"),
        ("Description", "Stops the pump"),
    )
    orphan = case(report, "Orphan")
    assert (orphan.suite, orphan.classname, orphan.duration) == ("", None, None)
    assert [(p.kind, p.source.line) for p in report.problems] == [("report", 12)] * 3


def test_wrong_root() -> None:
    assert read_trx("<testsuites/>", "t.trx").problems[0].kind == "input"
    assert read_trx("<TestRun/>", "t.trx").cases == ()
