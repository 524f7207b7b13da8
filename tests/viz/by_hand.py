"""What a view should show, worked out a second way (networkx over the raw quads), so that view
tests do not take their expected values from the projection they test."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
from rdflib import URIRef

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.ontology import RG_NS

NODE_ROOTS = ("Actor", "Place", "Event", "Document", "Figure", "Post")
"""The classes whose records are nodes of a view (MODEL.md), spelled out here on purpose."""


def records_of(kg: KnowledgeGraph, *classes: str) -> set[URIRef]:
    """The records of these classes of the ontology (local names), or of their subclasses."""
    roots = " ".join(f"rg:{cls}" for cls in classes)
    rows = kg.select(f"SELECT DISTINCT ?r WHERE {{ VALUES ?root {{ {roots} }} ?c rdfs:subClassOf* ?root . ?r a ?c }}")
    return {URIRef(str(row["r"])) for row in rows}


def view_records(kg: KnowledgeGraph) -> set[URIRef]:
    return records_of(kg, *NODE_ROOTS)


def _links(kg: KnowledgeGraph, graphs: list[ox.NamedNode | ox.DefaultGraph]) -> nx.Graph:
    records = view_records(kg)
    links = nx.Graph()
    for graph in graphs:
        for quad in kg.store.quads_for_pattern(None, None, None, graph):
            if quad.predicate.value.startswith(str(RG_NS)) and isinstance(quad.object, ox.NamedNode) and isinstance(quad.subject, ox.NamedNode):
                subject, obj = URIRef(quad.subject.value), URIRef(quad.object.value)
                if subject in records and obj in records and subject != obj:
                    links.add_edge(subject, obj)
    return links


def neighbourhood_by_hand(kg: KnowledgeGraph, start: URIRef, hops: int) -> set[URIRef]:
    """Records within ``hops`` links of ``start``, over every link of the union graph."""
    return set(nx.single_source_shortest_path_length(_links(kg, [ox.DefaultGraph()]), start, cutoff=hops))


def hubs_by_hand(kg: KnowledgeGraph, degree: int) -> set[URIRef]:
    """States, countries, international bodies and records linked to more than ``degree`` records."""
    links = _links(kg, [ox.NamedNode(str(g)) for g in kg.fact_graphs()])
    return records_of(kg, "State", "Country", "InternationalBody") | {node for node in links if links.degree(node) > degree}


def ego_by_hand(kg: KnowledgeGraph, center: URIRef, hops: int, *, stop_at: set[URIRef] = frozenset()) -> set[URIRef]:  # type: ignore[assignment]
    """Records within ``hops`` stated links of ``center``, not walking on from the records in ``stop_at``."""
    links = _links(kg, [ox.NamedNode(str(g)) for g in kg.fact_graphs()])
    seen, frontier = {center}, {center}
    for _ in range(hops):
        ring = {n for node in frontier if node == center or node not in stop_at for n in links[node]} - seen
        seen |= ring
        frontier = ring
    return seen


def stated_pairs_by_hand(kg: KnowledgeGraph, records: set[URIRef]) -> set[frozenset[str]]:
    """The pairs of ``records`` that a source links (a fact in a source's graph): each is an edge of a view."""
    links = _links(kg, [ox.NamedNode(str(g)) for g in kg.fact_graphs()])
    return {frozenset((str(a), str(b))) for a, b in links.edges if a in records and b in records}
