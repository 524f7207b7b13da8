"""The KnowledgeGraph: an rdflib ``Dataset`` on the Oxigraph store, in memory or on disk.

Queries and updates run in Oxigraph (through oxrdflib); bulk loads and dumps go straight to the
underlying ``pyoxigraph.Store``, because rdflib's per-triple path is many times slower.

The store's default graph holds the union of all named graphs, each distinct triple once
(:meth:`KnowledgeGraph.rebuild_union`). Oxigraph's "union default graph" option would count a
triple once per graph that holds it, and joins over facts that many sources repeat (a country's
name, say) then multiply; a real default graph keeps set semantics and fast joins, while
``GRAPH ?g`` patterns still reach each source's own graph.

>>> kg = KnowledgeGraph()
>>> kg.load_ontology()
>>> kg.ask("ASK { GRAPH ?g { ?c a <http://www.w3.org/2002/07/owl#Class> } }")
True
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import RDFS, Dataset, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Node

from rightsgraph.errors import StoreError
from rightsgraph.fsutil import STORE_FOLDER, absolute, check_replaceable, mark, remove_leftovers, replace_folder, staging_prefix
from rightsgraph.graph.iris import DEFAULT_BASE, ONTOLOGY_GRAPH, SYSTEM_BASE, SYSTEM_GRAPHS
from rightsgraph.graph.terms import solution_rows, to_ox_quads
from rightsgraph.ontology import ONTOLOGY_PATH, RG_NS, vocabulary

PREFIXES: dict[str, str] = {
    "rg": RG_NS,
    "rgid": "https://w3id.org/rightsgraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
}
"""Prefixes bound in queries and written into serialisations."""

OUTPUT_PREFIXES: dict[str, str] = {
    **{k: v for k, v in PREFIXES.items() if k != "rgid"},
    **{segment: f"{DEFAULT_BASE}{segment}/" for segment in (
        "person", "group", "organization", "state", "country", "place", "facility", "post",
        "event", "document", "figure", "source", "graph", "statement",
    )},
    "rggraph": SYSTEM_BASE,
}
"""Prefixes for files people read: one per kind of record, so IRIs stay short and readable."""


_RDF_TYPE = PREFIXES["rdf"] + "type"
BULK_CHUNK = 200_000
"""Quads handed to Oxigraph's bulk writer at a time (it holds each chunk in memory)."""


