"""How the binder reads a query's text: comments, strings, IRIs and operators are told apart, so
that keywords, braces and variables are found only where the query has them; each VALUES block
lands in the group that holds every use of its variable; prefixes are added only when missing."""

from __future__ import annotations

import re

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from rightsgraph.errors import QueryError
from rightsgraph.queries.binding import (
    _insertion_point,
    _tokens,
    _where_groups,
    add_missing_prefixes,
    bind_values,
    has_top_level_limit,
    has_top_level_order,
    query_form,
    selects_distinct,
    split_prologue,
    to_term_n3,
    values_block,
)

A = URIRef("http://ex/a")


def tokens(text: str) -> list[str]:
    return [token for _, token in _tokens(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT ?x WHERE { ?x ?p $y }", ["SELECT", "?x", "WHERE", "{", "?x", "?p", "?y", "}"]),
        ("# SELECT { ?a }\nASK {}", ["ASK", "{", "}"]),
        ("ASK { } # only a comment at the end", ["ASK", "{", "}"]),
        ('ASK { ?s ?p "a { ?b } \\" }" }', ["ASK", "{", "?s", "?p", "}"]),
        ("ASK { ?s ?p 'it\\'s { }' }", ["ASK", "{", "?s", "?p", "}"]),
        ('ASK { ?s ?p """a " } "" {""" }', ["ASK", "{", "?s", "?p", "}"]),
        ("ASK { ?s ?p '''x ' } '''}", ["ASK", "{", "?s", "?p", "}"]),
        ("ASK { <http://ex/{?q}> ?p ?o }", ["ASK", "{", "?p", "?o", "}"]),
        ("ASK { FILTER (?a < ?b && ?b > 3) }", ["ASK", "{", "FILTER", "?a", "?b", "?b", "}"]),
        ("ASK { FILTER (?a <?b) }", ["ASK", "{", "FILTER", "?a", "?b", "}"]),
        ("ASK { FILTER (?a <= ?b || ?a << ?b) }", ["ASK", "{", "FILTER", "?a", "?b", "?a", "?b", "}"]),
        ("ASK { FILTER (?a <?b && ?c >?d) }", ["ASK", "{", "FILTER", "?a", "?b", "?c", "?d", "}"]),
        ("ASK { ?s rg:p-q ?o }", ["ASK", "{", "?s", "rg:p-q", "?o", "}"]),
        ("ASK { ? }", ["ASK", "{", "}"]),
        ("ASK {\n?x_1 ?Y2 }", ["ASK", "{", "?x_1", "?Y2", "}"]),
        ("ASK { ?s ?p 'unterminated }", ["ASK", "{", "?s", "?p"]),
        ("ASK { <unterminated ?x }", ["ASK", "{", "unterminated", "?x", "}"]),
        ("ASK {?x}", ["ASK", "{", "?x", "}"]),
        ("ASK { FILTER(?a<=?b&&?c>?d) }", ["ASK", "{", "FILTER", "?a", "?b", "?c", "?d", "}"]),
        ("ASK {FILTER(?a<?b)}", ["ASK", "{", "FILTER", "?a", "?b", "}"]),
        ("ASK{?x<http://e/>}", ["ASK", "{", "?x", "}"]),
        ("ASK { } <", ["ASK", "{", "}"]),
        ("ASK {?}", ["ASK", "{", "}"]),
        ('ASK { ?s ?p "" ?o }', ["ASK", "{", "?s", "?p", "?o", "}"]),
        ("ASK { } <a", ["ASK", "{", "}", "a"]),
        ("ASK { FILTER(?a=<http://e/x>) }", ["ASK", "{", "FILTER", "?a", "}"]),
        ("ASK{<>?p<http://e/o>}", ["ASK", "{", "?p", "}"]),
        ('ASK { ?s ?p "\\"" ?o }', ["ASK", "{", "?s", "?p", "?o", "}"]),
        ("ASK { <http://e/a><http://e/b> ?o }", ["ASK", "{", "?o", "}"]),
        ("a", ["a"]),
        ("", []),
    ],
)
def test_tokens_skip_comments_strings_and_iris(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_token_positions_point_at_the_tokens() -> None:
    text = 'SELECT ?x WHERE { ?x <http://ex/p> "}" }'
    for index, token in _tokens(text):
        assert text[index:].startswith(token.lstrip("?")) or text[index:].startswith(token)
    assert [index for index, _ in _tokens(text)] == [0, 7, 10, 16, 18, 39]


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("PREFIX s: <http://ex/SELECT>\n# ASK\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("ask {}", "ASK"),
        ("describe <http://ex/a>", "DESCRIBE"),
        ('SELECT * WHERE { ?s ?p "ASK" }', "SELECT"),
    ],
)
def test_query_form_is_the_first_form_keyword(text: str, form: str) -> None:
    assert query_form(text) == form


