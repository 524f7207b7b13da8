"""The same person (or organisation) in several records: propose pairs, let a person decide.

1. :func:`profiles` reads what the matcher compares from a graph: names and aliases in any
   alphabet, birth dates, citizenship, and the relatives and events each record is linked with.
2. :func:`find_duplicates` proposes pairs with :mod:`rightsgraph.loaders.matching` (blocking, then
   scoring with the evidence for and against), leaving out pairs a reviewer already judged.
3. :func:`write_review` writes a review file like the Wikidata linker's: evidence per pair, an
   empty decision, and the pairs a fact contradicts (shown, never proposed).
4. :func:`read_review` and :func:`judgements_batch` turn the decisions into identity statements
   (``owl:sameAs``, so the records become one node) and "not the same" statements
   (``owl:differentFrom``, so the pair is never proposed again), attributed to the named reviewer
   on the day of the review.

>>> from rightsgraph.build import load_graph
>>> kg, _ = load_graph()
>>> found = find_duplicates(kg)
>>> len(found.proposed), found.records   # no two of the 25 people, groups and organisations (3 states) are alike
(0, 25)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, URIRef

from rightsgraph.errors import InputError, Problem
from rightsgraph.graph.batch import Batch, Location
from rightsgraph.graph.dates import parse_edtf
from rightsgraph.graph.iris import SYSTEM_GRAPHS
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.loaders.cells import slugify
from rightsgraph.loaders.located_yaml import Mapping, Sequence, read_yaml
from rightsgraph.loaders.matching import THRESHOLD, DedupeResult, Pair, Profile, find_pairs
from rightsgraph.loaders.review import decision_source, dump_review, scalar_text

_KEEP = "FILTER (?g NOT IN (" + ", ".join(g.n3() for g in sorted(SYSTEM_GRAPHS)) + "))"

RECORDS = """
SELECT ?record ?kind ?name WHERE {
  { ?record a rg:Person BIND ("person" AS ?kind) }
  UNION { ?record a rg:Organization BIND ("organization" AS ?kind) }
  ?record rdfs:label ?name .
}
"""
ALIASES = "SELECT ?record ?alias WHERE { ?record a rg:Actor ; skos:altLabel ?alias }"
BIRTHS = "SELECT ?record ?birth WHERE { ?record a rg:Person ; rg:birthDateEDTF ?birth }"
COUNTRIES = "SELECT ?record ?country WHERE { ?record a rg:Actor ; rg:citizenship/rdfs:label ?country }"
LINKS = """
SELECT ?record ?other ?otherName WHERE {
  { ?record a rg:Person ; rg:relativeOf ?other }
  UNION { ?other a rg:Event ; ?role ?record . ?record a rg:Actor . FILTER (?role != rdf:type) }
  OPTIONAL { ?other rdfs:label ?otherName }
}
"""
JUDGED = f"SELECT DISTINCT ?a ?b WHERE {{ GRAPH ?g {{ ?a <{OWL.differentFrom}> ?b }} {_KEEP} }}"


def _day_range(text: str) -> tuple[dt.date, dt.date] | None:
    try:
        parsed = parse_edtf(text)
    except ValueError:
        return None
    return (parsed.earliest, parsed.latest) if parsed.earliest and parsed.latest else None


def profiles(kg: KnowledgeGraph) -> list[Profile]:
    """What the matcher compares of every person and organisation of the graph (one query per facet)."""
    names: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for row in kg.select(RECORDS):
        record = str(row["record"])
        kinds.setdefault(record, str(row["kind"]))
        if str(row["kind"]) == "person":
            kinds[record] = "person"  # a person is never compared with organisations
        if str(row["name"]) not in names[record]:
            names[record].append(str(row["name"]))
    for row in kg.select(ALIASES):
        record = str(row["record"])
        if record in kinds and str(row["alias"]) not in names[record]:
            names[record].append(str(row["alias"]))
    births: dict[str, set[tuple[dt.date, dt.date]]] = defaultdict(set)
    for row in kg.select(BIRTHS):
        span = _day_range(str(row["birth"]))
        if span:
            births[str(row["record"])].add(span)
    countries: dict[str, set[str]] = defaultdict(set)
    for row in kg.select(COUNTRIES):
        countries[str(row["record"])].add(str(row["country"]))
    links: dict[str, dict[str, str]] = defaultdict(dict)
    for row in kg.select(LINKS):
        other = str(row["other"])
        links[str(row["record"])][other] = str(row.get("otherName", other))
    return [
        Profile(
            record,
            kinds[record],
            tuple(names[record]),
            tuple(sorted(births.get(record, ()))),
            frozenset(countries.get(record, ())),
            frozenset(links.get(record, {})),
            tuple(sorted(links.get(record, {}).items())),
        )
        for record in sorted(kinds)
    ]


def judged_pairs(kg: KnowledgeGraph) -> set[frozenset[str]]:
    """Pairs a reviewer said are not the same (``owl:differentFrom``, either way round)."""
    return {frozenset((str(row["a"]), str(row["b"]))) for row in kg.select(JUDGED)}


def find_duplicates(kg: KnowledgeGraph, threshold: float = THRESHOLD) -> DedupeResult:
    """Probable duplicates among the graph's people and organisations, best first."""
    return find_pairs(profiles(kg), threshold, judged_pairs(kg))


