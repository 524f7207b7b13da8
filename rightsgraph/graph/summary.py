"""What is in the graph: counts by class, sources, graphs and triples."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from rightsgraph.graph.iris import PROVENANCE_GRAPH
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.ontology import RG, RG_NS, vocabulary


@dataclass
class Summary:
    triples: int
    quads: int
    fact_graphs: int
    sources: int
    classes: dict[str, int] = field(default_factory=dict)
    """Instances per rightsgraph class (label → count), each instance counted under every class it has."""


def summarize(kg: KnowledgeGraph) -> Summary:
    vocab = vocabulary()
    (row,) = kg.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    triples = int(str(row["n"])) if isinstance(row.get("n"), Literal) else 0
    (row,) = kg.select(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH {PROVENANCE_GRAPH.n3()} {{ ?s a {RG.Source.n3()} }} }}")
    sources = int(str(row["n"])) if isinstance(row.get("n"), Literal) else 0
    counts = kg.select(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } "
        f"FILTER(STRSTARTS(STR(?class), \"{RG_NS}\")) FILTER(?g != {PROVENANCE_GRAPH.n3()}) }} GROUP BY ?class"
    )
    classes = {}
    for count in counts:
        cls = count["class"]
        if isinstance(cls, URIRef) and cls in vocab.classes.values() and not vocab.is_concept_class(cls):
            if cls in (RG.FactGraph, RG.Source):
                continue
            classes[vocab.label(cls)] = int(str(count["n"]))
    return Summary(
        triples=triples,
        quads=kg.quad_count(),
        fact_graphs=len(kg.fact_graphs()),
        sources=sources,
        classes=dict(sorted(classes.items())),
    )
