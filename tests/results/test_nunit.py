"""NUnit 3 and NUnit 2.5 readers: every NUnit report of the corpus, and the outcome rules on made-up files.

The INDEX tallies NUnit files by the ``result`` attribute (``result:Failed=5``). NUnit 3 writes a test that
threw an exception as ``result="Failed" label="Error"``: those are errors here, so each row says how its
``Failed`` count splits. ``Inconclusive`` counts as skipped (see the module docstring of ``nunit``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib.soup.model import Source
from sphinxcontrib.soup.results import read_report
from sphinxcontrib.soup.results.nunit import read_nunit2, read_nunit3

from .helpers import assert_well_formed, case, tally

N = "fetched/junit/"

#: file -> (format, cases, outcome tallies)
CORPUS = {
    # INDEX: Failed=5 (2 of them label="Error"), Passed=3, Skipped=1
    N + "nunit3/dorny-dotnet-nunit3.xml": ("nunit3", 9, {"passed": 3, "failed": 3, "error": 2, "skipped": 1}),
    # INDEX: Failed=2 (TestWithException: label="Error"), Inconclusive=1 (-> skipped), Passed=12, Skipped=3
    N + "nunit3/dorny-nunit3-sample.xml": ("nunit3", 18, {"passed": 12, "failed": 1, "error": 1, "skipped": 4}),
    # INDEX: Failed=10, 9 of them label="Error"; root is a bare <test-suite>, file starts with a BOM
    N + "nunit3/enricomi-nunit3-test-suite-root-clicketyclackety.xml": (
        "nunit3",
        23,
        {"passed": 13, "failed": 1, "error": 9},
    ),
    # INDEX: Failed=1, label="Error"
    N + "nunit3/enricomi-nunit3-timewarpinc.xml": ("nunit3", 1, {"error": 1}),
    N + "nunit2/enricomi-NUnit2.5-correct2.xml": ("nunit2", 218, {"passed": 218}),
}


def read(corpus: Path, name: str):
    path = str(corpus / name)
    report = read_report(path)
    assert_well_formed(report, path)
    return report


@pytest.mark.parametrize("name", sorted(CORPUS), ids=lambda n: n.rsplit("/", 1)[-1][:50])
def test_corpus_counts_and_outcomes(corpus: Path, name: str) -> None:
    fmt, count, outcomes = CORPUS[name]
    report = read(corpus, name)
    assert (report.format, report.tool, report.problems) == (fmt, "nunit", ())
    assert len(report.cases) == count and tally(report) == outcomes


def test_nunit3_sample(corpus: Path) -> None:
    report = read(corpus, N + "nunit3/dorny-nunit3-sample.xml")
    assert report.timestamp == "2011-07-26 11:34:27"  # early NUnit 3: run-date and start-time apart
    failing = case(report, "FailingTest")
    assert (failing.outcome, failing.message, failing.duration) == ("failed", "Intentional failure", 0.023)
    assert (failing.suite, failing.classname) == ("MockTestFixture", "NUnit.Tests.Assemblies.MockTestFixture")
    assert failing.id == "NUnit.Tests.Assemblies.MockTestFixture::FailingTest"
    assert failing.details.startswith("Intentional failure\nat NUnit.Framework.Assert.Fail(String message")
    assert failing.source == Source(report.path, 20)
    fixture = (("Category", "FixtureCategory"), ("Description", "Fake Test Fixture"))
    assert failing.properties == fixture  # the fixture's properties reach its cases; _PID/_APPDOMAIN do not
    inconclusive = case(report, "InconclusiveTest")
    assert (inconclusive.outcome, inconclusive.message) == ("skipped", "inconclusive")
    assert case(report, "MockTest1").properties == (("Description", "Mock Test #1"), ("Category", "FixtureCategory"))
    assert case(report, "MockTest3").properties == (
        ("Category", "AnotherCategory"),
        ("Category", "MockCategory"),
        ("Description", "Fake Test Fixture"),
    )
    ignored = case(report, "MockTest4")
    assert (ignored.outcome, ignored.message) == ("skipped", "ignoring this test method for now")
    assert ignored.properties == (("Category", "Foo"), ("Description", "Fake Test Fixture"))  # no _SKIPREASON
    assert (case(report, "TestWithException").outcome, case(report, "TestWithException").message) == (
        "error",
        "System.ApplicationException : Intentional Exception",
    )
    parameterized = case(report, "MethodWithParameters(9,11)")
    assert (parameterized.suite, parameterized.classname) == (
        "FixtureWithTestCases",
        "NUnit.Tests.FixtureWithTestCases",
    )
    assert [c.classname for c in report.cases if c.name == "Test1"] == [
        "NUnit.Tests.ParameterizedFixture(42)",
        "NUnit.Tests.ParameterizedFixture(5)",
    ]


def test_nunit3_dotnet(corpus: Path) -> None:
    report = read(corpus, N + "nunit3/dorny-dotnet-nunit3.xml")
    assert report.timestamp == "2021-06-28 20:23:41Z"
    target = case(report, "Exception_In_TargetTest")
    assert (target.outcome, target.message, target.duration) == (
        "error",
        "System.DivideByZeroException : Attempted to divide by zero.",
        0.022805,
    )
    assert target.timestamp == "2021-06-28T20:23:41.4684284Z"
    timeout = case(report, "Timeout_Test")
    # an empty <failure/>: the label says what happened; the Timeout attribute is kept as a property
    assert (timeout.outcome, timeout.message, timeout.properties) == (
        "failed",
        "Test exceeded Timeout value 1ms.",
        (("Timeout", "1"),),
    )
    theory = case(report, "Is_Even_Number(3)")
    assert (theory.suite, theory.classname, theory.message) == (
        "CalculatorTests",
        "DotnetTests.XUnitTests.CalculatorTests",
        "Expected: True",
    )
    assert case(report, "Passing_Test_With_Description").properties == (("Description", "Some description"),)
    assert case(report, "Skipped_Test").message == "Skipped"


def test_nunit3_fragments(corpus: Path) -> None:
    click = read(corpus, N + "nunit3/enricomi-nunit3-test-suite-root-clicketyclackety.xml")
    bake = case(click, "BakeDrawings")
    assert (bake.outcome, bake.suite, bake.duration) == ("error", "BakeDrawingCommandTests", 0.135485)
    assert (
        bake.message
        == "System.InvalidOperationException : Assert.Equals should not be used. Use Assert.AreEqual instead."
    )
    unity = read(corpus, N + "nunit3/enricomi-nunit3-timewarpinc.xml").cases[0]
    assert unity.name == 'ValidateSceneContainer("Assets/Scenes/Grid/GridTest.unity")'
    assert (unity.suite, unity.classname) == ("AssetValidatorTest", "MP.Tests.AssetValidatorTest")
    assert unity.properties == (
        ("platform", "EditMode"),
        ("isAssembly", "True"),
        ("EditorOnly", "True"),
        ("RequiresPlayMode", "False"),
        ("isRoot", "True"),
    )


def test_nunit2(corpus: Path) -> None:
    report = read(corpus, N + "nunit2/enricomi-NUnit2.5-correct2.xml")
    assert report.timestamp == "2015-03-13 16:40:26"
    first = report.cases[0]
    assert (first.name, first.suite, first.duration) == ("should_return_different_object", "AmountTests+Clone", 0.012)
    assert first.classname == "imG.Approx.Tests.Components.BuildingBlocks.AmountTests+Clone"
    nudge = case(report, "should_change_value_in_range(100,-2,8)")
    assert nudge.suite == "AmountTests+Nudge"  # the ParameterizedTest suite is not the suite
    assert all(c.classname for c in report.cases)  # every full name starts with its fixture's full name


NUNIT3 = """<?xml version="1.0" encoding="utf-8"?>
<test-run id="2" start-time="2024-05-01 10:00:00Z">
  <test-suite type="Assembly" name="Device.Tests.dll">
    <properties><property name="_PID" value="1"/></properties>
    <test-suite type="TestFixture" name="PumpTests" fullname="Device.PumpTests" classname="Device.PumpTests">
      <properties><property name="requirement" value="REQ-PUMP"/><property name="Category" value="safety"/></properties>
      <test-case name="StopsOnOcclusion" fullname="Device.PumpTests.StopsOnOcclusion" result="Passed" duration="0.25">
        <properties><property name="requirement" value="REQ-7"/><property name="MaxTime" value="500"/></properties>
      </test-case>
      <test-case name="Warns" fullname="Device.PumpTests.Warns" result="Warning" duration="0.1"/>
      <test-case name="Cancelled" fullname="Device.PumpTests.Cancelled" result="Failed" label="Cancelled"/>
      <test-case name="NotRunnable" fullname="Device.PumpTests.NotRunnable" result="Failed" label="Invalid">
        <reason><message>No arguments were provided</message></reason>
      </test-case>
      <test-case name="Explicit" fullname="Device.PumpTests.Explicit" result="Skipped" label="Explicit"/>
      <test-case name="Odd" fullname="Device.PumpTests.Odd" result="Exploded" time="-3"/>
      <test-case name="OldTime" fullname="Device.PumpTests.OldTime" result="Passed" time="1,5"/>
    </test-suite>
    <test-case name="Loose" fullname="Device.Loose" result="Passed"/>
  </test-suite>
