"""xUnit.net v2 and v1 readers: every xUnit.net report of the corpus, and the rules on made-up files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib.soup.results import read_report
from sphinxcontrib.soup.results.xunit import read_xunit

from .helpers import assert_well_formed, case, tally

X = "fetched/junit/"

#: file -> (format, cases, outcome tallies); the INDEX's result:Pass/Fail/Skip map one to one
CORPUS = {
    X + "xunit-v1/enricomi-xunit1-pickles.xml": ("xunit1", 4, {"passed": 3, "failed": 1}),
    X + "xunit-v2/enricomi-xunit-jenkinsci-testcase1.xml": ("xunit2", 3, {"passed": 1, "failed": 1, "skipped": 1}),
    X + "xunit-v2/enricomi-xunit2.3-jenkinsci-testcase5.xml": ("xunit2", 5, {"passed": 5}),
}


def read(corpus: Path, name: str):
    path = str(corpus / name)
    report = read_report(path)
    assert_well_formed(report, path)
    return report


@pytest.mark.parametrize("name", sorted(CORPUS), ids=lambda n: n.rsplit("/", 1)[-1])
def test_corpus_counts_and_outcomes(corpus: Path, name: str) -> None:
    fmt, count, outcomes = CORPUS[name]
    report = read(corpus, name)
    assert (report.format, report.tool, report.problems) == (fmt, "xunit.net", ())
    assert len(report.cases) == count and tally(report) == outcomes


def test_xunit2_jenkins(corpus: Path) -> None:
    report = read(corpus, X + "xunit-v2/enricomi-xunit-jenkinsci-testcase1.xml")
    assert report.timestamp == "2014-12-18 14:34:32"
    failed = case(report, "FailedTest")
    assert (failed.classname, failed.suite) == (
        "MyProject.Tests.SampleFact",
        "Test collection for MyProject.Tests.SampleFact",
    )
    assert (failed.message, failed.duration, failed.id) == (
        "Assert.True() Failure",
        0.014,
        "MyProject.Tests.SampleFact::FailedTest",
    )
    assert failed.details.startswith("Assert.True() Failure\nat MyProject.Tests.SampleFact.FailedTest() in c:\\Jenkins")
    skipped = case(report, "SkippedTest")
    assert (skipped.outcome, skipped.message, skipped.source.line) == ("skipped", "On Purpose", 13)
    display = read(corpus, X + "xunit-v2/enricomi-xunit2.3-jenkinsci-testcase5.xml")
    assert display.timestamp == "06/15/2018 18:09:29"  # <assemblies timestamp> as written
    named = case(display, "Uninstall application if it is installed.")  # a display name is kept whole
    assert (named.classname, named.duration) == ("UnitTest.UnitTest", 48.3914131)


def test_xunit1_pickles(corpus: Path) -> None:
    report = read(corpus, X + "xunit-v1/enricomi-xunit1-pickles.xml")  # a comment before the root
    assert report.timestamp == "2012-01-14 10:21:10"
    add = case(report, "AddTwoNumbers")
    assert (add.suite, add.classname, add.duration) == (
        "Pickles.TestHarness.xUnit.AdditionFeature",
        "Pickles.TestHarness.xUnit.AdditionFeature",
        0.153,
    )
    assert add.properties == (("Description", "Add two numbers"), ("FeatureTitle", "Addition"))  # traits
    several = [c.name for c in report.cases if c.name.startswith("AddingSeveralNumbers")]
    assert (
        several[0]
        == 'AddingSeveralNumbers(firstNumber: "40", secondNumber: "50", result: "90", exampleTags: System.String[])'
    )
    fail = case(report, "FailToAddTwoNumbers")
    assert (fail.outcome, fail.message) == (
        "failed",
        "System.InvalidOperationException : This is a fake failure message",
    )
    assert "ThenTheResultShouldBePass" in fail.details


XUNIT2 = """<assemblies>
  <assembly name="Device.Tests.dll" run-date="2024-05-01" run-time="10:00:00" test-framework="xUnit.net 2.9.0">
    <errors>
      <error type="test-class-cleanup" name="Device.PumpTests">
        <failure exception-type="System.IO.IOException"><message>disk full</message></failure>
      </error>
    </errors>
    <collection name="Test collection for Device.PumpTests">
      <test name="Device.PumpTests.Stops" type="Device.PumpTests" method="Stops" time="0.25" result="Pass">
        <traits><trait name="requirement" value="REQ-7"/><trait name="Category" value="safety"/></traits>
      </test>
      <test name="Device.PumpTests.NotYet" type="Device.PumpTests" method="NotYet" time="0" result="NotRun"/>
      <test name="Device.PumpTests.Throws" type="Device.PumpTests" method="Throws" time="1,000.5" result="Fail">
        <failure exception-type="System.DivideByZeroException"/>
      </test>
      <test name="Device.PumpTests.Odd" type="Device.PumpTests" method="Odd" time="-1" result="Maybe">
        <reason><![CDATA[line one
line two]]></reason>
      </test>
    </collection>
  </assembly>
</assemblies>"""


def test_xunit2_rules() -> None:
    report = read_xunit(XUNIT2, "x.xml")
    assert_well_formed(report, "x.xml")
    assert [(c.name, c.outcome) for c in report.cases] == [
        ("Stops", "passed"),
        ("NotYet", "skipped"),
        ("Throws", "failed"),
        ("Odd", "error"),
    ]
    assert case(report, "Stops").properties == (("requirement", "REQ-7"), ("Category", "safety"))
    throws = case(report, "Throws")
    assert (throws.message, throws.details, throws.duration) == ("System.DivideByZeroException", None, 1000.5)
    odd = case(report, "Odd")
    assert (odd.message, odd.details, odd.duration) == ("line one", "line one\nline two", None)
    assert [(p.kind, p.source.line) for p in report.problems] == [("report", 4), ("report", 16), ("report", 16)]
    assert report.problems[0].message == "xUnit test-class-cleanup in Device.PumpTests outside any test: disk full"


def test_wrong_root_and_empty_assembly() -> None:
    assert read_xunit("<testsuites/>", "x.xml").problems[0].kind == "input"
    report = read_xunit("<assemblies><assembly/></assemblies>", "x.xml")
    assert (report.format, report.cases, report.problems) == ("xunit2", (), ())
