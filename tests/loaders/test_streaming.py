"""Streaming an RDF file into a store (``build --store --no-validate``) gives it the same source
graph and provenance as parsing it in memory does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result
from rdflib import URIRef

from rightsgraph.errors import InputError

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.graph.iris import PROVENANCE_GRAPH
from rightsgraph.graph.store import open_store
from rightsgraph.loaders import load_rdf_file
from rightsgraph.loaders.rdfchecks import TRIPLE_TERMS
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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<https://example.org/a> <https://example.org/p> <JavaScript:alert(1)> .\n', "the IRI 'JavaScript:alert(1)' is a script, not an identifier"),
        ('<vbscript:x> <https://example.org/p> "x" .\n', "the IRI 'vbscript:x' is a script, not an identifier"),
        ('<https://example.org/a> <https://example.org/p> <<( <https://example.org/b> <https://example.org/p> "x" )>> .\n', TRIPLE_TERMS),
    ],
)
@pytest.mark.parametrize("union", [False, True])
def test_a_streamed_file_with_a_script_iri_or_a_triple_term_is_refused(tmp_path: Path, text: str, message: str, union: bool) -> None:
    path = tmp_path / "hostile.nt"
    path.write_text(TRIPLES + text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        stream_rdf_file(KnowledgeGraph(), path, union=union)
    assert [p.message for p in raised.value.problems] == [message]


def test_a_streamed_file_with_union_puts_every_triple_in_the_default_graph_too(tmp_path: Path) -> None:
    path = _plain_file(tmp_path)
    kg = KnowledgeGraph()
    stream_rdf_file(kg, path, union=True)
    named = {(q.subject, q.predicate, q.object) for q in kg.store.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)}
    default = {(q.subject, q.predicate, q.object) for q in kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert len(named) == 3 + 7 and default == named  # the file's three triples, and its source's provenance
