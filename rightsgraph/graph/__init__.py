"""The knowledge graph: store, named graphs per source, provenance, inference, validation, export."""

from __future__ import annotations

from rightsgraph.graph.batch import Batch, Location
from rightsgraph.graph.inference import infer
from rightsgraph.graph.iris import DEFAULT_BASE, ONTOLOGY_GRAPH, PROVENANCE_GRAPH
from rightsgraph.graph.store import PREFIXES, KnowledgeGraph
from rightsgraph.graph.summary import Summary, summarize
from rightsgraph.graph.validation import ValidationReport, validate

__all__ = [
    "DEFAULT_BASE",
    "ONTOLOGY_GRAPH",
    "PREFIXES",
    "PROVENANCE_GRAPH",
    "Batch",
    "KnowledgeGraph",
    "Location",
    "Summary",
    "ValidationReport",
    "infer",
    "summarize",
    "validate",
]