def test_text_without_a_form_is_not_a_query() -> None:
    with pytest.raises(QueryError, match="not a SPARQL query"):
        query_form("# SELECT\nINSERT DATA { <http://ex/a> <http://ex/p> 1 }")


@pytest.mark.parametrize(
    ("text", "distinct"),
    [
        ("SELECT DISTINCT ?x WHERE { ?x ?p ?o }", True),
        ("select distinct ?x WHERE { ?x ?p ?o }", True),
        ("SELECT ?x WHERE { { SELECT DISTINCT ?x WHERE { ?x ?p ?o } } }", False),
        ("SELECT REDUCED ?x WHERE { ?x ?p ?o }", False),
        ("CONSTRUCT { ?s ?p ?o } WHERE { { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } }", False),
        ("ASK { { SELECT DISTINCT ?s WHERE { ?s ?p ?o } } }", False),
        ("DESCRIBE ?s WHERE { { SELECT DISTINCT ?s WHERE { ?s ?p ?o } } }", False),
        ("SELECT", False),
        ("PREFIX ex: <http://ex/>\nBASE <http://ex/>\nSELECT DISTINCT ?x WHERE { ?x ?p ?o }", True),
        ("# SELECT DISTINCT", False),
    ],
)
def test_distinct_is_read_from_the_outer_select(text: str, distinct: bool) -> None:
    assert selects_distinct(text) is distinct


def test_prologue_ends_where_the_query_form_starts() -> None:
    text = "PREFIX ex: <http://ex/SELECT>\nBASE <http://ex/>\n# SELECT in a comment\nselect ?x WHERE { ?x ?p ?o }"
    prologue, body = split_prologue(text)
    assert prologue == "PREFIX ex: <http://ex/SELECT>\nBASE <http://ex/>\n# SELECT in a comment\n"
    assert body == "select ?x WHERE { ?x ?p ?o }"
    assert split_prologue("PREFIX ex: <http://ex/>") == ("", "PREFIX ex: <http://ex/>")
    for form in ("CONSTRUCT { } WHERE { }", "ASK { }", "DESCRIBE <http://ex/a>"):
        assert split_prologue("PREFIX e: <http://e/>\n" + form) == ("PREFIX e: <http://e/>\n", form)


@pytest.mark.parametrize(
    ("text", "order", "limit"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x", True, False),
        ("SELECT ?x WHERE { ?x ?p ?o } order by ?x limit 3", True, True),
        ("SELECT ?x WHERE { ?x ?p ?o } OFFSET 10", False, True),
        ("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x LIMIT 5 OFFSET 1 } }", False, False),
        ("SELECT ?x WHERE { ?x ?p 'ORDER BY LIMIT' } # ORDER BY ?x LIMIT 1", False, False),
        ("SELECT ?x WHERE { { ?x ?p ?o } } LIMIT 1", False, True),
    ],
)
def test_order_and_limit_count_only_at_the_top_level(text: str, order: bool, limit: bool) -> None:
    assert has_top_level_order(text) is order
    assert has_top_level_limit(text) is limit


def test_where_groups_are_the_query_and_sub_select_groups() -> None:
    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . { SELECT ?s WHERE { ?s ?q ?r } } OPTIONAL { ?s ?t ?u } }"
    groups = _where_groups(text)
    assert sorted(text[a : b + 1] for a, b in groups) == sorted(["{ ?s ?q ?r }", text[text.index("WHERE {") + 6 :]])
    assert _where_groups("ASK { { ?a ?b ?c } }") == [(4, 19)]
    assert _where_groups("DESCRIBE ?x") == []
    assert _where_groups("SELECT * { ?s ?p ?o } }") == [(9, 20)]
    assert _where_groups("SELECT * WHERE { ?s ?p ?o") == [], "a group never closed is not a place for VALUES"
    assert bind_values("SELECT * WHERE { ?s ?p ?o", {"o": A}) == "SELECT * WHERE { ?s ?p ?o\nVALUES ?o { <http://ex/a> }\n"


def test_values_go_into_the_innermost_group_that_holds_every_use() -> None:
    text = "SELECT ?n WHERE { ?a ?p ?o . { SELECT ?y WHERE { ?x ?q ?y } } ?a ?r ?n }"
    groups = _where_groups(text)
    inner = text.index("WHERE { ?x") + 7
    outer = text.index("WHERE {") + 7
    assert _insertion_point(text, "x", groups) == inner, "only the sub-select's group uses ?x"
    assert _insertion_point(text, "y", groups) == outer, "the sub-select also projects ?y"
    assert _insertion_point(text, "a", groups) == outer
    assert _insertion_point(text, "n", groups) == outer, "?n is also used in the projection, outside every group"
    assert _insertion_point(text, "unused", groups) == outer
    assert _insertion_point("DESCRIBE ?x", "x", []) is None


