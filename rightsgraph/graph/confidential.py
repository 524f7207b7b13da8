"""Confidentiality: what is marked confidential, and a public copy of the graph without it.

A case file can mark a record (``confidential: true``), one value of a field (the long form with
``confidential: true``) or a whole source as confidential; RDF input marks them with
``rg:confidential true`` (the plain strings "true" and "1" count too, so a careless mark is
never silently public). The public copy, which every
``--public`` output is made from:

- leaves out every fact of a confidential source or value (their graphs), the descriptions of
  those sources and graphs, and every triple that names them;
- replaces each confidential record by a pseudonym (``.../id/person/withheld-<code>``, labelled
  "withheld person"...; only the part of the IRI before the record's own name is kept) so that
  the structure it holds together stays visible, and drops its names, literal facts, links that
  would identify it in other datasets, and whatever it alone reaches through blank nodes;
- replaces the names of confidential records wherever they occur in other texts with
  "[withheld]", and pseudonymises any IRI that carries one of their ids, graph names included.

Pseudonyms are keyed (HMAC-SHA256): ``RIGHTSGRAPH_PSEUDONYM_KEY`` makes them stable across runs
(keep it secret); without it a random key is drawn per process, so that pseudonyms agree within
one run and nobody can confirm a guessed IRI by hashing it.

>>> from rightsgraph.build import load_graph
>>> kg, _ = load_graph()
>>> bool(find_confidential(kg))      # the built-in dataset has nothing confidential
False
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef
from rdflib.term import Node

from rightsgraph.graph.iris import DEFAULT_BASE, ONTOLOGY_GRAPH, PROVENANCE_GRAPH
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.graph.terms import from_ox
from rightsgraph.ontology import RG, vocabulary

WITHHELD_PREFIX = "withheld-"
"""Pseudonyms keep the base and type segment of the IRI they replace: ``<base>person/withheld-<code>``."""
WITHHELD_TEXT = "[withheld]"
KEY_VARIABLE = "RIGHTSGRAPH_PSEUDONYM_KEY"
IDENTIFYING = frozenset({OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch, RDFS.seeAlso})
"""Links that would identify a withheld record in another dataset."""
NAMES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
VOCABULARIES = (str(RG), str(RDF), str(RDFS), str(OWL), str(SKOS), "http://www.w3.org/ns/prov#", "http://www.w3.org/2001/XMLSchema#")
"""IRIs that are never pseudonymised, whatever ids they happen to contain."""
MIN_SLUG = 3
MARKED = 'FILTER (LCASE(STR(?c)) IN ("true", "1"))'
"""What ``rg:confidential ?c`` marks confidential: true as a boolean, or written as a string ("true", "1")."""
CHUNK = 100_000


@dataclass
class Confidential:
    """The confidential parts of a graph: records, sources, and graphs of confidential facts."""

    records: set[URIRef] = field(default_factory=set)
    sources: set[URIRef] = field(default_factory=set)
    graphs: set[URIRef] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.records or self.sources or self.graphs)

    def describe(self) -> str:
        """Counts in words, e.g. ``2 records, 1 source, 3 graphs of facts``."""
        counts = ((self.records, "record", "records"), (self.sources, "source", "sources"), (self.graphs, "graph of facts", "graphs of facts"))
        return ", ".join(f"{len(items)} {one if len(items) == 1 else many}" for items, one, many in counts if items)


def find_confidential(kg: KnowledgeGraph) -> Confidential:
    """What ``kg`` marks as confidential (sources, fact graphs, records) and the records' names."""
    found = Confidential()
    provenance = PROVENANCE_GRAPH.n3()
    for row in kg.select(f"SELECT DISTINCT ?s WHERE {{ GRAPH {provenance} {{ ?s a rg:Source ; rg:confidential ?c }} {MARKED} }}"):
        found.sources.add(row["s"])  # type: ignore[arg-type]
    for row in kg.select(
        f"""SELECT DISTINCT ?g WHERE {{ GRAPH {provenance} {{ ?g a rg:FactGraph .
            {{ ?g rg:confidential ?c }} UNION {{ ?g prov:wasDerivedFrom ?s . ?s rg:confidential ?c }} }} {MARKED} }}"""
    ):
        found.graphs.add(row["g"])  # type: ignore[arg-type]
    system = ", ".join(g.n3() for g in (PROVENANCE_GRAPH, ONTOLOGY_GRAPH))
    for row in kg.select(f"SELECT DISTINCT ?r WHERE {{ GRAPH ?g {{ ?r rg:confidential ?c }} FILTER (?g NOT IN ({system})) {MARKED} }}"):
        if isinstance(row["r"], URIRef):
            found.records.add(row["r"])
    names = " ".join(p.n3() for p in NAMES)
    if found.graphs:
        secret = " ".join(g.n3() for g in sorted(found.graphs))
        known = f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?x ?q ?n }} FILTER (?h NOT IN ({secret.replace(' ', ', ')}, {PROVENANCE_GRAPH.n3()})) }}"
        for row in kg.select(f"SELECT DISTINCT ?n WHERE {{ VALUES ?g {{ {secret} }} VALUES ?p {{ {names} }} GRAPH ?g {{ ?r ?p ?n }} {known} }}"):
            found.names.add(str(row["n"]))  # a name, or an alias, that only confidential facts give
    if found.records:
        values = " ".join(r.n3() for r in sorted(found.records))
        for row in kg.select(f"SELECT DISTINCT ?n WHERE {{ VALUES ?r {{ {values} }} VALUES ?p {{ {names} }} GRAPH ?g {{ ?r ?p ?n }} }}"):
            found.names.add(str(row["n"]))
    return found