</test-run>"""


def test_nunit3_rules() -> None:
    report = read_nunit3(NUNIT3, "n.xml")
    assert_well_formed(report, "n.xml")
    outcomes = {c.name: c.outcome for c in report.cases}
    assert outcomes == {
        "StopsOnOcclusion": "passed",
        "Warns": "passed",
        "Cancelled": "error",
        "NotRunnable": "error",
        "Explicit": "skipped",
        "Odd": "error",
        "OldTime": "passed",
        "Loose": "passed",
    }
    stops = case(report, "StopsOnOcclusion")
    # [Property("requirement", "REQ-7")] and [MaxTime(500)] on the case, the fixture's requirement overridden
    assert stops.properties == (("requirement", "REQ-7"), ("MaxTime", "500"), ("Category", "safety"))
    assert case(report, "Warns").properties == (("requirement", "REQ-PUMP"), ("Category", "safety"))
    assert case(report, "NotRunnable").message == "No arguments were provided"
    assert (case(report, "Cancelled").message, case(report, "Explicit").message) == ("Cancelled", "Explicit")
    assert case(report, "OldTime").duration == 1.5  # a decimal comma
    loose = case(report, "Loose")
    assert (loose.suite, loose.classname, loose.properties) == ("Device.Tests.dll", "Device", ())
    assert [(p.kind, p.source.line, p.message.split(" ")[0]) for p in report.problems] == [
        ("report", 16, "unknown"),
        ("report", 16, "invalid"),
    ]


NUNIT2 = """<test-results name="T.dll" date="2010-01-02" time="03:04:05">
  <test-suite type="Namespace" name="Device"><results>
    <test-suite type="TestFixture" name="PumpTests">
      <categories><category name="safety"/></categories>
      <properties><property name="requirement" value="REQ-1"/></properties>
      <results>
        <test-case name="Device.PumpTests.Ok" executed="True" result="Success" success="True" time="0.5"/>
        <test-case name="Device.PumpTests.Bad" executed="True" result="Failure" success="False" time="0.1">
          <failure>
            <message><![CDATA[Expected 1]]></message><stack-trace><![CDATA[at Device.PumpTests.Bad()]]></stack-trace>
          </failure>
        </test-case>
        <test-case name="Device.PumpTests.Throws" executed="True" result="Error"/>
        <test-case name="Device.PumpTests.Ignored" executed="False" result="Ignored">
          <reason><message>later</message></reason>
        </test-case>
        <test-case name="Device.PumpTests.NotRunnable" executed="False" result="NotRunnable"/>
        <test-case name="Device.PumpTests.Unsure" executed="True" result="Inconclusive"/>
        <test-case name="Device.PumpTests.NotRun" executed="False"/>
        <test-case name="Device.PumpTests.Unsuccessful" executed="True" success="False"/>
        <test-case name="Other.Name" executed="True" result="Weird"/>
      </results>
    </test-suite>
  </results></test-suite>
