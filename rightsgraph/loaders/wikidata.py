"""Linking with Wikidata: propose candidates, let a person decide, then bring in selected facts.

1. :func:`find_candidates` looks up people and organisations by name and alias at a SPARQL
   endpoint (the public Wikidata query service by default, or any endpoint holding Wikidata's RDF
   shape), politely: a descriptive User-Agent, names sent in batches, a pause between requests,
   and ``Retry-After`` honoured. Each candidate is scored on name, type, country and birth year.
2. :func:`write_review` writes a review file. Nothing is decided automatically: every candidate's
   ``decision`` is left empty, and a record whose best candidates are alike is marked ambiguous.
   (Automatic name matching produced 44% false positives in one published case set, and a wrong
   link can libel someone.)
3. :func:`read_review` and :func:`links_batch` turn the links a reviewer confirmed into
   ``skos:exactMatch`` facts of a source graph attributed to that reviewer.
4. :func:`enrich` brings birth dates, positions held and citizenship of confirmed links into a
   separate source graph attributed to Wikidata.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import PROV, RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.term import Node

from rightsgraph.errors import InputError, Problem
from rightsgraph.graph.batch import Batch, Location
from rightsgraph.graph.confidential import find_confidential, is_withheld, public_copy
from rightsgraph.graph.dates import parse_edtf
from rightsgraph.graph.iris import DEFAULT_BASE, PROVENANCE_GRAPH, SYSTEM_GRAPHS, mint, source_graph, source_iri
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.loaders.cells import slugify
from rightsgraph.loaders.located_yaml import Mapping, Scalar, Sequence, read_yaml
from rightsgraph.ontology import RG, vocabulary
from rightsgraph.queries import Target, bind_values
from rightsgraph.queries.remote import Endpoint, EndpointOptions

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
WD = "http://www.wikidata.org/entity/"
HUMAN = WD + "Q5"
DEFAULT_LANGUAGES = ("en", "ru", "kk", "fr", "de")
AMBIGUITY_MARGIN = 0.05
BATCH_SIZE = 15

CANDIDATES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT DISTINCT ?name ?item ?matched ?label ?description ?type ?countryLabel ?birth WHERE {
  { ?item rdfs:label ?term BIND ("label" AS ?matched) } UNION { ?item skos:altLabel ?term BIND ("alias" AS ?matched) }
  BIND (STR(?term) AS ?name)
  OPTIONAL { ?item rdfs:label ?label FILTER (LANG(?label) = "en") }
  OPTIONAL { ?item schema:description ?description FILTER (LANG(?description) = "en") }
  OPTIONAL { ?item wdt:P31 ?type }
  OPTIONAL { ?item wdt:P27|wdt:P17 ?country . ?country rdfs:label ?countryLabel FILTER (LANG(?countryLabel) = "en") }
  OPTIONAL { ?item wdt:P569 ?birth }
}
"""

FACTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
SELECT DISTINCT ?item ?itemLabel ?birth ?position ?positionLabel ?start ?end ?country ?countryLabel WHERE {
  { ?item wdt:P569 ?birth }
  UNION { ?item p:P39 ?statement . ?statement ps:P39 ?position .
          OPTIONAL { ?position rdfs:label ?positionLabel FILTER (LANG(?positionLabel) = "en") }
          OPTIONAL { ?statement pq:P580 ?start } OPTIONAL { ?statement pq:P582 ?end } }
  UNION { ?item wdt:P27 ?country . OPTIONAL { ?country rdfs:label ?countryLabel FILTER (LANG(?countryLabel) = "en") } }
  OPTIONAL { ?item rdfs:label ?itemLabel FILTER (LANG(?itemLabel) = "en") }
}
"""

TO_LINK = """
PREFIX rg: <https://w3id.org/rightsgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?record ?name ?kind (GROUP_CONCAT(DISTINCT ?alias; separator="\\u001f") AS ?aliases)
       (GROUP_CONCAT(DISTINCT ?countryName; separator="\\u001f") AS ?countries) (SAMPLE(?birth) AS ?birthYear) WHERE {
  { ?record a rg:Person BIND ("person" AS ?kind) } UNION { ?record a rg:Organization BIND ("organization" AS ?kind) FILTER NOT EXISTS { ?record a rg:DetentionFacility } }
  ?record rdfs:label ?name .
  FILTER NOT EXISTS { ?record skos:exactMatch ?link FILTER (STRSTARTS(STR(?link), "http://www.wikidata.org/entity/")) }
  OPTIONAL { ?record skos:altLabel ?alias }
  OPTIONAL { ?record rg:citizenship|rg:jurisdiction ?country . ?country rdfs:label ?countryName }
  OPTIONAL { ?record rg:birthDateEDTF ?birth }
}
GROUP BY ?record ?name ?kind
ORDER BY ?record
"""


@dataclass
class ToLink:
    """A record to find in Wikidata."""

    record: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    birth_year: int | None = None


@dataclass
class Candidate:
    item: str
    label: str = ""
    description: str = ""
    matched: str = "alias"
    types: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    birth_years: set[int] = field(default_factory=set)
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)


@dataclass
class Proposal:
    record: ToLink
    candidates: list[Candidate]

    @property
    def status(self) -> str:
        if not self.candidates:
            return "no candidate"
        top = self.candidates[0].score
        alike = [c for c in self.candidates if c.score >= top - AMBIGUITY_MARGIN]
        return "ambiguous" if len(alike) > 1 else "candidate"


def _split(value: object) -> list[str]:
    return [part for part in str(value or "").split("\x1f") if part]


def shareable(kg: KnowledgeGraph) -> KnowledgeGraph:
    """What may be sent to an outside service: the public copy when anything is confidential.

    Names and links of confidential records, and every fact of a confidential source or value,
    never leave the machine.
    """
    found = find_confidential(kg)
    return public_copy(kg, found) if found else kg


def records_to_link(kg: KnowledgeGraph) -> list[ToLink]:
    """People and organisations of the graph without a Wikidata link yet (none confidential)."""
    out = []
    for row in shareable(kg).select(TO_LINK):
        if is_withheld(row["record"]):
            continue
        year = None
        if "birthYear" in row:
            try:
                earliest = parse_edtf(str(row["birthYear"])).earliest
                latest = parse_edtf(str(row["birthYear"])).latest
                year = earliest.year if earliest and latest and earliest.year == latest.year else None
            except ValueError:
                year = None
        out.append(ToLink(str(row["record"]), str(row["name"]), str(row["kind"]), _split(row.get("aliases")), _split(row.get("countries")), year))
    return out


def score(record: ToLink, candidate: Candidate) -> tuple[float, list[str]]:
    """A score in [0, 1] and the evidence for it (name, type, country, birth year)."""
    evidence = [f"{candidate.matched} matches '{record.name}'" if candidate.matched == "label" else f"an alias matches '{record.name}'"]
    value = 0.6 if candidate.matched == "label" else 0.45
    human = HUMAN in candidate.types
    if record.kind == "person":
        if human:
            value += 0.2
            evidence.append("is a human")
        elif candidate.types:
            value -= 0.4
            evidence.append("is not a human")
    elif human:
        value -= 0.4
        evidence.append("is a human, not an organisation")
    elif candidate.types:
        value += 0.1
        evidence.append("is not a human")
    ours = {c.lower() for c in record.countries}
    theirs = {c.lower() for c in candidate.countries}
    if ours and theirs:
        if ours & theirs:
            value += 0.15
            evidence.append(f"country: {', '.join(sorted(ours & theirs))}")
        else:
            value -= 0.2
            evidence.append(f"country differs ({', '.join(sorted(theirs))})")
    if record.birth_year and candidate.birth_years:
        if record.birth_year in candidate.birth_years:
            value += 0.15
            evidence.append(f"born {record.birth_year}")
        else:
            value -= 0.3
            evidence.append(f"born {', '.join(str(y) for y in sorted(candidate.birth_years))}, not {record.birth_year}")
    return round(max(0.0, min(1.0, value)), 3), evidence


def find_candidates(
    target: Target,
    records: list[ToLink],
    *,
    languages: Iterable[str] = DEFAULT_LANGUAGES,
    batch_size: int = BATCH_SIZE,
    pause: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Proposal]:
    """Candidates for each record, best first. Names go to the endpoint as bound literals."""
    languages = list(languages)
    by_name: dict[str, list[ToLink]] = defaultdict(list)
    for record in records:
        for name in {record.name, *record.aliases}:
            by_name[name].append(record)
    names = sorted(by_name)
    found: dict[str, dict[str, Candidate]] = defaultdict(dict)
    for start in range(0, len(names), batch_size):
        if start:
            sleep(pause)
        chunk = names[start : start + batch_size]
        terms = [Literal(name, lang=lang) for name in chunk for lang in languages]
        result = target.run(bind_values(CANDIDATES, {"term": terms}))
        for row in result.rows:
            name, item = str(row["name"]), str(row["item"])
            for record in by_name.get(name, []):
                candidate = found[record.record].setdefault(item, Candidate(item))
                if row.get("matched") is not None and str(row["matched"]) == "label" and name == record.name:
                    candidate.matched = "label"
                for key, attribute in (("label", "label"), ("description", "description")):
                    if key in row and not getattr(candidate, attribute):
                        setattr(candidate, attribute, str(row[key]))
                if "type" in row:
                    candidate.types.add(str(row["type"]))
                if "countryLabel" in row:
                    candidate.countries.add(str(row["countryLabel"]))
                if "birth" in row:
                    candidate.birth_years.add(int(str(row["birth"])[:4].lstrip("+") or 0))
    proposals = []
    for record in records:
        candidates = list(found.get(record.record, {}).values())
        for candidate in candidates:
            candidate.score, candidate.evidence = score(record, candidate)
        candidates.sort(key=lambda c: (-c.score, c.item))
        proposals.append(Proposal(record, candidates))
    return proposals


REVIEW_HEADER = """\
# rightsgraph link review.
# For each record, set 'decision: confirm' on the candidate that is the same entity, 'reject' on
# those that are not, and leave the rest empty. Confirm at most one candidate per record, and
# only after checking: a wrong link can harm a real person. Fill in 'reviewer' (who decided).
# Then: rightsgraph link apply THIS-FILE --out links.trig
"""


def write_review(path: Path, proposals: list[Proposal], endpoint: str) -> None:
    document = {
        "reviewer": "",
        "endpoint": endpoint,
        "generated": dt.date.today().isoformat(),
        "records": [
            {
                "record": p.record.record,
                "name": p.record.name,
                "kind": p.record.kind,
                "status": p.status,
                **({"note": "the best candidates are alike: check each before confirming any"} if p.status == "ambiguous" else {}),
                "candidates": [
                    {"item": c.item, "label": c.label, "description": c.description, "score": c.score, "evidence": c.evidence, "decision": ""}
                    for c in p.candidates
                ],
            }
            for p in proposals
        ],
    }
    path.write_text(REVIEW_HEADER + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


@dataclass(frozen=True)
class ConfirmedLink:
    record: URIRef
    item: URIRef
    line: int


@dataclass
class Review:
    path: Path
    reviewer: str
    endpoint: str
    links: list[ConfirmedLink]


def _text(node: object) -> str:
    return node.text.strip() if isinstance(node, Scalar) and not node.is_null else ""


def read_review(path: Path) -> Review:
    """The links a reviewer confirmed, with every problem of the file located."""
    name = str(path)
    root = read_yaml(path, name)
    problems: list[Problem] = []
    if not isinstance(root, Mapping):
        raise InputError([Problem(name, None, None, "not a review file (a mapping with 'reviewer' and 'records')")])
    reviewer = _text(root.get("reviewer"))
    if not reviewer:
        problems.append(Problem(name, root.line_of("reviewer"), "reviewer", "say who reviewed these links"))
    records = root.get("records")
    links: list[ConfirmedLink] = []
    if not isinstance(records, Sequence):
        problems.append(Problem(name, root.line_of("records"), "records", "missing or not a list"))
        raise InputError(problems)
    for entry in records.items:
        if not isinstance(entry, Mapping):
            problems.append(Problem(name, entry.line, "records", "each record is a mapping"))
            continue
        record = _text(entry.get("record"))
        confirmed = []
        candidates = entry.get("candidates")
        for candidate in candidates.items if isinstance(candidates, Sequence) else []:
            if not isinstance(candidate, Mapping):
                continue
            decision = _text(candidate.get("decision")).lower()
            if decision not in ("", "confirm", "reject"):
                problems.append(Problem(name, candidate.line_of("decision"), "decision", f"'{decision}' is not 'confirm', 'reject' or empty"))
            elif decision == "confirm":
                item = _text(candidate.get("item"))
                if not item.startswith(WD):
                    problems.append(Problem(name, candidate.line_of("item"), "item", f"'{item}' is not a Wikidata item IRI"))
                else:
                    confirmed.append(ConfirmedLink(URIRef(record), URIRef(item), candidate.line_of("decision")))
        if len(confirmed) > 1:
            problems.append(Problem(name, entry.line, "decision", f"{len(confirmed)} candidates confirmed for one record; confirm at most one"))
        elif confirmed and not record.startswith(("http://", "https://")):
            problems.append(Problem(name, entry.line_of("record"), "record", "not a record IRI"))
        else:
            links.extend(confirmed)
    if problems:
        raise InputError(problems)
    return Review(path, reviewer, _text(root.get("endpoint")), links)


def links_batch(review: Review) -> Batch:
    """The confirmed links as ``skos:exactMatch`` facts of one source: the review."""
    source_id = f"link-review-{slugify(review.path.stem)}"
    source, graph = source_iri(DEFAULT_BASE, source_id), source_graph(DEFAULT_BASE, source_id)
    batch = Batch(inputs=[str(review.path)])
    reviewer = mint(DEFAULT_BASE, "group", f"reviewer-{slugify(review.reviewer)}")
    for predicate, value in (
        (RDF.type, RG.Source),
        (RDFS.label, Literal(f"Links confirmed by {review.reviewer} ({review.path.name})")),
        (RG.summary, Literal(f"{len(review.links)} identity links to Wikidata confirmed by a reviewer after comparing candidates")),
        (RG.locator, Literal(review.path.name)),
        (RG.sourceFile, Literal(review.path.name)),
        (RG.confidence, RG.ConfidenceHigh),
        (PROV.wasAttributedTo, reviewer),
    ):
        batch.add(source, predicate, value, PROVENANCE_GRAPH)
    batch.add(reviewer, RDF.type, RG.Group, PROVENANCE_GRAPH)
    batch.add(reviewer, RDFS.label, Literal(review.reviewer), PROVENANCE_GRAPH)
    batch.add(graph, RDF.type, RG.FactGraph, PROVENANCE_GRAPH)
    batch.add(graph, PROV.wasDerivedFrom, source, PROVENANCE_GRAPH)
    batch.records[graph] = Location(str(review.path), None)
    for link in review.links:
        batch.add(link.record, SKOS.exactMatch, link.item, graph)
        batch.fields[(link.record, SKOS.exactMatch)] = Location(str(review.path), link.line, "decision")
    return batch


def confirmed_links(kg: KnowledgeGraph) -> dict[URIRef, list[URIRef]]:
    """Wikidata item → the records confirmed to be it."""
    keep = ", ".join(g.n3() for g in sorted(SYSTEM_GRAPHS))
    rows = kg.select(
        f"SELECT DISTINCT ?record ?item WHERE {{ GRAPH ?g {{ ?record <{SKOS.exactMatch}> ?item }} "
        f"FILTER (?g NOT IN ({keep}) && STRSTARTS(STR(?item), \"{WD}\")) }}"
    )
    out: dict[URIRef, list[URIRef]] = defaultdict(list)
    for row in rows:
        item, record = row["item"], row["record"]
        if isinstance(item, URIRef) and isinstance(record, URIRef):
            out[item].append(record)
    return out


def enrich(kg: KnowledgeGraph, target: Target, *, batch_size: int = 50, pause: float = 1.0, sleep: Callable[[float], None] = time.sleep, retrieved: dt.date | None = None) -> Batch:
    """Birth dates, positions held and citizenship of confirmed links, attributed to Wikidata."""
    day = (retrieved or dt.date.today()).isoformat()
    vocab = vocabulary()
    links = {item: [r for r in records if not is_withheld(r)] for item, records in confirmed_links(shareable(kg)).items()}
    links = {item: records for item, records in links.items() if records}
    source_id = f"wikidata-{day}"
    source, graph = source_iri(DEFAULT_BASE, source_id), source_graph(DEFAULT_BASE, source_id)
    batch = Batch(inputs=["wikidata"])
    for predicate, value in (
        (RDF.type, RG.Source),
        (RDFS.label, Literal(f"Wikidata, retrieved {day}")),
        (RG.summary, Literal("Birth dates, positions held and citizenship of records confirmed to be Wikidata items")),
        (RG.sourceURL, Literal("https://www.wikidata.org/", datatype=XSD.anyURI)),
        (RG.locator, Literal("Wikidata items of the confirmed links")),
        (RG.dateEDTF, Literal(day)),
        (RG.date, Literal(day, datatype=XSD.date)),
        (RG.confidence, RG.ConfidenceMedium),
    ):
        batch.add(source, predicate, value, PROVENANCE_GRAPH)
    batch.add(graph, RDF.type, RG.FactGraph, PROVENANCE_GRAPH)
    batch.add(graph, PROV.wasDerivedFrom, source, PROVENANCE_GRAPH)
    batch.records[graph] = Location("wikidata", None)
    items = sorted(links)
    typed: set[URIRef] = set()

    def describe(record: URIRef, row: dict[str, Node]) -> None:
        """The record's class (ours) and its name as Wikidata gives it."""
        if record in typed:
            return
        typed.add(record)
        rows = kg.select(f"SELECT ?class ?label WHERE {{ {record.n3()} a ?class ; <{RDFS.label}> ?label }}")
        cls = vocab.most_specific(r["class"] for r in rows if isinstance(r["class"], URIRef))
        if cls is not None:
            batch.add(record, RDF.type, cls, graph)
            batch.add(record, RDFS.label, Literal(str(row.get("itemLabel", rows[0]["label"]))), graph)

    for start in range(0, len(items), batch_size):
        if start:
            sleep(pause)
        chunk = items[start : start + batch_size]
        for row in target.run(bind_values(FACTS, {"item": chunk})).rows:
            item = row.get("item")
            for record in links.get(item, []) if isinstance(item, URIRef) else []:
                if "birth" in row:
                    describe(record, row)
                    birth = str(row["birth"])[:10].lstrip("+")
                    batch.add(record, RG.birthDateEDTF, Literal(birth), graph)
                    batch.add(record, RG.birthDate, Literal(birth, datatype=XSD.date), graph)
                if "position" in row:
                    describe(record, row)
                    post = mint(DEFAULT_BASE, "post", "wd-" + str(row["position"]).rsplit("/", 1)[-1])
                    batch.add(post, RDF.type, RG.Post, graph)
                    batch.add(post, RDFS.label, Literal(str(row.get("positionLabel", row["position"]))), graph)
                    batch.add(post, SKOS.exactMatch, row["position"], graph)
                    batch.add(record, RG.holdsPost, post, graph)
                if "country" in row:
                    describe(record, row)
                    # The state is named after the Wikidata item, not matched to ours by name:
                    # matching is for a reviewer (link it like any other organisation).
                    label = str(row.get("countryLabel", str(row["country"]).rsplit("/", 1)[-1]))
                    state = mint(DEFAULT_BASE, "state", "wd-" + str(row["country"]).rsplit("/", 1)[-1])
                    batch.add(state, RDF.type, RG.State, graph)
                    batch.add(state, RDFS.label, Literal(label), graph)
                    batch.add(state, SKOS.exactMatch, row["country"], graph)
                    batch.add(record, RG.citizenship, state, graph)
    return batch


def wikidata_endpoint(url: str | None, timeout: float = 60.0) -> Endpoint:
    """The endpoint to ask (default: the public Wikidata query service)."""
    return Endpoint(url or DEFAULT_ENDPOINT, EndpointOptions(timeout=timeout))
