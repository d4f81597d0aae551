"""Sphinx builds of a small DHF made of real lock files: rendered pages, needs, warnings, exit codes."""

from __future__ import annotations

import json
import re

from .conftest import Project


def _warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line]


def test_soup_list_and_details_render(project: Project):
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = project.html("list")
    # direct runtime dependencies with exact versions from the lock file, in the direct table
    direct = page.split("Transitive dependencies")[0]
    for name, version in [("vue", "3.5.21"), ("apexcharts", "4.7.0"), ("requests", "2.33.1"), ("tqdm", "4.67.3")]:
        assert re.search(rf">{re.escape(name)}<.*?{re.escape(version)}", direct, re.S), name
    # dev-only packages (tailwindcss, pytest) are not SOUP by default
    assert "tailwindcss" not in page and ">pytest<" not in page
    # gaps are visible: a direct item without a record
    assert "no record" in direct
    details = project.html("details")
    assert "Vue.js 3.5.21" in details and "Renders the admin console." in details
    assert 'href="https://vuejs.org"' in details
    assert "inputs/web/package-lock.json:" in details  # where it was found, relative to conf.py
    # list rows link to the item sections of the details page
    assert 'href="details.html#soup-npm-vue"' in page


def test_items_are_needs_in_needs_json(project: Project):
    assert project.build().returncode == 0
    data = json.loads((project.root / "_build/html/needs.json").read_text())
    needs = data["versions"][data["current_version"]]["needs"]
    vue = needs["SOUP_NPM_VUE"]
    assert vue["type"] == "soup" and vue["version"] == "3.5.21" and vue["direct"] is True
    assert vue["safety_class"] == "B" and vue["system"] == "Web" and vue["license"] == "MIT"
    assert vue["source"].startswith("inputs/web/package-lock.json:")
    transitive = [n for n in needs.values() if n["type"] == "soup" and n["direct"] is False]
    assert transitive and all(n["via"] for n in transitive)


def test_gap_warnings_are_located_and_typed(project: Project):
    result = project.build()
    warnings = _warnings(result)
    drift = [w for w in warnings if "[soup.drift]" in w]
    assert len(drift) == 1 and "records/soup.yaml:19: WARNING: apexcharts: record verified for 4.6.0" in drift[0]
    missing = [w for w in warnings if "[soup.missing-record]" in w]
    assert any(re.search(r"inputs/web/package-lock\.json:\d+: WARNING: es-module-shims", w) for w in missing)
    assert any(re.search(r"inputs/py/uv\.lock:\d+: WARNING: tqdm 4\.67\.3", w) for w in missing)


def test_minus_w_fails_and_warnings_can_be_suppressed(project: Project):
    assert project.build("-W").returncode != 0
    kinds = "soup.missing-record,soup.drift,soup.license,soup.risk"  # the fixture records no risk analysis
    assert project.build("-W", "-D", f"suppress_warnings={kinds}").returncode == 0


def test_strict_mode_fails_without_minus_w(project: Project):
    result = project.build("-D", "soup_strict=1")
    assert result.returncode == 1
    assert "ERROR: apexcharts: record verified for 4.6.0" in result.stderr


def test_config_mistake_is_one_clear_error(project: Project):
    conf = project.root / "conf.py"
    conf.write_text(conf.read_text() + 'soup_manifests = [{"pth": "x"}]\nsoup_strict = "yes"\n')
    result = project.build()
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 3, result.stderr  # unknown key, no path, wrong type
    assert "conf.py:9: ERROR: soup_manifests: unknown key(s) 'pth'" in errors[0]
    assert "conf.py:10: ERROR: soup_strict must be True or False" in errors[2]
    assert "Traceback" not in result.stderr


def test_licenses_page_and_policy_warnings(project: Project):
    conf = project.root / "conf.py"
    conf.write_text(conf.read_text() + 'soup_license_policy = {"allow": ["permissive"], "deny": ["MIT"]}\n')
    project.write("licenses.rst", "Licenses\n========\n\n.. soup-licenses::\n")
    project.write("index.rst", (project.root / "index.rst").read_text() + "   licenses\n")
    result = project.build()
    denied = [line for line in result.stderr.splitlines() if "is denied by soup_license_policy" in line]
    assert any("inputs/web/package-lock.json:" in line and "vue 3.5.21: MIT is denied" in line for line in denied)
    page = project.html("licenses")
    assert "License inventory" in page and "Third-party notices" in page
    assert re.search(r"<span>MIT</span></p></td>\s*<td><p><em class=\"soup-missing\">deny</em></p></td>", page)


def test_sbom_written_into_the_build_output(project: Project):
    result = project.build("-D", "soup_sbom_output=sbom/soup.cdx.json")
    assert result.returncode == 0, result.stderr
    bom = json.loads((project.root / "_build/html/sbom/soup.cdx.json").read_text())
    assert bom["metadata"]["component"]["name"] == "Test DHF"
    assert any(c["bom-ref"] == "SOUP_NPM_VUE" for c in bom["components"])
