"""The casebook's overview of a 2,000-record generated graph: groups of records, none left out.

The records are counted by a SPARQL query of their classes, not by the projection; the records a
reader can reach are read back from the pages written (the overview and every group's view)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rightsgraph.graph import KnowledgeGraph, summarize
from rightsgraph.graph.validation import ValidationReport
from rightsgraph.viz.site import write_site
from tests.browser import Browser
from tests.scale.corpus import corpus_graph
from tests.viz.test_casebook import node_point

pytestmark = pytest.mark.browser

PERSONS = 1100
"""About 2,200 records: well past what the overview draws one by one."""
RECORDS = """
PREFIX rg: <https://w3id.org/rightsgraph/ns#>
SELECT DISTINCT ?r WHERE { VALUES ?root { rg:Actor rg:Place rg:Event rg:Document rg:Figure rg:Post rg:Membership } ?r a ?root }
"""
CLEAR_PERSON = """() => {
  const network = window.rightsgraphView.network;
  for (const node of network.body.data.nodes.get({filter: n => n.group === 'person'})) {
    network.focus(node.id, {scale: 2, animation: false});
    const at = network.getNodeAt(network.canvasToDOM(network.getPositions([node.id])[node.id]));
    if (at === node.id) { return node; }
  }
  return null;
}"""
"""A person whose node is not covered by another one, centred at a zoom where it is easy to hit."""
DATA = re.compile(r'<script type="application/json" id="rg-data">(.*?)</script>', re.S)


def drawn(page: Path) -> list[dict[str, object]]:
    match = DATA.search(page.read_text(encoding="utf-8"))
    assert match is not None, page
    return json.loads(match.group(1))["nodes"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeGraph, Path]:
    folder = tmp_path_factory.mktemp("groups")
    kg = corpus_graph(PERSONS, folder / "corpus")
    write_site(kg, folder / "site", summarize(kg), ValidationReport(skipped=True))
    return kg, folder / "site"


def test_group_counts_add_up_to_every_record(browser: Browser, generated: tuple[KnowledgeGraph, Path]) -> None:
    kg, site = generated
    records = {str(row["r"]) for row in kg.select(RECORDS)}
    assert len(records) > 2000
    with browser.visit(site / "views" / "overview.html") as visit:
        nodes = visit.page.evaluate("() => window.rightsgraphView.network.body.data.nodes.get()")
        notice = visit.page.text_content(".rg-notice")
        listed = visit.page.eval_on_selector_all(".rg-groups tbody tr", "rows => rows.map(r => [r.cells[0].textContent, r.cells[1].textContent])")
        assert visit.blocked == [] and visit.console_errors == []
    groups = [n for n in nodes if n["group"] == "group of records"]
    singles = [n for n in nodes if n["group"] != "group of records"]
    assert 10 <= len(groups) and len(nodes) <= 250
    assert sum(n["records"] for n in groups) + len(singles) == len(records)
    assert notice is not None and f"{len(records):,} records" in notice and f"{len(groups)} groups" in notice
    assert sorted(int(count.replace(",", "")) for _, count in listed) == sorted(n["records"] for n in groups)
    # Every record is reachable: drawn in the overview, or drawn in its group's view.
    singles_ids = {n["id"] for n in singles}
    reachable = set(singles_ids)
    for group in groups:
        # A group's view also draws the hubs its records link to: those are drawn in the overview.
        members = {n["id"] for n in drawn(site / "views" / group["href"])} - singles_ids
        assert len(members) == group["records"], group["label"]
        assert not members & reachable, "a record in two groups"
        reachable |= members
    assert reachable == records


def test_click_from_overview_to_a_group_and_on_to_a_record(browser: Browser, generated: tuple[KnowledgeGraph, Path]) -> None:
    _, site = generated
    with browser.visit(site / "views" / "overview.html") as visit:
        page = visit.page
        groups = page.evaluate("() => window.rightsgraphView.network.body.data.nodes.get({filter: n => n.group === 'group of records'})")
        largest = max(groups, key=lambda n: n["records"])
        page.evaluate(f"() => window.rightsgraphView.network.focus({largest['id']!r}, {{scale: 1.2, animation: false}})")
        point = node_point(page, largest["id"])
        with page.expect_navigation():
            page.mouse.click(point["x"], point["y"])
        assert page.url.endswith("/views/" + largest["href"])
        page.wait_for_selector("body[data-ready='1']", state="attached")
        heading = page.text_content("h1")
        assert heading is not None and largest["label"].split(":")[0] in heading
        person = page.evaluate(CLEAR_PERSON)
        point = node_point(page, person["id"])
        with page.expect_navigation():
            page.mouse.click(point["x"], point["y"])
        assert page.url.endswith(person["href"].removeprefix("../.."))
        assert page.text_content("h1").startswith(person["label"])  # type: ignore[union-attr]
        assert visit.blocked == [] and visit.console_errors == []


LABEL_CLASHES = """() => {
  const network = window.rightsgraphView.network, ids = Object.keys(network.getPositions());
  const boxes = ids.map(id => network.getBoundingBox(id));
  const clashes = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) { clashes.push([ids[i], ids[j]]); }
  }
  return clashes;
}"""
"""Pairs of nodes whose drawn boxes (the node with its label, as vis-network measures them) overlap."""


def test_the_grouped_overview_is_drawn_still_with_no_label_over_another(browser: Browser, generated: tuple[KnowledgeGraph, Path]) -> None:
    """Simulating the grouped overview's physics took 26 s at 10,000 records: its positions come
    with the page, and its labels are laid out apart."""
    _, site = generated
    page_path = site / "views" / "overview.html"
    data = json.loads(DATA.search(page_path.read_text(encoding="utf-8")).group(1))  # type: ignore[union-attr]
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in node and "y" in node for node in data["nodes"])
    with browser.visit(page_path, size=(1400, 1000)) as visit:
        assert visit.page.evaluate(LABEL_CLASHES) == []
        assert visit.blocked == [] and visit.console_errors == []
