"""Every view and the report in headless Chromium, from file://, with the network blocked."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import URIRef

from rightsgraph.build import BuildResult, load_graph
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.viz import NetworkView, ego_view, overview_view, write_network
from rightsgraph.viz.network import PHYSICS_LIMIT
from tests.browser import Browser
from tests.viz.by_hand import ego_by_hand, records_of, stated_pairs_by_hand, view_records

pytestmark = pytest.mark.browser
PERSON = "https://w3id.org/rightsgraph/id/person/"

DRAWN = """() => {
  const v = window.rightsgraphView;
  return {data: [v.nodeCount, v.edgeCount],
          drawn: [v.network.body.nodeIndices.length, v.network.body.edgeIndices.length],
          physics: v.network.physics.physicsEnabled};
}"""


def network_pages(report: BuildResult) -> list[Path]:
    return sorted(p for p in (report.out_dir / "views").glob("*.html") if not p.name.startswith("timeline"))


def test_report_links_every_view(builtin_report: BuildResult) -> None:
    """The front page links every view; a wider ego view is linked from its ego view."""
    views = builtin_report.out_dir / "views"
    index = (builtin_report.out_dir / "index.html").read_text(encoding="utf-8")
    for page in views.glob("*.html"):
        if page.name.endswith("-wider.html"):
            ego = views / page.name.replace("-wider.html", ".html")
            assert f'href="{page.name}"' in ego.read_text(encoding="utf-8")
        else:
            assert f'href="views/{page.name}"' in index
    egos = sorted(p.name for p in views.glob("ego-*.html") if not p.name.endswith("-wider.html"))
    # One ego view for each of the 3 designated political prisoners, none left out.
    assert egos == ["ego-iskander-yerimbetov.html", "ego-mukhtar-dzhakishev.html", "ego-muratbek-tungishbayev.html"]


def test_every_page_opens_offline_without_errors(browser: Browser, builtin_report: BuildResult) -> None:
    pages = [builtin_report.out_dir / "index.html", *sorted((builtin_report.out_dir / "views").glob("*.html"))]
    for page in pages:
        with browser.visit(page) as visit:
            assert visit.blocked == [], page
            assert visit.console_errors == [], page
            assert visit.dialogs == [], page


DRAWN_LINKS = """() => {
  const body = window.rightsgraphView.network.body;
  return {nodes: body.nodeIndices.slice(), edges: body.edgeIndices.map(id => [body.edges[id].fromId, body.edges[id].toId])};
}"""


def test_network_views_draw_every_node_and_edge(browser: Browser, builtin_report: BuildResult, builtin_kg: KnowledgeGraph) -> None:
    """The records and links drawn are those of the data, worked out by hand, not by the projection."""
    hubs = records_of(builtin_kg, "State", "Country", "InternationalBody")
    expected = {"overview.html": view_records(builtin_kg)}
    for name in ("iskander-yerimbetov", "mukhtar-dzhakishev", "muratbek-tungishbayev"):
        # The wider view expands every record; the ego view stops at hubs (states here).
        expected[f"ego-{name}-wider.html"] = ego_by_hand(builtin_kg, URIRef(f"{PERSON}{name}"), 2)
        expected[f"ego-{name}.html"] = ego_by_hand(builtin_kg, URIRef(f"{PERSON}{name}"), 2, stop_at=hubs)
    for page in network_pages(builtin_report):
        with browser.visit(page) as visit:
            state = visit.page.evaluate(DRAWN)
            drawn = visit.page.evaluate(DRAWN_LINKS)
        assert state["drawn"] == state["data"], page.name
        assert state["physics"] is False, "physics must stop once the layout is stable"
        records = expected.pop(page.name, None)
        if records is not None:
            assert set(drawn["nodes"]) == {str(r) for r in records}, page.name
            pairs = {frozenset(edge) for edge in drawn["edges"]}
            assert pairs == stated_pairs_by_hand(builtin_kg, records), page.name
            assert len(drawn["edges"]) >= len(pairs) > 0
    assert not expected, "every expected view was written"


def test_design_card_view_shows_refugee_kin_and_proceeding(browser: Browser, builtin_report: BuildResult) -> None:
    """Line 8: Jardemalie (refugee) — sibling — Yerimbetov — detainee of — his detention."""
    with browser.visit(builtin_report.out_dir / "views" / "relatives-of-refugees.html") as visit:
        state = visit.page.evaluate(DRAWN)
        labels = visit.page.evaluate("() => window.rightsgraphView.network.body.data.nodes.get().map(n => n.label).sort()")
        edges = visit.page.evaluate("() => window.rightsgraphView.network.body.data.edges.get().map(e => e.label).sort()")
    assert state["drawn"] == [3, 2]
    assert labels == ["Botagoz Jardemalie", "Detention of Iskander Yerimbetov in Kazakhstan", "Iskander Yerimbetov"]
    assert edges == ["detainee", "sibling of"]


def test_search_box_selects_matching_nodes(browser: Browser, builtin_report: BuildResult) -> None:
    with browser.visit(builtin_report.out_dir / "views" / "overview.html") as visit:
        visit.page.fill("#rg-search", "yerimbetov")
        status = visit.page.text_content("#rg-search-status")
        selected = visit.page.evaluate("() => window.rightsgraphView.network.getSelectedNodes().length")
        labels = visit.page.evaluate("() => window.rightsgraphView.network.body.data.nodes.get().map(n => n.label)")
    matching = [label for label in labels if "yerimbetov" in label.lower()]
    assert len(matching) > 1
    assert status == f"{len(matching)} found" and selected == len(matching)


def positions(browser: Browser, page: Path) -> dict[str, tuple[int, int]]:
    with browser.visit(page) as visit:
        first = visit.page.evaluate("() => window.rightsgraphView.network.getPositions()")
        visit.page.wait_for_timeout(400)
        second = visit.page.evaluate("() => window.rightsgraphView.network.getPositions()")
    assert first == second, "the layout moved after it was declared stable"
    return {node: (round(p["x"]), round(p["y"])) for node, p in first.items()}


def test_same_layout_on_every_run(browser: Browser, builtin_kg: KnowledgeGraph, tmp_path: Path) -> None:
    one = write_network(overview_view(builtin_kg), tmp_path / "one.html")
    two = write_network(overview_view(builtin_kg), tmp_path / "two.html")
    assert one.read_bytes() == two.read_bytes()
    assert positions(browser, one) == positions(browser, two)


def big_graph(nodes: int) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for i in range(nodes):
        graph.add_node(f"n{i}", label=f"Record {i}", kind="person" if i % 3 else "event", type="person", facts={}, sources=["S"], links=[])
    for i in range(1, nodes):
        graph.add_edge(f"n{i}", f"n{(i * 7919) % i}", key="k", label="relative of", property="p", sources=["S"])
    return graph


def test_two_thousand_nodes_precomputed_and_static(browser: Browser, tmp_path: Path) -> None:
    page = write_network(NetworkView("Large", big_graph(2000)), tmp_path / "large.html")
    with browser.visit(page) as visit:
        state = visit.page.evaluate(DRAWN)
        assert visit.console_errors == [] and visit.blocked == []
    assert state["drawn"] == [2000, 1999] and 2000 > PHYSICS_LIMIT
    assert state["physics"] is False


def test_view_past_the_limit_says_what_it_left_out(browser: Browser, tmp_path: Path) -> None:
    page = write_network(NetworkView("Too big", big_graph(500)), tmp_path / "cut.html", max_nodes=300)
    with browser.visit(page) as visit:
        notice = visit.page.text_content(".rg-notice")
        state = visit.page.evaluate(DRAWN)
    assert state["drawn"][0] == 300
    assert notice is not None and "Showing 300 of 500 records" in notice and "200 with the fewest links are left out" in notice


def test_timeline_shows_partial_dates_as_such(browser: Browser, builtin_report: BuildResult) -> None:
    """A person's timeline (on their record page): partial dates as such, then the undated."""
    with browser.visit(builtin_report.out_dir / "records" / "person" / "mukhtar-dzhakishev.html") as visit:
        whens = visit.page.eval_on_selector_all(".rg-when", "nodes => nodes.map(n => n.firstChild.textContent)")
    assert whens[:4] == ["about 2010 – 2020", "on or before 3 March 2020", "3 March 2020", "19 March 2020"]
    assert set(whens[4:]) == {"date unknown"}


def test_user_data_views(browser: Browser, tmp_path: Path) -> None:
    """A view of a user's own data built with load_graph opens too (not only the built-in one)."""
    kg, _ = load_graph()
    page = write_network(ego_view(kg, "Botagoz Jardemalie", 1), tmp_path / "ego.html")
    with browser.visit(page) as visit:
        state = visit.page.evaluate(DRAWN)
    assert state["drawn"] == state["data"] and state["data"][0] >= 3
