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
4. :func:`~rightsgraph.loaders.wikidata_facts.enrich` brings what Wikidata says of confirmed
   links into a separate source graph citing the endpoint asked.

Names are looked up as written and in the usual capitalisations ("douglas adams" finds
"Douglas Adams"), in English, Russian, Kazakh, French, German and Chinese by default.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import SKOS, Literal, URIRef

from rightsgraph.errors import InputError, Problem
from rightsgraph.graph.batch import Batch, Location
from rightsgraph.graph.confidential import find_confidential, is_withheld, public_copy
from rightsgraph.graph.dates import parse_edtf
from rightsgraph.graph.iris import SYSTEM_GRAPHS, is_valid_iri
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.loaders.cells import slugify
from rightsgraph.loaders.located_yaml import Mapping, Sequence, read_yaml
from rightsgraph.loaders.matching.evidence import Profile, weigh
from rightsgraph.loaders.review import decision_source, dump_review, scalar_text
from rightsgraph.queries import Target, bind_values
from rightsgraph.queries.remote import Endpoint, EndpointOptions

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
WD = "http://www.wikidata.org/entity/"
HUMAN = WD + "Q5"
DEFAULT_LANGUAGES = ("en", "ru", "kk", "fr", "de", "zh")
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


def _profile(id: str, kind: str, names: Iterable[str], years: Iterable[int], countries: Iterable[str]) -> Profile:
    births = tuple((dt.date(year, 1, 1), dt.date(year, 12, 31)) for year in sorted(set(years)) if year > 0)
    return Profile(id, kind, tuple(names), births, frozenset(countries))


def score(record: ToLink, candidate: Candidate) -> tuple[float, list[str]]:
    """A score in [0, 1] and the evidence for it: name and type here, birth year and country
    weighed by the shared matcher (:func:`rightsgraph.loaders.matching.evidence.weigh`)."""
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
    ours = _profile(record.record, record.kind, [record.name], [record.birth_year] if record.birth_year else [], record.countries)
    theirs = _profile(candidate.item, record.kind, [candidate.label or record.name], candidate.birth_years, candidate.countries)
    weight = weigh(ours, theirs)
    evidence.extend([*weight.supports, *(f"against: {reason}" for reason in weight.against)])
    return round(max(0.0, min(1.0, value + weight.delta)), 3), evidence


def capitalisations(name: str) -> list[str]:
    """The name as written, in lower case, and with each word capitalised (labels match exactly).

    Always three, repeats included, so every name asks the same number of questions.

    >>> capitalisations("douglas adams")
    ['douglas adams', 'douglas adams', 'Douglas Adams']
    """
    return [name, name.lower(), " ".join(word[:1].upper() + word[1:] for word in name.split(" "))]


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
            if record not in by_name[name.casefold()]:
                by_name[name.casefold()].append(record)
    names = sorted({name for record in records for name in {record.name, *record.aliases}})
    found: dict[str, dict[str, Candidate]] = defaultdict(dict)
    for start in range(0, len(names), batch_size):
        if start:
            sleep(pause)
        chunk = names[start : start + batch_size]
        # Labels match exactly: ask for the usual capitalisations of each name, then compare casefolded.
        terms = [Literal(variant, lang=lang) for name in chunk for variant in capitalisations(name) for lang in languages]
        result = target.run(bind_values(CANDIDATES, {"term": terms}))
        for row in result.rows:
            name, item = str(row["name"]), str(row["item"])
            for record in by_name.get(name.casefold(), []):
                candidate = found[record.record].setdefault(item, Candidate(item))
                if row.get("matched") is not None and str(row["matched"]) == "label" and name.casefold() == record.name.casefold():
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
    dump_review(path, REVIEW_HEADER, document)


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


WIKIDATA_ITEM = re.compile(re.escape(WD) + r"Q[1-9][0-9]*")


def read_review(path: Path) -> Review:
    """The links a reviewer confirmed, with every problem of the file located."""
    name = str(path)
    root = read_yaml(path, name)
    problems: list[Problem] = []
    if not isinstance(root, Mapping):
        raise InputError([Problem(name, None, None, "not a review file (a mapping with 'reviewer' and 'records')")])
    reviewer = scalar_text(root.get("reviewer"))
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
        record = scalar_text(entry.get("record"))
        confirmed = []
        candidates = entry.get("candidates")
        for candidate in candidates.items if isinstance(candidates, Sequence) else []:
            if not isinstance(candidate, Mapping):
                continue
            decision = scalar_text(candidate.get("decision")).lower()
            if decision not in ("", "confirm", "reject"):
                problems.append(Problem(name, candidate.line_of("decision"), "decision", f"'{decision}' is not 'confirm', 'reject' or empty"))
            elif decision == "confirm":
                item = scalar_text(candidate.get("item"))
                if not WIKIDATA_ITEM.fullmatch(item):
                    problems.append(Problem(name, candidate.line_of("item"), "item", f"'{item[:200]}' is not a Wikidata item IRI ({WD}Q...)"))
                else:
                    confirmed.append(ConfirmedLink(URIRef(record), URIRef(item), candidate.line_of("decision")))
        if len(confirmed) > 1:
            problems.append(Problem(name, entry.line, "decision", f"{len(confirmed)} candidates confirmed for one record; confirm at most one"))
        elif confirmed and not (record.startswith(("http://", "https://")) and is_valid_iri(record)):
            problems.append(Problem(name, entry.line_of("record"), "record", "not a record IRI"))
        else:
            links.extend(confirmed)
    if problems:
        raise InputError(problems)
    return Review(path, reviewer, scalar_text(root.get("endpoint")), links)


def links_batch(review: Review, today: dt.date | None = None) -> Batch:
    """The confirmed links as ``skos:exactMatch`` facts of one source: the review, by its reviewer."""
    batch = Batch(inputs=[str(review.path)])
    label = f"Links confirmed by {review.reviewer} ({review.path.name})"
    summary = f"{len(review.links)} identity links to Wikidata confirmed by a reviewer after comparing candidates"
    graph = decision_source(batch, f"link-review-{slugify(review.path.stem)}", review.path, label, summary, review.reviewer, today or dt.date.today())
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


def wikidata_endpoint(url: str | None, timeout: float = 60.0) -> Endpoint:
    """The endpoint to ask (default: the public Wikidata query service)."""
    return Endpoint(url or DEFAULT_ENDPOINT, EndpointOptions(timeout=timeout))
