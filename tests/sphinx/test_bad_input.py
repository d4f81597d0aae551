"""Bad inputs give one located soup.* warning each; the build completes; nothing else breaks."""

from __future__ import annotations

import pytest

from .conftest import Project


def _soup_warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "WARNING" in line and "[soup." in line]


def _expect_one(project: Project, kind: str, where: str, text: str) -> None:
    result = project.build("-D", "suppress_warnings=soup.missing-record,soup.drift,soup.stale-record,soup.license")
    assert result.returncode == 0, result.stderr
    found = [w for w in _soup_warnings(result) if f"[soup.{kind}]" in w]
    assert len(found) == 1, result.stderr
    assert where in found[0] and text in found[0], found[0]
    assert "Traceback" not in result.stderr
    assert (project.root / "_build/html/list.html").exists()


def test_truncated_lock_file(project: Project):
    lock = project.root / "inputs/web/package-lock.json"
    lock.write_text(lock.read_text()[:5000])
    _expect_one(project, "parse", "inputs/web/package-lock.json:", "invalid JSON")


def test_missing_file(project: Project):
    (project.root / "inputs/py/uv.lock").unlink()
    _expect_one(project, "input", "inputs/py/uv.lock:", "file not found")


def test_glob_matching_nothing(project: Project):
    conf = project.root / "conf.py"
    conf.write_text(conf.read_text() + 'soup_records = ["records/*.yaml", "nothing/*.yml"]\n')
    _expect_one(project, "input", "conf.py:9", "glob 'nothing/*.yml' matches no file")


@pytest.mark.parametrize(
    ("snippet", "kind", "line", "text"),
    [
        ("    colour: blue\n", "record", 12, "unknown key 'colour'"),
        ("    description: !!python/object/apply:os.system ['echo pwned']\n", "parse", 12, "python/object"),
        ("    versions: [not, a, string]\n", "record", 12, "'versions' must be str"),
    ],
)
def test_bad_record(project: Project, snippet: str, kind: str, line: int, text: str):
    records = project.root / "records/soup.yaml"
    lines = records.read_text().splitlines(keepends=True)
    lines.insert(11, snippet)
    records.write_text("".join(lines))
    _expect_one(project, kind, f"records/soup.yaml:{line}", text)


def test_markup_in_inputs_renders_as_inert_text(project: Project):
    records = project.root / "records/soup.yaml"
    text = records.read_text().replace(
        "purpose: Renders the admin console.",
        'purpose: "<script>alert(1)</script> \\\\input{/etc/passwd} `x <javascript:alert(1)>`_"',
    )
    text = text.replace("website: https://vuejs.org", "website: javascript:alert(1)")
    records.write_text(text)
    result = project.build()
    html = project.html("details")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "website must be an http(s) URL" in result.stderr
    latex = project.build(builder="latex", out="_build/latex")
    assert latex.returncode == 0, latex.stderr
    tex = next((project.root / "_build/latex").glob("*.tex")).read_text()
    assert r"\input{/etc/passwd}" not in tex and r"\textbackslash{}input" in tex
