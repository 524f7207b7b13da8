"""Writing the graph out: TriG (named graphs and provenance), Turtle (the union), N-Quads, JSON-LD.

TriG, N-Quads and Turtle use Oxigraph's writers. JSON-LD uses rdflib's writer with the context
shipped in ``rightsgraph/ontology/context.jsonld``, embedded in the output so that no reader has
to fetch anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from rightsgraph.errors import RightsgraphError
from rightsgraph.graph.store import OUTPUT_PREFIXES, PREFIXES, KnowledgeGraph, reading_order
from rightsgraph.graph.terms import from_ox
from rightsgraph.ontology.files import load_context

FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
"""Formats written by Oxigraph; ``jsonld`` is written by :func:`write_jsonld`."""

EXPORT_FORMATS = ("trig", "turtle", "nquads", "jsonld")


def write_union_turtle(kg: KnowledgeGraph, output: IO[bytes], fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> None:
    """The union of all graphs as one graph (each distinct triple once)."""
    quads = sorted(kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph()), key=reading_order)
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    ox.serialize(triples, output, format=fmt, prefixes=OUTPUT_PREFIXES)


def to_rdflib_dataset(kg: KnowledgeGraph, graphs: list[URIRef] | None = None) -> Dataset:
    """An in-memory rdflib copy (for writers Oxigraph lacks), optionally of some graphs only."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    wanted = {ox.NamedNode(str(g)) for g in graphs} if graphs is not None else None
    for quad in kg.store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.graph_name, ox.DefaultGraph) or (wanted is not None and quad.graph_name not in wanted):
            continue
        graph = dataset.graph(from_ox(quad.graph_name))  # type: ignore[arg-type]
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
    return dataset


def write_jsonld(kg: KnowledgeGraph, output: IO[bytes], graphs: list[URIRef] | None = None) -> None:
    """JSON-LD with the packaged context embedded (no remote context is referenced)."""
    context = load_context()["@context"]
    try:
        text = to_rdflib_dataset(kg, graphs).serialize(format="json-ld", context=context, auto_compact=True)
    except RecursionError:
        # rdflib's writer recurses once per level of nested blank nodes.
        raise RightsgraphError("the graph nests blank nodes too deeply to write as JSON-LD; export it as TriG or N-Quads") from None
    # Re-indent for stable, readable output whatever rdflib's defaults are.
    output.write(json.dumps(json.loads(text), indent=2, ensure_ascii=False, sort_keys=False).encode("utf-8"))
    output.write(b"\n")


def export(kg: KnowledgeGraph, path: Path, fmt: str) -> None:
    """Write the whole dataset to ``path`` in one of :data:`EXPORT_FORMATS`."""
    with path.open("wb") as handle:
        if fmt == "jsonld":
            write_jsonld(kg, handle)
        elif fmt == "turtle":
            write_union_turtle(kg, handle)
        else:
            kg.dump(handle, FORMATS[fmt])


def write_graph_files(kg: KnowledgeGraph, directory: Path) -> list[Path]:
    """The three build outputs: ``graph.trig``, ``graph.ttl`` (union) and ``graph.jsonld``."""
    outputs = [(directory / "graph.trig", "trig"), (directory / "graph.ttl", "turtle"), (directory / "graph.jsonld", "jsonld")]
    for path, fmt in outputs:
        export(kg, path, fmt)
    return [path for path, _ in outputs]
