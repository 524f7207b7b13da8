"""The public copy, quad by quad, of a small graph written out here: what is found confidential
(marks as booleans and as strings, on records, sources and fact graphs), what is left out, what
is pseudonymised and how, and what is kept. The expected quads follow from the rules in
:mod:`rightsgraph.graph.confidential`, written by hand; the quick tests of confidentiality
(``test_confidential.py`` builds every public output through the command line).
"""

from __future__ import annotations

import re

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Literal, URIRef
from rdflib.term import Node

from rightsgraph.graph.confidential import (
    KEY_VARIABLE,
    WITHHELD_TEXT,
    Confidential,
    Matcher,
    find_confidential,
    fold,
    is_withheld,
    pseudonym_key,
    public_copy,
    scrubber,
)
from rightsgraph.graph.iris import DEFAULT_BASE, ONTOLOGY_GRAPH, PROVENANCE_GRAPH
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.ontology import RG

PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
HAS_ADDRESS, STREET_OF, DEPICTS = (URIRef(f"https://example.org/vocab/{name}") for name in ("address", "street", "depicts"))
B = DEFAULT_BASE
SECRET = URIRef(B + "person/zara-secretova")
PUBLIC = URIRef(B + "person/dana-openova")
GROUP = URIRef(B + "organization/quiet-circle")
EVENT = URIRef(B + "event/detention-1")
OPEN_SOURCE, CLOSED_SOURCE = URIRef(B + "source/statement"), URIRef(B + "source/interview")
OPEN, CLOSED, VALUE, NAMED, FALSE = (URIRef(B + f"graph/{name}") for name in ("statement", "interview", "value", "report-zara-secretova", "marked-false"))
ADDRESS = BNode()
STREET = BNode()
KEY = b"a key for the tests"