</test-results>"""


def test_nunit2_rules() -> None:
    report = read_nunit2(NUNIT2, "n2.xml")
    assert_well_formed(report, "n2.xml")
    assert report.timestamp == "2010-01-02 03:04:05"
    assert [(c.name, c.outcome) for c in report.cases] == [
        ("Ok", "passed"),
        ("Bad", "failed"),
        ("Throws", "error"),
        ("Ignored", "skipped"),
        ("NotRunnable", "error"),
        ("Unsure", "skipped"),
        ("NotRun", "skipped"),
        ("Unsuccessful", "failed"),
        ("Other.Name", "error"),
    ]
    bad = case(report, "Bad")
    assert (bad.classname, bad.suite, bad.message, bad.details) == (
        "Device.PumpTests",
        "PumpTests",
        "Expected 1",
        "Expected 1\nat Device.PumpTests.Bad()",
    )
    assert bad.properties == (("requirement", "REQ-1"), ("Category", "safety"))
    assert case(report, "Ignored").message == "later"
    assert case(report, "Other.Name").classname is None  # not named after its fixture
    (problem,) = report.problems
    assert problem.kind == "report" and "Weird" in problem.message and problem.source.line == 21


def test_wrong_roots_and_broken_xml() -> None:
    assert read_nunit3("<test-results/>", "x.xml").problems[0].kind == "input"
    assert read_nunit2("<test-run/>", "x.xml").problems[0].kind == "input"
    broken = read_nunit3("<test-run>\n<test-case name='a'", "x.xml")
    assert broken.format == "nunit3" and broken.cases == () and broken.problems[0].source.line == 2
