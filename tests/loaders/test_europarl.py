"""The European Parliament's identifiers: derived links, and enrich from its own linked data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result

from rightsgraph.build import graph_from_batch, load_graph
from rightsgraph.errors import RightsgraphError
from rightsgraph.graph import Batch, KnowledgeGraph
from rightsgraph.loaders import load_inputs
from rightsgraph.loaders.europarl_facts import enrich_europarl
from tests.servers import Reply, ScriptedHTTPServer

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "europarl" / "questions-2022.ttl"
DOCUMENT = "https://w3id.org/rightsgraph/id/document/"

QUESTIONS = """
sources:
  - {id: s, title: Test list of EP documents, summary: References as a source gives them, locator: test, confidence: medium}
actors:
  - {id: ep, type: InternationalBody, name: European Parliament, sources: [s]}
documents:
  - id: q43
    type: WrittenQuestion
    name: A written question on protectionism
    issuingBody: ep
    date: 2022-01-06
    identifiers: [{scheme: ep-question, value: E-000043/2022}]
    sources: [s]
  - id: q-undated
    type: WrittenQuestion
    name: A written question of 2019 with no date
    issuingBody: ep
    identifiers: [{scheme: ep-question, value: E-004139/2019}]
    sources: [s]
  - id: ta
    type: Resolution
    name: A resolution adopted in 2021
    issuingBody: ep
    procedureReference: 2021/2880(RSP)
    identifiers: [{scheme: ep-adopted-text, value: P9_TA(2021)0362}]
    sources: [s]