REVIEW_HEADER = """\
# rightsgraph dedupe review.
# For each pair, set 'decision: confirm' when both records are the same entity, 'reject' when
# they are not (the pair is then never proposed again), and leave the rest empty. Check before
# confirming: merging two people wrongly can harm both. Fill in 'reviewer' (who decided).
# 'set_aside' lists pairs whose names agree but whose facts say they are different: no decision.
# Then: rightsgraph link apply THIS-FILE --out judgements.trig
"""


def _pair_entry(pair: Pair, decided: bool) -> dict[str, object]:
    entry: dict[str, object] = {
        "a": pair.a.id,
        "a_name": pair.a.name,
        "b": pair.b.id,
        "b_name": pair.b.name,
        "score": pair.comparison.score,
        "evidence": pair.comparison.evidence,
    }
    if decided:
        entry["decision"] = ""
    return entry


def write_review(path: Path, result: DedupeResult) -> None:
    document = {
        "reviewer": "",
        "reviewed": "",
        "kind": "dedupe",
        "generated": dt.date.today().isoformat(),
        "records": result.records,
        "pairs": [_pair_entry(pair, True) for pair in result.proposed],
        "set_aside": [_pair_entry(pair, False) for pair in result.set_aside],
    }
    dump_review(path, REVIEW_HEADER, document)


@dataclass(frozen=True)
class Judgement:
    a: URIRef
    b: URIRef
    same: bool
    line: int


@dataclass
class DedupeReview:
    path: Path
    reviewer: str
    reviewed: dt.date
    judgements: list[Judgement]


def is_dedupe_review(root: object) -> bool:
    return isinstance(root, Mapping) and root.get("pairs") is not None


def read_review(path: Path, today: dt.date | None = None) -> DedupeReview:
    """The decisions of a dedupe review, with every problem of the file located."""
    name = str(path)
    root = read_yaml(path, name)
    if not is_dedupe_review(root):
        raise InputError([Problem(name, None, None, "not a dedupe review file (a mapping with 'reviewer' and 'pairs')")])
    assert isinstance(root, Mapping)
    problems: list[Problem] = []
    reviewer = scalar_text(root.get("reviewer"))
    if not reviewer:
        problems.append(Problem(name, root.line_of("reviewer"), "reviewer", "say who reviewed these pairs"))
    reviewed = today or dt.date.today()
    if scalar_text(root.get("reviewed")):
        try:
            reviewed = dt.date.fromisoformat(scalar_text(root.get("reviewed")))
        except ValueError:
            problems.append(Problem(name, root.line_of("reviewed"), "reviewed", "give the day of the review as YYYY-MM-DD"))
    pairs = root.get("pairs")
    judgements: list[Judgement] = []
    for entry in pairs.items if isinstance(pairs, Sequence) else []:
        if not isinstance(entry, Mapping):
            problems.append(Problem(name, entry.line, "pairs", "each pair is a mapping"))
            continue
        decision = scalar_text(entry.get("decision")).lower()
        if decision not in ("", "confirm", "reject"):
            problems.append(Problem(name, entry.line_of("decision"), "decision", f"'{decision}' is not 'confirm', 'reject' or empty"))
            continue
        if not decision:
            continue
        a, b = scalar_text(entry.get("a")), scalar_text(entry.get("b"))
        for key, value in (("a", a), ("b", b)):
            if not value.startswith(("http://", "https://")):
                problems.append(Problem(name, entry.line_of(key), key, f"'{value}' is not a record IRI"))
        if a == b:
            problems.append(Problem(name, entry.line, "b", "a record is always the same as itself"))
        judgements.append(Judgement(URIRef(a), URIRef(b), decision == "confirm", entry.line_of("decision")))
    if problems:
        raise InputError(problems)
    return DedupeReview(path, reviewer, reviewed, judgements)


def judgements_batch(review: DedupeReview) -> Batch:
    """Decisions as ``owl:sameAs`` / ``owl:differentFrom`` facts of one source: the review."""
    batch = Batch(inputs=[str(review.path)])
    same = sum(1 for j in review.judgements if j.same)
    summary = f"{same} pair(s) confirmed the same and {len(review.judgements) - same} judged different by a reviewer after comparing the evidence"
    label = f"Identity decisions by {review.reviewer} ({review.path.name})"
    graph = decision_source(batch, f"dedupe-review-{slugify(review.path.stem)}", review.path, label, summary, review.reviewer, review.reviewed)
    for judgement in review.judgements:
        predicate = OWL.sameAs if judgement.same else OWL.differentFrom
        batch.add(judgement.a, predicate, judgement.b, graph)
        batch.fields[(judgement.a, predicate)] = Location(str(review.path), judgement.line, "decision")
    return batch