def test_several_bindings_each_land_in_their_group_and_parse() -> None:
    text = "SELECT ?n WHERE { ?a ?p ?o . { SELECT ?y WHERE { ?x ?q ?y } } }"
    bound = bind_values(text, {"a": A, "x": [URIRef("http://ex/b"), Literal("c")], "o": Literal(3)})
    assert bound == (
        'SELECT ?n WHERE { VALUES ?a { <http://ex/a> } VALUES ?o { "3"^^<http://www.w3.org/2001/XMLSchema#integer> } ?a ?p ?o . '
        '{ SELECT ?y WHERE { VALUES ?x { <http://ex/b> "c" } ?x ?q ?y } } }'
    ), "blocks of one group in the order of the bindings"
    translateQuery(parseQuery(bound))
    assert bind_values(text, {}) is text


def test_blocks_keep_the_order_of_the_bindings_in_every_group() -> None:
    """The first block is where Oxigraph starts the group's patterns: the record, not the property."""
    text = "SELECT ?v WHERE { GRAPH ?g { ?r ?p ?v } OPTIONAL { ?r ?p ?w . ?w ?q ?k } }"
    for order in (["r", "p", "k"], ["k", "p", "r"]):
        terms = {"r": A, "p": URIRef("http://ex/p"), "k": [Literal("x"), Literal("y")]}
        bound = bind_values(text, {name: terms[name] for name in order})
        runs = [re.findall(r"VALUES \?(\w+)", run) for run in re.findall(r"(?:VALUES \?\w+ \{[^}]*\} ?)+", bound)]
        assert runs == [order, [name for name in order if name != "k"], order], bound
        translateQuery(parseQuery(bound))


def test_a_trailing_values_clause_for_each_binding_without_a_group() -> None:
    bound = bind_values("DESCRIBE ?x ?y   ", {"x": A, "y": Literal("b")})
    assert bound == 'DESCRIBE ?x ?y\nVALUES ?x { <http://ex/a> } VALUES ?y { "b" }\n'


def test_terms_and_their_refusals() -> None:
    assert to_term_n3(A) == "<http://ex/a>"
    assert to_term_n3(Literal('a "b"')) == '"a \\"b\\""'
    assert to_term_n3(Literal("x", lang="kk")) == '"x"@kk'
    with pytest.raises(QueryError, match="'http://a b' is not a valid IRI"):
        to_term_n3(URIRef("http://a b"))
    with pytest.raises(QueryError, match="escape sequences"):
        to_term_n3(Literal("\\u0022"))
    with pytest.raises(QueryError, match="a blank node cannot be a query parameter"):
        to_term_n3(BNode())
    with pytest.raises(QueryError, match="cannot bind 'text'"):
        to_term_n3("text")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["", "1x", "x y", "x}", "?x", "x-y"])
def test_variable_names_are_checked(name: str) -> None:
    with pytest.raises(QueryError, match="is not a valid variable name"):
        values_block({name: A})


def test_values_blocks_list_every_term() -> None:
    assert values_block({"_x1": A, "y": (Literal(1), Literal(2))}) == (
        'VALUES ?_x1 { <http://ex/a> } VALUES ?y { "1"^^<http://www.w3.org/2001/XMLSchema#integer> "2"^^<http://www.w3.org/2001/XMLSchema#integer> }'
    )


PREFIXES = {"rg": "https://w3id.org/rightsgraph/ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#"}


def test_only_missing_known_prefixes_are_declared() -> None:
    text = "prefix rdfs: <http://example.org/mine#>\nSELECT ?x WHERE { ?x a rg:Person ; rdfs:label ?l ; other:p ?o . FILTER (?l != 'skos:x') }"
    assert add_missing_prefixes(text, PREFIXES) == "PREFIX rg: <https://w3id.org/rightsgraph/ns#>\n" + text
    both = "SELECT ?x WHERE { ?x a skos:Concept , rg:Person }"
    assert add_missing_prefixes(both, PREFIXES) == f"PREFIX rg: <{PREFIXES['rg']}>\nPREFIX skos: <{PREFIXES['skos']}>\n" + both
    declared = "PREFIX rg: <https://w3id.org/rightsgraph/ns#>\nASK { ?x a rg:Person }"
    assert add_missing_prefixes(declared, PREFIXES) is declared
    assert add_missing_prefixes("PREFIX : <http://ex/>\nASK { ?x a :Thing }", PREFIXES) == "PREFIX : <http://ex/>\nASK { ?x a :Thing }"
