"""``enrich``: what Wikidata says of records a person confirmed, in a source graph of its own.

For each confirmed link it brings, where Wikidata has them: birth and death dates, citizenship,
positions held (P39) and party membership (P102) as memberships with the dates of their
qualifiers (start P580, end P582), places of detention (P2632) as detentions, and convictions
(P1399) as court decisions. An item Wikidata links to that one of our records is already
confirmed to be is that record; any other is named by its label in the first of the languages
that has one. The source cites the endpoint actually asked, on the day it was asked.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable

from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.term import Node

from rightsgraph.errors import RightsgraphError
from rightsgraph.graph.batch import Batch
from rightsgraph.graph.confidential import is_withheld
from rightsgraph.graph.dates import parse_edtf
from rightsgraph.graph.iris import DEFAULT_BASE, mint
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.loaders.sources import describe_source
from rightsgraph.loaders.wikidata import DEFAULT_LANGUAGES, confirmed_links, shareable
from rightsgraph.ontology import RG, vocabulary
from rightsgraph.queries import Target, bind_values

QUALIFIED = {"position": "P39", "party": "P102", "detention": "P2632", "conviction": "P1399"}

FACTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
SELECT DISTINCT ?item ?kind ?value ?label ?start ?end ?when WHERE {
  { ?item wdt:P569 ?value BIND ("birth" AS ?kind) }
  UNION { ?item wdt:P570 ?value BIND ("death" AS ?kind) }
  UNION { ?item wdt:P27 ?value BIND ("citizenship" AS ?kind) }
  UNION { ?item rdfs:label ?value BIND ("name" AS ?kind) FILTER (LANG(?value) = "en") }
""" + "".join(
    f"""  UNION {{ ?item p:{pid} ?statement . ?statement ps:{pid} ?value BIND ("{kind}" AS ?kind)
          OPTIONAL {{ ?statement pq:P580 ?start }} OPTIONAL {{ ?statement pq:P582 ?end }} OPTIONAL {{ ?statement pq:P585 ?when }} }}
"""
    for kind, pid in QUALIFIED.items()
) + """  OPTIONAL { ?value rdfs:label ?label FILTER (isIRI(?value)) }
}
"""

NO_LINK = "no record of the graph has a confirmed Wikidata link: propose with 'rightsgraph link wikidata', confirm in the review file, then 'rightsgraph link apply'"


def _day(value: Node | None) -> str | None:
    return str(value)[:10].lstrip("+") if value is not None else None


def _interval(start: str | None, end: str | None) -> str | None:
    if not start and not end:
        return None
    return f"{start or '..'}/{end or '..'}"


def _qid(iri: Node) -> str:
    return str(iri).rsplit("/", 1)[-1]


def _label(labels: dict[str, str], languages: tuple[str, ...]) -> str | None:
    """The label in the first language that has one (English, then the linker's), else any."""
    for language in ("en", *languages):
        if labels.get(language):
            return labels[language]
    return next(iter(sorted(labels.items())), ("", None))[1]


class _Writer:
    """Adds the facts of one enrich run to its batch, under one source graph."""

    def __init__(self, kg: KnowledgeGraph, batch: Batch, graph: URIRef, ours: dict[URIRef, list[URIRef]]) -> None:
        self.kg, self.batch, self.graph, self.ours = kg, batch, graph, ours
        self.vocab = vocabulary()
        self.typed: set[URIRef] = set()
        self.labels: dict[URIRef, str] = {}

    def add(self, s: Node, p: URIRef, o: Node) -> None:
        self.batch.add(s, p, o, self.graph)

    def describe(self, record: URIRef, name: str | None) -> None:
        """The record's class (ours) and its name as Wikidata gives it."""
        if record in self.typed:
            return
        self.typed.add(record)
        rows = self.kg.select(f"SELECT ?class ?label WHERE {{ {record.n3()} a ?class ; <{RDFS.label}> ?label }}")
        cls = self.vocab.most_specific(r["class"] for r in rows if isinstance(r["class"], URIRef))
        if cls is not None:
            self.add(record, RDF.type, cls)
            self.add(record, RDFS.label, Literal(name or str(rows[0]["label"])))

    def dated(self, subject: URIRef, text: str) -> None:
        """An EDTF date with its typed value and bounds (as the case files write them)."""
        parsed = parse_edtf(text)
        self.add(subject, RG.dateEDTF, Literal(parsed.text))
        if parsed.typed is not None:
            self.add(subject, RG.date, parsed.typed)
        if parsed.earliest is not None:
            self.add(subject, RG.earliestDate, Literal(parsed.earliest.isoformat(), datatype=XSD.date))
        if parsed.latest is not None:
            self.add(subject, RG.latestDate, Literal(parsed.latest.isoformat(), datatype=XSD.date))

    def thing(self, item: URIRef, cls: URIRef, segment: str, label: str | None) -> URIRef:
        """Our record confirmed to be this item, or a new one named after it."""
        if self.ours.get(item):
            return self.ours[item][0]
        node = mint(DEFAULT_BASE, segment, "wd-" + _qid(item))
        self.labels[node] = label or f"(no label in Wikidata: {_qid(item)})"
        self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, Literal(self.labels[node]))
        self.add(node, SKOS.exactMatch, item)
        return node

    def name_of(self, node: URIRef) -> str:
        if node not in self.labels:
            rows = self.kg.select(f"SELECT ?label WHERE {{ {node.n3()} <{RDFS.label}> ?label }}")
            self.labels[node] = str(rows[0]["label"]) if rows else str(node).rsplit("/", 1)[-1]
        return self.labels[node]

    def membership(self, record: URIRef, name: str, role: URIRef, kind: str, begin: str | None, end: str | None) -> None:
        """A post held or a membership, as a membership node with its period (and the shortcut)."""
        office = kind == "office"
        self.add(record, RG.holdsPost if office else RG.memberOf, role)
        node = mint(DEFAULT_BASE, "membership", f"wd-{str(record).rsplit('/', 1)[-1]}-{_qid(role)}")
        self.add(node, RDF.type, RG.Membership)
        self.add(node, RDFS.label, Literal(f"{name}: {'holds' if office else 'member of'} {self.name_of(role)}"))
        self.add(node, RG.member, record)
        self.add(node, RG.post if office else RG.organization, role)
        concept = self.vocab.concept(RG.MembershipKind, kind)
        if concept is not None:
            self.add(node, RG.membershipKind, concept)
        for text, edtf, typed in ((begin, RG.startDateEDTF, RG.startDate), (end, RG.endDateEDTF, RG.endDate)):
            if text:
                self.add(node, edtf, Literal(text))
                self.add(node, typed, Literal(text, datatype=XSD.date))