"""


def links(kg: KnowledgeGraph, record: str) -> set[str]:
    rows = kg.select(f"SELECT ?l WHERE {{ <{DOCUMENT}{record}> skos:exactMatch|rdfs:seeAlso ?l }}")
    return {str(r["l"]) for r in rows}


def test_the_builtin_resolution_and_questions_carry_their_ep_identifiers(builtin_kg: KnowledgeGraph) -> None:
    # The portal's documented form for procedure 2019/2610(RSP).
    assert links(builtin_kg, "ep-resolution-2019-03-14") == {"https://data.europarl.europa.eu/eli/dl/proc/2019-2610"}
    # The written questions carry the numbers the EP's register gives them (E-007094/2017 and
    # E-007095/2017, 8th term by their date): their ELI documents, as the register's own pages
    # are named (E-8-2017-007094...).
    assert links(builtin_kg, "written-question-2017-11-13-1") == {"https://data.europarl.europa.eu/eli/dl/doc/E-8-2017-007094"}
    assert links(builtin_kg, "written-question-2017-11-13-2") == {"https://data.europarl.europa.eu/eli/dl/doc/E-8-2017-007095"}


def test_identifiers_give_links_only_where_the_scheme_determines_them(write_case: Callable[..., Path]) -> None:
    kg, _ = load_graph([write_case(QUESTIONS)])
    assert links(kg, "q43") == {"https://data.europarl.europa.eu/eli/dl/doc/E-9-2022-000043"}
    assert links(kg, "q-undated") == set(), "2019 had two terms: without a date the IRI is not known"
    assert links(kg, "ta") == {"https://data.europarl.europa.eu/eli/dl/doc/TA-9-2021-0362", "https://data.europarl.europa.eu/eli/dl/proc/2021-2880"}
    # The links sit in the source graph that gave the reference.
    (row,) = kg.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{DOCUMENT}q43> skos:exactMatch ?l }} }}")
    assert str(row["g"]).endswith("/graph/s")


def enriched(write_case: Callable[..., Path], source: str) -> KnowledgeGraph:
    case = write_case(QUESTIONS)
    base = load_inputs([case])
    kg, _ = graph_from_batch(base)
    combined = Batch()
    combined.extend(base)
    combined.extend(enrich_europarl(kg, source))
    result, report = graph_from_batch(combined)
    assert report.conforms
    return result


def facts_of_q43(kg: KnowledgeGraph) -> tuple[str, str, set[str]]:
    q = f"<{DOCUMENT}q43>"
    (title,) = kg.select(f"SELECT ?t WHERE {{ {q} rg:title ?t }}")
    dates = {str(r["d"]) for r in kg.select(f"SELECT ?d WHERE {{ {q} rg:dateEDTF ?d }}")}
    authors = {str(r["ep"]) for r in kg.select(f"SELECT ?ep WHERE {{ {q} rg:author/skos:exactMatch ?ep }}")}
    return str(title["t"]), ",".join(sorted(dates)), authors


def test_enrich_reads_the_eps_turtle(write_case: Callable[..., Path]) -> None:
    kg = enriched(write_case, str(SAMPLE))
    # Expected values read off the sample itself: the English title, 2022-01-05T23:00Z is 6
    # January in Brussels, and the MEP named as creator.
    assert facts_of_q43(kg) == ("De facto protectionism in the EU", "2022-01-06", {"https://data.europarl.europa.eu/person/197467"})
    (label,) = kg.select(f"SELECT ?l WHERE {{ GRAPH ?g {{ <{DOCUMENT}q43> rg:title ?t }} ?g prov:wasDerivedFrom/rdfs:label ?l }}")
    assert str(SAMPLE) in str(label["l"])


def test_enrich_reads_json_ld_and_subjects(write_case: Callable[..., Path], tmp_path: Path) -> None:
    store = ox.Store()
    store.load(path=str(SAMPLE), format=ox.RdfFormat.TURTLE)
    # Not in the sample: a subject, added here to check that eli:is_about is read.
    work = ox.NamedNode("https://data.europarl.europa.eu/eli/dl/doc/E-9-2022-000043")
    topic = ox.NamedNode("http://eurovoc.europa.eu/test-topic")
    store.add(ox.Quad(work, ox.NamedNode("http://data.europa.eu/eli/ontology#is_about"), topic))
    store.add(ox.Quad(topic, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("protectionism", language="en")))
    jsonld = tmp_path / "questions.jsonld"
    store.dump(str(jsonld), format=ox.RdfFormat.JSON_LD, from_graph=ox.DefaultGraph())
    kg = enriched(write_case, str(jsonld))
    assert facts_of_q43(kg)[:2] == ("De facto protectionism in the EU", "2022-01-06")
    (subject,) = kg.select(f"SELECT ?n WHERE {{ <{DOCUMENT}q43> <http://purl.org/dc/terms/subject>/skos:prefLabel ?n }}")
    assert str(subject["n"]) == "protectionism"


def test_enrich_from_a_url_cites_it(write_case: Callable[..., Path]) -> None:
    reply = Reply(200, SAMPLE.read_bytes(), {"Content-Type": "text/turtle; charset=utf-8"})
    with ScriptedHTTPServer([Reply(503, b"", {"Retry-After": "0"}), reply]) as server:
        kg = enriched(write_case, server.url)
        assert server.requests[-1].headers["User-Agent"].startswith("rightsgraph/")
        assert len(server.requests) == 2, "one retry after a 503"
    assert facts_of_q43(kg)[0] == "De facto protectionism in the EU"
    (url,) = kg.select(f"SELECT ?u WHERE {{ GRAPH ?g {{ <{DOCUMENT}q43> rg:title ?t }} ?g prov:wasDerivedFrom/rg:sourceURL ?u }}")
    assert str(url["u"]) == server.url


def test_enrich_refuses_a_graph_without_ep_links(builtin_kg: KnowledgeGraph, write_case: Callable[..., Path]) -> None:
    kg, _ = load_graph([write_case("""
        sources:
          - {id: s, title: t, summary: s, locator: l, confidence: low}
        actors:
          - {id: a, type: Person, name: A. Person, sources: [s]}
        """)])
    with pytest.raises(RightsgraphError, match="no document of the graph is linked to a European Parliament IRI"):
        enrich_europarl(kg, str(SAMPLE))


def test_enrich_europarl_from_the_command_line(cli: Callable[..., Result], write_case: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "ep.trig"
    result = cli("enrich", "--input", write_case(QUESTIONS), "--europarl", SAMPLE, "--out", out)
    assert result.exit_code == 0, result.output
    assert "De facto protectionism in the EU" in out.read_text(encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    refused = cli("enrich", "--input", write_case(QUESTIONS, "q2.yaml"), "--europarl", bad, "--out", tmp_path / "x.trig")
    assert refused.exit_code == 2 and str(bad) in refused.stderr and not (tmp_path / "x.trig").exists()
