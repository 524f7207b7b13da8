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
from dataclasses import dataclass, field
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
KINDS = ("person", "group", "state", "court", "detention facility", "organisation", "country", "place", "event", "document", "figure", "post")
"""Node kinds, in the order the legend lists them; each node has the first that applies."""
_KIND_CLASSES = {
    "person": (RG.Person,), "group": (RG.Group,), "state": (RG.State,), "court": (RG.Court,),
    "detention facility": (RG.DetentionFacility,), "organisation": (RG.Organization,), "country": (RG.Country,), "place": (RG.Place,),
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
    for row in _rows(kg, "involvements", subset):
        _add_involvement(graph, vocab, row)
    for node in graph.nodes:
        _default_violation_status(graph.nodes[node], classes[URIRef(node)], vocab)
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


def _add_involvement(graph: nx.MultiDiGraph, vocab: Vocabulary, row: dict[str, Node]) -> None:
    node = str(row["node"])
    if node not in graph:
        return
    degree = row.get("degreeLabel")
    text = f"{row['actorName']}: {degree}" if degree is not None else str(row["actorName"])
    entries = graph.nodes[node]["facts"].setdefault(vocab.label(RG.Involvement), [])
    if text not in entries:
        entries.append(text)


def violation_status_label(classes: Iterable[URIRef], status: str | None, vocab: Vocabulary | None = None) -> str | None:
    """The status to show for an event: its own, or 'alleged' for a violation that has none."""
    vocab = vocab or vocabulary()
    if status:
        return status
    closure = {sup for cls in classes for sup in vocab.superclasses(cls)}
    return vocab.label(RG.ViolationAlleged) if RG.RightsViolation in closure else None


def _default_violation_status(data: dict[str, object], classes: set[URIRef], vocab: Vocabulary) -> None:
    facts = data["facts"]
    assert isinstance(facts, dict)
    key = vocab.label(RG.violationStatus)
    default = violation_status_label(classes, None, vocab)
    if default is not None and key not in facts:
        facts[key] = [default]


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


HUB_CLASSES = (RG.State, RG.Country, RG.InternationalBody)
HUB_DEGREE = 40
"""A record linked to more records than this, or of a class in :data:`HUB_CLASSES`, is a hub:
an ego view shows it but does not walk on through it (a state's citizens, a court's cases)."""


def _linked(source: GraphSource, nodes: Sequence[URIRef]) -> dict[URIRef, dict[URIRef, set[URIRef]]]:
    """For each node, its linked IRIs with their classes."""
    classes: dict[URIRef, dict[URIRef, set[URIRef]]] = {node: defaultdict(set) for node in nodes}
    for chunk in _chunks(sorted(nodes)):
        for row in run_view_query(source, "neighbours", {"node": chunk}).rows:
            node, neighbour, cls = row["node"], row["neighbour"], row["class"]
            if isinstance(node, URIRef) and isinstance(neighbour, URIRef) and isinstance(cls, URIRef):
                classes[node][neighbour].add(cls)
    return classes


def _records(linked: Mapping[URIRef, set[URIRef]], vocab: Vocabulary) -> dict[URIRef, set[URIRef]]:
    """The linked IRIs that can be nodes of a view, with their classes."""
    return {neighbour: kinds for neighbour, kinds in linked.items() if node_kind(kinds, vocab) is not None}


def linked_records_probe(source: GraphSource, node: URIRef) -> set[URIRef]:
    """Records linked to ``node``, read up to one more than :data:`HUB_DEGREE` (so a hub with
    thousands of links costs what one with a few does)."""
    text = bind_values(view_query("linked-records").text + f"\nLIMIT {HUB_DEGREE + 1}\n", {"node": [node], "root": list(NODE_ROOTS)})
    return {row["neighbour"] for row in as_target(source).run(text).rows if isinstance(row["neighbour"], URIRef)}


def neighbours(source: GraphSource, nodes: list[URIRef]) -> dict[URIRef, set[URIRef]]:
    """For each node, the linked records that can be nodes of a view."""
    vocab = vocabulary()
    return {node: set(_records(linked, vocab)) for node, linked in _linked(source, nodes).items()}


@dataclass
class Neighbourhood:
    """The records of an ego view: ``records`` within the hops, ``cut`` more at the last ring that
    the limit cut, and the ``hubs`` shown whose own links were not followed (some lead further)."""

    records: set[URIRef]
    cut: int = 0
    hubs: list[URIRef] = field(default_factory=list)


def is_hub_class(classes: Iterable[URIRef], vocab: Vocabulary | None = None) -> bool:
    vocab = vocab or vocabulary()
    return any(sup in HUB_CLASSES for cls in classes for sup in vocab.superclasses(cls))


def ego_neighbourhood(source: GraphSource, start: URIRef, hops: int, limit: int | None = None, *, through_hubs: bool = False) -> Neighbourhood:
    """Records within ``hops`` links of ``start``, at most ``limit`` of them (nearest first, then
    by IRI). Unless ``through_hubs``, the walk does not go on through a hub other than ``start``
    (see :data:`HUB_DEGREE`): what the view fetches is then bounded by what it shows, not by
    the size of a country or a court two links away."""
    vocab = vocabulary()
    classes: dict[URIRef, set[URIRef]] = {}
    seen = {start}
    frontier = [start]
    held: dict[URIRef, set[URIRef]] = {}
    for _ in range(hops):
        walk = list(frontier) if through_hubs else [n for n in frontier if n == start]
        for node in [] if through_hubs else frontier:
            if node != start:
                records = linked_records_probe(source, node)
                if len(records) > HUB_DEGREE or is_hub_class(classes.get(node, ()), vocab):
                    held[node] = records
                else:
                    walk.append(node)
        ring_classes: dict[URIRef, set[URIRef]] = {}
        for linked in _linked(source, walk).values():
            for n, kinds in _records(linked, vocab).items():
                ring_classes.setdefault(n, set()).update(kinds)
        for n, kinds in ring_classes.items():
            classes.setdefault(n, set()).update(kinds)
        ring = sorted(set(ring_classes) - seen)
        if limit is not None and len(seen) + len(ring) > limit:
            room = max(0, limit - len(seen))
            seen.update(ring[:room])
            return Neighbourhood(seen, len(ring) - room, _held_back(held, seen))
        seen.update(ring)
        frontier = ring
        if not frontier:
            break
    return Neighbourhood(seen, 0, _held_back(held, seen))


def _held_back(held: Mapping[URIRef, set[URIRef]], shown: set[URIRef]) -> list[URIRef]:
    """The hubs whose links lead beyond what is shown (certainly so for one with more than were read)."""
    return sorted(hub for hub, linked in held.items() if len(linked) > HUB_DEGREE or linked - shown)


def neighbourhood(source: GraphSource, start: URIRef, hops: int, limit: int | None = None, *, through_hubs: bool = False) -> tuple[set[URIRef], int]:
    """Records within ``hops`` links of ``start`` and how many more the limit cut (see :func:`ego_neighbourhood`)."""
    found = ego_neighbourhood(source, start, hops, limit, through_hubs=through_hubs)
    return found.records, found.cut
