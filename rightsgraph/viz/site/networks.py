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
>>> ego = ego_nodes(g, "a", 2)
>>> sorted(ego.records), ego.held_back
(['a', 's'], ['s'])
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from rightsgraph.viz.network import MAX_NODES, NetworkView
from rightsgraph.viz.views import hubs_notice

HUB_KINDS = frozenset({"state", "country"})
HUB_TYPES = frozenset({"international body"})
HUB_DEGREE = 40
"""A record with more links than this is a hub: ego views stop there."""
RECORD_NETWORK_MAX = 60
"""The small network on a record page shows at most this many linked records (best-connected)."""
WIDER_MAX = 150
"""Records in a wider ego view (hubs walked through): the nearest, best-connected first. Without
a bound each would draw a good part of the graph (a state's every citizen), so that the site
would grow with the square of its records."""


def is_hub(graph: nx.MultiDiGraph, node: str) -> bool:
    data = graph.nodes[node]
    return data.get("kind") in HUB_KINDS or data.get("type") in HUB_TYPES or graph.degree(node) > HUB_DEGREE


def linked(graph: nx.MultiDiGraph, node: str) -> set[str]:
    return set(graph.successors(node)) | set(graph.predecessors(node))


class RankedLinks:
    """Each record's linked records, best-connected first, sorted once per record: views cut
    from one graph take the first few of a hub's links without sorting all of them again."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self._ranked: dict[str, list[str]] = {}

    def key(self, node: str) -> tuple[int, str]:
        return (-self.graph.degree(node), node)

    def __call__(self, node: str) -> list[str]:
        ranked = self._ranked.get(node)
        if ranked is None:
            ranked = self._ranked[node] = sorted(linked(self.graph, node), key=self.key)
        return ranked


def induced(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """A copy of ``graph`` cut to ``nodes`` and the links among them. Unlike
    ``graph.subgraph(nodes).copy()`` it does not read every link of a hub among them, so the
    cost follows the records kept, not the hubs' size."""
    keep = set(nodes)
    small = nx.MultiDiGraph()
    small.add_nodes_from((node, dict(graph.nodes[node])) for node in keep)
    for source in keep:
        out = graph.succ[source]
        targets = [t for t in out if t in keep] if len(out) <= len(keep) else [t for t in keep if t in out]
        for target in targets:
            for key, data in out[target].items():
                small.add_edge(source, target, key, **data)
    return small


def _ring(ranked: RankedLinks, walked: list[str], seen: set[str], room: int) -> list[str]:
    """The next ring: records linked to ``walked`` and not yet ``seen``, best-connected first,
    at most ``room`` of them (read from the sorted lists as far as needed, not in full)."""
    ring: list[str] = []
    taken: set[str] = set()
    if room <= 0:
        return ring
    for node in heapq.merge(*(ranked(w) for w in walked), key=ranked.key):
        if node not in seen and node not in taken:
            taken.add(node)
            ring.append(node)
            if len(ring) == room:
                break
    return ring


def _not_drawn(graph: nx.MultiDiGraph, ranked: RankedLinks, node: str, drawn: set[str]) -> int:
    """How many of ``node``'s linked records are not among ``drawn``."""
    links = ranked(node)
    if len(links) <= len(drawn):
        return sum(1 for other in links if other not in drawn)
    succ, pred = graph.succ[node], graph.pred[node]
    return len(links) - sum(1 for other in drawn if other in succ or other in pred)


@dataclass
class Ego:
    """The records of an ego view, the hubs it did not walk through, and, when the view was cut at
    its limit, how many linked records of each walked record it leaves out."""

    records: set[str]
    held_back: list[str]
    left_out: dict[str, int] = field(default_factory=dict)


def ego_nodes(
    graph: nx.MultiDiGraph, center: str, hops: int, *, expand_hubs: bool = False, limit: int = MAX_NODES, ranked: RankedLinks | None = None,
) -> Ego:
    """Records within ``hops`` links of ``center`` (nearest first, then best-connected, at most
    ``limit``), the hubs whose own links were not followed, and what the limit left out."""
    ranked = ranked or RankedLinks(graph)
    seen = {center}
    frontier = [center]
    held: set[str] = set()
    walked_all: list[str] = []
    cut = False
    for _ in range(hops):
        walked = []
        for node in frontier:
            if node != center and not expand_hubs and is_hub(graph, node):
                held.add(node)
            else:
                walked.append(node)
        room = max(0, limit - len(seen))
        frontier = _ring(ranked, walked, seen, room)
        walked_all += walked
        cut = cut or len(frontier) == room
        seen.update(frontier)
        if not frontier:
            break
    held_back = sorted((h for h in held if any(n not in seen for n in ranked(h))), key=lambda n: graph.nodes[n].get("label", n))
    left_out = {}
    if cut:
        left_out = {node: missing for node in walked_all if (missing := _not_drawn(graph, ranked, node, seen))}
    return Ego(seen, held_back, left_out)


def left_out_notice(graph: nx.MultiDiGraph, limit: int, left_out: dict[str, int]) -> str:
    """What an ego view cut at its limit says it leaves out ("" when nothing)."""
    if not left_out:
        return ""
    ranked = sorted(left_out, key=lambda n: (-left_out[n], graph.nodes[n]["label"], n))
    named = "; ".join(f"{left_out[n]:,} more records linked to {graph.nodes[n]['label']}" for n in ranked[:5])
    more = f"; and records linked to {len(ranked) - 5:,} more" if len(ranked) > 5 else ""
    return (f"Cut at {limit:,} records, the nearest and best-connected first. Not drawn: {named}{more}. "
            "Each record's page lists all its links.")


def ego_network(
    graph: nx.MultiDiGraph, center: str, hops: int = 2, *, expand_hubs: bool = False, ranked: RankedLinks | None = None,
) -> NetworkView:
    """The ego view of ``center``; its notice names the hubs not expanded (see :func:`ego_nodes`).
    Walked through hubs, the view is cut at :data:`WIDER_MAX` records and says what it leaves out."""
    limit = WIDER_MAX if expand_hubs else MAX_NODES
    ego = ego_nodes(graph, center, hops, expand_hubs=expand_hubs, limit=limit, ranked=ranked)
    label = graph.nodes[center]["label"]
    plural = "s" if hops > 1 else ""
    notice = " ".join(filter(None, [hubs_notice([graph.nodes[h]["label"] for h in ego.held_back]), left_out_notice(graph, limit, ego.left_out)]))
    title = f"{label}: network within {hops} link{plural}" + (" (hubs expanded)" if expand_hubs else "")
    return NetworkView(title, induced(graph, ego.records), f"Records within {hops} link{plural} of {label}.", focus=[center], notice=notice)


def record_network(graph: nx.MultiDiGraph, center: str, ranked: RankedLinks | None = None) -> tuple[nx.MultiDiGraph, int]:
    """The record and its directly linked records (the best-connected :data:`RECORD_NETWORK_MAX`),
    and how many linked records were left out."""
    around = (ranked or RankedLinks(graph))(center)
    kept = around[:RECORD_NETWORK_MAX]
    return induced(graph, [center, *kept]), len(around) - len(kept)


def add_years(graph: nx.MultiDiGraph, years: Iterable[tuple[str, int, int]]) -> None:
    """Give nodes the first and last year they can denote (for the date-range control)."""
    for node, first, last in years:
        if node in graph:
            graph.nodes[node]["years"] = (first, last)
