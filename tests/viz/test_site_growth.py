"""The casebook grows with its records, not faster: a page's size does not follow the size of the
hubs it passes through, and the site's bytes per record stay about the same on a larger corpus.

Measured before the fix: the wider ego view written for each designated prisoner walked through
every hub (the state, the court, the designating organisation) and drew up to 5,000 records, so
each grew with the whole graph and the site with the square of it (2.1 GB at 10,000 persons).
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from benchmarks.generate import generate
from rightsgraph.build import load_graph
from rightsgraph.graph import summarize
from rightsgraph.viz.network import write_network
from rightsgraph.viz import site
from rightsgraph.viz.site import front, networks, pages, write_site
from rightsgraph.viz.site.networks import ego_network


def state_with_citizens(citizens: int) -> nx.MultiDiGraph:
    """A person and their sister; the person is a citizen of a state with ``citizens`` others,
    each of whom has a trial of their own."""
    graph = nx.MultiDiGraph()

    def node(name: str, kind: str) -> None:
        graph.add_node(name, label=name, kind=kind, type=kind, facts={}, sources=[], links=[])

    def edge(source: str, target: str, label: str) -> None:
        graph.add_edge(source, target, key=label, label=label, sources=[])

    node("centre", "person"), node("sister", "person"), node("statia", "state")
    edge("centre", "sister", "sibling of"), edge("centre", "statia", "citizenship")
    for i in range(citizens):
        node(f"citizen {i}", "person"), node(f"trial {i}", "event")
        edge(f"citizen {i}", "statia", "citizenship"), edge(f"trial {i}", f"citizen {i}", "defendant")
    return graph


def test_the_wider_view_does_not_grow_with_the_hub(tmp_path: Path) -> None:
    sizes = {}
    for citizens in (300, 3000):
        graph = state_with_citizens(citizens)
        view = ego_network(graph, "centre", expand_hubs=True)
        page = write_network(view, tmp_path / f"wider-{citizens}.html")
        sizes[citizens] = page.stat().st_size
        drawn = set(view.graph.nodes)
        # No silent cap: the page says how many of the state's linked records it leaves out,
        # counted here from the graph itself.
        left_out = len((set(graph.predecessors("statia")) | set(graph.successors("statia"))) - drawn)
        assert left_out > 0 and f"{left_out:,} more records linked to statia" in view.notice
        assert {"centre", "sister", "statia"} <= drawn
    assert sizes[3000] < 1.2 * sizes[300]


Figures = tuple[float, dict[str, int], Path]


def site_figures(persons: int, folder: Path) -> Figures:
    """(bytes per record page, the largest file of each kind of page) of a generated corpus's casebook."""
    kg, report = load_graph(generate(persons, folder / "corpus", seed=7))
    out = folder / "site"
    write_site(kg, out, summarize(kg), report)
    records = list((out / "records").rglob("*.html"))
    shared = sum(p.stat().st_size for p in (out / "assets").iterdir())
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    largest: dict[str, int] = {}
    for page in out.rglob("*.html"):
        folder_name = page.parent.relative_to(out).as_posix()
        kind = page.name if folder_name == "." else "wider" if page.name.endswith("-wider.html") else folder_name
        largest[kind] = max(largest.get(kind, 0), page.stat().st_size)
    return (total - shared) / len(records), largest, out


@pytest.fixture(scope="module")
def two_sizes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Figures, Figures]:
    # Limits small enough that the smaller corpus reaches them already: past them, no page may grow.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(networks, "WIDER_MAX", 40)
        patch.setattr(site, "TIMELINE_PAGE", 100)
        patch.setattr(front, "MAX_ROWS", 20)
        patch.setattr(front, "LIST_PAGE", 100)
        patch.setattr(pages, "MAX_LIST", 5)
        patch.setattr(networks, "RECORD_NETWORK_MAX", 5)
        return site_figures(150, tmp_path_factory.mktemp("small")), site_figures(600, tmp_path_factory.mktemp("large"))


def test_bytes_per_record_stay_about_the_same(two_sizes: tuple[Figures, Figures]) -> None:
    (small, _, _), (large, _, _) = two_sizes
    assert large < 1.15 * small


def test_no_page_grows_with_the_corpus(two_sizes: tuple[Figures, Figures]) -> None:
    (_, small, _), (_, large, _) = two_sizes
    assert {"wider", "views", "views/groups", "records/person", "records/event", "records/state", "index.html"} <= set(small)
    grown = {kind: (small[kind], size) for kind, size in large.items() if size > 1.25 * small.get(kind, size)}
    assert not grown


def test_paged_lists_still_reach_every_record_and_event(two_sizes: tuple[Figures, Figures]) -> None:
    """Cut into pages, the list of records links every record page once, and the pages of the
    timeline list every event page once."""
    out = two_sizes[1][2]
    records = sorted(p.relative_to(out).as_posix() for p in (out / "records").rglob("*.html") if not p.name.startswith("list-"))
    lists = [out / "records.html", *sorted((out / "records").glob("list-*.html"))]
    assert len(lists) > 2
    linked = [href for page in lists for href in re.findall(r'href="(?:\.\./)?(records/[^"#]+/[^"#]+\.html)"', page.read_text(encoding="utf-8"))]
    assert sorted(linked) == records
    events = sorted(p for p in records if p.startswith("records/event/"))
    timeline = sorted((out / "views").glob("timeline*.html"))
    assert len(timeline) > 2
    shown = [href for page in timeline for href in re.findall(r'<a href="\.\./(records/event/[^"]+)">', page.read_text(encoding="utf-8"))]
    assert sorted(shown) == events
