"""The pytest plugin writes requirement ids into a real JUnit report that our reader links."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sphinxcontrib.soup.results import read_report

TESTS = """\
import pytest

@pytest.mark.requirement("REQ_A", "REQ_B")
def test_two():
    pass

@pytest.mark.requirement("REQ_C")
class TestGroup:
    @pytest.mark.requirement("REQ_C", "REQ_D")
    def test_inherits(self):
        pass

def test_none():
    pass
"""


def test_marker_becomes_junit_property(tmp_path: Path) -> None:
    (tmp_path / "test_marked.py").write_text(TESTS)
    report = tmp_path / "report.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "--strict-markers",
        "-p",
        "no:cacheprovider",
        f"--junitxml={report}",
        str(tmp_path / "test_marked.py"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    cases = {c.name: c.properties for c in read_report(str(report)).cases}
    assert cases["test_two"] == (("requirement", "REQ_A"), ("requirement", "REQ_B"))
    assert cases["test_inherits"] == (("requirement", "REQ_C"), ("requirement", "REQ_D"))
    assert cases["test_none"] == ()
