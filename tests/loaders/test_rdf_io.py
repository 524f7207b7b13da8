"""RDF in (every format into its own source graph, with provenance) and out."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef

from rightsgraph.build import build, graph_from_batch, load_graph
from rightsgraph.errors import InputError
from rightsgraph.loaders import load_rdf_file
from rightsgraph.ontology import RG
from tests.servers import Reply, ScriptedHTTPServer

EX = Namespace("https://example.org/")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def sample() -> Graph:
    graph = Graph()
    graph.add((EX.ana, RDF_TYPE, RG.Person))
    graph.add((EX.ana, RDFS_LABEL, Literal("Ана Example")))
    graph.add((EX.bo, RDF_TYPE, RG.Person))
    graph.add((EX.bo, RDFS_LABEL, Literal("Bo")))
    graph.add((EX.ana, RG.siblingOf, EX.bo))
    return graph


@pytest.mark.parametrize(("suffix", "fmt"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdf", "xml"), ("n3", "n3")])
def test_triple_formats_load_into_their_own_source_graph(tmp_path: Path, suffix: str, fmt: str) -> None:
    path = tmp_path / f"people.{suffix}"
    sample().serialize(path, format=fmt)
    kg, report = graph_from_batch(load_rdf_file(path))
    assert report.conforms
    (graph,) = kg.fact_graphs()
    (row,) = kg.select(f"SELECT ?file ?summary WHERE {{ {graph.n3()} prov:wasDerivedFrom ?s . ?s rg:sourceFile ?file ; rg:summary ?summary }}")
    assert str(row["file"]) == path.name
    assert kg.ask("ASK { <https://example.org/bo> rg:siblingOf <https://example.org/ana> }"), "inference applies to loaded RDF too"
    assert kg.ask("ASK { ?p rdfs:label 'Ана Example' }")


@pytest.mark.parametrize(("suffix", "fmt"), [("trig", "trig"), ("nq", "nquads")])
def test_quad_formats_keep_their_graphs(tmp_path: Path, suffix: str, fmt: str) -> None:
    dataset = Dataset()
    for name in ("one", "two"):
        graph = dataset.graph(URIRef(f"https://example.org/graph/{name}"))
        graph.add((EX[name], RDF_TYPE, RG.Person))
        graph.add((EX[name], RDFS_LABEL, Literal(name)))
    path = tmp_path / f"quads.{suffix}"
    dataset.serialize(path, format=fmt)
    kg, _ = graph_from_batch(load_rdf_file(path))
    assert [str(g) for g in kg.fact_graphs()] == ["https://example.org/graph/one", "https://example.org/graph/two"]
    described = kg.select("SELECT ?g WHERE { ?g a rg:FactGraph ; prov:wasDerivedFrom ?s }")
    assert len(described) == 2


def test_built_trig_round_trips(tmp_path: Path) -> None:
    out = build(None, tmp_path / "out", views=False).out_dir
    original, _ = load_graph()
    reloaded, report = load_graph([out / "graph.trig"])
    assert report.conforms
    assert reloaded.fact_graphs() == original.fact_graphs()
    query = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g != <https://w3id.org/rightsgraph/graph/ontology>) }"
    assert {tuple(r.values()) for r in reloaded.select(query)} == {tuple(r.values()) for r in original.select(query)}


def test_jsonld_never_fetches_a_remote_context(tmp_path: Path) -> None:
    with ScriptedHTTPServer([Reply(200, b'{"@context": {"name": "http://schema.org/name"}}', {"Content-Type": "application/ld+json"})]) as server:
        path = tmp_path / "remote.jsonld"
        path.write_text('{"@context": "%s", "@id": "https://example.org/a", "name": "A"}' % server.url, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_rdf_file(path)
    assert server.requests == []
    (problem,) = caught.value.problems
    assert problem.file == str(path) and "remote context" in problem.message


def test_syntax_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rdf_file(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (str(path), 4)
    assert problem.message == "RDF syntax error: Parser error at line 4 column 1: Unexpected end"