def with_union(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad, then (when it is in a named graph) the same triple in the default graph."""
    for quad in quads:
        yield quad
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield ox.Quad(quad.subject, quad.predicate, quad.object)


def reading_order(quad: ox.Quad) -> tuple[str, bool, str, str]:
    return (str(quad.subject), quad.predicate.value != _RDF_TYPE, quad.predicate.value, str(quad.object))


class KnowledgeGraph:
    """The graph store. ``KnowledgeGraph()`` is in memory; ``KnowledgeGraph(path)`` is on disk."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        try:
            if path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = ox.Store.read_only(str(path))
            else:
                self.store = ox.Store(str(path))
        except OSError as err:
            if "lock" in str(err).lower():
                raise StoreError(f"{path}: the store is in use by another process (a running 'rightsgraph serve'?)") from None
            raise StoreError(f"{path}: cannot open the store: {err}") from None
        self.dataset = Dataset(store=OxigraphStore(store=self.store), default_union=False)
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)

    # -- writing -------------------------------------------------------------------------------

    def add_quads(self, quads: Iterable[tuple[Node, Node, Node, Node]], *, union: bool = False) -> None:
        """Add rdflib quads in one transaction (with ``union``, each also to the default graph)."""
        self.store.extend(list(with_union(to_ox_quads(quads)) if union else to_ox_quads(quads)))

    def bulk_add(self, quads: Iterable[ox.Quad], *, union: bool = False, chunk: int = BULK_CHUNK) -> None:
        """Add quads with the bulk writer, in chunks (memory stays flat; on disk, no transaction
        to pay for); with ``union``, each also to the default graph."""
        pending: list[ox.Quad] = []
        for quad in with_union(quads) if union else quads:
            pending.append(quad)
            if len(pending) >= chunk:
                self.store.bulk_extend(pending)
                pending = []
        if pending:
            self.store.bulk_extend(pending)

    def load_ontology(self) -> None:
        """(Re)load the packaged ontology into its own named graph.

        The sub-class and sub-property hierarchies are added in full (transitively closed), so
        that queries find every ancestor with one ``rdfs:subClassOf`` step instead of a ``+``
        path, which some engines (Virtuoso) evaluate wrongly inside ``FILTER NOT EXISTS``.
        """
        graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
        if self.store.contains_named_graph(graph):
            self.store.remove_graph(graph)
        self.store.load(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE, to_graph=graph)
        vocab = vocabulary()
        closure = [(sub, RDFS.subClassOf, sup, ONTOLOGY_GRAPH) for sub, sup in vocab.subclass_pairs()]
        closure += [(sub, RDFS.subPropertyOf, sup, ONTOLOGY_GRAPH) for sub, sup in vocab.subproperty_pairs()]
        self.add_quads(closure)

    def rebuild_union(self, chunk: int = BULK_CHUNK) -> None:
        """Make the default graph the union of all named graphs (call after every change).

        In memory, one SPARQL update inside Oxigraph (3-5 times faster than copying the quads
        through Python, measured at 100k facts). On disk, transactional writes are slower than
        the bulk writer, so the quads are streamed to it in chunks (memory stays flat).
        """
        if self.path is None:
            self.store.update("CLEAR SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            return
        self.store.clear_graph(ox.DefaultGraph())
        self.bulk_add((ox.Quad(q.subject, q.predicate, q.object) for graph in self.store.named_graphs()
                       for q in self.store.quads_for_pattern(None, None, None, graph)), chunk=chunk)

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update in Oxigraph."""
        self.store.update(sparql, prefixes=PREFIXES)

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self.store.flush()

    def optimize(self) -> None:
        """Compact an on-disk store once its writing is done.

        A freshly written store keeps its last writes in a log and in many small files; read
        straight after, whole-graph queries cost 30-45% more CPU (measured at 1M facts, where the
        compaction itself takes about 4 s).
        """
        if self.path is not None and not self.read_only:
            self.store.optimize()

    # -- reading -------------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run a SPARQL query (default graph: the union) through rdflib, as an rdflib ``Result``."""
        return self.dataset.query(sparql, initBindings=cast("dict[str, Identifier]", dict(bindings or {})))

    def ask(self, sparql: str) -> bool:
        return bool(self.store.query(sparql, prefixes=PREFIXES))

    def select(self, sparql: str) -> list[dict[str, Node]]:
        """Rows of a SELECT as dicts of rdflib terms (unbound variables left out)."""
        solutions = self.store.query(sparql, prefixes=PREFIXES)
        assert isinstance(solutions, ox.QuerySolutions)
        return solution_rows(solutions)[1]

    def graphs(self) -> list[URIRef]:
        """Every named graph, sorted."""
        return sorted(URIRef(g.value) for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def fact_graphs(self) -> list[URIRef]:
        """The named graphs that hold facts (not provenance, not the ontology)."""
        return [g for g in self.graphs() if g not in SYSTEM_GRAPHS]

    def quad_count(self) -> int:
        """Quads in named graphs (the default graph, a derived union, is not counted)."""
        (row,) = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")  # type: ignore[misc]
        return int(row["n"].value)

    def quads_by_graph(self, graphs: Iterable[URIRef] | None = None) -> Iterator[ox.Quad]:
        """Quads graph by graph (sorted by graph name), each graph sorted by subject, type first."""
        for graph in self.graphs() if graphs is None else graphs:
            quads = self.store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))
            yield from sorted(quads, key=reading_order)

    def fact_count(self) -> int:
        """Quads in the fact graphs (not the ontology or the provenance)."""
        keep = ", ".join(g.n3() for g in sorted(SYSTEM_GRAPHS))
        (row,) = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g NOT IN ({keep})) }}")  # type: ignore[misc]
        return int(row["n"].value)

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat, graphs: Iterable[URIRef] | None = None) -> None:
        """Serialise named graphs (all by default) in a quad format with Oxigraph's writer."""
        ox.serialize(self.quads_by_graph(graphs), output, format=fmt, prefixes=OUTPUT_PREFIXES)

    def close(self) -> None:
        """Release the store (an on-disk store is unlocked, so another process may open it)."""
        if getattr(self, "store", None) is None:
            return
        self.flush()
        self.dataset.store.close()  # oxrdflib's reference to the Oxigraph store goes too
        self.dataset = None  # type: ignore[assignment]
        self.store = None  # type: ignore[assignment]

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: Path, *, read_only: bool = False) -> KnowledgeGraph:
    """An existing on-disk rightsgraph store (made by ``rightsgraph build --store``)."""
    if not path.is_dir() or not any(path.iterdir()):
        raise StoreError(f"{path}: no store here; make one with 'rightsgraph build --store {path}'")
    kg = KnowledgeGraph(path, read_only=read_only)
    if not kg.store.contains_named_graph(ox.NamedNode(str(ONTOLOGY_GRAPH))):
        kg.close()
        raise StoreError(f"{path}: not a rightsgraph store (it has no rightsgraph ontology graph)")
    return kg


