"""Parameter values as typed by a user become RDF terms: records looked up by name, alias, id or
IRI, ontology terms by name, numbers, booleans and partial dates; every bad value is refused
with the parameter's name."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef

from rightsgraph.errors import QueryError
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.ontology import RG
from rightsgraph.queries import LocalTarget
from rightsgraph.queries.library import NamedQuery, Parameter
from rightsgraph.queries.params import bindings_for, convert, resolve_record

ID = "https://w3id.org/rightsgraph/id/"
ANA = URIRef(ID + "person/ana-example")
ANA_TOO = URIRef(ID + "person/ana-example-2")
BO = URIRef(ID + "person/bo")
ALMATY = URIRef(ID + "place/almaty")
GRAPH = URIRef("https://example.org/graph/test")


@pytest.fixture(scope="module")
def target() -> LocalTarget:
    kg = KnowledgeGraph()
    facts = [
        (ANA, RDF.type, RG.Person), (ANA, RDFS.label, Literal("Ana Example")),
        (ANA_TOO, RDF.type, RG.Person), (ANA_TOO, RDFS.label, Literal("Ana Other")), (ANA_TOO, SKOS.altLabel, Literal("Ana Example")),
        (BO, RDF.type, RG.Person), (BO, RDFS.label, Literal("Bo Sample")), (BO, SKOS.altLabel, Literal("Бо Пример")),
        (ALMATY, RDF.type, RG.Place), (ALMATY, RDFS.label, Literal("Almaty")),
    ]
    kg.add_quads((s, p, o, GRAPH) for s, p, o in facts)
    kg.rebuild_union()
    return LocalTarget(kg)


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("Bo Sample", "person", BO),
        ("  bo sample ", "person", BO),
        ("бо пример", "person", BO),
        ("bo", "person", BO),
        ("almaty", "place", ALMATY),
        ("Almaty", "record", ALMATY),
        (str(BO), "person", BO),
        ("https://example.org/not-in-the-graph", "person", URIRef("https://example.org/not-in-the-graph")),
    ],
)
def test_records_by_name_alias_id_or_iri(target: LocalTarget, value: str, kind: str, expected: URIRef) -> None:
    assert resolve_record(target, value, kind) == expected


@pytest.mark.parametrize(
    ("value", "kind", "message"),
    [
        ("", "person", "an empty person was given"),
        ("   ", "record", "an empty record was given"),
        ("Almaty", "person", "no person named or identified 'Almaty' in the local graph"),
        ("Bo Sample", "place", "no place named or identified 'Bo Sample'"),
        ("sample", "person", "no person named or identified 'sample'"),
        ("nobody", "record", "no record named or identified 'nobody'"),
    ],
)
def test_unknown_records_are_refused(target: LocalTarget, value: str, kind: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        resolve_record(target, value, kind)


def test_a_name_two_records_share_lists_both(target: LocalTarget) -> None:
    with pytest.raises(QueryError) as caught:
        resolve_record(target, "Ana Example", "person")
    assert str(caught.value) == f"'Ana Example' matches 2 records (Ana Example <{ANA}>; Ana Other <{ANA_TOO}>); give an id or IRI"


def _parameter(kind: str, **extra: object) -> Parameter:
    return Parameter(name="p", type=kind, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("person", "bo", BO),
        ("iri", "https://example.org/x", URIRef("https://example.org/x")),
        ("class", "Person", RG.Person),
        ("class", "rg:Trial", RG.Trial),
        ("class", str(RG.Detention), RG.Detention),
        ("class", "https://schema.org/Person", URIRef("https://schema.org/Person")),
        ("property", "citizenship", RG.citizenship),
        ("property", "rg:citizenship", RG.citizenship),
        ("integer", "42", Literal(42)),
        ("integer", "-3", Literal(-3)),
        ("boolean", "yes", Literal(True)),
        ("boolean", " TRUE ", Literal(True)),
        ("boolean", "1", Literal(True)),
        ("boolean", "no", Literal(False)),
        ("boolean", "false", Literal(False)),
        ("boolean", "0", Literal(False)),
        ("date", "2020-03-19", Literal("2020-03-19", datatype=XSD.date)),
        ("date", "2019", Literal("2019-01-01", datatype=XSD.date)),
        ("text", "a } b", Literal("a } b")),
    ],
)
def test_values_become_terms(target: LocalTarget, kind: str, value: str, expected: object) -> None:
    term = convert(target, _parameter(kind), value)
    assert term == expected and type(term) is type(expected)
    if isinstance(expected, Literal):
        assert term.datatype == expected.datatype  # type: ignore[union-attr]


def test_dates_bind_the_bound_the_parameter_asks_for(target: LocalTarget) -> None:
    latest = _parameter("date", bound="latest")
    assert convert(target, latest, "2020-02") == Literal(date(2020, 2, 29).isoformat(), datatype=XSD.date)
    assert convert(target, latest, "2019/2020-06") == Literal("2020-06-30", datatype=XSD.date)
    assert convert(target, _parameter("date"), "2019/2020-06") == Literal("2019-01-01", datatype=XSD.date)


def test_terms_pass_through_unchanged(target: LocalTarget) -> None:
    for term in (URIRef("https://example.org/given"), Literal("as is")):
        assert convert(target, _parameter("person"), term) is term


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("iri", "not an iri", "parameter p: 'not an iri' is not an absolute IRI"),
        ("class", "Nothing", "'Nothing' is not a class of the ontology"),
        ("class", "citizenship", "'citizenship' is not a class of the ontology"),
        ("property", "Person", "'Person' is not a property of the ontology"),
        ("property", "rg:nothing", "'rg:nothing' is not a property of the ontology"),
        ("integer", "4.5", "parameter p: '4.5' is not a whole number"),
        ("boolean", "maybe", "parameter p: 'maybe' is not true or false"),
        ("date", "19 March", "parameter p: '19 March' is not a date"),
        ("date", "XXXX", "parameter p: 'XXXX' has no earliest day"),
    ],
)
def test_bad_values_are_refused_with_the_parameter_name(target: LocalTarget, kind: str, value: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        convert(target, _parameter(kind), value)
    assert str(caught.value).startswith(message)


def test_a_date_with_an_open_end_has_no_latest_day(target: LocalTarget) -> None:
    with pytest.raises(QueryError, match="parameter p: '2019/..' has no latest day"):
        convert(target, _parameter("date", bound="latest"), "2019/..")


QUERY = NamedQuery(
    name="q",
    text="SELECT ?x WHERE { ?x ?p ?o }",
    parameters=(
        Parameter(name="who", type="person", description="a person", required=True),
        Parameter(name="limit", type="integer", default=5),
        Parameter(name="note", type="text"),
    ),
)


def test_bindings_convert_given_values_and_defaults(target: LocalTarget) -> None:
    assert bindings_for(target, QUERY, {"who": "Bo Sample"}) == {"who": BO, "limit": Literal(5)}
    assert bindings_for(target, QUERY, {"who": "bo", "limit": "7", "note": "n"}) == {"who": BO, "limit": Literal(7), "note": Literal("n")}


def test_bindings_refuse_unknown_and_missing_parameters(target: LocalTarget) -> None:
    with pytest.raises(QueryError) as unknown:
        bindings_for(target, QUERY, {"who": "bo", "colour": "red", "age": "3"})
    assert str(unknown.value) == "query 'q' has no parameter age, colour (it takes: who, limit, note)"
    with pytest.raises(QueryError) as missing:
        bindings_for(target, QUERY, {})
    assert str(missing.value) == "query 'q' needs the parameter who (a person)"
    bare = NamedQuery(name="bare", text="SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match=r"query 'bare' has no parameter x \(it takes: none\)"):
        bindings_for(target, bare, {"x": 1})
    assert bindings_for(target, bare, {}) == {}


def test_an_optional_parameter_left_out_does_not_stop_the_next_ones(target: LocalTarget) -> None:
    query = NamedQuery(
        name="later",
        text="SELECT ?x WHERE { ?x ?p ?o }",
        parameters=(Parameter(name="note", type="text"), Parameter(name="limit", type="integer", default=5), Parameter(name="who", type="person")),
    )
    assert bindings_for(target, query, {"who": "bo"}) == {"limit": Literal(5), "who": BO}


def test_a_misspelt_name_is_answered_with_at_most_three_close_names_of_its_kind() -> None:
    close = ["Ana Example", "Ana Examples", "Ana Exampla", "Anna Example"]
    kg = KnowledgeGraph()
    people = [(URIRef(f"{ID}person/p{i}"), name) for i, name in enumerate([*close, "Zed Quux"])]
    kg.add_quads(q for iri, name in people for q in ((iri, RDF.type, RG.Person, GRAPH), (iri, RDFS.label, Literal(name), GRAPH)))
    kg.add_quads([(ALMATY, RDF.type, RG.Place, GRAPH), (ALMATY, RDFS.label, Literal("Ana Exampel"), GRAPH)])
    kg.rebuild_union()
    with pytest.raises(QueryError) as caught:
        resolve_record(LocalTarget(kg), "ana exampel", "person")
    message = str(caught.value)
    assert message.startswith("no person named or identified 'ana exampel' in the local graph (did you mean '"), message
    offered = message.split("(did you mean ", 1)[1].removesuffix("?)").split(", ")
    assert len(offered) == 3 and {name.strip("'") for name in offered} <= set(close), "three of the four close names, no place"
    with pytest.raises(QueryError) as caught:
        resolve_record(LocalTarget(kg), "xxxxxxxx", "person")
    assert str(caught.value) == "no person named or identified 'xxxxxxxx' in the local graph"
