"""RDF files as inputs: parsed with Oxigraph's parsers into their own source graph.

Triples of a file (its default graph) go into one named graph derived from a source that stands
for the file; named graphs in a quad file keep their names and are described as derived from the
file's source when the file does not describe them itself. A rightsgraph ``graph.trig`` can thus
be loaded again: its provenance graph is kept, its ontology graph is skipped (the packaged
ontology is always loaded).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import PROV, RDF, RDFS, Literal, URIRef

from rightsgraph.errors import InputError, Problem
from rightsgraph.graph.batch import Batch, Location
from rightsgraph.graph.iris import DEFAULT_BASE, ONTOLOGY_GRAPH, PROVENANCE_GRAPH, source_graph, source_iri
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.graph.terms import from_ox
from rightsgraph.loaders.rdfchecks import SCRIPT_SCHEMES, TRIPLE_TERMS, check_before_parsing, check_terms
from rightsgraph.ontology import RG

MAX_RDF_BYTES = 64 * 1024 * 1024
"""Largest RDF file read into memory (to be validated); larger ones stream into a store.

Validation holds about 70 bytes per input byte at worst (N-Triples dense in blank nodes,
``benchmarks/memory_per_byte.py``), so 64 MB of input stays under about 4.5 GB."""

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".n3": ox.RdfFormat.N3,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
"""File extensions read as RDF, and the Oxigraph parser used for each."""

_POSITION = re.compile(r"line (\d+)", re.IGNORECASE)


BOM = b"\xef\xbb\xbf"


def _refuse_utf16(data: bytes, name: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(name, 1, None, "the file is UTF-16; save it as UTF-8")])


def rdf_format(path: Path) -> ox.RdfFormat | None:
    return RDF_FORMATS.get(path.suffix.lower())


def file_source_id(path: Path, data: bytes) -> str:
    """A stable id for a file's source: its name plus a hash of its content."""
    return _source_id(path, hashlib.sha256(data).hexdigest())


def _source_id(path: Path, digest: str) -> str:
    return f"file-{_stem(path)}-{digest[:10]}"


def _stem(path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", path.name).strip("-") or "file"


def neutral_base(path: Path) -> str:
    """The base relative IRIs in a file resolve against: named after the file, not after where it lies.

    (The file's own ``file:///home/...`` IRI would publish the user's name and folders.)

    >>> neutral_base(Path("/home/someone/cases/data.ttl"))
    'https://w3id.org/rightsgraph/id/file/data.ttl/'
    """
    return f"{DEFAULT_BASE}file/{_stem(path)}/"


def _syntax_problem(name: str, err: Exception) -> Problem:
    message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    message = re.sub(r" \((?:[^()]*, )?line \d+\)$", "", message)  # Oxigraph repeats the place at the end
    line = getattr(err, "lineno", None)
    if line is None:
        match = _POSITION.search(message)
        line = int(match.group(1)) if match else None
    return Problem(name, line, None, f"RDF syntax error: {message}")


MAX_TOKEN_BYTES = 16 * 1024 * 1024
"""Oxigraph's parsers refuse a single IRI or literal longer than this (16 MB)."""


def _too_long(name: str, data: bytes | None) -> Problem:
    """The problem for a term past the parser's limit, on the first line that long (if known)."""
    line = None
    if data is not None:
        start = 0
        for number, end in enumerate(_line_ends(data), start=1):
            if end - start > MAX_TOKEN_BYTES:
                line = number
                break
            start = end + 1
    return Problem(name, line, None, f"an IRI or literal is longer than {MAX_TOKEN_BYTES // 2**20} MB, which the RDF parser does not read")


def _line_ends(data: bytes) -> Iterator[int]:
    index = data.find(b"\n")
    while index >= 0:
        yield index
        index = data.find(b"\n", index + 1)
    yield len(data)


def load_rdf_file(path: Path, display_name: str | None = None) -> Batch:
    """Parse one RDF file into a batch (one source graph for the file, plus its named graphs)."""
    name = display_name or str(path)
    fmt = rdf_format(path)
    if fmt is None:
        raise InputError([Problem(name, None, None, f"unknown RDF file extension '{path.suffix}'")])
    try:
        if path.stat().st_size > MAX_RDF_BYTES:
            raise InputError([Problem(name, None, None, f"file larger than {MAX_RDF_BYTES // 2**20} MB; stream it into a store with 'build --store DIR --no-validate'")])
        data = path.read_bytes()
    except OSError as err:
        raise InputError([Problem(name, None, None, f"cannot read the file: {err.strerror}")]) from None
    source_id = file_source_id(path, data)
    data = data[len(BOM) :] if data.startswith(BOM) else data
    _refuse_utf16(data, name)
    check_before_parsing(path, fmt, name, data)
    own_source = source_iri(DEFAULT_BASE, source_id)
    own_graph = source_graph(DEFAULT_BASE, source_id)
    batch = Batch(inputs=[name])
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=neutral_base(path)))
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError([_syntax_problem(name, err)]) from None
    except MemoryError:
        raise InputError([_too_long(name, data)]) from None
    check_terms(quads, name, data)

    described: set[URIRef] = set()
    named: set[URIRef] = set()
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    for quad in quads:
        graph_name = quad.graph_name
        if graph_name == ontology:
            continue
        if isinstance(graph_name, ox.DefaultGraph):
            graph = own_graph
        elif isinstance(graph_name, ox.NamedNode):
            graph = URIRef(graph_name.value)
            if graph != PROVENANCE_GRAPH:
                named.add(graph)
        else:
            raise InputError([Problem(name, None, None, "blank-node graph names are not supported; name each graph with an IRI")])
        subject, predicate, obj = from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)
        if graph == PROVENANCE_GRAPH and predicate == PROV.wasDerivedFrom and isinstance(subject, URIRef):
            described.add(subject)
        batch.add(subject, predicate, obj, graph)  # type: ignore[arg-type]
    location = Location(name, None)
    graphs = {own_graph} if any(q[3] == own_graph for q in batch.quads) else set()
    undescribed = sorted((named - described) | graphs)
    if undescribed:
        batch.add(own_source, RDF.type, RG.Source, PROVENANCE_GRAPH)
        batch.add(own_source, RDFS.label, Literal(path.name), PROVENANCE_GRAPH)
        batch.add(own_source, RG.sourceFile, Literal(path.name), PROVENANCE_GRAPH)
        batch.add(own_source, RG.locator, Literal(f"RDF file {path.name}"), PROVENANCE_GRAPH)
        batch.add(own_source, RG.summary, Literal(f"RDF data loaded from {path.name}"), PROVENANCE_GRAPH)
        batch.records[own_source] = location
    for graph in undescribed:
        batch.add(graph, RDF.type, RG.FactGraph, PROVENANCE_GRAPH)
        batch.add(graph, PROV.wasDerivedFrom, own_source, PROVENANCE_GRAPH)
        batch.records[graph] = location
    for subject, *_ in batch.quads:
        batch.records.setdefault(subject, location)
    return batch


