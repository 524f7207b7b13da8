"""dedupe: the same people across alphabets, word orders and initials; review; apply; never again."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from rdflib import OWL, PROV, RDF, RDFS

from rightsgraph.build import graph_from_batch, load_graph
from rightsgraph.errors import InputError
from rightsgraph.graph import Batch, KnowledgeGraph
from rightsgraph.loaders import load_inputs
from rightsgraph.loaders.dedupe import find_duplicates, judgements_batch, read_review, write_review
from rightsgraph.loaders.matching import Profile, find_pairs
from rightsgraph.loaders.matching.blocking import NameIndex

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dedupe" / "people.yaml"
BASE = "https://w3id.org/rightsgraph/id/person/"
# The truth, from the fixture's own comments: who is the same person as whom.
GROUPS = [
    {"a-dzhakishev", "b-dzhakishev", "c-jakishev", "c-djakishev"},
    {"a-yerimbetov", "b-yerimbetov"},
    {"a-bilash", "b-bilash", "c-bilash"},
    {"a-liu", "b-liu", "c-liu"},
    {"a-mamay", "b-mamay"},
]


@pytest.fixture(scope="module")
def people() -> KnowledgeGraph:
    kg, _ = load_graph([FIXTURE])
    return kg


def short(iri: str) -> str:
    return iri.removeprefix(BASE)


def birth_years() -> dict[str, int]:
    """Birth years read from the fixture itself, not from the graph under test."""
    document = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    return {a["id"]: int(str(a["birthDate"])[:4]) for a in document["actors"] if "birthDate" in a}


def test_every_pair_of_the_same_person_is_proposed(people: KnowledgeGraph) -> None:
    proposed = {frozenset(map(short, (p.a.id, p.b.id))) for p in find_duplicates(people).proposed}
    expected = {frozenset(pair) for group in GROUPS for pair in itertools.combinations(group, 2)}
    assert expected - proposed == set(), "a pair of the same person was missed"
    # Anything else proposed may only involve a record without a birth date (nothing contradicts it).
    years = birth_years()
    for pair in proposed - expected:
        assert any(member not in years for member in pair), pair


def test_no_proposed_pair_is_contradicted_by_a_birth_date(people: KnowledgeGraph) -> None:
    years = birth_years()
    found = find_duplicates(people)
    for pair in found.proposed:
        a, b = short(pair.a.id), short(pair.b.id)
        if a in years and b in years:
            assert years[a] == years[b], (a, b)
    aside = {frozenset(map(short, (p.a.id, p.b.id))): p.comparison for p in found.set_aside}
    junior = aside[frozenset({"a-dzhakishev", "c-dzhakishev-junior"})]
    assert "against: born 1962-03-04, not 1990" in junior.evidence and junior.score < 0.8


def test_evidence_is_shown_for_and_against(people: KnowledgeGraph) -> None:
    found = {frozenset(map(short, (p.a.id, p.b.id))): p.comparison for p in find_duplicates(people).proposed}
    dzhakishev = found[frozenset({"a-dzhakishev", "b-dzhakishev"})]
    assert dzhakishev.evidence[0].startswith("names alike") and "transliterated" in dzhakishev.evidence[0]
    assert "word order differs" in dzhakishev.evidence[0]
    assert "born 1962-03-04 (both)" in dzhakishev.evidence and "citizenship: Kazakhstan (both)" in dzhakishev.evidence
    mamay = found[frozenset({"a-mamay", "b-mamay"})]
    assert "linked with the same record(s): Aidos Sadykov" in mamay.evidence
    assert mamay.score > mamay.name.score, "a shared relative supports the pair"
    initials = found[frozenset({"a-dzhakishev", "c-djakishev"})]
    assert initials.name.initials


def decide(path: Path, decisions: dict[frozenset[str], str], reviewer: str = "Dana Reviewer") -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["reviewer"] = reviewer
    document["reviewed"] = "2026-11-30"
    for entry in document["pairs"]:
        entry["decision"] = decisions.get(frozenset((short(entry["a"]), short(entry["b"]))), "")
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def test_confirmed_pairs_merge_and_rejected_pairs_never_return(people: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    write_review(path, find_duplicates(people))
    assert {e["decision"] for e in yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]} == {""}, "dedupe proposes, never decides"
    same, different = frozenset({"a-yerimbetov", "b-yerimbetov"}), frozenset({"c-dzhakishev-junior", "c-jakishev"})
    decide(path, {same: "confirm", different: "reject"})
    review = read_review(path)
    judgements = judgements_batch(review)
    combined = Batch()
    combined.extend(load_inputs([FIXTURE]))
    combined.extend(judgements)
    kg, report = graph_from_batch(combined)
    assert report.conforms
    # One node for the confirmed pair: both names now belong to the same record.
    names = {str(r["n"]) for r in kg.select(f"SELECT ?n WHERE {{ <{BASE}a-yerimbetov> rdfs:label ?n }}")}
    assert names == {"Iskander Yerimbetov", "Искандер Еримбетов"}
    again = {frozenset(map(short, (p.a.id, p.b.id))) for p in find_duplicates(kg).proposed}
    assert different not in again and same not in again
    assert frozenset({"a-dzhakishev", "b-dzhakishev"}) in again, "undecided pairs are still proposed"
    # Provenance: the reviewer is a person, and the review has its day.
    (row,) = kg.select(f"""SELECT ?who ?type ?day WHERE {{ GRAPH ?g {{ ?x <{OWL.differentFrom}> ?y }}
        ?g <{PROV.wasDerivedFrom}> ?s . ?s <{PROV.wasAttributedTo}> ?agent ; rg:date ?day .
        ?agent <{RDFS.label}> ?who ; <{RDF.type}> ?type }}""")
    assert (str(row["who"]), row["type"], str(row["day"])) == ("Dana Reviewer", PROV.Person, "2026-11-30")


def test_review_problems_are_located(people: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    write_review(path, find_duplicates(people))
    text = path.read_text(encoding="utf-8").replace("decision: ''", "decision: maybe", 1).replace("reviewed: ''", "reviewed: last week")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_review(path)
    lines = text.splitlines()
    messages = {(p.field, p.message): p.line for p in caught.value.problems}
    assert messages[("reviewer", "say who reviewed these pairs")] == lines.index("reviewer: ''") + 1
    assert messages[("decision", "'maybe' is not 'confirm', 'reject' or empty")] == lines.index("  decision: maybe") + 1
    assert messages[("reviewed", "give the day of the review as YYYY-MM-DD")] == lines.index("reviewed: last week") + 1


def test_blocking_compares_few_pairs_and_still_finds_planted_variants() -> None:
    from benchmarks.dedupe import synthetic_people

    profiles, planted = synthetic_people(3000, random.Random(3))
    index = NameIndex(profiles)
    candidates = index.pairs(0.7)
    everything = len(profiles) * (len(profiles) - 1) // 2
    assert len(candidates) < everything / 100, "blocking must not compare all pairs"
    found = {frozenset((p.a.id, p.b.id)) for p in find_pairs(profiles).proposed}
    assert planted <= found, f"missed {len(planted - found)} of {len(planted)} planted duplicates"


def test_dedupe_and_apply_from_the_command_line(cli: Callable[..., Result], tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    result = cli("dedupe", "--input", FIXTURE, "--review", review)
    assert result.exit_code == 0, result.output
    assert "15 proposed, 2 set aside" in result.stdout
    decide(review, {frozenset({"a-liu", "b-liu"}): "confirm"})
    out = tmp_path / "judgements.trig"
    applied = cli("link", "apply", review, "--out", out)
    assert applied.exit_code == 0, applied.output
    assert "1 pair(s) confirmed the same, 0 judged different" in applied.stdout
    assert f"<{OWL.sameAs}>" in out.read_text(encoding="utf-8") or "owl:sameAs" in out.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(review.read_text(encoding="utf-8").replace("decision: confirm", "decision: yes"), encoding="utf-8")
    refused = cli("link", "apply", bad, "--out", tmp_path / "x.trig")
    assert refused.exit_code == 2 and "'yes' is not 'confirm', 'reject' or empty" in refused.stderr
    assert not (tmp_path / "x.trig").exists()


def test_profiles_keep_partial_birth_dates_as_ranges() -> None:
    a = Profile("a", "person", ("Aset Abishev",), births=((dt.date(1975, 1, 1), dt.date(1975, 12, 31)),))
    b = Profile("b", "person", ("Асет Абишев",), births=((dt.date(1975, 6, 2), dt.date(1975, 6, 2)),))
    c = Profile("c", "person", ("Asset Abishev",), births=((dt.date(1976, 6, 2), dt.date(1976, 6, 2)),))
    found = find_pairs([a, b, c])
    assert [(p.a.id, p.b.id) for p in found.proposed] == [("a", "b")]
    assert [(p.a.id, p.b.id) for p in found.set_aside] == [("a", "c"), ("b", "c")]
