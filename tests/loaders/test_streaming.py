"""Streaming an RDF file into a store (``build --store --no-validate``) gives it the same source
graph and provenance as parsing it in memory does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from rdflib import URIRef

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.graph.iris import PROVENANCE_GRAPH
from rightsgraph.graph.store import open_store
from rightsgraph.loaders import load_rdf_file
from rightsgraph.loaders.rdffile import stream_rdf_file

TRIPLES = (
    '<https://example.org/ana> <http://www.w3.org/2000/01/rdf-schema#label> "Ana" .\n'
    '<https://example.org/ana> <https://example.org/knows> <https://example.org/bo> .\n'
    '<https://example.org/bo> <http://www.w3.org/2000/01/rdf-schema#label> "Bo" .\n'
)
SOURCE_OF_ANA = """SELECT ?file WHERE {
  GRAPH ?g { <https://example.org/ana> <http://www.w3.org/2000/01/rdf-schema#label> "Ana" }
  GRAPH <https://w3id.org/rightsgraph/graph/provenance> { ?g prov:wasDerivedFrom ?s . ?s a rg:Source ; rg:sourceFile ?file }
}"""


def _plain_file(tmp_path: Path) -> Path:
    path = tmp_path / "plain.nt"
    path.write_text(TRIPLES, encoding="utf-8")
    return path


def test_a_streamed_plain_file_gets_a_source_for_its_graph(tmp_path: Path) -> None:
    path = _plain_file(tmp_path)
    kg = KnowledgeGraph()
    stream_rdf_file(kg, path)
    assert [str(row["file"]) for row in kg.select(SOURCE_OF_ANA)] == [path.name]
    # The same provenance as the in-memory parser writes for the same file.
    parsed = {(s, p, o) for s, p, o, g in load_rdf_file(path).quads if g == PROVENANCE_GRAPH}
    rows = kg.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {PROVENANCE_GRAPH.n3()} {{ ?s ?p ?o }} }}")
    streamed = {(row["s"], row["p"], row["o"]) for row in rows}
    assert parsed and streamed == parsed


def test_the_no_validate_store_build_keeps_the_source(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = _plain_file(tmp_path)
    assert cli("build", path, "--store", tmp_path / "store", "--no-validate").exit_code == 0
    kg = open_store(tmp_path / "store", read_only=True)
    try:
        assert [str(row["file"]) for row in kg.select(SOURCE_OF_ANA)] == [path.name]
        graphs = {row["g"] for row in kg.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { <https://example.org/ana> ?p ?o } }")}
        assert len(graphs) == 1 and URIRef(next(iter(graphs))) in kg.fact_graphs()
    finally:
        kg.close()
