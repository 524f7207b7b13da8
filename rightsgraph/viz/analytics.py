"""Network analytics on the projection, and export for Gephi (GEXF, GraphML).

>>> from rightsgraph.build import load_graph
>>> from rightsgraph.viz.projection import project
>>> kg, _ = load_graph()
>>> result = analyze(project(kg), top=3)
>>> result.degree[0].label   # the best-connected actor (Kazakhstan, a country, is a place)
'Mukhtar Dzhakishev'
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

ACTOR_KINDS = {"person", "group", "organisation", "state", "court", "detention facility"}
BETWEENNESS_SAMPLE = 500
"""Past this many nodes betweenness is estimated from a fixed sample of sources (same seed, same result)."""


@dataclass(frozen=True)
class Ranked:
    node: str
    label: str
    kind: str
    score: float


@dataclass
class Analysis:
    degree: list[Ranked]
    betweenness: list[Ranked]
    components: list[list[str]]
    """Connected components (labels), largest first."""


def analyze(graph: nx.MultiDiGraph, top: int = 10) -> Analysis:
    """Actors ranked by degree and by betweenness, and the connected components."""
    simple = nx.Graph(graph.to_undirected())
    actors = [n for n, d in graph.nodes(data=True) if d["kind"] in ACTOR_KINDS]

    def ranked(scores: dict[str, float]) -> list[Ranked]:
        order = sorted(actors, key=lambda n: (-scores.get(n, 0.0), graph.nodes[n]["label"], n))
        return [Ranked(n, graph.nodes[n]["label"], graph.nodes[n]["kind"], scores.get(n, 0.0)) for n in order[:top]]

    degrees = {n: float(d) for n, d in simple.degree()}
    sample = BETWEENNESS_SAMPLE if simple.number_of_nodes() > BETWEENNESS_SAMPLE else None
    betweenness = nx.betweenness_centrality(simple, k=sample, seed=7, normalized=True) if simple.number_of_nodes() else {}
    components = sorted(
        (sorted(graph.nodes[n]["label"] for n in component) for component in nx.connected_components(simple)),
        key=lambda c: (-len(c), c),
    )
    return Analysis(ranked(degrees), ranked(betweenness), components)


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped."""


def xml_text(text: str) -> str:
    """``text`` with characters XML cannot hold replaced by U+FFFD (loaders refuse them; a store
    streamed in without validation may still have some)."""
    return NOT_XML.sub("\ufffd", text)


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are plain strings that XML can hold, as GEXF and GraphML require."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(
            node, label=xml_text(data["label"]), kind=data["kind"], type=data["type"],
            facts=xml_text("; ".join(f"{key}: {', '.join(values)}" for key, values in data["facts"].items())),
            sources=xml_text("; ".join(data["sources"])), links=" ".join(data["links"]),
        )
    for source, target, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, label=xml_text(data["label"]), property=data["property"], sources=xml_text("; ".join(data["sources"])))
    return flat


def export_network(graph: nx.MultiDiGraph, path: Path, fmt: str) -> None:
    """Write the projection as GEXF (Gephi) or GraphML."""
    flat = flat_graph(graph)
    if fmt == "gexf":
        nx.write_gexf(flat, path)
    elif fmt == "graphml":
        nx.write_graphml(flat, path)
    else:
        raise ValueError(f"unknown network format {fmt!r}")
