"""The standard network views: overview, ego network, paths between two actors, a query's result.

>>> from rightsgraph.build import load_graph
>>> kg, _ = load_graph()
>>> view = ego_view(kg, "Iskander Yerimbetov", hops=1)
>>> sorted(view.graph.nodes[n]["label"] for n in view.graph)[:3]
['Botagoz Jardemalie', 'Critical health condition of Iskander Yerimbetov in detention', 'Detention of Iskander Yerimbetov in Kazakhstan']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

import networkx as nx
from rdflib import URIRef

from rightsgraph.errors import QueryError
from rightsgraph.queries import NamedQuery, get_query, run_query
from rightsgraph.queries.params import resolve_record
from rightsgraph.viz.network import MAX_NODES, NetworkView
from rightsgraph.viz.projection import GraphSource, as_target, ego_neighbourhood, neighbours, project, run_view_query

MAX_PATH_HOPS = 8
MAX_PATHS = 25


def _resolve(source: GraphSource, name: str, kind: str = "record") -> URIRef:
    return resolve_record(as_target(source), name, kind)


def overview_view(kg: GraphSource, max_nodes: int = MAX_NODES) -> NetworkView:
    """The whole graph; past ``max_nodes`` only the best-connected records (projected in SPARQL)."""
    degrees = run_view_query(kg, "degrees").rows
    notice = ""
    nodes = None
    if len(degrees) > max_nodes:
        nodes = [row["node"] for row in degrees[: max_nodes * 2] if isinstance(row["node"], URIRef)]
    graph = project(kg, nodes)
    if nodes is not None:
        notice = f"The graph has {len(degrees):,} linked records; this overview starts from the best-connected ones."
    return NetworkView("Overview of the graph", graph, "Every actor, place, event and document, with the links between them.", notice=notice)


def ego_view(kg: GraphSource, name: str, hops: int = 2, max_nodes: int = MAX_NODES, *, through_hubs: bool = False) -> NetworkView:
    """Everything within ``hops`` links of one actor or record (at most ``max_nodes``); unless
    ``through_hubs``, not what lies behind a hub (see :func:`~rightsgraph.viz.projection.ego_neighbourhood`)."""
    if hops < 1:
        raise QueryError("--hops must be at least 1")
    center = _resolve(kg, name)
    found = ego_neighbourhood(kg, center, hops, limit=max_nodes, through_hubs=through_hubs)
    nodes, cut = found.records, found.cut
    graph = project(kg, nodes)
    label = graph.nodes[str(center)]["label"] if str(center) in graph else name
    plural = "s" if hops > 1 else ""
    held = [graph.nodes[str(h)]["label"] for h in found.hubs if str(h) in graph]
    notices = [hubs_notice(held)]
    if cut:
        notices.append(f"At least {cut:,} more records lie within {hops} link{plural}; the nearest {len(nodes):,} are shown.")
    title = f"{label}: network within {hops} link{plural}" + (" (hubs expanded)" if through_hubs else "")
    return NetworkView(title, graph, f"Records within {hops} link{plural} of {label}.", focus=[str(center)], notice=" ".join(filter(None, notices)), held_back=held)


def hubs_notice(names: list[str]) -> str:
    """What an ego view says of the hubs it drew but did not walk through ("" when none)."""
    if not names:
        return ""
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"Not expanded through {len(names)} hub{'s' if len(names) > 1 else ''} (linked to many records): {shown}."


def path_view(kg: GraphSource, first: str, second: str, max_hops: int = MAX_PATH_HOPS) -> NetworkView:
    """The shortest chains of links between two records (bidirectional breadth-first search)."""
    a, b = _resolve(kg, first), _resolve(kg, second)
    if a == b:
        raise QueryError("give two different records")
    explored = nx.Graph()
    seen = {a: 0, b: 1}
    frontiers = [deque([a]), deque([b])]
    met = False
    for _ in range(max_hops):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        current = list(frontiers[side])
        frontiers[side].clear()
        for node, linked in neighbours(kg, current).items():
            for neighbour in linked:
                explored.add_edge(node, neighbour)
                if neighbour not in seen:
                    seen[neighbour] = side
                    frontiers[side].append(neighbour)
                elif seen[neighbour] != side:
                    met = True
        if met or not any(frontiers):
            break
    graph = nx.MultiDiGraph()
    title = f"Paths between {first} and {second}"
    if met and nx.has_path(explored, a, b):
        on_paths: set[URIRef] = set()
        for count, path in enumerate(nx.all_shortest_paths(explored, a, b)):
            if count >= MAX_PATHS:
                break
            on_paths.update(path)
        graph = project(kg, on_paths)
        length = nx.shortest_path_length(explored, a, b)
        return NetworkView(title, graph, f"The shortest chains of links ({length} links) between the two records.", focus=[str(a), str(b)])
    graph = project(kg, {a, b})
    return NetworkView(title, graph, f"No chain of at most {max_hops} links joins these two records.", focus=[str(a), str(b)])


def query_view(kg: GraphSource, query: NamedQuery | str, params: Mapping[str, object] | None = None) -> NetworkView:
    """The records a query returns (any IRI in its rows, or its CONSTRUCT graph) and their links."""
    named = get_query(query) if isinstance(query, str) else query
    result = run_query(as_target(kg), named, params or {})
    if result.graph is not None:
        iris = {term for triple in result.graph for term in triple if isinstance(term, URIRef)}
    else:
        iris = {value for row in result.rows for value in row.values() if isinstance(value, URIRef)}
    graph = project(kg, iris)
    return NetworkView(named.summary or named.name, graph, named.description, notice="" if graph.number_of_nodes() else "The query returned no records to draw.")


def relatives_of_refugees_view(kg: GraphSource) -> NetworkView:
    """Competency question 1 drawn: refugee — kin — prosecuted relative — proceeding — court."""
    view = query_view(kg, "relatives-of-refugees-prosecuted")
    view.title = "Relatives of political refugees who are prosecuted or detained"
    return view
