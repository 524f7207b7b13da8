"""A source graph made by a linker (a review, an enrichment): its description in the provenance graph.

>>> batch = Batch()
>>> graph = describe_source(batch, "wikidata-2026-11-30", label="Wikidata", summary="facts", locator="items", day=dt.date(2026, 11, 30))
>>> str(graph), len(batch)
('https://w3id.org/rightsgraph/id/graph/wikidata-2026-11-30', 9)
"""

from __future__ import annotations

import datetime as dt

from rdflib import PROV, RDF, RDFS, XSD, Literal, URIRef

from rightsgraph.graph.batch import Batch, Location
from rightsgraph.graph.iris import DEFAULT_BASE, PROVENANCE_GRAPH, source_graph, source_iri
from rightsgraph.ontology import RG


def describe_source(
    batch: Batch,
    source_id: str,
    *,
    label: str,
    summary: str,
    locator: str,
    day: dt.date,
    confidence: URIRef = RG.ConfidenceMedium,
    url: str | None = None,
    source_file: str | None = None,
    attributed_to: URIRef | None = None,
) -> URIRef:
    """Describe a source (label, summary, locator, day, confidence, URL, who) and return its fact graph."""
    source, graph = source_iri(DEFAULT_BASE, source_id), source_graph(DEFAULT_BASE, source_id)
    optional = [(RG.sourceURL, Literal(url, datatype=XSD.anyURI)) if url else None, (RG.sourceFile, Literal(source_file)) if source_file else None, (PROV.wasAttributedTo, attributed_to) if attributed_to else None]
    for predicate, value in (
        (RDF.type, RG.Source),
        (RDFS.label, Literal(label)),
        (RG.summary, Literal(summary)),
        (RG.locator, Literal(locator)),
        (RG.dateEDTF, Literal(day.isoformat())),
        (RG.date, Literal(day.isoformat(), datatype=XSD.date)),
        (RG.confidence, confidence),
        *[pair for pair in optional if pair is not None],
    ):
        batch.add(source, predicate, value, PROVENANCE_GRAPH)
    batch.add(graph, RDF.type, RG.FactGraph, PROVENANCE_GRAPH)
    batch.add(graph, PROV.wasDerivedFrom, source, PROVENANCE_GRAPH)
    batch.records[graph] = Location(url or source_file or locator, None)
    return graph
