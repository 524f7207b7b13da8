"""The ego view's cost follows what it shows, not the size of the hubs two links away."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from rightsgraph.build import load_graph
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import LocalTarget, QueryResult
from rightsgraph.viz import ego_view
from rightsgraph.viz.projection import HUB_DEGREE, ego_neighbourhood
from tests.viz.by_hand import ego_by_hand, hubs_by_hand, stated_pairs_by_hand

ID = "https://w3id.org/rightsgraph/id/"
CENTRE = URIRef(f"{ID}person/centre")


class CountingTarget(LocalTarget):
    """A local target that adds up the rows of every answer it gives."""

    rows = 0

    def run(self, text: str) -> QueryResult:
        result = super().run(text)
        self.rows += len(result.rows)
        return result


def case_file(folder: Path, members: int) -> Path:
    """A state and a court, each with ``members`` citizens or cases besides the centre's own."""
    lines = [
        "sources:",
        "  - {id: src, title: Register, summary: A register of cases., locator: 'register, page 1'}",
        "places:",
        "  - {id: statia, type: State, name: Statia, sources: [src]}",
        "actors:",
        "  - {id: court, type: Court, name: Statia City Court, sources: [src]}",
        "  - id: centre",
        "    type: Person",
        "    name: Centre Person",
        "    citizenship: statia",
        "    relatives:",
        "      - {relation: sister, person: sister, sources: [src]}",
        "    sources: [src]",
        "  - {id: sister, type: Person, name: Sister Person, sources: [src]}",
    ]
    lines += [f"  - {{id: m{i}, type: Person, name: Member {i}, citizenship: statia, sources: [src]}}" for i in range(members)]
    lines += ["events:", "  - {id: trial-centre, type: Trial, name: Trial of Centre Person, defendant: centre, court: court, sources: [src]}"]
    lines += [f"  - {{id: trial-m{i}, type: Trial, name: Trial of Member {i}, defendant: m{i}, court: court, sources: [src]}}" for i in range(members)]
    path = folder / f"register-{members}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=[HUB_DEGREE + 20, 10 * HUB_DEGREE])
def hub_kg(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    kg, _ = load_graph([case_file(tmp_path_factory.mktemp("hubs"), request.param)])
    return kg


def test_rows_fetched_do_not_grow_with_the_hubs(tmp_path: Path) -> None:
    fetched = {}
    for members in (HUB_DEGREE + 20, 10 * HUB_DEGREE):
        kg, _ = load_graph([case_file(tmp_path, members)])
        target = CountingTarget(kg)
        view = ego_view(target, str(CENTRE), hops=2)
        fetched[members] = (target.rows, sorted(view.graph.nodes))
        # the records shown: the centre, its sister, trial, state, and the court behind the trial
        assert sorted(view.graph.nodes) == sorted(f"{ID}{path}" for path in ("person/centre", "person/sister", "event/trial-centre", "state/statia", "organization/court"))
    (small_rows, small_nodes), (large_rows, large_nodes) = fetched.values()
    assert small_nodes == large_nodes and small_rows == large_rows


def test_through_hubs_reads_them_all(hub_kg: KnowledgeGraph) -> None:
    walked = ego_neighbourhood(hub_kg, CENTRE, 2, through_hubs=True)
    members = {URIRef(f"{ID}person/m{i}") for i in range(HUB_DEGREE + 20)}
    assert members <= walked.records and walked.hubs == []


def test_stops_at_the_hubs_counted_by_hand(hub_kg: KnowledgeGraph) -> None:
    hubs = hubs_by_hand(hub_kg, HUB_DEGREE)
    assert URIRef(f"{ID}state/statia") in hubs and URIRef(f"{ID}organization/court") in hubs
    for hops in (1, 2, 3):
        found = ego_neighbourhood(hub_kg, CENTRE, hops)
        assert found.records == ego_by_hand(hub_kg, CENTRE, hops, stop_at=hubs)
    assert ego_neighbourhood(hub_kg, CENTRE, 3).hubs == sorted(URIRef(f"{ID}{p}") for p in ("organization/court", "state/statia"))


def test_every_link_among_the_records_shown(hub_kg: KnowledgeGraph) -> None:
    view = ego_view(hub_kg, str(CENTRE), hops=3)
    shown = {URIRef(n) for n in view.graph.nodes}
    drawn = {frozenset((a, b)) for a, b in view.graph.edges()}
    assert drawn == stated_pairs_by_hand(hub_kg, shown)
