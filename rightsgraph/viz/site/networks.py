"""The casebook's network views, cut from one projection of the whole graph held in memory.

Ego networks do not walk through hubs (states, international bodies, any record with more than
:data:`HUB_DEGREE` links): a hub is drawn, but what lies behind it is not, because a country two
links away would otherwise pull in half the graph. The page names the hubs it held back and
links the wider view.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", kind="person"); g.add_node("s", kind="state"); g.add_node("b", kind="person")
>>> g.add_edges_from([("a", "s", "p"), ("b", "s", "p")])
['p', 'p']
>>> sorted(ego_nodes(g, "a", 2)[0]), ego_nodes(g, "a", 2)[1]
(['a', 's'], ['s'])
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from rightsgraph.viz.network import MAX_NODES, NetworkView
from rightsgraph.viz.views import hubs_notice

HUB_KINDS = frozenset({"state", "country"})
HUB_TYPES = frozenset({"international body"})
HUB_DEGREE = 40
"""A record with more links than this is a hub: ego views stop there."""
RECORD_NETWORK_MAX = 60
"""The small network on a record page shows at most this many linked records (best-connected)."""


def is_hub(graph: nx.MultiDiGraph, node: str) -> bool:
    data = graph.nodes[node]
    return data.get("kind") in HUB_KINDS or data.get("type") in HUB_TYPES or graph.degree(node) > HUB_DEGREE


def linked(graph: nx.MultiDiGraph, node: str) -> set[str]:
    return set(graph.successors(node)) | set(graph.predecessors(node))


def ego_nodes(graph: nx.MultiDiGraph, center: str, hops: int, *, expand_hubs: bool = False, limit: int = MAX_NODES) -> tuple[set[str], list[str]]:
    """Records within ``hops`` links of ``center`` (nearest first, at most ``limit``), and the
    hubs whose own links were not followed."""
    seen = {center}
    frontier = [center]
    held: set[str] = set()
    for _ in range(hops):
        ring: set[str] = set()
        for node in frontier:
            if node != center and not expand_hubs and is_hub(graph, node):
                held.add(node)
                continue
            ring |= linked(graph, node)
        ring -= seen
        ordered = sorted(ring, key=lambda n: (-graph.degree(n), n))
        room = max(0, limit - len(seen))
        seen.update(ordered[:room])
        frontier = ordered[:room]
        if not frontier:
            break
    held_back = sorted((h for h in held if linked(graph, h) - seen), key=lambda n: graph.nodes[n].get("label", n))
    return seen, held_back


def ego_network(graph: nx.MultiDiGraph, center: str, hops: int = 2, *, expand_hubs: bool = False) -> NetworkView:
    """The ego view of ``center``; its notice names the hubs not expanded (see :func:`ego_nodes`)."""
    nodes, held = ego_nodes(graph, center, hops, expand_hubs=expand_hubs)
    label = graph.nodes[center]["label"]
    plural = "s" if hops > 1 else ""
    notice = hubs_notice([graph.nodes[h]["label"] for h in held])
    title = f"{label}: network within {hops} link{plural}" + (" (hubs expanded)" if expand_hubs else "")
    return NetworkView(title, graph.subgraph(nodes).copy(), f"Records within {hops} link{plural} of {label}.", focus=[center], notice=notice)


def record_network(graph: nx.MultiDiGraph, center: str) -> tuple[nx.MultiDiGraph, int]:
    """The record and its directly linked records (the best-connected :data:`RECORD_NETWORK_MAX`),
    and how many linked records were left out."""
    around = sorted(linked(graph, center), key=lambda n: (-graph.degree(n), n))
    kept = around[:RECORD_NETWORK_MAX]
    return graph.subgraph([center, *kept]).copy(), len(around) - len(kept)


def add_years(graph: nx.MultiDiGraph, years: Iterable[tuple[str, int, int]]) -> None:
    """Give nodes the first and last year they can denote (for the date-range control)."""
    for node, first, last in years:
        if node in graph:
            graph.nodes[node]["years"] = (first, last)
