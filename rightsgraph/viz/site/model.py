"""What the casebook knows about every record, read from the store in a few batched queries.

One query lists the records and their classes, one every asserted statement with the source
whose graph holds it, one every label, and the library's ``sources`` query describes the
sources: never one query per record, so a 10,000-person graph costs the same four queries as
the built-in data. Each record gets a stable, readable file name derived from its IRI
(``records/person/iskander-yerimbetov.html``), so a page can be cited.

>>> from rightsgraph.build import load_graph
>>> book = collect(load_graph()[0])
>>> book.records["https://w3id.org/rightsgraph/id/person/iskander-yerimbetov"].href
'records/person/iskander-yerimbetov.html'
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.term import Node

from rightsgraph.graph.dates import humanize_edtf
from rightsgraph.ontology import RG, vocabulary
from rightsgraph.queries import run_query
from rightsgraph.viz.projection import GraphSource, as_target, node_kind, run_view_query

HIDDEN = {RDF.type, RDFS.label, SKOS.altLabel, SKOS.exactMatch, RG.earliestDate, RG.latestDate, RG.date, RG.birthDate, RG.confidential}
"""Statements shown elsewhere on the page (name, aliases, links, the EDTF date) or not at all."""
STATEMENT_PARTS = {RDF.subject, RDF.predicate, RDF.object, RG.sourceWording}
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class Citation:
    """A source a fact rests on; ``href`` is the source's own page."""

    source: str
    title: str
    href: str


@dataclass
class Fact:
    """One property of a record with its value (a linked record or text) and its sources."""

    label: str
    text: str
    target: str | None = None
    wording: str = ""
    citations: list[Citation] = field(default_factory=list)
    property: str = ""


@dataclass
class Record:
    """A page of the casebook: an actor, place, event, document, figure, post or source."""

    iri: str
    name: str
    kind: str
    type: str
    href: str
    classes: frozenset[URIRef] = frozenset()
    aliases: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    incoming: list[Fact] = field(default_factory=list)
    """Facts of other records that point here ("what links here")."""
    links: list[str] = field(default_factory=list)
    edtf: str = ""
    earliest: date | None = None
    latest: date | None = None
    source_info: dict[str, str] = field(default_factory=dict)
    """For a source: its locator, URL, summary, supporting phrase and confidence."""
    supports: list[Fact] = field(default_factory=list)
    """For a source: the facts it supports (``target`` is the record they describe)."""

    @property
    def when(self) -> str:
        text = humanize_edtf(self.edtf) if self.edtf else ""
        return "" if text == "date unknown" else text

    @property
    def sort_key(self) -> tuple[date, int, date, str]:
        """As the timeline orders events: by the earliest day a date can denote; a date open
        at the start ("on or before") comes before a day it ends on."""
        return (self.earliest or self.latest or date.max, 1 if self.earliest else 0, self.latest or date.max, self.name)


@dataclass
class Casebook:
    """Every record by IRI, and the labels of everything else a page may name."""

    records: dict[str, Record]
    labels: dict[str, str]

    @cached_property
    def unique_names(self) -> dict[str, str]:
        """Page of each name only one record bears."""
        count = Counter(record.name for record in self.records.values())
        return {r.name: r.href for r in self.records.values() if count[r.name] == 1}

    def name_of(self, iri: str) -> str:
        record = self.records.get(iri)
        return record.name if record else self.labels.get(iri, iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1])

    def of_class(self, cls: URIRef) -> list[Record]:
        vocab = vocabulary()
        return [r for r in self.records.values() if any(vocab.is_a(c, cls) for c in r.classes)]

    def of_kind(self, *kinds: str) -> list[Record]:
        return sorted((r for r in self.records.values() if r.kind in kinds), key=lambda r: (r.name.lower(), r.iri))


def file_name(iri: str, taken: set[str]) -> str:
    """``records/<kind segment>/<id>.html`` from the IRI's last two path segments; a short hash
    of the IRI is added only when two IRIs would share a name."""
    parts = [p for p in re.split(r"[/#]", iri) if p][-2:]
    segments = [_UNSAFE.sub("-", p.lower()).strip("-.")[:80] or "record" for p in parts]
    if len(segments) == 1:
        segments.insert(0, "other")
    name = f"records/{segments[0]}/{segments[1]}.html"
    if name in taken:
        name = f"records/{segments[0]}/{segments[1]}-{hashlib.sha1(iri.encode()).hexdigest()[:8]}.html"
    taken.add(name)
    return name


