"""Script payloads in every text field of the data run no script in any view, timeline or report."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsgraph.build import BuildResult, build
from tests.browser import Browser

pytestmark = pytest.mark.browser

PAYLOADS = {
    "name": '<img src=x onerror="window.__xss=1;alert(1)">',
    "event": "<script>window.__xss=2;alert(2)</script>",
    "title": '"><svg onload="window.__xss=3;alert(3)">',
    "figure": "</script><script>window.__xss=4;alert(4)</script>",
    "source": "<iframe src=javascript:alert(5)></iframe>",
    "summary": "<b onmouseover=alert(6)>summary</b>",
    "quote": "'-alert(7)-'",
    "locator": "<a href=javascript:alert(8)>locator</a>",
    "condition": "javascript:alert(9)",
    "template": "{{ 7*7 }} {% raw %}",
    "url": "https://example.org/a'onmouseover='window.__xss=10'",
    # Inside a script element, an unescaped "<!--<script" makes the parser ignore the next
    # "</script>": the data swallows the page and the view never draws.
    "comment": "<!--<script x",
}

HOSTILE_CASE = """
sources:
  - id: src
    title: '{source}'
    summary: '{summary}'
    quote: "{quote}"
    locator: '{locator}'
    url: '{url}'
actors:
  - id: victim
    type: Person
    name: '{name}'
    altNames: ['{template}']
    description: '{event}'
    relatives: [{{relation: brother, person: other}}]
    sources: [src]
  - id: other
    type: Person
    name: '{template} {comment}'
    sources: [src]
events:
  - id: prisoner
    type: PoliticalPrisonerDesignation
    name: '{locator}'
    statusHolder: victim
    designatedBy: other
    sources: [src]
  - id: status
    type: RefugeeStatusGrant
    name: '{title}'
    statusHolder: other
    sources: [src]
  - id: detention
    type: Detention
    name: '{event}'
    detainee: victim
    place: town
    date: 2020-05
    sources: [src]
  - id: release
    type: Release
    name: '{name}'
    releasedPerson: victim
    date: 2021-02
    sources: [src]
  - id: health
    type: HealthCondition
    name: '{figure}'
    victim: victim
    condition: '{condition}'
    date: 2020-06-01
    sources: [src]
documents:
  - id: doc
    type: Letter
    name: '{name}'
    demand: '{event}'
    concerns: victim
    sources: [src]
places:
  - id: town
    type: Place
    name: '{name}'
    sources: [src]
figures:
  - id: fig
    type: Figure
    name: '{figure}'
    value: 3
    countedCategory: '{title}'
    sources: [src]
