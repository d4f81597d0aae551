"""The demo's HTML in a real browser: Debian's headless Chromium driven by Playwright (slow).

Only file:// requests are allowed: anything else is aborted and fails the test, so Chromium never touches the
network. Full-page screenshots are kept in tests/artifacts/browser/ (git-ignored, like the PDF's pages). CI sets
SOUP_REQUIRE_BROWSER=1: there a missing browser or Playwright fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_demo import _sphinx

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("SOUP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests/artifacts/browser"
#: flags that keep Chromium off the network (no updates, sync, metrics or first-run fetches) and headless-safe
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-pings",
    "--disable-quic",
]
#: a common laptop width: the soup tables must fit the theme's page body there
VIEWPORT = {"width": 1280, "height": 900}
PAGES = ["gaps", "list", "details", "licenses", "anomalies", "risks", "traceability", "changes", "evidence"]


def _unavailable(reason: str) -> None:
    """Skip, or fail where the browser test is required (CI: SOUP_REQUIRE_BROWSER=1)."""
    if os.environ.get("SOUP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test required (SOUP_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "html"
    result = _sphinx("html", out)  # SOURCE_DATE_EPOCH pinned to the demo date
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """One page opened in the browser, and what it logged and asked for."""

    page: object
    errors: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)

    def evaluate(self, script: str):
        return self.page.evaluate(script)


def _open(browser, site: Path, name: str) -> Iterator[Visit]:
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    visit = Visit(page)
    page.on("console", lambda m: visit.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(f"page error: {e}"))
    page.on(  # a missing stylesheet, script or picture of the build
        "requestfailed",
        lambda r: visit.errors.append(f"failed: {r.url}") if r.url.startswith("file://") else None,
    )

    def local_only(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            visit.offsite.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    page.goto((site / "soup" / f"{name}.html").as_uri(), wait_until="load")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    try:
        yield visit
    finally:
        context.close()


@pytest.fixture(params=PAGES)
def visit(request: pytest.FixtureRequest, browser, site: Path) -> Iterator[Visit]:
    yield from _open(browser, site, request.param)


@pytest.fixture
def open_page(browser, site: Path):
    opened = []

    def go(name: str) -> Visit:
        generator = _open(browser, site, name)
        opened.append(generator)
        return next(generator)

    yield go
    for generator in opened:
        generator.close()


#: every soup table: its caption, its rows, and its box and the page body's (right edges in CSS pixels)
TABLES = """() => {
  const body = (document.querySelector('div.body') || document.body).getBoundingClientRect();
  return [...document.querySelectorAll('table.soup-table')].map(t => {
    const box = t.getBoundingClientRect();
    return {
      caption: t.caption ? t.caption.innerText.replace('\\u00b6', '').trim() : '',
      rows: [...t.tBodies].flatMap(b => [...b.rows]).map(r => [...r.cells].map(c => c.innerText.trim())),
      width: box.width, height: box.height, right: box.right, bodyRight: body.right,
      visible: t.checkVisibility(),
    };
  });
}"""


def test_page_renders_its_tables_offline_without_errors(visit: Visit):
    assert visit.offsite == [], "the page asked for something outside the local build"
    assert visit.errors == []
    tables = visit.evaluate(TABLES)
    assert tables, "no soup table on the page"
    for table in tables:
        assert table["visible"] and table["width"] > 0 and table["height"] > 0, table["caption"]
        assert table["rows"], f"empty table {table['caption']!r}"
        # no horizontal overflow of the theme's page body (1 px of rounding)
        assert table["right"] <= table["bodyRight"] + 1, f"{table['caption']!r} overflows the page body"
    assert visit.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _table(visit: Visit, caption: str) -> list[list[str]]:
    found = [t["rows"] for t in visit.evaluate(TABLES) if t["caption"] == caption]
    assert found, f"no table {caption!r}"
    return found[0]


def test_soup_list_shows_the_shipped_versions(open_page):
    visit = open_page("list")
    rows = _table(visit, "Direct dependencies")  # the viewer's, first on the page
    by_name = {row[0]: row for row in rows}
    assert by_name["axios"][1] == "0.21.1" and by_name["react"][1] == "18.3.1"
    assert by_name["classnames"][2] == "no record"  # a deliberate gap, shown as such
    gap = visit.page.locator("table.soup-table em.soup-missing").first
    assert gap.is_visible() and gap.evaluate("e => getComputedStyle(e).color") == "rgb(176, 0, 32)"
    # the name links to the item's section on the records page, and the link works
    visit.page.locator("table.soup-table a", has_text="axios").first.click()
    visit.page.wait_for_url("**/details.html#soup-npm-axios")  # the click returns before the page loads
    assert visit.page.locator("#soup-npm-axios").is_visible()


def test_risk_heat_maps_render(open_page):
    visit = open_page("risks")
    svg = visit.page.locator(".soup-heat-map svg")
    assert svg.count() == 1 and svg.is_visible()
    box = svg.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    body = visit.page.locator("div.body").bounding_box()
    assert box["x"] + box["width"] <= body["x"] + body["width"] + 1  # scaled to the page body, not cut off
    assert svg.locator("rect").count() >= 50  # two 5 x 5 matrices of coloured cells
    labels = svg.text_content() or ""
    assert "Before control" in labels and "After control" in labels
    risks = _table(visit, "SOUP risks")
    assert [row[0].split(":")[0] for row in risks] == [
        "RISK_VIEWER_01",
        "RISK_VIEWER_02",
        "RISK_INGEST_01",
        "RISK_PLATFORM_01",
    ]


def test_anomalies_and_traceability_show_their_rows(open_page):
    anomalies = _table(open_page("anomalies"), "Known anomalies")
    # columns: item, version, advisory, severity, affects our version?, state, rationale, reviewed
    axios = [row for row in anomalies if row[0] == "axios" and row[2].startswith("GHSA-cph5-m8f7-6c5x")]
    assert len(axios) == 1 and axios[0][1] == "0.21.1" and axios[0][4] == "yes" and axios[0][5] == "exploitable"
    assert any(row[0] == "moment" and row[5] == "not evaluated" for row in anomalies)  # the deliberate gap
    trace = open_page("traceability")
    rows = _table(trace, "SOUP traceability")
    failing = [row for row in rows if row[1] == "SOUPREQ_YAML_DUPLICATES"]
    assert len(failing) == 1 and failing[0][0] == "pyyaml 5.3.1" and failing[0][3] == "failed"
    assert "9 requirements: 8 covered" in trace.page.inner_text("div.body")