def enrich(
    kg: KnowledgeGraph,
    target: Target,
    *,
    batch_size: int = 50,
    pause: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    retrieved: dt.date | None = None,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
) -> Batch:
    """Facts of confirmed links from ``target`` (a Wikidata endpoint), attributed to it.

    Raises :class:`~rightsgraph.errors.RightsgraphError` when no record has a confirmed link.
    """
    day = (retrieved or dt.date.today()).isoformat()
    everything = confirmed_links(kg)
    links = {item: [r for r in records if not is_withheld(r)] for item, records in confirmed_links(shareable(kg)).items()}
    links = {item: records for item, records in links.items() if records}
    if not links:
        raise RightsgraphError(NO_LINK)
    endpoint = target.describe()
    batch = Batch(inputs=[endpoint])
    graph = describe_source(
        batch,
        f"wikidata-{day}",
        label=f"Wikidata, retrieved {day} from {endpoint}",
        summary="Dates of birth and death, citizenship, positions, party membership, detentions and convictions of records confirmed to be Wikidata items",
        locator=f"Wikidata items of the confirmed links, asked at {endpoint}",
        day=dt.date.fromisoformat(day),
        url=endpoint,
    )
    writer = _Writer(kg, batch, graph, everything)
    items = sorted(links)
    for start in range(0, len(items), batch_size):
        if start:
            sleep(pause)
        rows = target.run(bind_values(FACTS, {"item": items[start : start + batch_size]})).rows
        names: dict[Node, str] = {}
        labels: dict[tuple[Node, Node], dict[str, str]] = defaultdict(dict)
        facts: set[tuple[Node, str, Node, str | None, str | None, str | None]] = set()
        for row in rows:
            kind = str(row["kind"])
            if kind == "name":
                names[row["item"]] = str(row["value"])
                continue
            if "label" in row and isinstance(row["label"], Literal):
                labels[(row["item"], row["value"])][row["label"].language or ""] = str(row["label"])
            facts.add((row["item"], kind, row["value"], _day(row.get("start")), _day(row.get("end")), _day(row.get("when"))))
        for item, kind, fact, begin, end, when in sorted(facts, key=lambda f: tuple(str(x) for x in f)):
            label = _label(labels.get((item, fact), {}), languages)
            for record in links.get(item, []) if isinstance(item, URIRef) else []:
                writer.describe(record, names.get(item))
                _write_fact(writer, record, names.get(item) or str(record), kind, fact, label, (begin, end, when or begin))
    return batch


def _write_fact(writer: _Writer, record: URIRef, name: str, kind: str, value: Node, label: str | None, dates: tuple[str | None, str | None, str | None]) -> None:
    begin, end, when = dates
    interval = _interval(begin, end)
    if kind in ("birth", "death"):
        day = _day(value)
        edtf, typed = (RG.birthDateEDTF, RG.birthDate) if kind == "birth" else (RG.deathDateEDTF, RG.deathDate)
        writer.add(record, edtf, Literal(day))
        writer.add(record, typed, Literal(day, datatype=XSD.date))
        return
    if not isinstance(value, URIRef):
        return
    if kind == "citizenship":
        writer.add(record, RG.citizenship, writer.thing(value, RG.Country, "country", label))
    elif kind == "position":
        writer.membership(record, name, writer.thing(value, RG.Post, "post", label), "office", begin, end)
    elif kind == "party":
        writer.membership(record, name, writer.thing(value, RG.Organization, "organization", label), "membership", begin, end)
    elif kind == "detention":
        facility = writer.thing(value, RG.DetentionFacility, "facility", label)
        event = mint(DEFAULT_BASE, "event", f"wd-detention-{str(record).rsplit('/', 1)[-1]}-{_qid(value)}")
        writer.add(event, RDF.type, RG.Detention)
        writer.add(event, RDFS.label, Literal(f"Detention of {name} in {label or _qid(value)}"))
        writer.add(event, RG.detainee, record)
        writer.add(event, RG.placeOfDetention, facility)
        writer.dated(event, interval or "unknown")
    elif kind == "conviction":
        event = mint(DEFAULT_BASE, "event", f"wd-conviction-{str(record).rsplit('/', 1)[-1]}-{_qid(value)}")
        writer.add(event, RDF.type, RG.CourtDecision)
        writer.add(event, RDFS.label, Literal(f"Conviction of {name}: {label or _qid(value)}"))
        writer.add(event, RG.defendant, record)
        writer.add(event, RG.charge, Literal(label or _qid(value)))
        outcome = writer.vocab.concept(RG.DecisionOutcome, "conviction")
        if outcome is not None:
            writer.add(event, RG.outcome, outcome)
        writer.dated(event, when or "unknown")
