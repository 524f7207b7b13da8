"""The shapes checked record by record, in chunks: the same results as one pySHACL run over the
whole data graph, at a cost that grows with the data and a memory that does not.

pySHACL holds the whole data graph in rdflib: a validated build of a million facts peaked at
3.7 GB. The shapes here only read a focus node's own statements (plain property paths), its
classes and the classes of its values, and choose focus nodes by class, by the subjects of a
property or by the objects of one. So each chunk of focus candidates is checked against a data
graph of its own: the ontology; every statement whose subject is in the chunk; the class
statements of the values of those statements; and the statements that make a node of the chunk
a target as an object. Of each chunk's results, only those about the chunk's own nodes are
kept (others in the chunk's data may lack statements that another chunk holds): each candidate
is in one chunk, so every result comes exactly once. The test suite checks the results against
one pySHACL run on the built-in data and on data made to break every kind of shape.

>>> from rightsgraph.build import load_graph
>>> kg, _ = load_graph()
>>> sum(1 for _ in shape_results(kg, chunk_size=500))
0
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.term import Node

from rightsgraph.graph.iris import ONTOLOGY_GRAPH
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.graph.terms import from_ox
from rightsgraph.ontology import RG, load_ontology, load_shapes

SH = Namespace("http://www.w3.org/ns/shacl#")
CHUNK_NODES = 20_000
"""Focus candidates per pySHACL run: large enough that its fixed cost is small, small enough
that a chunk's data graph stays a few hundred MB."""

Subject = ox.NamedNode | ox.BlankNode
_TYPE = ox.NamedNode(str(RDF.type))
_FACT_GRAPH = ox.NamedNode(str(RG.FactGraph))
_ONTOLOGY = ox.NamedNode(str(ONTOLOGY_GRAPH))


def _target_object_properties(shapes: Graph) -> list[ox.NamedNode]:
    return sorted({ox.NamedNode(str(p)) for p in shapes.objects(None, SH.targetObjectsOf) if isinstance(p, URIRef)}, key=str)


def _in_data(quad: ox.Quad) -> bool:
    """The data graph holds the named graphs but the ontology's (the Turtle is loaded instead)."""
    return not isinstance(quad.graph_name, ox.DefaultGraph) and quad.graph_name != _ONTOLOGY


def candidates(kg: KnowledgeGraph, targets_as_object: Iterable[ox.NamedNode]) -> list[Subject]:
    """Every node that can be a focus node: subjects of the data, fact graphs, objects of the
    properties whose objects shapes target."""
    rows = kg.store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {_ONTOLOGY}) }}")
    assert isinstance(rows, ox.QuerySolutions)
    found: set[Subject] = {row["s"] for row in rows}  # type: ignore[misc]
    found |= {ox.NamedNode(str(g)) for g in kg.fact_graphs()}
    for prop in targets_as_object:
        found |= {q.object for q in kg.store.quads_for_pattern(None, prop, None, None) if _in_data(q) and isinstance(q.object, (ox.NamedNode, ox.BlankNode))}
    return sorted(found, key=lambda node: (isinstance(node, ox.BlankNode), node.value))


def _chunk_triples(kg: KnowledgeGraph, nodes: list[Subject], fact_graphs: set[Subject], targets_as_object: list[ox.NamedNode]) -> set[tuple[Node, Node, Node]]:
    """The statements a chunk's data graph needs (see the module docstring)."""
    store = kg.store
    found: set[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]] = set()
    values: set[ox.NamedNode | ox.BlankNode] = set()
    for node in nodes:
        for quad in store.quads_for_pattern(node, None, None, None):
            if _in_data(quad):
                found.add((quad.subject, quad.predicate, quad.object))  # type: ignore[arg-type]
                if isinstance(quad.object, (ox.NamedNode, ox.BlankNode)):
                    values.add(quad.object)
        for prop in targets_as_object:
            found.update((q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, prop, node, None) if _in_data(q))  # type: ignore[misc]
    for typed in set(nodes) | values:
        found.update((q.subject, q.predicate, q.object) for q in store.quads_for_pattern(typed, _TYPE, None, None) if _in_data(q))  # type: ignore[misc]
        if typed in fact_graphs:
            found.add((typed, _TYPE, _FACT_GRAPH))
    return {(from_ox(s), from_ox(p), from_ox(o)) for s, p, o in found}


def shape_results(kg: KnowledgeGraph, chunk_size: int = CHUNK_NODES) -> Iterator[tuple[Graph, Node]]:
    """Each validation result (its graph, its node) pySHACL gives on the whole data graph."""
    shapes = load_shapes()
    ontology = load_ontology()
    targets_as_object = _target_object_properties(shapes)
    fact_graphs: set[Subject] = {ox.NamedNode(str(g)) for g in kg.fact_graphs()}
    nodes = candidates(kg, targets_as_object)
    # nodes of the ontology itself are in every chunk's data; the first chunk answers for them
    own = {s for s in ontology.subjects() if not isinstance(s, URIRef) or ox.NamedNode(str(s)) not in set(nodes)}
    for start in range(0, max(len(nodes), 1), chunk_size):
        chunk = nodes[start : start + chunk_size]
        data = Graph()
        data += ontology
        for triple in _chunk_triples(kg, chunk, fact_graphs, targets_as_object):
            data.add(triple)
        keep = {from_ox(node) for node in chunk} | (own if start == 0 else set())
        _, results, _ = shacl_validate(data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True, advanced=False)
        assert isinstance(results, Graph)
        for result in results.subjects(RDF.type, SH.ValidationResult):
            if results.value(result, SH.focusNode) in keep:
                yield results, result