def small_graph() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    provenance = [
        (OPEN_SOURCE, RDF.type, RG.Source),
        (CLOSED_SOURCE, RDF.type, RG.Source),
        (CLOSED_SOURCE, RG.confidential, Literal(True)),
        (CLOSED_SOURCE, RDFS.label, Literal("Interview notes")),
        (OPEN, RDF.type, RG.FactGraph), (OPEN, PROV_DERIVED, OPEN_SOURCE),
        (CLOSED, RDF.type, RG.FactGraph), (CLOSED, PROV_DERIVED, CLOSED_SOURCE),
        (VALUE, RDF.type, RG.FactGraph), (VALUE, PROV_DERIVED, OPEN_SOURCE), (VALUE, RG.confidential, Literal("1")),
        (NAMED, RDF.type, RG.FactGraph), (NAMED, PROV_DERIVED, OPEN_SOURCE),
        (FALSE, RDF.type, RG.FactGraph), (FALSE, PROV_DERIVED, OPEN_SOURCE), (FALSE, RG.confidential, Literal("false")),
    ]
    facts = [
        (SECRET, RDF.type, RG.Person, OPEN),
        (SECRET, RDF.type, RG.Actor, OPEN),
        (SECRET, RG.confidential, Literal("TRUE"), OPEN),
        (SECRET, RDFS.label, Literal("Zara Secretova"), OPEN),
        (SECRET, SKOS.altLabel, Literal("Зара Секретова"), OPEN),
        (SECRET, RG.birthDate, Literal("1990-04-02", datatype=XSD.date), OPEN),
        (SECRET, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1"), OPEN),
        (URIRef("http://www.wikidata.org/entity/Q2"), SKOS.exactMatch, SECRET, OPEN),
        (SECRET, HAS_ADDRESS, ADDRESS, OPEN),
        (ADDRESS, STREET_OF, STREET, OPEN),
        (STREET, RDFS.label, Literal("12 Birch Lane"), OPEN),
        (PUBLIC, RDF.type, RG.Person, OPEN),
        (PUBLIC, RDFS.label, Literal("Dana Openova"), OPEN),
        (PUBLIC, RDFS.comment, Literal("Sister of ZARA  Secretová; see person/zara-secretova."), OPEN),
        (PUBLIC, RG.siblingOf, SECRET, OPEN),
        (SECRET, RG.memberOf, GROUP, OPEN),
        (GROUP, RDF.type, RG.Organization, OPEN),
        (GROUP, RDFS.label, Literal("Quiet Circle"), OPEN),
        (EVENT, RG.detainee, SECRET, NAMED),
        (EVENT, RDFS.label, Literal("Detention of Zara Secretova", lang="en"), NAMED),
        (PUBLIC, RDFS.comment, Literal("Told by a guard"), CLOSED),
        (PUBLIC, SKOS.altLabel, Literal("Night Owl"), CLOSED),
        (PUBLIC, RDFS.comment, Literal("Hides at Quiet Lane"), VALUE),
        (PUBLIC, RDFS.comment, Literal("Marked false, so public"), FALSE),
    ]
    kg.add_quads([(s, p, o, PROVENANCE_GRAPH) for s, p, o in provenance] + facts)
    kg.load_ontology()
    kg.rebuild_union()
    return kg


def quads(kg: KnowledgeGraph) -> set[tuple[Node, ...]]:
    return {(r["s"], r["p"], r["o"], r["g"]) for r in kg.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}


def test_what_is_found_confidential() -> None:
    found = find_confidential(small_graph())
    assert found.records == {SECRET}
    assert found.sources == {CLOSED_SOURCE}
    assert found.graphs == {CLOSED, VALUE}
    assert found.names == {"Zara Secretova", "Зара Секретова", "Night Owl"}, "an alias only a confidential graph gives is a secret name too"
    assert found.describe() == "1 record, 1 source, 2 graphs of facts"
    assert bool(found) and not Confidential()
    assert Confidential(records={SECRET, PUBLIC}, graphs={OPEN}).describe() == "2 records, 1 graph of facts"


def test_a_name_also_given_by_public_facts_is_not_secret() -> None:
    kg = small_graph()
    kg.add_quads([(PUBLIC, SKOS.altLabel, Literal("Night Owl"), OPEN)])
    assert "Night Owl" not in find_confidential(kg).names


def test_the_public_copy_quad_by_quad() -> None:
    kg = small_graph()
    public = public_copy(kg, key=KEY)
    got = {q for q in quads(public) if q[3] != ONTOLOGY_GRAPH}
    secret = next(o for s, p, o, g in got if p == RG.siblingOf)
    named = next(g for s, p, o, g in got if s == EVENT)
    assert is_withheld(secret) and str(secret).startswith(B + "person/withheld-") and len(str(secret).rsplit("-", 1)[1]) == 20
    assert is_withheld(named) and str(named).startswith(B + "graph/withheld-")
    provenance = {
        (OPEN_SOURCE, RDF.type, RG.Source), (OPEN, RDF.type, RG.FactGraph), (OPEN, PROV_DERIVED, OPEN_SOURCE),
        (named, RDF.type, RG.FactGraph), (named, PROV_DERIVED, OPEN_SOURCE),
        (FALSE, RDF.type, RG.FactGraph), (FALSE, PROV_DERIVED, OPEN_SOURCE),
    }
    expected = {(s, p, o, PROVENANCE_GRAPH) for s, p, o in provenance} | {
        (secret, RDF.type, RG.Person, OPEN),
        (secret, RDF.type, RG.Actor, OPEN),
        (secret, RDFS.label, Literal("withheld person"), OPEN),
        (PUBLIC, RDF.type, RG.Person, OPEN),
        (PUBLIC, RDFS.label, Literal("Dana Openova"), OPEN),
        (PUBLIC, RDFS.comment, Literal(f"Sister of {WITHHELD_TEXT}; see person/{WITHHELD_TEXT}."), OPEN),
        (PUBLIC, RG.siblingOf, secret, OPEN),
        (secret, RG.memberOf, GROUP, OPEN),
        (GROUP, RDF.type, RG.Organization, OPEN),
        (GROUP, RDFS.label, Literal("Quiet Circle"), OPEN),
        (EVENT, RG.detainee, secret, named),
        (EVENT, RDFS.label, Literal(f"Detention of {WITHHELD_TEXT}", lang="en"), named),
        (PUBLIC, RDFS.comment, Literal("Marked false, so public"), FALSE),
    }
    assert got == expected
    assert {q[:3] for q in quads(public) if q[3] == ONTOLOGY_GRAPH} == {q[:3] for q in quads(kg) if q[3] == ONTOLOGY_GRAPH}
    union = {(r["s"], r["p"], r["o"]) for r in public.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")}
    assert union == {q[:3] for q in quads(public)}, "the default graph is the union of what is kept"


def test_pseudonyms_are_keyed_and_stable_for_one_key() -> None:
    kg = small_graph()
    found = find_confidential(kg)

    def withheld(key: bytes | None) -> URIRef:
        public = public_copy(kg, found, key=key)
        return public.select(f"SELECT ?s WHERE {{ {PUBLIC.n3()} rg:siblingOf ?s }}")[0]["s"]  # type: ignore[return-value]

    first = withheld(KEY)
    assert first == withheld(KEY) != withheld(b"another key")
    import hashlib
    import hmac

    assert str(first) == B + "person/withheld-" + hmac.new(KEY, str(SECRET).encode(), hashlib.sha256).hexdigest()[:20]
    assert withheld(None) == withheld(None), "one process, one random key"


def test_the_key_comes_from_the_environment_or_is_random_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_VARIABLE, "publisher's secret")
    assert pseudonym_key() == "publisher's secret".encode()
    monkeypatch.delenv(KEY_VARIABLE)
    random_key = pseudonym_key()
    assert random_key == pseudonym_key() and len(random_key) == 32 and random_key != b"\0" * 32
    monkeypatch.setenv(KEY_VARIABLE, "")
    assert pseudonym_key() == random_key, "an empty variable is no key"


@pytest.mark.parametrize(("iri", "prefix"), [
    ("https://example.org/person/zara-secretova/", "https://example.org/person/"),
    ("https://example.org/person#zara-secretova", "https://example.org/person#"),
    ("urn:person:zara-secretova", "urn:person:"),
    ("https://example.org/zara-secretova/photo/1", "https://example.org/"),
    ("zara-secretova:person/1", DEFAULT_BASE),
    ("https://example.org/person/ab/", "https://example.org/person/"),
    ("https://example.org/report-zara-secretova/1", "https://example.org/"),
])
def test_a_pseudonym_keeps_only_what_comes_before_the_records_name(iri: str, prefix: str) -> None:
    record = URIRef(iri)
    kg = KnowledgeGraph()
    kg.add_quads([(record, RDF.type, RG.Person, OPEN), (PUBLIC, RG.siblingOf, record, OPEN), (URIRef("https://example.org/zara-secretova/photo/1"), DEPICTS, PUBLIC, OPEN)])
    public = public_copy(kg, Confidential(records={record, URIRef("https://example.org/person/zara-secretova/")}), key=KEY)  # the ids the prefix is searched for
    (row,) = public.select(f"SELECT ?s WHERE {{ {PUBLIC.n3()} rg:siblingOf ?s }}")
    assert re.sub(r"withheld-[0-9a-f]{20}$", "", str(row["s"])) == prefix


def test_vocabulary_iris_are_never_pseudonymised() -> None:
    kg = KnowledgeGraph()
    record = URIRef(B + "person/label")  # a record whose id is also a vocabulary term's name
    uses = URIRef("https://example.org/vocab/uses")
    kg.add_quads([(record, RDF.type, RG.Person, OPEN), (PUBLIC, uses, RDFS.label, OPEN), (PUBLIC, uses, URIRef(B + "prop/label"), OPEN)])
    got = {o for _, p, o, _ in quads(public_copy(kg, Confidential(records={record}), key=KEY)) if p == uses}
    assert RDFS.label in got and len(got) == 2
    assert any(is_withheld(o) for o in got), "a non-vocabulary IRI with the id is pseudonymised"


def test_a_short_id_is_not_searched_for_in_iris_and_texts() -> None:
    kg = KnowledgeGraph()
    record = URIRef(B + "person/ab")
    other = URIRef(B + "place/ab-town")
    kg.add_quads([(record, RDF.type, RG.Person, OPEN), (other, RDFS.label, Literal("ab town"), OPEN)])
    got = quads(public_copy(kg, Confidential(records={record}), key=KEY))
    assert (other, RDFS.label, Literal("ab town"), OPEN) in got


def test_the_scrubber_of_messages() -> None:
    kg = small_graph()
    scrub = scrubber(kg, find_confidential(kg))
    assert scrub("zara-secretova: Zara Secretova has no date; Night Owl said so") == f"{WITHHELD_TEXT}: {WITHHELD_TEXT} has no date; {WITHHELD_TEXT} said so"
    assert scrub("Dana Openova is fine") == "Dana Openova is fine"
    assert scrubber(kg, Confidential())("zara-secretova") == "zara-secretova"


def test_fold_and_match() -> None:
    assert fold("Ʒara  SECRETOVÁ-x_y") == "ʒara secretova x y"
    assert fold("ZARA Secretova") == "zara secretova"
    assert fold("Зара") == "3apa".replace("3", "з"), "Cyrillic look-alikes become Latin, the rest stays"
    matcher = Matcher(["Zara Secretova", "a", " "])
    assert bool(matcher) and not Matcher([]) and not Matcher(["a"])
    assert matcher.sub("[x]", "Met ZARA  SECRETOVÁ, and Zara Secretovas") == "Met [x], and Zara Secretovas"
    assert matcher.sub("[x]", "a b") == "a b", "names shorter than two letters are not searched for"
    assert Matcher(["ab"]).sub("[x]", "ab cab") == "[x] cab"
    assert Matcher(["Zara", "Zara Secretova"]).sub("[x]", "Zara Secretova") == "[x]", "longest first"


def test_ids_of_two_words_and_eight_letters_are_also_found_run_together() -> None:
    records = {URIRef(B + "person/zara-secretova"), URIRef(B + "person/ana-bekz"), URIRef(B + "person/ana-bek"), URIRef(B + "person/abcdefghij")}
    scrub = scrubber(KnowledgeGraph(), Confidential(records=records))
    assert scrub("ZaraSecretova and anabekz met") == f"{WITHHELD_TEXT} and {WITHHELD_TEXT} met"
    assert scrub("anabek met abcdefghij") == f"anabek met {WITHHELD_TEXT}", "shorter ids run together are too likely to be other words"


@pytest.mark.parametrize(("iri", "withheld"), [
    (B + "person/withheld-0123456789abcdef0123", True),
    ("urn:person:withheld-0123456789abcdef0123", True),
    ("https://example.org/person#withheld-0123456789abcdef0123", True),
    ("https://example.org/person/withheld-x/", False),
    ("https://example.org/person/not-withheld-0123", False),
    ("https://example.org/withheld-data/person/1", False),
    ("withheld-0123", True),
])
def test_pseudonyms_of_every_iri_shape_are_recognised(iri: str, withheld: bool) -> None:
    """``public_copy`` keeps ``urn:person:`` and ``...#`` prefixes; their pseudonyms are withheld records too."""
    assert is_withheld(URIRef(iri)) is withheld
    assert not is_withheld(Literal(iri)) and not is_withheld(iri)


def test_every_iri_shape_of_a_pseudonym_made_is_recognised() -> None:
    records = [URIRef("urn:person:zara"), URIRef("https://example.org/person#zara"), URIRef("https://example.org/person/zara/")]
    kg = KnowledgeGraph()
    kg.add_quads([(PUBLIC, RG.siblingOf, record, OPEN) for record in records])
    public = public_copy(kg, Confidential(records=set(records)), key=KEY)
    siblings = [row["s"] for row in public.select(f"SELECT ?s WHERE {{ {PUBLIC.n3()} rg:siblingOf ?s }}")]
    assert len(siblings) == 3 and all(is_withheld(s) for s in siblings), siblings


def test_any_confidential_part_makes_a_graph_confidential() -> None:
    for part in ("records", "sources", "graphs"):
        assert Confidential(**{part: {SECRET}}), part


def test_an_id_of_three_letters_is_searched_for_in_other_iris() -> None:
    record = URIRef(B + "person/abc")
    report = URIRef(B + "graph/report-on-abc")
    kg = KnowledgeGraph()
    kg.add_quads([(record, RDF.type, RG.Person, OPEN), (PUBLIC, RG.siblingOf, record, report), (PUBLIC, RDFS.comment, Literal("Met Abc in May"), OPEN)])
    got = quads(public_copy(kg, Confidential(records={record}), key=KEY))
    assert report not in {g for *_, g in got} and any(is_withheld(g) for *_, g in got)
    assert (PUBLIC, RDFS.comment, Literal(f"Met {WITHHELD_TEXT} in May"), OPEN) in got


def test_a_withheld_record_is_labelled_in_every_graph_that_types_it() -> None:
    kg = KnowledgeGraph()
    kg.add_quads([(SECRET, RDF.type, RG.Person, OPEN), (SECRET, RDF.type, RG.Person, NAMED), (SECRET, RG.memberOf, GROUP, FALSE)])
    got = quads(public_copy(kg, Confidential(records={SECRET}), key=KEY))
    labelled = sorted(str(g) for s, p, o, g in got if p == RDFS.label and o == Literal("withheld person"))
    assert len(labelled) == 2 and not any(g == FALSE for s, p, o, g in got if p == RDFS.label)


def test_a_character_that_folds_to_several_keeps_them_all() -> None:
    """``⑴`` folds to `` 1 ``: its leading space merges with the one before, and the ``1`` still counts."""
    assert Matcher(["Cell 1"]).sub("[x]", "In Cell ⑴ at night") == "In [x] at night"
    assert Matcher(["Zara 1"]).sub("[x]", "Zara ⑴") == "[x]"
