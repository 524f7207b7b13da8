"""The identifier scheme: readable IRIs for records, one named graph per source, system graphs.

>>> mint(DEFAULT_BASE, "person", "iskander-yerimbetov")
rdflib.term.URIRef('https://w3id.org/rightsgraph/id/person/iskander-yerimbetov')
>>> source_graph(DEFAULT_BASE, "s08")
rdflib.term.URIRef('https://w3id.org/rightsgraph/id/graph/s08')
"""

from __future__ import annotations

import re

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/rightsgraph/id/"
"""Base of the built-in data's identifiers; a case file may set its own ``base``."""

SYSTEM_BASE = "https://w3id.org/rightsgraph/graph/"
PROVENANCE_GRAPH = URIRef(SYSTEM_BASE + "provenance")
"""The metadata graph: one PROV-O description per source and per fact graph."""
ONTOLOGY_GRAPH = URIRef(SYSTEM_BASE + "ontology")
"""The ontology, loaded beside the data so that queries can read labels and concepts."""
SYSTEM_GRAPHS = frozenset({PROVENANCE_GRAPH, ONTOLOGY_GRAPH})

CONFIDENTIAL_SUFFIX = "/confidential"

SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
"""Record ids: letters, digits, '.', '_' and '-', so that they are safe inside IRIs and file names."""

_IRI = re.compile(r"^(https?|urn):[^\s<>\"{}|\\^`]+$")


def mint(base: str, segment: str, slug: str) -> URIRef:
    """The IRI of a record: ``<base><segment>/<slug>``."""
    return URIRef(f"{base}{segment}/{slug}")


def source_iri(base: str, source_id: str) -> URIRef:
    return mint(base, "source", source_id)


def source_graph(base: str, source_id: str) -> URIRef:
    """The named graph holding the facts of one source."""
    return mint(base, "graph", source_id)


def confidential_graph(graph: URIRef) -> URIRef:
    """The companion graph holding the facts of ``graph`` that are marked confidential."""
    return URIRef(str(graph) + CONFIDENTIAL_SUFFIX)


def is_valid_iri(text: str) -> bool:
    """An absolute http(s) or urn IRI without spaces or characters that break N-Triples or HTML."""
    return bool(_IRI.match(text))


def is_valid_base(text: str) -> bool:
    return is_valid_iri(text) and text.endswith(("/", "#"))