def stream_rdf_file(kg: KnowledgeGraph, path: Path, *, union: bool = False) -> None:
    """Load an RDF file straight into a store with Oxigraph's bulk writer (memory stays flat).

    Used for large inputs when validation is skipped; the file gets the same source graph and
    provenance as :func:`load_rdf_file` gives it. With ``union`` every triple also goes to the
    default graph (see :meth:`KnowledgeGraph.rebuild_union`), so no later pass must copy it there.
    """
    name = str(path)
    fmt = rdf_format(path)
    if fmt is None:
        raise InputError([Problem(name, None, None, f"unknown RDF file extension '{path.suffix}'")])
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as err:
        raise InputError([Problem(name, None, None, f"cannot read the file: {err.strerror}")]) from None
    source_id = _source_id(path, digest.hexdigest())
    own_source, own_graph = source_iri(DEFAULT_BASE, source_id), source_graph(DEFAULT_BASE, source_id)
    check_before_parsing(path, fmt, name)
    before = set(kg.store.named_graphs())
    try:
        with path.open("rb") as handle:
            start = handle.read(len(BOM))
            _refuse_utf16(start, name)
            handle.seek(len(BOM) if start == BOM else 0)
            parsed = ox.parse(handle, format=fmt, base_iri=neutral_base(path))
            kg.bulk_add(_checked_stream(parsed, ox.NamedNode(str(own_graph)), name), union=union)
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError([_syntax_problem(name, err)]) from None
    except MemoryError:
        raise InputError([_too_long(name, None)]) from None
    added = {URIRef(g.value) for g in set(kg.store.named_graphs()) - before if isinstance(g, ox.NamedNode)}
    added -= {PROVENANCE_GRAPH, ONTOLOGY_GRAPH}
    described = {row["g"] for row in kg.select(f"SELECT ?g WHERE {{ GRAPH {PROVENANCE_GRAPH.n3()} {{ ?g <{PROV.wasDerivedFrom}> ?s }} }}")}
    undescribed = sorted(added - described)
    if not undescribed:
        return
    quads = [
        (own_source, RDF.type, RG.Source, PROVENANCE_GRAPH),
        (own_source, RDFS.label, Literal(path.name), PROVENANCE_GRAPH),
        (own_source, RG.sourceFile, Literal(path.name), PROVENANCE_GRAPH),
        (own_source, RG.locator, Literal(f"RDF file {path.name}"), PROVENANCE_GRAPH),
        (own_source, RG.summary, Literal(f"RDF data loaded from {path.name}"), PROVENANCE_GRAPH),
    ]
    for graph in undescribed:
        quads += [(graph, RDF.type, RG.FactGraph, PROVENANCE_GRAPH), (graph, PROV.wasDerivedFrom, own_source, PROVENANCE_GRAPH)]
    kg.add_quads(quads, union=union)


def _checked_stream(quads: Iterable[ox.Quad], own_graph: ox.NamedNode, name: str) -> Iterator[ox.Quad]:
    """The quads of a file as they are parsed, triples put in the file's own graph; a script IRI
    or a triple term stops the stream (checked here, as the quads pass: a query over the store
    afterwards read every quad back, and cost more than the load at a million facts)."""
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    for quad in quads:
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, ox.Triple):
                raise InputError([Problem(name, None, None, TRIPLE_TERMS)])
            if isinstance(term, ox.NamedNode) and term.value[:11].lower().startswith(SCRIPT_SCHEMES):
                raise InputError([Problem(name, None, None, f"the IRI '{term.value[:80]}' is a script, not an identifier")])
        if quad.graph_name == ontology:
            continue  # the packaged ontology replaces it, as when the file is parsed in memory
        yield quad if not isinstance(quad.graph_name, ox.DefaultGraph) else ox.Quad(quad.subject, quad.predicate, quad.object, own_graph)