SERVING_LOCK = ".rightsgraph-serving"
"""A file in a store that ``rightsgraph serve`` holds a shared lock on while it serves the store."""


def hold_for_serving(store: Path) -> IO[bytes]:
    """Take a shared lock that tells builds the store is being served; it lasts while the file stays open."""
    handle = (store / SERVING_LOCK).open("ab")
    fcntl.flock(handle, fcntl.LOCK_SH)
    return handle


@contextmanager
def not_served(store: Path) -> Iterator[None]:
    """Hold off new servers of ``store`` while it is replaced; raise if one is serving it now.

    A server keeps the files it opened: it would go on serving the old data (confidential data,
    after a public rebuild) from a store replaced under it.
    """
    lock = store / SERVING_LOCK
    if not lock.is_file():
        yield
        return
    with lock.open("ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{store}: the store is being served ('rightsgraph serve'), which would go on serving the old data; stop the server, then try again") from None
        yield


ASSERTED = "asserted"
"""Sub-folder of a store keeping its data as asserted (before merging and inference), when some is confidential."""


def asserted_path(store: Path) -> Path:
    return store / ASSERTED


@contextmanager
def staged_store(target: Path, *, from_existing: bool) -> Iterator[KnowledgeGraph]:
    """A store in a temporary folder beside ``target`` that replaces it whole on success.

    ``target`` must be new, empty or a store rightsgraph wrote (:func:`check_replaceable`).
    With ``from_existing`` the temporary store starts as a backup (a checkpoint) of ``target``.
    On any error, or Ctrl-C, the temporary store is removed and ``target`` is untouched.
    """
    check_replaceable(target, STORE_FOLDER)
    target = absolute(target)
    with not_served(target):  # fail fast, before the work
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target, "new"), dir=target.parent))
    try:
        if from_existing:
            staging.rmdir()
            existing = open_store(target)
            try:
                existing.store.backup(str(staging))
            finally:
                existing.close()
        kg = KnowledgeGraph(staging)
        try:
            yield kg
            kg.optimize()
        finally:
            kg.close()
        mark(staging, STORE_FOLDER)
        check_replaceable(target, STORE_FOLDER)  # again: the user may have put files there meanwhile
        with not_served(target):
            replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
