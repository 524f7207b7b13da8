"""The graph's records with their facts, read once from the union of the sources, for exports.

Exports to other formats (FollowTheMoney, the HURIDOCS formats, Popolo) look at a record as a
whole: its classes and every value of every property, whichever source gave it. Kinship wording
kept on reified statements comes back separately.

>>> from rightsgraph.build import load_graph
>>> kg, _ = load_graph()
>>> records, wording = collect_records(kg)
>>> from rdflib import RDFS
>>> records["https://w3id.org/rightsgraph/id/person/tokayev"].texts(RDFS.label)
['Tokayev']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, URIRef
from rdflib.term import Node as RDFNode

from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.graph.terms import from_ox
from rightsgraph.ontology import RG, Vocabulary, vocabulary

@dataclass
class Record:
    """A record of the graph with its facts (union of its sources), for mapping to other formats."""

    iri: str
    classes: set[URIRef] = field(default_factory=set)
    facts: dict[URIRef, list[RDFNode]] = field(default_factory=lambda: defaultdict(list))

    def first(self, prop: URIRef) -> RDFNode | None:
        values = self.facts.get(prop)
        return values[0] if values else None

    def texts(self, prop: URIRef) -> list[str]:
        return [str(v) for v in self.facts.get(prop, [])]


def collect_records(kg: KnowledgeGraph) -> tuple[dict[str, Record], dict[tuple[str, str, str], str]]:
    """Records with their facts, and the source's wording of each kinship link."""
    records: dict[str, Record] = {}
    statements: dict[str, dict[URIRef, RDFNode]] = defaultdict(dict)
    for quad in kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        if not isinstance(quad.subject, ox.NamedNode):
            continue
        subject = quad.subject.value
        predicate = URIRef(quad.predicate.value)
        value = from_ox(quad.object)  # type: ignore[arg-type]
        if predicate in (RDF.subject, RDF.predicate, RDF.object, RG.sourceWording):
            statements[subject][predicate] = value
            continue
        record = records.setdefault(subject, Record(subject))
        if predicate == RDF.type and isinstance(value, URIRef):
            record.classes.add(value)
        else:
            record.facts[predicate].append(value)
    wording = {
        (str(s[RDF.subject]), str(s[RDF.predicate]), str(s[RDF.object])): str(s[RG.sourceWording])
        for s in statements.values()
        if {RDF.subject, RDF.predicate, RDF.object, RG.sourceWording} <= set(s)
    }
    vocab = vocabulary()
    own = {iri: r for iri, r in records.items() if r.classes & set(vocab.classes.values()) and not any(vocab.is_concept_class(c) for c in r.classes)}
    return own, wording



def is_a(record: Record, cls: URIRef, vocab: Vocabulary) -> bool:
    """Whether one of the record's classes is ``cls`` or one of its subclasses."""
    return any(vocab.is_a(c, cls) for c in record.classes)
