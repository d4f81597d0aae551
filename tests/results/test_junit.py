"""JUnit XML reader: every JUnit report of the corpus, reports made here by pytest and node, and edge cases.

Expected counts and outcome tallies are the INDEX's ``package count`` column. Where the INDEX counts
elements (``failures=1`` = one ``<failure>`` element) and the semantic outcome differs, the row says why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib.soup.model import Source
from sphinxcontrib.soup.results import read_report
from sphinxcontrib.soup.results.junit import read_junit

from .helpers import DATA, assert_well_formed, case, tally

F, G = "fetched/junit/", "generated/junit/"
P, FA, E, S = "passed", "failed", "error", "skipped"

#: file -> (cases, outcome tallies, tool)
CORPUS = {
    F + "go-junit-report/go-junit-report-001-pass-fail-skip.report.xml": (5, {P: 2, FA: 1, S: 2}, "go"),
    F + "go-junit-report/go-junit-report-010-multipkg-coverage.report.xml": (3, {P: 3}, "go"),
    F + "go-junit-report/go-junit-report-012-subtests.report.xml": (11, {P: 6, FA: 4, S: 1}, "go"),
    F + "go-junit-report/go-junit-report-014-panic.report.xml": (2, {E: 2}, "go"),
    F + "java/dorny-junit4-complete.xml": (8, {P: 5, S: 1, FA: 1, E: 1}, None),
    F + "java/dorny-pulsar-test-report.xml": (808, {P: 793, S: 14, FA: 1}, None),
    F + "java/dorny-testng-TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml": (2, {S: 1, FA: 1}, None),
    F + "jest/dorny-jest-junit.xml": (6, {P: 1, FA: 4, S: 1}, "jest"),
    F + "jest/dorny-jest-react-component-test-results.xml": (1, {P: 1}, None),
    F + "mocha/enricomi-mocha-latex-utensils.xml": (109, {P: 109}, "mocha"),
    F + "other/dorny-phpunit.xml": (12, {P: 10, FA: 2}, None),
    # the Swift reporter writes no element for "test_always_skip": it ran, and it passed as far as JUnit says
    F + "other/dorny-swift-xunit.xml": (3, {P: 2, FA: 1}, None),
    F + "other/enricomi-bazel-suite-logs.xml": (1, {E: 1}, None),
    F + "other/enricomi-scalatest-TEST-uk.co.gresearch.spark.diff.DiffOptionsSuite.xml": (5, {P: 5}, None),
    # INDEX: failures=19, errors=1 (elements); the 5 status='disabled' cases (disabled='5') are skipped
    F + "other/enricomi-tst-cpp-disabled.xml": (31, {P: 6, FA: 19, E: 1, S: 5}, None),
    F + "other/mikepenz-cargo-nextest-basic.xml": (3, {P: 2, FA: 1}, "cargo-nextest"),
    F + "other/mikepenz-catch2-report.xml": (1, {FA: 1}, None),
    # INDEX: flaky/rerun=1 (a flakyFailure element): the test failed once, was rerun and passed -> passed
    F + "other/mikepenz-marathon-android.xml": (1, {P: 1}, None),
    F + "pytest/dorny-python-xunit-pytest.xml": (10, {P: 6, FA: 2, S: 2}, "pytest"),
    F + "pytest/dorny-python-xunit-unittest.xml": (8, {P: 4, FA: 1, E: 1, S: 2}, None),
    F + "pytest/enricomi-horovod-junit.gloo.standalone.xml": (97, {P: 80, S: 17}, "pytest"),
    F + "pytest/enricomi-pytest-junit.fail.xml": (5, {P: 3, FA: 1, S: 1}, "pytest"),
    F + "surefire/maven-failsafe-TEST-junit.twoTestCases.BasicTest.xml": (1, {P: 1}, None),
    F + "surefire/maven-surefire-TEST-com.shape.CircleTest.xml": (8, {P: 6, FA: 1, E: 1}, None),
    # INDEX: flaky/rerun=1: testFlaky failed 4 times (3 flakyFailure, 1 flakyError), then passed -> passed
    F + "surefire/maven-surefire-TEST-org.acme.FlakyTest.xml": (2, {P: 2}, None),
    F + "surefire/maven-surefire-TEST-org.apache.maven.surefire.test.FailingTest.xml": (2, {FA: 2}, None),
    F + "surefire/mikepenz-TEST-action.surefire.report.calc.StringUtilsTest.xml": (5, {P: 2, FA: 2, S: 1}, "surefire"),
    F + "surefire/mikepenz-TEST-action.surefire.report.email.EmailAddressTest.xml": (
        9,
        {P: 2, FA: 2, E: 5},
        "surefire",
    ),
    # INDEX: flaky/rerun=1: one flakyFailure, no failure -> passed on rerun
    F + "surefire/mikepenz-surefire-flaky-rerun.xml": (1, {P: 1}, None),
    F + "xunit-v2/enricomi-xunit2.4-as-junit-with-properties.xml": (2, {P: 2}, None),
    G + "gotestsum-cobra-testify.junit.xml": (1244, {P: 1243, FA: 1}, "go"),
    G + "jest-junit-ms-3.0.0-canary.1.xml": (167, {P: 167}, "jest"),
    # the root says tests=1260 skipped=4, but mocha-junit-reporter writes no <testcase> for pending tests
    G + "mocha-junit-reporter-express-5.2.1.xml": (1256, {P: 1256}, "mocha"),
    G + "mocha-xunit-reporter-express-5.2.1.xml": (1260, {P: 1256, S: 4}, "mocha"),
    G + "node-test-junit-nanoid-6.0.1.xml": (79, {P: 79}, "node"),
    G + "pytest-attrs-24.2.0.xunit2.xml": (1335, {P: 1329, FA: 1, S: 5}, "pytest"),
    G + "pytest-packaging-24.1.xunit2.xml": (26854, {P: 26854}, "pytest"),
    G + "pytest6-jinja2-2.11.2.xunit1.xml": (750, {P: 725, FA: 22, S: 3}, "pytest"),
    G + "pytest6-six-1.16.0.xml": (200, {P: 198, FA: 1, S: 1}, "pytest"),
    G + "xmlrunner-simplejson-3.19.3.combined.xml": (144, {P: 136, S: 8}, None),
    G + "xmlrunner-simplejson-per-class/TEST-simplejson.tests.TestMissingSpeedups.xml": (1, {S: 1}, None),
    G + "xmlrunner-simplejson-per-class/TEST-simplejson.tests.test_decode.TestDecode.xml": (12, {P: 12}, None),
}


def read(corpus: Path, name: str):
    path = str(corpus / name)
    report = read_report(path)
    assert_well_formed(report, path)
    return report


@pytest.mark.parametrize("name", sorted(CORPUS), ids=lambda n: n.rsplit("/", 1)[-1][:50])
def test_corpus_counts_and_outcomes(corpus: Path, name: str) -> None:
    count, outcomes, tool = CORPUS[name]
    report = read(corpus, name)
    assert report.format == "junit" and report.problems == ()
    assert len(report.cases) == count
    assert tally(report) == outcomes
    assert report.tool == tool


def test_the_table_covers_every_junit_report_of_the_corpus(corpus: Path) -> None:
    found = {
        str(f.relative_to(corpus))
        for d in (F, G)
        for f in (corpus / d).rglob("*.xml")
        if "nunit" not in str(f) and "/xunit-v1/" not in str(f) and "jenkinsci" not in f.name
    }
    assert found == set(CORPUS)


def test_properties_text_form_repeats_and_suite_inheritance(corpus: Path) -> None:
    report = read(corpus, F + "java/dorny-junit4-complete.xml")
    assert report.timestamp == "2021-04-02T15:48:23"
    suite_props = (
        ("version", "1.774"),
        ("commit", "ef7bebf"),
        ("browser", "Google Chrome"),
        ("ci", "https://github.com/actions/runs/1234"),
        ("config", "Config line #1\nConfig line #2\nConfig line #3"),  # text form, indentation removed
    )
    eight = case(report, "testCase8")
    assert eight.properties == (
        ("priority", "high"),
        ("language", "english"),
        ("author", "Adrian"),
        ("attachment", "screenshots/dashboard.png"),  # a repeated name is kept twice, in order
        ("attachment", "screenshots/users.png"),
        (
            "description",
            "This text describes the purpose of this test case and provides\n"
            "an overview of what the test does and how it works.",
        ),
        *suite_props,
    )
    one = case(report, "testCase1")
    assert one.properties == suite_props
    assert (one.duration, one.file, one.line, one.classname) == (
        2.436,
        "tests/registration.code",
        24,
        "Tests.Registration",
    )
    assert one.source == Source(report.path, 77) and one.id == "Tests.Registration::testCase1"
    five = case(report, "testCase5")
    assert (five.outcome, five.message, five.details, five.duration) == (
        "failed",
        "Expected value did not match.",
        None,
        2.902412,
    )
    assert (case(report, "testCase6").outcome, case(report, "testCase6").message) == ("error", "Division by zero.")
    assert case(report, "testCase4").message == "Test was skipped."


def test_case_properties_override_suite_properties_of_the_same_name(tmp_path: Path) -> None:
    xml = """<testsuites>
      <properties><property name="requirement" value="REQ-ROOT"/><property name="env" value="ci"/></properties>
      <testsuite name="outer">
        <properties><property name="requirement" value="REQ-OUTER"/></properties>
        <testsuite name="inner">
          <testcase name="inherits"/>
          <testcase name="overrides">
            <properties>
              <property name="requirement" value="REQ-1"/><property name="requirement" value="REQ-2"/>
            </properties>
          </testcase>
        </testsuite>
        <testcase name="outer case"/>
      </testsuite>
    </testsuites>"""
    report = read_junit(xml, "r.xml")
    assert case(report, "inherits").properties == (("requirement", "REQ-OUTER"), ("env", "ci"))
    assert case(report, "overrides").properties == (("requirement", "REQ-1"), ("requirement", "REQ-2"), ("env", "ci"))
    assert [(c.name, c.suite) for c in report.cases] == [
        ("inherits", "inner"),
        ("overrides", "inner"),
        ("outer case", "outer"),
    ]


def test_go_subtests_messages_and_suite_properties(corpus: Path) -> None:
    report = read(corpus, F + "go-junit-report/go-junit-report-012-subtests.report.xml")
    sub = case(report, "TestSubtests/Subtest#01")
    assert (sub.outcome, sub.message, sub.details) == ("failed", "Failed", "subtests_test.go:10: error message")
    assert (sub.suite, sub.classname, sub.properties) == (
        "package/subtests",
        "package/subtests",
        (("go.version", "1.0"),),
    )
    assert case(report, "TestNestedSubtests/a#1/b#1/c#1").outcome == "passed"
    assert case(report, "TestSubtests/Subtest#02").message == "Skipped"
    assert report.timestamp == "2022-01-01T00:00:00Z"
    coverage = read(corpus, F + "go-junit-report/go-junit-report-010-multipkg-coverage.report.xml")
    assert case(coverage, "TestC").properties == (("go.version", "1.0"), ("coverage.statements.pct", "99.80"))
    assert case(coverage, "TestC").duration == 4.2


def test_gotestsum_real_failure(corpus: Path) -> None:
    report = read(corpus, G + "gotestsum-cobra-testify.junit.xml")
    failed = [c for c in report.cases if c.outcome == "failed"]
    assert [(c.classname, c.name, c.message) for c in failed] == [
        ("github.com/spf13/cobra", "TestFailGenFishCompletionFile", "Failed")
    ]
    assert failed[0].properties == (("go.version", "go1.19.8 linux/amd64"),)


@pytest.mark.parametrize(
    ("name", "details_part", "runs"),
    [
        (
            F + "surefire/maven-surefire-TEST-org.acme.FlakyTest.xml",
            "run 4 (flakyError): expected: <1> but was: <0>",
            4,
        ),
        (F + "surefire/mikepenz-surefire-flaky-rerun.xml", "run 1 (flakyFailure): Expected: <false>", 1),
        (F + "other/mikepenz-marathon-android.xml", "run 1 (flakyFailure): junit.framework.AssertionFailedError", 1),
    ],
)
def test_flaky_tests_pass_with_their_failed_runs_noted(corpus: Path, name: str, details_part: str, runs: int) -> None:
    report = read(corpus, name)
    flaky = next(c for c in report.cases if c.details)
    assert flaky.outcome == "passed" and flaky.message is None
    assert flaky.details.startswith(f"flaky: passed after {runs} failed run")
    assert details_part in flaky.details and flaky.details.count("\n") == runs


def test_reruns_that_all_fail_stay_failed() -> None:
    xml = """<testsuite name="s">
      <testcase name="a"><failure message="first" type="AssertionError">trace 1</failure>
        <rerunFailure message="second" type="AssertionError"><stackTrace>trace 2</stackTrace></rerunFailure></testcase>
      <testcase name="b"><rerunError message="boom"><stackTrace>trace</stackTrace></rerunError></testcase>
    </testsuite>"""
    report = read_junit(xml, "r.xml")
    a, b = report.cases
    assert (a.outcome, a.message, a.details) == ("failed", "first", "trace 1\nrerun 1 (rerunFailure): second")
    assert (b.outcome, b.message, b.details) == ("error", "boom", "trace")


def test_surefire_messages_and_classless_cases(corpus: Path) -> None:
    circle = read(corpus, F + "surefire/maven-surefire-TEST-com.shape.CircleTest.xml")
    radius = case(circle, "testRadius")
    assert (radius.outcome, radius.message, radius.classname) == ("failed", "expected:<20> but was:<10>", None)
    assert radius.id == "com.shape.CircleTest::testRadius" and radius.duration == 0.01
    assert (case(circle, "testProperties").outcome, case(circle, "testProperties").message) == ("error", "/ by zero")
    assert ("java.vm.version", "1.5.0_04-b05") in radius.properties  # the suite's system properties reach it
    failing = read(corpus, F + "surefire/maven-surefire-TEST-org.apache.maven.surefire.test.FailingTest.xml")
    first = case(failing, "defaultTestValueIs_Value")
    # XML turns the newlines inside an attribute value into spaces: the message is one line
    assert first.message == 'Expected: "wrong"      got: "value"'
    assert first.details.startswith(
        'java.lang.AssertionError: \nExpected: "wrong"\n     got: "value"\n\n\tat org.junit'
    )
    email = read(corpus, F + "surefire/mikepenz-TEST-action.surefire.report.email.EmailAddressTest.xml")
    assert case(email, "shouldBeStricterThanRfc2821").message == "Invalid email address 😋 'Abc\\@def@example.com'"


def test_status_attributes_decide_when_no_element_does(corpus: Path) -> None:
    tst = read(corpus, F + "other/enricomi-tst-cpp-disabled.xml")
    assert (case(tst, "disabled_test").outcome, case(tst, "disabled_test").message) == ("skipped", "status disabled")
    thrown = case(tst, "test_which_throws_unknown_exception")
    assert (thrown.outcome, thrown.message) == ("error", "uncaught (anonymous namespace)::some_unknown_exception")
    xml = """<testsuites name="AllTests"><testsuite name="Math">
      <testcase name="Disabled" status="notrun" result="suppressed" time="0" classname="Math"/>
      <testcase name="Skips" status="run" result="skipped" time="0.001" classname="Math">
        <skipped message="GTEST_SKIP"/>
      </testcase>
      <testcase name="SkipsOld" status="run" result="skipped" time="0" classname="Math"/>
      <testcase name="Runs" status="run" result="completed" time="0.002" classname="Math"/>
      <testcase name="CtestFails" status="fail" time="0.5"/>
    </testsuite></testsuites>"""
    report = read_junit(xml, "gtest.xml")
    assert report.tool == "googletest"
    assert [(c.name, c.outcome, c.message) for c in report.cases] == [
        ("Disabled", "skipped", "status notrun"),
        ("Skips", "skipped", "GTEST_SKIP"),
        ("SkipsOld", "skipped", "result skipped"),
        ("Runs", "passed", None),
        ("CtestFails", "failed", "status fail"),
    ]


def test_nested_suites_give_the_innermost_name(corpus: Path) -> None:
    php = read(corpus, F + "other/dorny-phpunit.xml")
    inner = case(php, "testHasNoCollectedEventsWhenFlushedImmediatelyAfterCreation")
    assert inner.suite == "PHPUnit\\Event\\CollectingDispatcherTest"
    assert inner.classname == "PHPUnit.Event.CollectingDispatcherTest"
    assert (inner.file, inner.line) == (
        "/home/matteo/OSS/phpunit/tests/unit/Event/Dispatcher/CollectingDispatcherTest.php",
        20,
    )
    outer = case(php, "targeting-traits-with-coversclass-attribute-is-deprecated.phpt")
    assert outer.suite == "CLI Arguments" and outer.outcome == "failed"
    assert outer.message == (
        "targeting-traits-with-coversclass-attribute-is-deprecated.phpt"
        "Failed asserting that string matches format description."
    )
    node = read(corpus, G + "node-test-junit-nanoid-6.0.1.xml")
    alphabet = [c for c in node.cases if c.suite == "customAlphabet"]
    assert len(alphabet) == 9 + 8 + 4 and all(c.classname is None for c in node.cases)  # node writes classname="test"
    assert case(node, "prints unique ID").suite == "CLI" and case(node, "prints unique ID").duration == 0.067804


def test_jest_mocha_nextest_catch2_bazel(corpus: Path) -> None:
    jest = read(corpus, F + "jest/dorny-jest-junit.xml")
    failing = case(jest, "Failing test")
    assert (failing.classname, failing.message) == ("Test 1 \u203a Test 1.1", "Error: expect(received).toBeTruthy()")
    assert failing.suite == "__tests__\\main.test.js" and failing.details.startswith("Error: expect(received)")
    assert case(jest, "Timeout test").classname is None  # classname="" is no class
    react = read(corpus, F + "jest/dorny-jest-react-component-test-results.xml")
    assert react.cases[0].name == "<Component /> should render properly" and react.cases[0].suite == "<Component />"
    mocha = read(corpus, G + "mocha-xunit-reporter-express-5.2.1.xml")
    assert mocha.timestamp == "Sun, 22 Nov 2026 01:43:45 GMT"
    query = case(mocha, "should include QUERY")
    assert (query.classname, query.outcome, query.file) == (
        "app.router methods",
        "skipped",
        "/build/corpus/_scratch/js-express/test/app.router.js",
    )
    nextest = read(corpus, F + "other/mikepenz-cargo-nextest-basic.xml")
    failure = case(nextest, "test_failure")
    assert failure.message == "thread 'test_failure' panicked at tests/parry3d.rs:154:5:"
    assert (failure.duration, failure.timestamp) == (0.774, "2024-12-02T20:06:10.513+00:00")
    catch2 = read(corpus, F + "other/mikepenz-catch2-report.xml").cases[0]
    assert catch2.message == "REQUIRE(v == 1) expands to 0 == 10"
    assert catch2.properties == (("filters", "is constant evaluated"),) and catch2.details.startswith("FAILED:")
    bazel = read(corpus, F + "other/enricomi-bazel-suite-logs.xml").cases[0]
    assert (bazel.name, bazel.outcome, bazel.message) == (
        "bazel/failing_absl_test",
        "error",
        "exited with error code 1",
    )


def test_testng_and_pulsar_keep_repeated_names(corpus: Path) -> None:
    testng = read(corpus, F + "java/dorny-testng-TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml")
    assert [c.outcome for c in testng.cases] == ["skipped", "failed"]
    assert testng.cases[1].message == "expected [1.2.1] but found [1.2.0]"
    assert testng.timestamp == "2021-03-07T10:36:56 UTC"
    pulsar = read(corpus, F + "java/dorny-pulsar-test-report.xml")
    assert [c.name for c in pulsar.cases if c.outcome == "failed"] == ["testVersionStrings"]
    assert len({c.suite for c in pulsar.cases}) == 176


def test_pytest_reports(corpus: Path) -> None:
    dorny = read(corpus, F + "pytest/dorny-python-xunit-pytest.xml")
    recorded = case(dorny, "test_with_record_property")
    assert recorded.properties == (("example_key", "1"), ("custom_prop", "custom_val"))
    assert case(dorny, "test_expected_failure").message == "pytest.xfail"  # empty message: the type says it
    assert case(dorny, "test_always_skip").message == "skipped"
    jinja = read(corpus, G + "pytest6-jinja2-2.11.2.xunit1.xml")
    first = jinja.cases[0]
    # pytest writes the 0-based line of the function (28): the reader gives 1-based lines
    assert (first.name, first.file, first.line) == ("test_item_and_attribute", "tests/test_api.py", 29)
    broken = case(jinja, "test_block_escaping_filtered")
    assert broken.outcome == "failed" and broken.line == 548 and broken.message.startswith("SystemError:")
    attrs = read(corpus, G + "pytest-attrs-24.2.0.xunit2.xml")
    wrapped = case(attrs, "test_wrapped_annotation")
    assert (wrapped.classname, wrapped.message) == (
        "tests.test_converters.TestPipe",
        "AssertionError: assert bool is None",
    )
    six = read(corpus, G + "pytest6-six-1.16.0.xml")
    assert case(six, "test_move_items[dbm_gnu]").message == "requires gdbm"
    simplejson = read(corpus, G + "xmlrunner-simplejson-per-class/TEST-simplejson.tests.TestMissingSpeedups.xml")
    only = simplejson.cases[0]
    assert (only.name, only.message, only.file, only.line) == (
        "runTest",
        "_speedups.so is missing!",
        "simplejson/tests/__init__.py",
        18,
    )
    assert only.timestamp == "2026-11-22T01:44:35" and only.duration == 0.003


def test_duplicated_root_properties_reach_every_case(corpus: Path) -> None:
    report = read(corpus, F + "xunit-v2/enricomi-xunit2.4-as-junit-with-properties.xml")
    first = report.cases[0]
    assert (first.name, first.suite, first.duration) == (
        "mytestapp.Tests.AttriubteTests.SetTestNoFeature",
        "Rhino Collection",
        0.4540354,
    )
    assert [name for name, _ in first.properties] == [
        "skipped",
        "date",
        "nunit-version",
        "clr-version",
        "date",
        "result",
    ]


# -- reports produced here by the real runners (tests/results/data, see its README) --


@pytest.mark.parametrize("name", ["pytest-xunit1.xml", "pytest-xunit2.xml"])
def test_pytest_generated_here(name: str) -> None:
    path = str(DATA / name)
    report = read_report(path)
    assert_well_formed(report, path)
    assert (report.format, report.tool, len(report.cases)) == ("junit", "pytest", 4)
    assert tally(report) == {"passed": 2, "failed": 1, "skipped": 1}
    passes = case(report, "test_passes")
    assert passes.properties == (("requirement", "REQ-1"),)  # record_property
    assert passes.classname == "src.sample_checks" and passes.suite == "sample"
    fails = case(report, "test_fails")
    assert fails.message == "AssertionError: two and two make four"
    assert "assert 4 == 5" in fails.details
    assert case(report, "test_skipped").message == "not supported on this device"
    assert case(report, "test_in_class").classname == "src.sample_checks.TestGroup"
    if name == "pytest-xunit1.xml":  # src/sample_checks.py: test_passes is defined on line 13
        assert (passes.file, passes.line, fails.line) == ("src/sample_checks.py", 13, 18)
    else:
        assert passes.file is None and passes.line is None


def test_node_test_runner_generated_here() -> None:
    path = str(DATA / "node-test.xml")
    report = read_report(path)
    assert_well_formed(report, path)
    assert (report.format, report.tool, len(report.cases)) == ("junit", "node", 4)
    assert tally(report) == {"passed": 2, "failed": 1, "skipped": 1}
    assert [(c.suite, c.name) for c in report.cases] == [
        ("", "adds two numbers"),  # top-level tests sit directly under <testsuites>
        ("", "fails on purpose"),
        ("", "is skipped"),
        ("arithmetic", "zero is neutral"),
    ]
    fails = case(report, "fails on purpose")
    assert fails.message == "two and two make four4 !== 5"
    assert "ERR_TEST_FAILURE" in fails.details
    assert case(report, "is skipped").message == "not supported on this device"


# -- edge cases --


@pytest.mark.parametrize(
    ("time", "seconds", "problem"),
    [
        ("0.5", 0.5, None),
        ("1,234.5", 1234.5, None),
        ("1,234", 1234.0, None),
        ("0,25", 0.25, None),
        ("  2  ", 2.0, None),
        ("", None, None),
        (None, None, None),
        ("-1", None, "invalid test duration"),
        ("inf", None, "invalid test duration"),
        ("nan", None, "invalid test duration"),
        ("fast", None, "unreadable test duration"),
    ],
)
def test_durations(time: str | None, seconds: float | None, problem: str | None) -> None:
    attr = f' time="{time}"' if time is not None else ""
    report = read_junit(f'<testsuite name="s">\n<testcase name="t"{attr}/>\n</testsuite>', "r.xml")
    assert report.cases[0].duration == seconds
    if problem is None:
        assert report.problems == ()
    else:
        (found,) = report.problems
        assert found.kind == "report" and problem in found.message and found.source == Source("r.xml", 2)


def test_odd_shapes_are_read_and_reported() -> None:
    xml = (
        """<testsuites name="run" timestamp="2024-01-01T00:00:00">
      <testcase name="loose" classname="c"/>
      <testsuite>
        <testcase classname="nameless"/>
        <error message="suite setup failed"/>
        <testcase name="t" line="0" file="x.py"><failure/><skipped/></testcase>
        <testcase name="long"><failure>"""
        + "x" * 5000
        + """</failure></testcase>
      </testsuite>
    </testsuites>"""
    )
    report = read_junit(xml, "r.xml")
    assert_well_formed(report, "r.xml")
    loose, nameless, first, long = report.cases
    assert (loose.suite, nameless.suite) == ("run", "run")  # a nameless suite keeps the enclosing name
    assert (first.outcome, first.message, first.line) == ("failed", None, None)
    assert long.details.endswith("[...]") and len(long.details) < 2010
    assert loose.timestamp == "2024-01-01T00:00:00" and report.timestamp == "2024-01-01T00:00:00"
    assert [(p.kind, p.source.line) for p in report.problems] == [("report", 4), ("report", 5)]
    assert "without a name" in report.problems[0].message and "suite setup failed" in report.problems[1].message


def test_namespaced_junit_is_read() -> None:
    xml = (
        '<j:testsuite xmlns:j="urn:x" name="s"><j:testcase name="t"><j:failure message="m"/></j:testcase></j:testsuite>'
    )
    report = read_junit(xml, "r.xml")
    assert [(c.name, c.outcome, c.message) for c in report.cases] == [("t", "failed", "m")]


def test_deep_nesting_does_not_recurse() -> None:
    depth = 5000
    xml = '<testsuite name="s0">' * depth + '<testcase name="deep"/>' + "</testsuite>" * depth
    report = read_junit(xml, "deep.xml")
    assert [(c.name, c.suite) for c in report.cases] == [("deep", "s0")]


def test_wrong_root_with_forced_junit_reader() -> None:
    report = read_junit("<assemblies/>", "r.xml")
    assert report.cases == () and report.problems[0].kind == "input"


def big_report(cases: int) -> str:
    """A JUnit report of ``cases`` generated cases in suites of 100, every 97th failing, every 89th skipped."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="big">\n']
    for start in range(0, cases, 100):
        parts.append(f'  <testsuite name="suite{start // 100}" timestamp="2026-01-01T00:00:00">\n')
        parts.append('    <properties><property name="requirement" value="REQ-BIG"/></properties>\n')
        for number in range(start, min(start + 100, cases)):
            body = ""
            if number % 97 == 0:
                body = f'<failure message="case {number} failed">trace {number}</failure>'
            elif number % 89 == 0:
                body = '<skipped message="later"/>'
            parts.append(
                f'    <testcase classname="pkg.Mod{start // 100}" name="test_{number}" '
                f'time="0.00{number % 10}">{body}</testcase>\n'
            )
        parts.append("  </testsuite>\n")
    parts.append("</testsuites>\n")
    return "".join(parts)


def test_huge_report_reads_fine(tmp_path: Path) -> None:
    file = tmp_path / "big.xml"
    file.write_text(big_report(20_000), encoding="utf-8")
    report = read_report(str(file))
    assert report.problems == () and len(report.cases) == 20_000
    failed = len(range(0, 20_000, 97))
    skipped = sum(1 for n in range(20_000) if n % 97 and n % 89 == 0)
    assert tally(report) == {"passed": 20_000 - failed - skipped, "failed": failed, "skipped": skipped}
    last = report.cases[-1]
    assert (last.name, last.suite, last.duration, last.properties) == (
        "test_19999",
        "suite199",
        0.009,
        (("requirement", "REQ-BIG"),),
    )
    assert last.source.line == 3 + 199 * 103 + 2 + 99  # suites of 103 lines from line 3, cases after 2
