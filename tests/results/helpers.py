"""Shared by the test-report reader tests: tallies, well-formedness, and hostile XML per root element."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sphinxcontrib.soup.model import TestCase, TestReport
from sphinxcontrib.soup.results.common import OUTCOMES

DATA = Path(__file__).parent / "data"


def tally(report: TestReport) -> dict[str, int]:
    """Outcome -> number of cases (outcomes with no case left out)."""
    return dict(Counter(case.outcome for case in report.cases))


def case(report: TestReport, name: str, classname: str | None = None, index: int = 0) -> TestCase:
    """The ``index``-th case called ``name`` (and of ``classname`` when given)."""
    found = [c for c in report.cases if c.name == name and (classname is None or c.classname == classname)]
    assert len(found) > index, f"no case {name!r} ({classname}) in {report.path}: {[c.name for c in report.cases]}"
    return found[index]


def assert_well_formed(report: object, path: str) -> None:
    """Whatever the input: a TestReport, cases with the model's types, every problem located in the file."""
    assert isinstance(report, TestReport)
    assert report.path == path
    for problem in report.problems:
        assert problem.source is not None and problem.source.path == path, problem
    for item in report.cases:
        assert isinstance(item.name, str) and isinstance(item.suite, str)
        assert item.outcome in OUTCOMES
        assert item.source.path == path and (item.source.line or 0) >= 1
        assert item.duration is None or item.duration >= 0
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in item.properties)
        assert item.details is None or len(item.details) <= 2010


def bomb(root: str) -> str:
    """A "billion laughs" entity bomb whose document element is ``root``."""
    levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n' + "\n".join(levels) + f'\n]>\n<{root} name="&lol9;"></{root}>\n'
    )


def xxe(root: str) -> str:
    """An external entity (XXE) reading a local file, whose document element is ``root``."""
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        f"<{root}>&xxe;</{root}>\n"
    )