@lru_cache(maxsize=1)
def _process_key() -> bytes:
    return secrets.token_bytes(32)


def pseudonym_key() -> bytes:
    """The key pseudonyms are made with: ``$RIGHTSGRAPH_PSEUDONYM_KEY``, or one random per process."""
    configured = os.environ.get(KEY_VARIABLE)
    return configured.encode("utf-8") if configured else _process_key()


CONFUSABLES = str.maketrans({
    # Cyrillic (lower case: text is case-folded first)
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k", "м": "m", "н": "h",
    "о": "o", "р": "p", "с": "c", "ѕ": "s", "т": "t", "у": "y", "х": "x", "ԁ": "d", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
})
"""Cyrillic and Greek letters folded to the Latin letter they look or sound like, so that a name
typed with one look-alike letter still matches."""
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """``text`` as names are compared: accents stripped, case folded, look-alikes mapped, words single-spaced.

    >>> fold("Aigu\u0308l\u00a0 S\u0435cretkyzy-detained")
    'aigul secretkyzy detained'
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().translate(CONFUSABLES)
    else:
        text = text.lower()
    return _NOT_WORD.sub(" ", text)


class Matcher:
    """Finds secret names (and ids) in text however they are written (see :func:`fold`)."""

    def __init__(self, secrets: list[str], minimum: int = 2) -> None:
        folded = {f for f in (fold(t).strip() for t in secrets) if len(f) >= minimum}
        ordered = sorted(folded, key=len, reverse=True)
        self.pattern = re.compile("|".join(rf"(?<![^ ]){re.escape(t)}(?![^ ])" for t in ordered)) if ordered else None

    def __bool__(self) -> bool:
        return self.pattern is not None

    def sub(self, replacement: str, text: str) -> str:
        """``text`` with every secret replaced, the rest of it untouched."""
        if self.pattern is None or not self.pattern.search(fold(text)):
            return text
        folded, where = _fold_with_positions(text)
        spans = [(where[m.start()], where[m.end() - 1] + 1) for m in self.pattern.finditer(folded)]
        for start, end in reversed(spans):
            text = text[:start] + replacement + text[end:]
        return text


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """:func:`fold`, one character at a time, with the position in ``text`` each folded character comes from."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        for folded in fold(char):
            if folded == " " and out and out[-1] == " ":
                continue
            out.append(folded)
            where.append(index)
    return "".join(out), where


