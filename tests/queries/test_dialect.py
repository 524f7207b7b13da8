"""Groups marked ``# LATERAL``: lateral joins on the local store, plain SPARQL 1.1 joins elsewhere."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from pyparsing import ParseException
from rdflib.plugins.sparql import prepareQuery

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import Endpoint, LocalTarget, load_library, prepare
from rightsgraph.queries.dialect import for_oxigraph, lateral_groups

MARKED = "SELECT * WHERE {\n  { SELECT ?e WHERE { ?e a ?c } }\n  {  # LATERAL: once per ?e\n    ?e ?p ?o .\n  }\n}\n"


def test_a_marked_group_gets_the_keyword_and_nothing_else_changes() -> None:
    assert for_oxigraph(MARKED) == MARKED.replace("{  # LATERAL", "LATERAL {  # LATERAL")


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "{  # LATERAL" }',  # in a string
        "SELECT * WHERE { ?s ?p ?o  # { # LATERAL\n}",  # in a comment
        "SELECT * WHERE {\n  # LATERAL\n  { ?s ?p ?o }\n}",  # a comment, but not on the brace's line
        "SELECT * WHERE { { # LATERALLY\n ?s ?p ?o } }",  # another word
    ],
)
def test_only_a_comment_on_the_line_of_an_opening_brace_marks_a_group(text: str) -> None:
    assert lateral_groups(text) == []
    assert for_oxigraph(text) == text


def test_the_marked_texts_of_the_library_are_sparql_11_and_oxigraph_parses_their_lateral_form() -> None:
    marked = {name: query for name, query in load_library().items() if lateral_groups(query.text)}
    assert "events-in-range" in marked
    store = ox.Store()
    for name, query in marked.items():
        prepareQuery(query.text)  # a SPARQL 1.1 parser (rdflib's) reads the file as it is
        with pytest.raises(ParseException):
            prepareQuery(for_oxigraph(query.text))  # ... and not the lateral form
        store.query(for_oxigraph(query.text))  # which Oxigraph runs


def test_the_local_store_gets_the_lateral_form_and_an_endpoint_the_portable_one(builtin_kg: KnowledgeGraph) -> None:
    local = prepare(LocalTarget(builtin_kg), "events-in-range", {"from": "2018", "to": "2020"})
    remote = prepare(Endpoint("http://127.0.0.1:9/sparql"), "events-in-range", {"from": "2018", "to": "2020"})
    assert "LATERAL {" in local
    assert "LATERAL {" not in remote
    assert local == for_oxigraph(remote)
