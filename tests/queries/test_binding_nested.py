"""Where the copies of a VALUES block go: into every nested group (OPTIONAL, UNION branch, GRAPH,
MINUS, EXISTS, plain group, sub-select that projects the variable) whose triple patterns use the
variable, and nowhere else: not into a sub-select that hides the variable, not into a group that
uses it only in an expression, not into a VALUES data block or a CONSTRUCT template.

The expected texts are written out by hand from those rules; each is also run, with and without
the copies, on a small graph by Oxigraph: the answers must be the same (the copies only help the
planner).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from rightsgraph.queries.binding import bind_values

V = 'VALUES ?n { "v" }'
CASES = [
    ("SELECT * WHERE { { ?s ?p ?n } UNION { ?s ?q ?n } }",
     f"SELECT * WHERE {{ {V} {{ {V} ?s ?p ?n }} UNION {{ {V} ?s ?q ?n }} }}"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?r OPTIONAL { ?r ?t ?n } } }",
     f"SELECT * WHERE {{ {V} ?s ?p ?o OPTIONAL {{ {V} ?s ?q ?r OPTIONAL {{ {V} ?r ?t ?n }} }} }}"),
    ("SELECT * WHERE { ?s ?p ?o { SELECT ?n WHERE { ?x ?y ?n } } ?s ?r ?n }",
     f"SELECT * WHERE {{ {V} ?s ?p ?o {{ SELECT ?n WHERE {{ {V} ?x ?y ?n }} }} ?s ?r ?n }}"),
    ("SELECT * WHERE { ?s ?p ?n { SELECT ?s WHERE { ?s ?y ?n } } }",
     f"SELECT * WHERE {{ {V} ?s ?p ?n {{ SELECT ?s WHERE {{ ?s ?y ?n }} }} }}"),
    ("SELECT * WHERE { ?s ?p ?n { SELECT * WHERE { ?s ?y ?n } } }",
     f"SELECT * WHERE {{ {V} ?s ?p ?n {{ SELECT * WHERE {{ {V} ?s ?y ?n }} }} }}"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?r FILTER (?r = ?n) } ?s ?t ?n }",
     f"SELECT * WHERE {{ {V} ?s ?p ?o OPTIONAL {{ ?s ?q ?r FILTER (?r = ?n) }} ?s ?t ?n }}"),
    ("SELECT * WHERE { ?s ?p ?o FILTER (EXISTS { ?s ?q ?n }) ?s ?t ?n }",
     f"SELECT * WHERE {{ {V} ?s ?p ?o FILTER (EXISTS {{ {V} ?s ?q ?n }}) ?s ?t ?n }}"),
    ("SELECT * WHERE { ?s ?p ?n OPTIONAL { VALUES ?n { 1 } ?s ?q ?z } }",
     f"SELECT * WHERE {{ {V} ?s ?p ?n OPTIONAL {{ VALUES ?n {{ 1 }} ?s ?q ?z }} }}"),
    ("CONSTRUCT { ?s ?p ?n } WHERE { ?s ?p ?n OPTIONAL { ?s ?q ?n } }",
     f"CONSTRUCT {{ ?s ?p ?n }} WHERE {{ {V} ?s ?p ?n OPTIONAL {{ {V} ?s ?q ?n }} }}"),
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?n } ?s ?q ?o }",
     f"SELECT * WHERE {{ {V} GRAPH ?g {{ {V} ?s ?p ?n }} ?s ?q ?o }}"),
    ("SELECT * WHERE { ?s ?p ?n { SELECT ?s (COUNT(?n) AS ?c) WHERE { ?s ?q ?n } GROUP BY ?s } }",
     f"SELECT * WHERE {{ {V} ?s ?p ?n {{ SELECT ?s (COUNT(?n) AS ?c) WHERE {{ ?s ?q ?n }} GROUP BY ?s }} }}"),
    ("SELECT * WHERE { ?s ?p ?z { SELECT ?s (MAX(?o) AS ?n) WHERE { ?s ?q ?o } GROUP BY ?s } }",
     f"SELECT * WHERE {{ {V} ?s ?p ?z {{ SELECT ?s (MAX(?o) AS ?n) WHERE {{ ?s ?q ?o }} GROUP BY ?s }} }}"),
    ("ASK { ?s ?p ?n MINUS { ?s ?q ?n } }",
     f"ASK {{ {V} ?s ?p ?n MINUS {{ {V} ?s ?q ?n }} }}"),
    ("SELECT * WHERE { ?s ?p ?o { { SELECT ?n WHERE { ?x ?y ?n } } } }",
     f"SELECT * WHERE {{ {V} ?s ?p ?o {{ {V} {{ SELECT ?n WHERE {{ {V} ?x ?y ?n }} }} }} }}"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { FILTER (?s != ?o) ?s ?q ?n } }",
     f"SELECT * WHERE {{ {V} ?s ?p ?o OPTIONAL {{ {V} FILTER (?s != ?o) ?s ?q ?n }} }}"),
    ("SELECT * WHERE { ?s ?p ?n OPTIONAL { { SELECT (COUNT(?x) AS ?c) WHERE { ?x ?q ?n } GROUP BY ?n } } }",
     f"SELECT * WHERE {{ {V} ?s ?p ?n OPTIONAL {{ {{ SELECT (COUNT(?x) AS ?c) WHERE {{ ?x ?q ?n }} GROUP BY ?n }} }} }}"),
    ("SELECT ?s WHERE { ?s ?p ?o { SELECT ?s WHERE { ?s ?q ?m OPTIONAL { ?m ?r ?n } } } }",
     f"SELECT ?s WHERE {{ ?s ?p ?o {{ SELECT ?s WHERE {{ {V} ?s ?q ?m OPTIONAL {{ {V} ?m ?r ?n }} }} }} }}"),
    ("SELECT * WHERE { ?s ?p ?o { SELECT ?s WHERE { { SELECT ?n WHERE { ?a ?b ?n } } ?s ?q ?n } } }",
     f"SELECT * WHERE {{ ?s ?p ?o {{ SELECT ?s WHERE {{ {V} {{ SELECT ?n WHERE {{ {V} ?a ?b ?n }} }} ?s ?q ?n }} }} }}"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_copies_go_into_the_groups_that_use_the_variable(text: str, expected: str) -> None:
    assert bind_values(text, {"n": Literal("v")}) == expected


def test_without_nested_copies_only_the_outer_block_is_added() -> None:
    text, _ = CASES[1]
    assert bind_values(text, {"n": Literal("v")}, nested=False) == f"SELECT * WHERE {{ {V} ?s ?p ?o OPTIONAL {{ ?s ?q ?r OPTIONAL {{ ?r ?t ?n }} }} }}"


def small_store() -> ox.Store:
    ex = "https://example.org/"
    store = ox.Store()
    data = [("a", "p", "v"), ("a", "q", "v"), ("a", "t", "v"), ("b", "p", "w"), ("b", "q", "v"), ("a", "y", "v"), ("v2", "r", "v")]
    for s, p, o in data:
        for graph in (ox.DefaultGraph(), ox.NamedNode(ex + "g")):
            store.add(ox.Quad(ox.NamedNode(ex + s), ox.NamedNode(ex + p), ox.Literal(o), graph))
    store.add(ox.Quad(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "q"), ox.NamedNode(ex + "v2"), ox.DefaultGraph()))
    return store


def answers(store: ox.Store, text: str) -> object:
    result = store.query(text)
    if isinstance(result, ox.QuerySolutions):
        return sorted(repr(sorted((str(v), str(row[v])) for v in result.variables if row[v] is not None)) for row in result)
    if isinstance(result, ox.QueryTriples):
        return sorted(str(t) for t in result)
    return bool(result)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_copies_do_not_change_the_answers(text: str, expected: str) -> None:
    store = small_store()
    assert answers(store, expected) == answers(store, bind_values(text, {"n": Literal("v")}, nested=False))
