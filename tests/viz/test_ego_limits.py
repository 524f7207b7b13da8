"""The ego view's neighbourhood: ring by ring, nearest first, cut at a limit with a notice."""

from __future__ import annotations

from rdflib import URIRef

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import LocalTarget
from rightsgraph.viz import ego_view
from rightsgraph.viz.projection import neighbourhood, neighbours

YERIMBETOV = URIRef("https://w3id.org/rightsgraph/id/person/iskander-yerimbetov")


def test_rings_follow_the_links(builtin_kg: KnowledgeGraph) -> None:
    first = neighbours(builtin_kg, [YERIMBETOV])[YERIMBETOV]
    within_one, cut = neighbourhood(builtin_kg, YERIMBETOV, 1)
    assert cut == 0 and within_one == first | {YERIMBETOV}
    # the second ring is the neighbours of the first, and nothing else
    sister = URIRef("https://w3id.org/rightsgraph/id/person/botagoz-jardemalie")
    assert sister in first
    second_ring = {n for node in first for n in neighbours(builtin_kg, [node])[node]}
    within_two, _ = neighbourhood(builtin_kg, YERIMBETOV, 2)
    assert within_two == within_one | second_ring


def test_a_local_graph_and_a_query_target_agree(builtin_kg: KnowledgeGraph) -> None:
    assert neighbourhood(builtin_kg, YERIMBETOV, 2) == neighbourhood(LocalTarget(builtin_kg), YERIMBETOV, 2)


def test_ego_view_past_the_limit_keeps_the_nearest_and_says_so(builtin_kg: KnowledgeGraph) -> None:
    full = ego_view(builtin_kg, "Iskander Yerimbetov", hops=2)
    assert full.notice == ""
    first_ring = len(neighbourhood(builtin_kg, YERIMBETOV, 1)[0])
    limit = first_ring + 2
    cut = ego_view(builtin_kg, "Iskander Yerimbetov", hops=2, max_nodes=limit)
    assert cut.graph.number_of_nodes() == limit
    within_one = {str(n) for n in neighbourhood(builtin_kg, YERIMBETOV, 1)[0]}
    assert within_one <= set(cut.graph.nodes)
    left_out = full.graph.number_of_nodes() - limit
    assert cut.notice == f"At least {left_out:,} more records lie within 2 links; the nearest {limit:,} are shown."
