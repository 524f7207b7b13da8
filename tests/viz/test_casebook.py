"""The casebook in headless Chromium: navigation, search in any alphabet, date range, kinds,
record pages with their citations, one script copy per site, no silent caps, nothing fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsgraph.build import BuildResult, build
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.viz.timeline import timeline_entries
from tests.browser import Browser

pytestmark = pytest.mark.browser

PERSON = "https://w3id.org/rightsgraph/id/person/iskander-yerimbetov"

ALPHABETS_CASE = """
sources:
  - id: src
    title: Statement in three alphabets
    summary: A fixture.
    locator: fixture, line 1
actors:
  - id: cyrillic
    type: Person
    name: Алёна Жаксыбекова
    sources: [src]
  - id: chinese
    type: Person
    name: Li Wei
    altNames: [李伟]
    links: [https://www.wikidata.org/entity/Q4115189]
    sources: [src]
  - id: accented
    type: Person
    name: Élodie Dupré
    sources: [src]
  - id: council
    type: InternationalBody
    name: Human Rights Council
    sources: [src]
documents:
  - id: resolution
    type: Resolution
    name: Resolution on detention
    issuingBody: council
    identifiers: [{scheme: un-document, value: A/HRC/RES/50/20}]
    sources: [src]
"""


def node_point(page: object, node_id: str) -> dict[str, float]:
    return page.evaluate(  # type: ignore[attr-defined, no-any-return]
        "(id) => { const n = window.rightsgraphView.network; const p = n.canvasToDOM(n.getPositions([id])[id]);"
        " const r = document.getElementById('rg-network').getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }",
        node_id,
    )


@pytest.fixture(scope="module")
def alphabets(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("alphabets")
    case = folder / "alphabets.yaml"
    case.write_text(ALPHABETS_CASE, encoding="utf-8")
    return build([case], folder / "out")


def test_click_from_overview_to_record_page_and_back(browser: Browser, builtin_report: BuildResult) -> None:
    overview = builtin_report.out_dir / "views" / "overview.html"
    with browser.visit(overview) as visit:
        page = visit.page
        page.evaluate(f"() => window.rightsgraphView.network.focus({PERSON!r}, {{scale: 1.5, animation: false}})")
        point = node_point(page, PERSON)
        with page.expect_navigation():
            page.mouse.click(point["x"], point["y"])
        assert page.url.endswith("/records/person/iskander-yerimbetov.html")
        assert page.text_content("h1").startswith("Iskander Yerimbetov")  # type: ignore[union-attr]
        page.go_back()
        assert page.url.endswith("/views/overview.html")
        page.wait_for_selector("body[data-ready='1']", state="attached")
        assert visit.blocked == [] and visit.console_errors == []


def test_search_finds_names_in_any_alphabet_without_case_or_accents(browser: Browser, alphabets: BuildResult) -> None:
    queries = {
        "алена": "Алёна Жаксыбекова",        # Cyrillic, lower case, ё written as е
        "ЖАКСЫБЕК": "Алёна Жаксыбекова",      # upper case
        "李伟": "Li Wei",                      # CJK alias finds the record
        "elodie dupre": "Élodie Dupré",       # accents ignored
    }
    with browser.visit(alphabets.out_dir / "index.html") as visit:
        page = visit.page
        for query, expected in queries.items():
            page.fill("#rg-site-search", query)
            page.wait_for_selector("#rg-site-results li")
            found = page.eval_on_selector_all("#rg-site-results a", "links => links.map(a => a.textContent)")
            assert found == [expected], query
        page.fill("#rg-site-search", "李伟")
        page.wait_for_selector("#rg-site-results li")
        with page.expect_navigation():
            page.press("#rg-site-search", "Enter")
        assert page.url.endswith("/records/person/chinese.html")
        assert "李伟" in page.text_content("header")  # type: ignore[operator]
        assert visit.blocked == [] and visit.console_errors == []


def test_date_range_hides_events_outside_it(browser: Browser, builtin_report: BuildResult, builtin_kg: KnowledgeGraph) -> None:
    dated, _ = timeline_entries(builtin_kg)
    before_2019 = {e.event for e in dated if (e.latest or e.earliest).year < 2019}  # type: ignore[union-attr]
    assert before_2019, "the built-in data has events before 2019"
    with browser.visit(builtin_report.out_dir / "views" / "overview.html") as visit:
        page = visit.page
        assert page.is_visible("#rg-dates")
        page.fill("#rg-date-from", "2019")
        hidden = page.evaluate("() => window.rightsgraphView.network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id)")
        status = page.text_content("#rg-date-status")
        page.fill("#rg-date-from", "")
        shown_again = page.evaluate("() => window.rightsgraphView.network.body.data.nodes.get({filter: n => n.hidden}).length")
    assert set(hidden) == before_2019
    assert status == f"{len(before_2019)} hidden"
    assert shown_again == 0


def test_legend_toggles_a_kind(browser: Browser, builtin_report: BuildResult) -> None:
    with browser.visit(builtin_report.out_dir / "views" / "overview.html") as visit:
        page = visit.page
        events = page.evaluate("() => window.rightsgraphView.network.body.data.nodes.get({filter: n => n.group === 'event'}).length")
        page.click(".rg-kind-toggle[data-kind='event']")
        hidden = page.evaluate("() => window.rightsgraphView.network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.group)")
        pressed = page.get_attribute(".rg-kind-toggle[data-kind='event']", "aria-pressed")
        page.click(".rg-kind-toggle[data-kind='event']")
        after = page.evaluate("() => window.rightsgraphView.network.body.data.nodes.get({filter: n => n.hidden}).length")
    assert events > 0 and hidden == ["event"] * events and pressed == "false" and after == 0


def test_record_page_cites_sources_and_keeps_the_source_word(browser: Browser, builtin_report: BuildResult) -> None:
    with browser.visit(builtin_report.out_dir / "records" / "person" / "iskander-yerimbetov.html") as visit:
        page = visit.page
        kinship = page.text_content("#kinship + ul")
        kin_link = page.get_attribute("#kinship + ul a", "href")
        cites = page.eval_on_selector_all(".rg-cites li", "items => items.map(li => li.textContent)")
        cite_links = page.eval_on_selector_all(".rg-cites a", "links => links.map(a => a.getAttribute('href'))")
        elsewhere = page.is_visible("#network")
        assert visit.blocked == [] and visit.console_errors == []
    # The case file says Iskander is Botagoz Jardemalie's "brother" (statements.txt, line 8).
    assert kinship is not None and "sibling of Botagoz Jardemalie" in kinship and "“brother”" in kinship
    assert kin_link == "../../records/person/botagoz-jardemalie.html"
    assert any("Critical health of Iskander Yerimbetov in detention" in c and "line 8" in c for c in cites)
    assert all(link.startswith("../../records/source/") for link in cite_links)
    assert elsewhere


def test_every_record_has_a_page_linked_from_the_record_list(builtin_report: BuildResult, builtin_kg: KnowledgeGraph) -> None:
    out = builtin_report.out_dir
    listing = (out / "records.html").read_text(encoding="utf-8")
    pages = sorted(p.relative_to(out).as_posix() for p in (out / "records").rglob("*.html"))
    for page in pages:
        assert f'href="{page}"' in listing, page
    # Independently: every actor, place, event, document, figure, post and source of the graph.
    rows = builtin_kg.select(
        "PREFIX rg: <https://w3id.org/rightsgraph/ns#> SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { "
        "VALUES ?root { rg:Actor rg:Place rg:Event rg:Document rg:Figure rg:Post rg:Source } ?r a ?root }"
    )
    assert len(pages) == int(rows[0]["n"])


def test_scripts_are_shared_once_per_site(builtin_report: BuildResult) -> None:
    out = builtin_report.out_dir
    vis = (out / "assets" / "vis-network.min.js").stat().st_size
    assert vis > 300_000
    for page in [*(out / "views").glob("*.html"), *(out / "records").rglob("*.html")]:
        assert page.stat().st_size < vis / 4, page.name


def test_every_page_type_opens_offline(browser: Browser, builtin_report: BuildResult) -> None:
    out = builtin_report.out_dir
    pages = [out / "records.html", out / "records/source/s08.html", out / "records/event/detention-of-iskander-yerimbetov.html",
             out / "records/country/kazakhstan.html", out / "views/ego-iskander-yerimbetov-wider.html"]
    for page in pages:
        with browser.visit(page) as visit:
            assert visit.blocked == [] and visit.console_errors == [] and visit.dialogs == [], page


def test_ego_view_holds_back_hubs_and_offers_the_wider_view(browser: Browser, builtin_report: BuildResult) -> None:
    with browser.visit(builtin_report.out_dir / "views" / "ego-iskander-yerimbetov.html") as visit:
        notice = visit.page.text_content(".rg-notice")
        wider = visit.page.get_attribute(".rg-notice a", "href")
    assert notice is not None and "Not expanded through 1 hub" in notice and "Kazakhstan" in notice
    assert wider == "ego-iskander-yerimbetov-wider.html"


def test_no_silent_cap_on_political_prisoners(tmp_path: Path) -> None:
    """25 designated political prisoners: 25 ego views, all linked (the old report stopped at 20)."""
    lines = ["sources:", "  - {id: src, title: List, summary: A list., locator: 'list, line 1'}", "actors:"]
    lines += [f"  - {{id: p{i}, type: Person, name: Prisoner {i}, sources: [src]}}" for i in range(25)]
    lines += ["  - {id: ngo, type: NonGovernmentalOrganization, name: Monitor, sources: [src]}", "events:"]
    lines += [f"  - {{id: d{i}, type: PoliticalPrisonerDesignation, name: Designation {i}, statusHolder: p{i}, designatedBy: ngo, sources: [src]}}" for i in range(25)]
    case = tmp_path / "list.yaml"
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = build([case], tmp_path / "out").out_dir
    assert out is not None
    egos = sorted((out / "views").glob("ego-p*.html"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert len(egos) == 25
    assert all(f'href="views/{page.name}"' in index for page in egos)


def test_public_casebook_names_no_confidential_record_in_its_file_names(tmp_path: Path) -> None:
    """Record pages are named after identifiers: a public build names the withheld ones neutrally."""
    from tests.security.test_confidential import FIXTURE, SECRETS

    out = build([FIXTURE], tmp_path / "out", public=True).out_dir
    assert out is not None
    names = [p.relative_to(out).as_posix() for p in out.rglob("*")]
    assert any(name.startswith("records/person/") for name in names)
    assert [(n, s) for n in names for s in SECRETS if s.lower() in n.lower()] == []
    full = build([FIXTURE], tmp_path / "full").out_dir
    assert full is not None and (full / "records" / "person" / "zarina-hiddenova.html").exists()


def test_identifiers_read_as_scheme_and_value(alphabets: BuildResult) -> None:
    page = (alphabets.out_dir / "records" / "document" / "resolution.html").read_text(encoding="utf-8")
    assert ": A/HRC/RES/50/20</td>" in page and "identifier" in page


def test_record_page_links_the_same_entity_elsewhere(browser: Browser, alphabets: BuildResult) -> None:
    with browser.visit(alphabets.out_dir / "records" / "person" / "chinese.html") as visit:
        links = visit.page.eval_on_selector_all("#elsewhere + ul a", "links => links.map(a => [a.getAttribute('href'), a.getAttribute('rel')])")
    assert links == [["https://www.wikidata.org/entity/Q4115189", "noopener noreferrer nofollow"]]


def test_site_queries_are_not_cut_by_the_interactive_deadline(tmp_path: Path, builtin_kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batched queries read the whole graph: a deadline meant for interactive queries must
    not stop a build half-way (here a deadline no query can meet)."""
    from rightsgraph.build import load_graph
    from rightsgraph.graph import summarize
    from rightsgraph.viz.site import write_site

    kg, report = load_graph()
    monkeypatch.setenv("RIGHTSGRAPH_QUERY_TIMEOUT", "0.000001")
    index = write_site(kg, tmp_path, summarize(kg), report)
    assert index.exists() and (tmp_path / "records" / "person" / "iskander-yerimbetov.html").exists()