def _words(texts: list[str], flags: int = 0) -> re.Pattern[str] | None:
    """One pattern matching any of ``texts`` as a whole word (longest first)."""
    if not texts:
        return None
    ordered = sorted(set(texts), key=len, reverse=True)
    return re.compile("|".join(rf"(?<![^\W_]){re.escape(t)}(?![^\W_])" for t in ordered), flags)


_SEPARATORS = "/#:"


def _own_name(iri: str) -> str:
    """The last segment of an IRI, its trailing ``/`` or ``#`` included: ``ruslan/`` of ``.../person/ruslan/``."""
    stripped = iri.rstrip("/#")
    return iri[max(stripped.rfind(sep) for sep in _SEPARATORS) + 1 :]


MAX_BLANK_NODES = 100_000


def _blank_nodes_of(kg: KnowledgeGraph, records: set[URIRef]) -> set[Node]:
    """The blank nodes reachable from ``records`` through blank nodes (bounded)."""
    frontier: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(str(r)) for r in records]
    seen: set[ox.BlankNode] = set()
    while frontier and len(seen) < MAX_BLANK_NODES:
        node = frontier.pop()
        for quad in kg.store.quads_for_pattern(node, None, None, None):
            if isinstance(quad.object, ox.BlankNode) and quad.object not in seen:
                seen.add(quad.object)
                frontier.append(quad.object)
    return {from_ox(b) for b in seen}


class _Publisher:
    """Streams the public quads of one graph."""

    def __init__(self, kg: KnowledgeGraph, confidential: Confidential, key: bytes) -> None:
        self.kg = kg
        self.confidential = confidential
        self.key = key
        self.unnamed = confidential.sources | confidential.graphs
        vocab = vocabulary()
        self.kinds: dict[URIRef, str] = {}
        for record in confidential.records:
            classes = [r["c"] for r in kg.select(f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ {record.n3()} a ?c }} }}") if isinstance(r["c"], URIRef)]
            cls = vocab.most_specific(classes)
            self.kinds[record] = vocab.label(cls) if cls else "record"
        slugs = {_own_name(str(r)).rstrip("/#") for r in confidential.records}
        self.hidden = _blank_nodes_of(kg, confidential.records)
        self.slug_pattern = _words([s for s in slugs if len(s) >= MIN_SLUG], re.IGNORECASE)
        # in texts, an id is found like a name (aigul-secretkyzy, aigul_secretkyzy, Aigul Secretkyzy), or run together
        squeezed = [fold(s).replace(" ", "") for s in slugs if len(fold(s).split()) > 1 and len(s) >= 8]
        self.names = Matcher([*confidential.names, *[s for s in slugs if len(s) >= MIN_SLUG], *squeezed])
        self.mapped: dict[URIRef, URIRef] = {}

    def pseudonym(self, iri: URIRef) -> URIRef:
        if iri not in self.mapped:
            code = hmac.new(self.key, str(iri).encode("utf-8"), hashlib.sha256).hexdigest()[:20]
            self.mapped[iri] = URIRef(self.kept_prefix(str(iri)) + WITHHELD_PREFIX + code)
        return self.mapped[iri]

    def kept_prefix(self, text: str) -> str:
        """What a pseudonym keeps of an IRI: the part before its own name and before any secret id."""
        prefix = text[: len(text) - len(_own_name(text))]
        secret = self.slug_pattern.search(prefix) if self.slug_pattern is not None else None
        if secret is not None:
            prefix = prefix[: secret.start()]
        return prefix[: max(prefix.rfind(sep) for sep in _SEPARATORS) + 1] or DEFAULT_BASE

    def iri(self, iri: URIRef) -> URIRef:
        if iri in self.confidential.records:
            return self.pseudonym(iri)
        text = str(iri)
        if self.slug_pattern is not None and not text.startswith(VOCABULARIES) and self.slug_pattern.search(text):
            return self.pseudonym(iri)
        return iri

    def scrub(self, text: str) -> str:
        """``text`` with every name of a withheld record replaced by "[withheld]"."""
        return self.names.sub(WITHHELD_TEXT, text)

    def text(self, literal: Literal) -> Literal:
        scrubbed = self.scrub(str(literal))
        if scrubbed == str(literal):
            return literal
        return Literal(scrubbed, lang=literal.language, datatype=literal.datatype)

    def term(self, node: Node) -> Node:
        if isinstance(node, URIRef):
            return self.iri(node)
        if isinstance(node, Literal):
            return self.text(node)
        return node

    def quads(self) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        records = self.confidential.records
        labelled: set[tuple[Node, URIRef]] = set()
        for quad in self.kg.store.quads_for_pattern(None, None, None, None):
            if not isinstance(quad.graph_name, ox.NamedNode):
                continue  # the default graph is the union, rebuilt from what is kept
            graph = URIRef(quad.graph_name.value)
            if graph in self.confidential.graphs or graph == ONTOLOGY_GRAPH:
                continue
            named = self.iri(graph)  # a graph named after its source may carry a withheld record's id
            subject, obj = from_ox(quad.subject), from_ox(quad.object)  # type: ignore[arg-type]
            predicate = URIRef(quad.predicate.value)
            if predicate == RG.confidential or subject in self.unnamed or obj in self.unnamed:
                continue
            if subject in self.hidden or obj in self.hidden:
                continue  # what only a withheld record reaches through blank nodes (an address...)
            secret_subject = subject in records
            if (secret_subject or obj in records) and predicate in IDENTIFYING:
                continue
            if secret_subject and isinstance(obj, Literal):
                continue  # the names, dates and descriptions of a withheld record
            yield self.term(subject), predicate, self.term(obj), named
            if isinstance(subject, URIRef) and secret_subject and predicate == RDF.type and (subject, graph) not in labelled:
                labelled.add((subject, graph))
                yield self.term(subject), RDFS.label, Literal(f"withheld {self.kinds.get(subject, 'record')}"), named