"""


def yaml_single_quoted(value: str) -> str:
    return value.replace("'", "''")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("hostile")
    values = {key: yaml_single_quoted(value) for key, value in PAYLOADS.items()}
    values["quote"] = PAYLOADS["quote"].replace('"', '\\"')
    case = folder / "hostile.yaml"
    case.write_text(HOSTILE_CASE.format(**values), encoding="utf-8")
    return build([case], folder / "out")


PROBE = """() => ({
  flag: window.__xss === undefined ? null : window.__xss,
  injected: document.querySelectorAll('img[src="x"], svg[onload], iframe, [onmouseover], [onerror], a[href^="javascript"]').length,
  scripts: document.querySelectorAll('script').length,
})"""


def site_pages(out: Path) -> list[Path]:
    return [out / "index.html", out / "records.html", *sorted((out / "views").glob("*.html")), *sorted((out / "records").rglob("*.html"))]


def test_every_page_type_is_probed(hostile_report: BuildResult) -> None:
    out = hostile_report.out_dir
    names = {p.relative_to(out).as_posix() for p in site_pages(out)}
    for page in ("views/overview.html", "views/timeline.html", "views/ego-victim.html", "records/person/victim.html",
                 "records/event/detention.html", "records/document/doc.html", "records/figure/fig.html",
                 "records/source/src.html", "records/place/town.html"):
        assert page in names, page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<svg") >= 3, "the charts (events per year, places, release grounds) are drawn"


def test_no_payload_runs_anywhere(browser: Browser, hostile_report: BuildResult) -> None:
    pages = site_pages(hostile_report.out_dir)
    assert len(pages) >= 14
    commented = []
    for page in pages:
        with browser.visit(page) as visit:
            probe = visit.page.evaluate(PROBE)
            text = visit.page.evaluate("() => document.body.innerText")
            assert visit.dialogs == [], page.name
            assert probe["flag"] is None and probe["injected"] == 0, (page.name, probe)
            assert visit.console_errors == [] and visit.blocked == [], page.name
            if 'id="rg-data"' in page.read_text(encoding="utf-8"):
                # the view drew: its data did not swallow the page
                labels = visit.page.evaluate("() => window.rightsgraphView.network.body.data.nodes.get().map(n => n.label)")
                commented += [page.name for label in labels if PAYLOADS["comment"] in label]
            # The payloads are there, as text.
            if page.name == "index.html":
                for key in ("name", "source", "summary", "locator"):
                    assert PAYLOADS[key] in text, key
            if page.name == "victim.html":
                for key in ("name", "source", "template"):
                    assert PAYLOADS[key] in text, key
    assert commented, "some network view shows the name that holds '<!--<script'"


def test_search_results_are_text(browser: Browser, hostile_report: BuildResult) -> None:
    """A name full of markup found by the site search is shown as text, and its link is a page."""
    with browser.visit(hostile_report.out_dir / "records" / "person" / "victim.html") as visit:
        page = visit.page
        page.fill("#rg-site-search", "<img")
        page.wait_for_selector("#rg-site-results li")
        results = page.evaluate("() => Array.from(document.querySelectorAll('#rg-site-results a')).map(a => [a.textContent, a.getAttribute('href')])")
        probe = page.evaluate(PROBE)
    assert [PAYLOADS["name"], "../../records/person/victim.html"] in results
    assert probe["flag"] is None and probe["injected"] == 0 and visit.dialogs == []


def test_headings_carry_payloads_as_text(browser: Browser, hostile_report: BuildResult) -> None:
    ego = next((hostile_report.out_dir / "views").glob("ego-*.html"))
    with browser.visit(ego) as visit:
        heading = visit.page.text_content("h1")
        title = visit.page.title()
    assert heading is not None and PAYLOADS["name"] in heading
    assert PAYLOADS["name"] in title


def test_tooltips_are_text_not_html(browser: Browser, hostile_report: BuildResult) -> None:
    ego = next((hostile_report.out_dir / "views").glob("ego-*.html"))
    with browser.visit(ego) as visit:
        page = visit.page
        node_id = page.evaluate("() => window.rightsgraphView.network.body.data.nodes.get().find(n => n.label.startsWith('<img')).id")
        point = page.evaluate(
            "(id) => { const n = window.rightsgraphView.network; const p = n.canvasToDOM(n.getPositions([id])[id]);"
            " const r = document.getElementById('rg-network').getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }",
            node_id,
        )
        page.mouse.move(point["x"], point["y"])
        page.wait_for_selector(".vis-tooltip", state="visible", timeout=5000)
        tooltip = page.evaluate("() => { const t = document.querySelector('.vis-tooltip'); return {text: t.textContent, tags: t.querySelectorAll('img, svg, script, iframe').length}; }")
        probe = page.evaluate(PROBE)
    assert PAYLOADS["name"] in tooltip["text"] and PAYLOADS["source"] in tooltip["text"]
    assert tooltip["tags"] == 0 and probe["flag"] is None and visit.dialogs == []


def test_source_urls_are_inert_links(browser: Browser, hostile_report: BuildResult) -> None:
    """An http(s) URL with quotes in it stays one attribute value: hovering it runs nothing."""
    with browser.visit(hostile_report.out_dir / "index.html") as visit:
        page = visit.page
        link = page.query_selector('a[href^="https://example.org/a"]')
        assert link is not None
        assert link.get_attribute("href") == PAYLOADS["url"]
        assert link.get_attribute("onmouseover") is None and link.get_attribute("rel") == "noopener noreferrer nofollow"
        link.hover()
        assert page.evaluate(PROBE)["flag"] is None and visit.dialogs == []


def test_javascript_urls_never_become_links() -> None:
    from rightsgraph.viz.html import web_link

    assert web_link(PAYLOADS["url"]) == PAYLOADS["url"]
    for url in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/", "https://a b/"):
        assert web_link(url) is None, url
