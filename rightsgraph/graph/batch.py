"""A batch: the quads one load produces, with where in the input each subject and field came from.

A batch is parsed and validated on its own before anything enters the store; the locations let
the validator report a SHACL violation as ``case.yaml:14: defendant: ...`` instead of an IRI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.term import Node

from rightsgraph.graph.iris import SYSTEM_GRAPHS

Quad = tuple[Node, URIRef, Node, URIRef]


@dataclass(frozen=True)
class Location:
    """Where a record or field was written."""

    file: str
    line: int | None
    field: str | None = None


@dataclass
class Batch:
    """Quads to load, plus the location of every subject and (subject, predicate) written."""

    quads: list[Quad] = field(default_factory=list)
    records: dict[Node, Location] = field(default_factory=dict)
    fields: dict[tuple[Node, URIRef], Location] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)

    def add(self, subject: Node, predicate: URIRef, obj: Node, graph: URIRef) -> None:
        self.quads.append((subject, predicate, obj, graph))

    def locate(self, subject: Node | None, predicate: Node | None = None) -> Location | None:
        """The most precise known location of a subject, or of one of its fields."""
        if subject is None:
            return None
        if isinstance(predicate, URIRef) and (subject, predicate) in self.fields:
            return self.fields[(subject, predicate)]
        return self.records.get(subject)

    def graphs(self) -> set[URIRef]:
        return {quad[3] for quad in self.quads}

    def fact_graphs(self) -> set[URIRef]:
        return self.graphs() - SYSTEM_GRAPHS

    def union(self) -> Graph:
        """All quads of the batch as one in-memory rdflib graph (for validation)."""
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o, _ in self.quads)
        return graph

    def extend(self, other: Batch) -> None:
        self.quads.extend(other.quads)
        self.records.update(other.records)
        self.fields.update(other.fields)
        self.inputs.extend(other.inputs)

    def __len__(self) -> int:
        return len(self.quads)

    def __iter__(self) -> Iterator[Quad]:
        return iter(self.quads)

