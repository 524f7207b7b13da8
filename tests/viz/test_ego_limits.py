"""The ego view's neighbourhood: ring by ring, nearest first, cut at a limit with a notice."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import Endpoint
from rightsgraph.viz import ego_view
from rightsgraph.viz.projection import HUB_DEGREE, ego_neighbourhood, neighbourhood, neighbours
from tests.servers import OxigraphServer
from tests.viz.by_hand import ego_by_hand, hubs_by_hand, neighbourhood_by_hand

YERIMBETOV = URIRef("https://w3id.org/rightsgraph/id/person/iskander-yerimbetov")


def test_rings_follow_the_links(builtin_kg: KnowledgeGraph) -> None:
    first = neighbours(builtin_kg, [YERIMBETOV])[YERIMBETOV]
    within_one, cut = neighbourhood(builtin_kg, YERIMBETOV, 1, through_hubs=True)
    assert cut == 0 and within_one == first | {YERIMBETOV}
    # the second ring is the neighbours of the first, and nothing else
    sister = URIRef("https://w3id.org/rightsgraph/id/person/botagoz-jardemalie")
    assert sister in first
    second_ring = {n for node in first for n in neighbours(builtin_kg, [node])[node]}
    within_two, _ = neighbourhood(builtin_kg, YERIMBETOV, 2, through_hubs=True)
    assert within_two == within_one | second_ring


@pytest.mark.parametrize("hops", [1, 2, 3])
def test_the_neighbourhood_matches_a_count_by_hand(builtin_kg: KnowledgeGraph, hops: int) -> None:
    found, cut = neighbourhood(builtin_kg, YERIMBETOV, hops, through_hubs=True)
    assert cut == 0 and found == neighbourhood_by_hand(builtin_kg, YERIMBETOV, hops)


@pytest.mark.parametrize("hops", [1, 2, 3])
def test_the_walk_stops_at_hubs_as_counted_by_hand(builtin_kg: KnowledgeGraph, hops: int) -> None:
    hubs = hubs_by_hand(builtin_kg, HUB_DEGREE)
    found = ego_neighbourhood(builtin_kg, YERIMBETOV, hops)
    assert found.cut == 0 and found.records == ego_by_hand(builtin_kg, YERIMBETOV, hops, stop_at=hubs)
    kazakhstan = URIRef("https://w3id.org/rightsgraph/id/country/kazakhstan")
    if hops > 1:  # a country passed on the way: shown, not walked through, and named as such
        assert kazakhstan in found.records and kazakhstan in found.hubs
        assert found.records < neighbourhood_by_hand(builtin_kg, YERIMBETOV, hops)


@pytest.mark.server
def test_a_local_graph_and_a_remote_endpoint_agree(builtin_kg: KnowledgeGraph, tmp_path: Path) -> None:
    dump = tmp_path / "graph.trig"
    with dump.open("wb") as handle:
        builtin_kg.dump(handle, ox.RdfFormat.TRIG)
    with OxigraphServer([dump], tmp_path, union_default_graph=True) as server:
        remote = neighbourhood(Endpoint(server.query_url), YERIMBETOV, 2, through_hubs=True)
        remote_cut = neighbourhood(Endpoint(server.query_url), YERIMBETOV, 2, limit=12, through_hubs=True)
        remote_stopped = ego_neighbourhood(Endpoint(server.query_url), YERIMBETOV, 3)
    assert remote == neighbourhood(builtin_kg, YERIMBETOV, 2, through_hubs=True) and remote[0] == neighbourhood_by_hand(builtin_kg, YERIMBETOV, 2)
    assert remote_cut == neighbourhood(builtin_kg, YERIMBETOV, 2, limit=12, through_hubs=True)
    assert remote_stopped == ego_neighbourhood(builtin_kg, YERIMBETOV, 3)


def test_ego_view_past_the_limit_keeps_the_nearest_and_says_so(builtin_kg: KnowledgeGraph) -> None:
    full = ego_view(builtin_kg, "Iskander Yerimbetov", hops=2)
    # Nothing cut; Kazakhstan is drawn, not walked through, and the notice says so.
    assert full.notice == "Not expanded through 1 hub (linked to many records): Kazakhstan."
    first_ring = len(neighbourhood(builtin_kg, YERIMBETOV, 1)[0])
    limit = first_ring + 2
    cut = ego_view(builtin_kg, "Iskander Yerimbetov", hops=2, max_nodes=limit)
    assert cut.graph.number_of_nodes() == limit
    within_one = {str(n) for n in neighbourhood(builtin_kg, YERIMBETOV, 1)[0]}
    assert within_one <= set(cut.graph.nodes)
    left_out = full.graph.number_of_nodes() - limit
    assert cut.notice.endswith(f"At least {left_out:,} more records lie within 2 links; the nearest {limit:,} are shown.")