def collect(kg: GraphSource) -> Casebook:
    """Every record of ``kg`` with its facts, citations, aliases, links and incoming links."""
    vocab = vocabulary()
    target = as_target(kg)
    classes: dict[str, set[URIRef]] = defaultdict(set)
    labels: dict[str, str] = {}
    for row in run_view_query(kg, "nodes").rows:
        node, cls = row["node"], row["class"]
        if isinstance(node, URIRef) and isinstance(cls, URIRef):
            classes[str(node)].add(cls)
    for row in run_view_query(kg, "site-labels").rows:
        labels.setdefault(str(row["thing"]), str(row["label"]))

    records: dict[str, Record] = {}
    taken: set[str] = set()
    for iri in sorted(classes):
        kind = node_kind(classes[iri], vocab) or ("source" if RG.Source in classes[iri] else None)
        if kind is None:
            continue
        cls = vocab.most_specific(classes[iri]) or RG.Source
        records[iri] = Record(iri, labels.get(iri, iri.rsplit("/", 1)[-1]), kind, vocab.label(cls), file_name(iri, taken), frozenset(classes[iri]))
    book = Casebook(records, labels)

    for row in run_query(target, "sources").rows:
        record = records.get(str(row["source"]))
        if record is not None:
            record.source_info = {key: str(row[key]) for key in ("locator", "url", "summary", "phrase", "confidence") if key in row}
    _add_statements(book, run_view_query(kg, "site-statements").rows)
    return book


def _add_statements(book: Casebook, rows: list[dict[str, Node]]) -> None:
    vocab = vocabulary()
    records = book.records
    grouped: dict[tuple[str, URIRef, Node], set[str]] = defaultdict(set)
    reified: dict[str, dict[URIRef, Node]] = defaultdict(dict)
    identifiers: dict[str, dict[URIRef, Node]] = defaultdict(dict)
    for row in rows:
        about, prop, value, source = str(row["subject"]), row["property"], row["value"], row["source"]
        assert isinstance(prop, URIRef)
        if prop in STATEMENT_PARTS:
            reified[about][prop] = value
            continue
        record = records.get(about)
        if record is None:
            if prop in (RG.identifierScheme, RG.identifierValue):
                identifiers[about][prop] = value
            continue
        if prop == SKOS.altLabel and str(value) not in record.aliases:
            record.aliases.append(str(value))
        elif prop == SKOS.exactMatch and str(value) not in record.links:
            record.links.append(str(value))
        elif prop == RG.dateEDTF:
            record.edtf = str(value)
        elif prop == RG.earliestDate and isinstance(value, Literal):
            record.earliest = _day(value)
        elif prop == RG.latestDate and isinstance(value, Literal):
            record.latest = _day(value)
        grouped[(about, prop, value)].add(str(source))

    wordings = {
        (str(parts[RDF.subject]), str(parts[RDF.predicate]), str(parts[RDF.object])): str(parts[RG.sourceWording])
        for parts in reified.values() if len(parts) == 4
    }
    linking: dict[tuple[str, Node], set[URIRef]] = defaultdict(set)
    for subject, prop, value in grouped:
        linking[(subject, value)].add(prop)
    for (subject, prop, value), sources in sorted(grouped.items(), key=lambda item: (item[0][0], str(item[0][1]), str(item[0][2]))):
        if prop in HIDDEN or _broader_than_another(prop, linking[(subject, value)]):
            continue
        info = vocab.property_info(prop)
        label = info.label if info else "description" if prop == RDFS.comment else str(prop).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        citations = sorted((Citation(s, book.name_of(s), records[s].href if s in records else "") for s in sources), key=lambda c: (c.title, c.source))
        target = str(value) if isinstance(value, URIRef) and str(value) in records else None
        if prop == RG.dateEDTF:
            label, text = "date", humanize_edtf(str(value))
        elif str(value) in identifiers:
            parts = identifiers[str(value)]
            text = f"{book.name_of(str(parts.get(RG.identifierScheme, '')))}: {parts.get(RG.identifierValue, '')}"
        elif isinstance(value, URIRef):
            text = book.name_of(str(value))
        else:
            text = str(value)
        wording = wordings.get((subject, str(prop), str(value)), "")
        records[subject].facts.append(Fact(label, text, target, wording, citations, str(prop)))
        if target is not None and target != subject:
            records[target].incoming.append(Fact(label, records[subject].name, subject, wording, citations, str(prop)))
        for citation in citations:
            if citation.source in records:
                records[citation.source].supports.append(Fact(label, text, subject))
    for record in records.values():
        record.facts.sort(key=lambda f: (f.label != "date", f.label, f.text.lower()))
        record.incoming.sort(key=lambda f: (f.label, f.text.lower()))
        record.supports.sort(key=lambda f: (book.name_of(f.target or "").lower(), f.label, f.text.lower()))


def _broader_than_another(prop: URIRef, siblings: set[URIRef]) -> bool:
    """Inference adds "relative of" beside "sibling of": show only the most specific link."""
    vocab = vocabulary()
    return any(other != prop and (info := vocab.property_info(other)) is not None and prop in info.superproperties for other in siblings)


def _day(value: Literal) -> date | None:
    python = value.toPython()
    return python if isinstance(python, date) else None
