"""The Wikidata linker's second round: case, Chinese, the endpoint cited, more facts to enrich.

Against a real local Oxigraph server holding the Wikidata-shaped fixture, never the public service.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from rdflib import PROV, RDF

from rightsgraph.build import graph_from_batch, load_graph
from rightsgraph.errors import RightsgraphError
from rightsgraph.graph import Batch, KnowledgeGraph
from rightsgraph.loaders import load_inputs
from rightsgraph.loaders.wikidata_facts import enrich
from rightsgraph.loaders.wikidata import find_candidates, links_batch, read_review, records_to_link, write_review
from rightsgraph.queries import Endpoint
from tests.servers import OxigraphServer

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "wikidata.ttl"
WD = "http://www.wikidata.org/entity/"
pytestmark = pytest.mark.server

UNLINKED = """
sources:
  - {id: s, title: Test list, summary: Names as a list writes them, locator: test, confidence: low}
actors:
  - {id: lower, type: Person, name: iskander yerimbetov, sources: [s]}
  - {id: wang, type: Person, name: 王小明, sources: [s]}
"""

LINKED = """
sources:
  - {id: s, title: Test list, summary: Names as a list writes them, locator: test, confidence: low}
places:
  - {id: cn, type: State, name: Our name for the state, links: ["http://www.wikidata.org/entity/Q99000630"], sources: [s]}
actors:
  - {id: wang, type: Person, name: Wang Xiaoming, links: ["http://www.wikidata.org/entity/Q99000600"], sources: [s]}
"""


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    with OxigraphServer([FIXTURE], tmp_path_factory.mktemp("wikidata")) as server:
        yield Endpoint(server.query_url)


def graph(write_case: Callable[..., Path], text: str) -> KnowledgeGraph:
    kg, _ = load_graph([write_case(text)])
    return kg


def test_label_matching_ignores_case_and_includes_chinese(write_case: Callable[..., Path], wikidata: Endpoint) -> None:
    proposals = {p.record.name: p for p in find_candidates(wikidata, records_to_link(graph(write_case, UNLINKED)), pause=0)}
    assert [c.item for c in proposals["iskander yerimbetov"].candidates] == [WD + "Q99000100"]
    (wang,) = proposals["王小明"].candidates
    assert wang.item == WD + "Q99000600" and wang.matched == "label"


def test_the_reviewer_is_a_person(builtin_kg: KnowledgeGraph, wikidata: Endpoint, tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    write_review(path, find_candidates(wikidata, records_to_link(builtin_kg), pause=0), wikidata.url)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["reviewer"] = "A. Reviewer"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    batch = links_batch(read_review(path))
    agents = {q[0] for q in batch.quads if q[1] == RDF.type and q[2] == PROV.Person}
    assert len(agents) == 1
    assert not [q for q in batch.quads if q[0] in agents and q[1] == RDF.type and q[2] != PROV.Person]


def test_enrich_without_a_confirmed_link_says_so(builtin_kg: KnowledgeGraph, wikidata: Endpoint) -> None:
    with pytest.raises(RightsgraphError, match="no record of the graph has a confirmed Wikidata link"):
        enrich(builtin_kg, wikidata, pause=0)


def test_enrich_with_no_link_writes_nothing(cli: Callable[..., Result], tmp_path: Path, wikidata: Endpoint) -> None:
    out = tmp_path / "facts.trig"
    result = cli("enrich", "--endpoint", wikidata.url, "--pause", "0", "--out", out)
    assert result.exit_code == 2 and "no record of the graph has a confirmed Wikidata link" in result.stderr
    assert not out.exists()


@pytest.fixture(scope="module")
def enriched(tmp_path_factory: pytest.TempPathFactory, wikidata: Endpoint) -> KnowledgeGraph:
    case = tmp_path_factory.mktemp("case") / "linked.yaml"
    case.write_text(LINKED, encoding="utf-8")
    base = load_inputs([case])
    kg, _ = graph_from_batch(base)
    facts = enrich(kg, wikidata, pause=0)
    combined = Batch()
    combined.extend(base)
    combined.extend(facts)
    result, report = graph_from_batch(combined)
    assert report.conforms
    return result


PERSON = "<https://w3id.org/rightsgraph/id/person/wang>"


def test_enrich_cites_the_endpoint_it_asked(enriched: KnowledgeGraph, wikidata: Endpoint) -> None:
    (row,) = enriched.select(f"SELECT ?url ?label WHERE {{ GRAPH ?g {{ {PERSON} rg:deathDate ?d }} ?g prov:wasDerivedFrom ?s . ?s rg:sourceURL ?url ; rdfs:label ?label }}")
    assert str(row["url"]) == wikidata.url
    assert wikidata.url in str(row["label"])


def test_enrich_brings_death_detention_conviction_posts_and_party_with_dates(enriched: KnowledgeGraph) -> None:
    (death,) = enriched.select(f"SELECT ?d WHERE {{ {PERSON} rg:deathDateEDTF ?d }}")
    assert str(death["d"]) == "2015-04-05"
    (detention,) = enriched.select(f"SELECT ?place ?when WHERE {{ ?e a rg:Detention ; rg:detainee {PERSON} ; rg:placeOfDetention/rdfs:label ?place ; rg:dateEDTF ?when }}")
    assert (str(detention["place"]), str(detention["when"])) == ("Test Prison No. 1", "2008-12-08/2014-06-30")
    (conviction,) = enriched.select(f"SELECT ?charge ?when ?outcome WHERE {{ ?e a rg:CourtDecision ; rg:defendant {PERSON} ; rg:charge ?charge ; rg:dateEDTF ?when ; rg:outcome/skos:notation ?outcome }}")
    assert (str(conviction["charge"]), str(conviction["when"]), str(conviction["outcome"])) == ("test offence", "2009-12-25", "conviction")
    posts = enriched.select(f"""SELECT ?post ?start ?end ?kind WHERE {{ {PERSON} rg:holdsPost ?p . ?p rdfs:label ?post .
        ?m a rg:Membership ; rg:member {PERSON} ; rg:post ?p ; rg:startDateEDTF ?start ; rg:endDateEDTF ?end ; rg:membershipKind/skos:notation ?kind }}""")
    assert [tuple(map(str, (r["post"], r["start"], r["end"], r["kind"]))) for r in posts] == [("president of the test writers' centre", "2003-01-01", "2007-01-01", "office")]
    parties = enriched.select(f"""SELECT ?party ?start ?end WHERE {{ {PERSON} rg:memberOf ?o . ?o rdfs:label ?party .
        ?m a rg:Membership ; rg:member {PERSON} ; rg:organization ?o ; rg:startDateEDTF ?start OPTIONAL {{ ?m rg:endDateEDTF ?end }} }}""")
    assert [(str(r["party"]), str(r["start"]), "end" in r) for r in parties] == [("测试党", "1989-06-01", False)]


def test_a_country_without_a_label_is_our_own_linked_record(enriched: KnowledgeGraph) -> None:
    rows = enriched.select(f"SELECT ?state ?name WHERE {{ {PERSON} rg:citizenship ?state . ?state rdfs:label ?name }}")
    assert {str(r["name"]) for r in rows} == {"Our name for the state"}
    assert not [r for r in rows if "Q99000630" in str(r["name"]) or "Q99000630" in str(r["state"])]
