"""Wikidata linking against a real local Oxigraph server holding a Wikidata-shaped fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from rightsgraph.build import graph_from_batch
from rightsgraph.errors import InputError
from rightsgraph.graph import Batch, KnowledgeGraph
from rightsgraph.loaders.wikidata import (
    CANDIDATES,
    find_candidates,
    links_batch,
    read_review,
    records_to_link,
    write_review,
)
from rightsgraph.loaders.wikidata_facts import enrich
from rightsgraph.queries import Endpoint, bind_values
from tests.servers import OxigraphServer

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "wikidata.ttl"
pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    with OxigraphServer([FIXTURE], tmp_path_factory.mktemp("wikidata")) as server:
        yield Endpoint(server.query_url)


@pytest.fixture(scope="module")
def proposals(builtin_kg: KnowledgeGraph, wikidata: Endpoint) -> dict[str, object]:
    found = find_candidates(wikidata, records_to_link(builtin_kg), pause=0)
    return {p.record.name: p for p in found}


def test_candidates_are_scored_on_name_type_and_country(proposals: dict[str, object]) -> None:
    yerimbetov = proposals["Iskander Yerimbetov"]
    (candidate,) = yerimbetov.candidates  # type: ignore[attr-defined]
    assert candidate.item.endswith("Q99000100") and candidate.matched == "alias"
    assert candidate.evidence == ["an alias matches 'Iskander Yerimbetov'", "is a human", "citizenship: Kazakhstan (both)"]
    assert yerimbetov.status == "candidate"  # type: ignore[attr-defined]
    surname = proposals["Tokayev"].candidates[0]  # type: ignore[attr-defined]
    assert "is not a human" in surname.evidence and surname.score < candidate.score
    senate = proposals["French Senate"].candidates[0]  # type: ignore[attr-defined]
    assert "is a human, not an organisation" in senate.evidence


def test_same_named_people_are_ambiguous_never_decided(proposals: dict[str, object], tmp_path: Path) -> None:
    dzhakishev = proposals["Mukhtar Dzhakishev"]
    assert dzhakishev.status == "ambiguous"  # type: ignore[attr-defined]
    assert len(dzhakishev.candidates) == 2  # type: ignore[attr-defined]
    path = tmp_path / "review.yaml"
    write_review(path, list(proposals.values()), "http://test")  # type: ignore[arg-type]
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    decisions = {c["decision"] for r in document["records"] for c in r["candidates"]}
    assert decisions == {""}, "the linker proposes, never decides"
    assert read_review.__name__  # a review with no confirmed decision links nothing
    document["reviewer"] = "A. Reviewer"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert read_review(path).links == []


def confirm(path: Path, proposals: dict[str, object], choices: dict[str, str]) -> None:
    write_review(path, list(proposals.values()), "http://test")  # type: ignore[arg-type]
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["reviewer"] = "A. Reviewer"
    for record in document["records"]:
        for candidate in record["candidates"]:
            if choices.get(record["name"]) == candidate["item"].rsplit("/", 1)[-1]:
                candidate["decision"] = "confirm"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def test_only_confirmed_links_become_exact_matches_and_enrich(builtin_kg: KnowledgeGraph, proposals: dict[str, object], wikidata: Endpoint, tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    confirm(path, proposals, {"Iskander Yerimbetov": "Q99000100"})
    review = read_review(path)
    assert [(str(l.record).rsplit("/", 1)[-1], str(l.item).rsplit("/", 1)[-1]) for l in review.links] == [("iskander-yerimbetov", "Q99000100")]
    links = links_batch(review)
    combined = Batch()
    from rightsgraph.loaders import builtin_files, load_inputs

    combined.extend(load_inputs(builtin_files()))
    combined.extend(links)
    kg, _ = graph_from_batch(combined)
    # (The built-in written questions are also exactMatch their EP documents: not Wikidata items.)
    linked = kg.select("SELECT ?r ?i WHERE { GRAPH ?g { ?r skos:exactMatch ?i } FILTER (?g != <https://w3id.org/rightsgraph/graph/ontology> && !STRSTARTS(STR(?i), 'https://data.europarl.europa.eu/')) }")
    assert len(linked) == 1
    facts = enrich(kg, wikidata, pause=0)
    enriched, report = graph_from_batch(_with(combined, facts))
    assert report.conforms
    person = "<https://w3id.org/rightsgraph/id/person/iskander-yerimbetov>"
    (birth,) = enriched.select(f"SELECT ?b WHERE {{ {person} rg:birthDateEDTF ?b }}")
    assert str(birth["b"]) == "1966-01-01"
    posts = enriched.select(f"SELECT ?n WHERE {{ {person} rg:holdsPost/rdfs:label ?n }}")
    assert [str(r["n"]) for r in posts] == ["member of the test senate"]
    citizenship = {str(r["n"]) for r in enriched.select(f"SELECT ?n WHERE {{ {person} rg:citizenship/rdfs:label ?n }}")}
    assert citizenship == {"Kazakhstan"}
    (source,) = enriched.select(f"SELECT ?t WHERE {{ GRAPH ?g {{ {person} rg:birthDate ?b }} ?g prov:wasDerivedFrom/rdfs:label ?t }}")
    assert str(source["t"]).startswith("Wikidata, retrieved")


def _with(batch: Batch, extra: Batch) -> Batch:
    combined = Batch()
    combined.extend(batch)
    combined.extend(extra)
    return combined


def test_review_errors_are_located(proposals: dict[str, object], tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    write_review(path, list(proposals.values()), "http://test")  # type: ignore[arg-type]
    text = path.read_text(encoding="utf-8").replace("decision: ''", "decision: confirm", 3)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_review(path)
    messages = [f"{p.field}: {p.message}" for p in caught.value.problems]
    assert "reviewer: say who reviewed these links" in messages


@pytest.mark.parametrize("hostile", ['x"@en } ; DROP ALL ; #', "} UNION { ?item ?p ?o } #", "a\nb"])
def test_hostile_names_do_not_change_the_lookup(hostile: str) -> None:
    from rdflib import Literal
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    benign = translateQuery(parseQuery(bind_values(CANDIDATES, {"term": [Literal("benign", lang="en")]}))).algebra
    evil_text = bind_values(CANDIDATES, {"term": [Literal(hostile, lang="en")]})
    evil = translateQuery(parseQuery(evil_text)).algebra
    assert repr(evil).replace(repr(hostile), "X") == repr(benign).replace(repr("benign"), "X")
