"""Hostile parameter values leave every query's structure unchanged (parsed algebra compared)."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from rightsgraph.errors import QueryError
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import LocalTarget, bind_values, load_library, run_query
from rightsgraph.queries.binding import query_form

HOSTILE = [
    'Robert"); DROP ALL; --',
    '"} } ; DELETE WHERE { ?s ?p ?o } #',
    "x' } UNION { ?s ?p ?o } #",
    "line one\nline two } {",
    '""" ) } ; CLEAR ALL',
    "# just a comment",
    "<http://evil.example/> . ?s ?p ?o",
    "Ана Иванова 张伟 {?}",
]
MARK = "__PARAMETER__"


def algebra_shape(text: str, value: Literal) -> str:
    """The parsed algebra as text, with the bound value replaced by a marker."""
    query = translateQuery(parseQuery(text))

    def walk(node: object) -> object:
        if isinstance(node, Literal) and str(node) == str(value):
            return MARK
        if isinstance(node, CompValue):
            return (node.name, tuple(sorted((k, walk(v)) for k, v in node.items() if k != "_vars")))
        if isinstance(node, dict):
            return tuple(sorted((str(k), walk(v)) for k, v in node.items()))
        if isinstance(node, (list, tuple, set)):
            return tuple(walk(v) for v in node)
        return str(node)

    return repr(walk(query.algebra))


def string_parameters() -> list[tuple[str, str]]:
    """(query, parameter) for every parameter of the library bound as a literal."""
    return [
        (named.name, p.name)
        for named in load_library().values()
        for p in named.parameters
    ]


@pytest.mark.parametrize(("query_name", "parameter"), string_parameters())
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_values_do_not_change_the_algebra(query_name: str, parameter: str, hostile: str) -> None:
    text = load_library()[query_name].text
    benign, evil = Literal("benign value"), Literal(hostile)
    assert algebra_shape(bind_values(text, {parameter: evil}), evil) == algebra_shape(bind_values(text, {parameter: benign}), benign)


def test_the_marker_really_appears() -> None:
    """The comparison above would be vacuous if the value vanished from the algebra."""
    text = load_library()["timeline-of-person"].text
    assert MARK in algebra_shape(bind_values(text, {"person": Literal("x")}), Literal("x"))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_names_are_just_names(builtin_kg: KnowledgeGraph, hostile: str) -> None:
    with pytest.raises(QueryError, match="no person named or identified"):
        run_query(LocalTarget(builtin_kg), "timeline-of-person", person=hostile)


@pytest.mark.parametrize("value", ["\\u0022 } DROP ALL", "x\\U00000022", "\\\\u0022"])
def test_codepoint_escapes_are_refused(value: str) -> None:
    """SPARQL expands \\u escapes before parsing, even inside strings: such values are refused."""
    with pytest.raises(QueryError, match="escape"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"o": Literal(value)})


@pytest.mark.parametrize("iri", ["http://x> . ?s ?p ?o . <http://y", "javascript:alert(1)", "http://a b", 'http://a"b'])
def test_invalid_iris_are_refused(iri: str) -> None:
    with pytest.raises(QueryError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef(iri)})


def test_values_go_inside_the_outermost_where() -> None:
    text = 'PREFIX ex: <http://ex/#WHERE>\nSELECT ?x WHERE { # WHERE {\n ?x ex:p "WHERE {" . { SELECT ?y WHERE { ?y ?p ?x } } }'
    bound = bind_values(text, {"x": URIRef("http://ex/a")})
    assert bound.index("VALUES ?x") < bound.index("?x ex:p")
    assert query_form(bound) == "SELECT"
    translateQuery(parseQuery(bound))


def test_describe_without_where_gets_a_trailing_values_clause() -> None:
    bound = bind_values("DESCRIBE ?x", {"x": URIRef("http://ex/a")})
    assert bound.rstrip().endswith("VALUES ?x { <http://ex/a> }")
    translateQuery(parseQuery(bound))


def test_bad_variable_names_are_refused() -> None:
    with pytest.raises(QueryError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s } DROP ALL {": Literal("x")})
