"""The graph as a networkx multigraph: records as nodes, links as labelled edges with sources.

Actors, places, events, documents, figures and posts are nodes, with their type, name and key
facts (literal values and controlled values) as attributes. Links between them are edges
labelled with the property's label and carrying the sources that support them. Literals, the
controlled vocabularies, sources and reified statements are never nodes. Of the links that
inference added, only the most specific is drawn: a sibling link, not also "relative of"; a
defendant, not also "affected person" and "has actor"; one direction of a symmetric link.

>>> from rightsgraph.build import load_graph
>>> kg, _ = load_graph()
>>> g = project(kg)
>>> g.nodes["https://w3id.org/rightsgraph/id/person/iskander-yerimbetov"]["label"]
'Iskander Yerimbetov'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Union

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import Node

from rightsgraph.graph.dates import humanize_edtf
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.ontology import RG, Vocabulary, vocabulary
from rightsgraph.queries import LocalTarget, NamedQuery, QueryResult, Target, read_query_file
from rightsgraph.queries.binding import bind_values

SPARQL_DIR = Path(__file__).resolve().parent / "sparql"
NODE_ROOTS = (RG.Actor, RG.Place, RG.Event, RG.Document, RG.Figure, RG.Post, RG.Membership)
KINDS = ("person", "group", "state", "court", "detention facility", "organisation", "place", "event", "document", "figure", "post")
"""Node kinds, in the order the legend lists them; each node has the first that applies."""
_KIND_CLASSES = {
    "person": (RG.Person,), "group": (RG.Group,), "state": (RG.State,), "court": (RG.Court,),
    "detention facility": (RG.DetentionFacility,), "organisation": (RG.Organization,), "place": (RG.Place,),
    "event": (RG.Event,), "document": (RG.Document,), "figure": (RG.Figure,),
    "post": (RG.Post, RG.Membership),  # posts, and positions held in time ("Head of penal colony no. 4")
}
HIDDEN_FACTS = {"earliestDate", "latestDate", "date", "birthDate", "deathDate", "startDate", "endDate", "confidential"}
"""Literal properties shown through another one (the EDTF date) or not at all."""


@lru_cache(maxsize=None)
def view_query(name: str) -> NamedQuery:
    return read_query_file(SPARQL_DIR / f"{name}.rq")


GraphSource = Union[KnowledgeGraph, Target]
"""What views read: a local graph, or any query target (another engine, for comparisons)."""


def as_target(source: GraphSource) -> Target:
    return LocalTarget(source) if isinstance(source, KnowledgeGraph) else source


def run_view_query(source: GraphSource, name: str, bindings: Mapping[str, Node | Sequence[Node]] | None = None) -> QueryResult:
    text = view_query(name).text
    return as_target(source).run(bind_values(text, bindings or {}))


def node_kind(classes: Iterable[URIRef], vocab: Vocabulary | None = None) -> str | None:
    """The legend kind of a record with these classes, or None when it is not a node."""
    vocab = vocab or vocabulary()
    closure = {sup for cls in classes for sup in vocab.superclasses(cls)}
    if not closure & set(NODE_ROOTS):
        return None
    return next(kind for kind in KINDS if closure & set(_KIND_CLASSES[kind]))


def _chunks(items: list[URIRef], size: int = 2000) -> Iterable[list[URIRef]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _rows(source: GraphSource, name: str, nodes: list[URIRef] | None, variable: str = "node") -> list[dict[str, Node]]:
    """Run a view query over all records, or with ``variable`` bound to ``nodes`` in chunks
    (VALUES stay small)."""
    if nodes is None:
        return run_view_query(source, name).rows
    rows: list[dict[str, Node]] = []
    for chunk in _chunks(nodes):
        rows.extend(run_view_query(source, name, {variable: list(chunk)}).rows)
    return rows


def project(kg: GraphSource, nodes: Iterable[URIRef] | None = None) -> nx.MultiDiGraph:
    """The projection of the whole graph, or of the records in ``nodes`` and the links among them."""
    vocab = vocabulary()
    wanted = sorted(set(nodes)) if nodes is not None else None
    classes: dict[URIRef, set[URIRef]] = defaultdict(set)
    labels: dict[URIRef, str] = {}
    for row in _rows(kg, "nodes", wanted):
        node, cls = row["node"], row["class"]
        assert isinstance(node, URIRef) and isinstance(cls, URIRef)
        classes[node].add(cls)
        if "label" in row:
            labels[node] = str(row["label"])

    graph = nx.MultiDiGraph()
    for node in sorted(classes):
        kind = node_kind(classes[node], vocab)
        if kind is None:
            continue
        cls = vocab.most_specific(classes[node]) or RG.Event
        graph.add_node(
            str(node), label=labels.get(node, str(node).rsplit("/", 1)[-1]), kind=kind,
            type=vocab.label(cls), facts={}, sources=[], links=[],
        )
    members = [URIRef(n) for n in graph.nodes]
    subset = members if wanted is not None else None

    for row in _rows(kg, "node-sources", subset):
        key = str(row["node"])
        if key in graph:
            graph.nodes[key]["sources"].append(str(row["sourceTitle"]))
    for row in _rows(kg, "facts", subset):
        _add_fact(graph, vocab, row)
    for data in graph.nodes.values():
        data["sources"].sort()

    edges: dict[tuple[str, str], dict[URIRef, set[str]]] = defaultdict(lambda: defaultdict(set))
    # Only the subject is bound: every link among the records has its subject among them, and
    # the object is checked here. (Binding both to the same chunk missed links between chunks;
    # binding the object reads every incoming link of a hub such as a court or a state.)
    for row in _rows(kg, "edges", subset, "subject"):
        subject, obj = str(row["subject"]), str(row["object"])
        if subject in graph and obj in graph and subject != obj:
            prop = row["property"]
            assert isinstance(prop, URIRef)
            edges[(subject, obj)][prop].add(str(row["sourceTitle"]))
    for (subject, obj), properties in sorted(edges.items()):
        for prop in _most_specific_properties(properties, vocab):
            if _drawn_other_way(prop, subject, obj, edges, vocab):
                continue
            graph.add_edge(subject, obj, key=str(prop), property=str(prop), label=vocab.label(prop), sources=sorted(properties[prop]))
    return graph


def _add_fact(graph: nx.MultiDiGraph, vocab: Vocabulary, row: dict[str, Node]) -> None:
    node = str(row["node"])
    if node not in graph:
        return
    prop, value = row["property"], row["value"]
    assert isinstance(prop, URIRef)
    if str(prop) == "http://www.w3.org/2004/02/skos/core#exactMatch":
        graph.nodes[node]["links"].append(str(value))
        return
    info = vocab.property_info(prop)
    name = info.name if info else str(prop).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    if name in HIDDEN_FACTS:
        return
    if name == "dateEDTF":
        label, text = "date", humanize_edtf(str(value))
    else:
        label = info.label if info else name
        text = str(row.get("valueLabel", value)) if not isinstance(value, Literal) or "valueLabel" in row else str(value)
    graph.nodes[node]["facts"].setdefault(label, [])
    if text not in graph.nodes[node]["facts"][label]:
        graph.nodes[node]["facts"][label].append(text)


def _most_specific_properties(properties: dict[URIRef, set[str]], vocab: Vocabulary) -> list[URIRef]:
    """Drop a property when a narrower one links the same two records."""
    keep = []
    for prop in properties:
        narrower = any(
            other != prop and (info := vocab.property_info(other)) is not None and prop in info.superproperties
            for other in properties
        )
        if not narrower:
            keep.append(prop)
    return sorted(keep)


def _drawn_other_way(prop: URIRef, subject: str, obj: str, edges: dict[tuple[str, str], dict[URIRef, set[str]]], vocab: Vocabulary) -> bool:
    """One edge for a symmetric link, and for a link and its inverse (parent/child)."""
    info = vocab.property_info(prop)
    if info is None:
        return False
    reverse = edges.get((obj, subject), {})
    if info.symmetric and prop in reverse and obj < subject:
        return True
    return info.inverse is not None and info.inverse in reverse and str(info.inverse) < str(prop)


def neighbours(source: GraphSource, nodes: list[URIRef]) -> dict[URIRef, set[URIRef]]:
    """For each node, the linked records that can be nodes of a view."""
    vocab = vocabulary()
    classes: dict[tuple[URIRef, URIRef], set[URIRef]] = defaultdict(set)
    for chunk in _chunks(sorted(nodes)):
        for row in run_view_query(source, "neighbours", {"node": chunk}).rows:
            node, neighbour, cls = row["node"], row["neighbour"], row["class"]
            if isinstance(node, URIRef) and isinstance(neighbour, URIRef) and isinstance(cls, URIRef):
                classes[(node, neighbour)].add(cls)
    found: dict[URIRef, set[URIRef]] = {node: set() for node in nodes}
    for (node, neighbour), kinds in classes.items():
        if node_kind(kinds, vocab) is not None:
            found[node].add(neighbour)
    return found


def neighbourhood(source: GraphSource, start: URIRef, hops: int, limit: int | None = None) -> tuple[set[URIRef], int]:
    """Records within ``hops`` links of ``start``, at most ``limit`` of them (nearest first, then
    by IRI), and how many more there were at the last ring that was cut."""
    seen = {start}
    frontier = [start]
    for _ in range(hops):
        ring = sorted({n for linked in neighbours(source, frontier).values() for n in linked} - seen)
        if limit is not None and len(seen) + len(ring) > limit:
            room = max(0, limit - len(seen))
            seen.update(ring[:room])
            return seen, len(ring) - room
        seen.update(ring)
        frontier = ring
        if not frontier:
            break
    return seen, 0