def is_withheld(iri: object) -> bool:
    """Whether ``iri`` is a pseudonym made by :func:`public_copy` (its own name after a ``/``, ``#`` or ``:``)."""
    return isinstance(iri, URIRef) and str(iri)[max(str(iri).rfind(sep) for sep in _SEPARATORS) + 1 :].startswith(WITHHELD_PREFIX)


def scrubber(kg: KnowledgeGraph, confidential: Confidential) -> Callable[[str], str]:
    """A function that removes names and ids of confidential records from free text (messages).

    >>> from rightsgraph.graph.store import KnowledgeGraph
    >>> scrub = scrubber(KnowledgeGraph(), Confidential(records={URIRef(DEFAULT_BASE + "person/a-b")}, names={"A. B"}))
    >>> scrub("person/a-b: A. B has no date")
    'person/[withheld]: [withheld] has no date'
    """
    publisher = _Publisher(kg, confidential, b"")

    def scrub(text: str) -> str:
        text = publisher.scrub(text)
        return publisher.slug_pattern.sub(WITHHELD_TEXT, text) if publisher.slug_pattern is not None else text

    return scrub


def public_copy(
    kg: KnowledgeGraph,
    confidential: Confidential | None = None,
    *,
    into: KnowledgeGraph | None = None,
    key: bytes | None = None,
) -> KnowledgeGraph:
    """A copy of ``kg`` without what is confidential (see the module docstring).

    The copy is a new in-memory graph, or ``into`` (an empty, possibly on-disk graph).
    """
    found = confidential if confidential is not None else find_confidential(kg)
    public = into if into is not None else KnowledgeGraph()
    public.load_ontology()
    pending: list[tuple[Node, Node, Node, URIRef]] = []
    for quad in _Publisher(kg, found, key or pseudonym_key()).quads():
        pending.append(quad)
        if len(pending) >= CHUNK:
            public.add_quads(pending)
            pending = []
    public.add_quads(pending)
    public.rebuild_union()
    return public


__all__ = ["Confidential", "KEY_VARIABLE", "WITHHELD_PREFIX", "find_confidential", "is_withheld", "pseudonym_key", "public_copy", "scrubber"]
