"""Alignments, kinship placement and SKOS hygiene, read from the Turtle.

Each alignment an outside review found wrong has its own assertion: the wrong link is gone and
the right one is there. Expected ESF codes are checked against the micro-thesaurus terms of
OpenEvSys (tests/fixtures/esf/openevsys-terms.tsv), not against the Turtle itself.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.ontology import RG, RG_NS, load_ontology, vocabulary
from rightsgraph.ontology.namespace import ELI, SCHEMA, WD, WDT
from rightsgraph.ontology.files import SHAPES_PATH

ELI_DL = Namespace("http://data.europa.eu/eli/eli-draft-legislation-ontology#")
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.narrowMatch, SKOS.broadMatch, SKOS.relatedMatch)
ESF_TERMS = Path(__file__).parents[1] / "fixtures" / "esf" / "openevsys-terms.tsv"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def linked(onto: Graph, term: URIRef) -> dict[URIRef, set[URIRef]]:
    return {rel: set(onto.objects(term, rel)) for rel in MATCHES}


# -- the alignments the review found wrong -----------------------------------------------------


def test_place_of_detention_is_close_not_exact_to_p2632(onto: Graph) -> None:
    links = linked(onto, RG.placeOfDetention)
    assert WDT.P2632 in links[SKOS.closeMatch]
    assert WDT.P2632 not in links[SKOS.exactMatch] and WD.P2632 not in links[SKOS.exactMatch]


def test_charge_text_is_only_related_to_the_item_valued_p1595(onto: Graph) -> None:
    links = linked(onto, RG.charge)
    assert WDT.P1595 in links[SKOS.relatedMatch]
    assert not ({WDT.P1595, WD.P1595} & (links[SKOS.exactMatch] | links[SKOS.closeMatch]))


def test_relative_of_is_broader_than_p1038(onto: Graph) -> None:
    links = linked(onto, RG.relativeOf)
    assert WDT.P1038 in links[SKOS.narrowMatch]
    assert WDT.P1038 not in links[SKOS.exactMatch] and WD.P1038 not in links[SKOS.exactMatch]


def test_concerns_is_not_matched_to_significant_event(onto: Graph) -> None:
    """P793 links an item to its events: the reverse sense of 'concerns'."""
    everything = set().union(*linked(onto, RG.concerns).values())
    assert not ({WDT.P793, WD.P793} & everything)
    assert WDT.P921 in linked(onto, RG.concerns)[SKOS.closeMatch]


def test_issuing_body_matches_dcterms_publisher_not_passed_by(onto: Graph) -> None:
    links = linked(onto, RG.issuingBody)
    assert DCTERMS.publisher in links[SKOS.closeMatch]
    assert ELI.passed_by not in set().union(*links.values())


def test_procedure_reference_matches_the_process_id_of_eli_dl(onto: Graph) -> None:
    links = linked(onto, RG.procedureReference)
    assert ELI_DL.process_id in links[SKOS.closeMatch]
    assert ELI.id_local not in set().union(*links.values())


def test_addressee_is_matched_not_subsumed_under_schema_recipient(onto: Graph) -> None:
    assert SCHEMA.recipient not in set(onto.objects(RG.addressee, RDFS.subPropertyOf))
    assert SCHEMA.recipient in set(onto.objects(RG.addressee, SKOS.closeMatch))


def test_property_matches_point_at_wikidata_predicates(onto: Graph) -> None:
    """A property is matched to wdt:P… (a predicate), never to wd:P… (the property's item)."""
    vocab = vocabulary()
    wrong = [
        (name, str(o))
        for name, prop in vocab.properties.items()
        for rel in MATCHES
        for o in onto.objects(prop.iri, rel)
        if re.fullmatch(r"http://www\.wikidata\.org/entity/P\d+", str(o))
    ]
    assert wrong == []
    assert sum(1 for p in vocab.properties.values() for rel in MATCHES for o in onto.objects(p.iri, rel) if str(o).startswith(str(WDT))) > 20


# -- kinship placement -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected", "not_under"),
    [
        ("stepbrother", "stepSiblingOf", "siblingOf"),
        ("stepsister", "stepSiblingOf", "siblingOf"),
        ("stepfather", "stepParentOf", "parentOf"),
        ("stepmother", "stepParentOf", "parentOf"),
        ("stepson", "stepChildOf", "childOf"),
        ("stepdaughter", "stepChildOf", "childOf"),
        ("partner", "partnerOf", "spouseOf"),
    ],
)
def test_step_relations_and_partners_are_their_own_kinship(word: str, expected: str, not_under: str) -> None:
    vocab = vocabulary()
    kin = vocab.kinship_word(word)
    assert kin is not None and kin.property == RG[expected]
    info = vocab.properties[expected]
    assert RG[not_under] not in info.superproperties
    assert RG.relativeOf in info.superproperties


def test_step_parent_and_step_child_are_inverse_and_not_parent_child(onto: Graph) -> None:
    assert (RG.stepParentOf, OWL.inverseOf, RG.stepChildOf) in onto
    assert WDT.P40 not in set().union(*linked(onto, RG.stepParentOf).values())


# -- SKOS hygiene ------------------------------------------------------------------------------


def concepts(onto: Graph) -> set[URIRef]:
    return {c for c in onto.subjects(RDF.type, SKOS.Concept) if str(c).startswith(RG_NS)}


def test_every_scheme_lists_its_top_concepts(onto: Graph) -> None:
    for scheme in onto.subjects(RDF.type, SKOS.ConceptScheme):
        members = set(onto.subjects(SKOS.inScheme, scheme))
        tops = set(onto.objects(scheme, SKOS.hasTopConcept))
        assert tops, scheme
        assert tops == {m for m in members if onto.value(m, SKOS.broader) is None}, scheme
        assert all((t, SKOS.topConceptOf, scheme) in onto for t in tops)


def test_every_concept_has_one_english_pref_label(onto: Graph) -> None:
    for concept in concepts(onto):
        labels = [label for label in onto.objects(concept, SKOS.prefLabel) if isinstance(label, Literal) and label.language == "en"]
        assert len(labels) == 1, concept


def test_broader_and_narrower_mirror_each_other_within_a_scheme(onto: Graph) -> None:
    pairs = set(onto.subject_objects(SKOS.broader))
    assert pairs, "no hierarchy at all"
    assert pairs == {(n, b) for b, n in onto.subject_objects(SKOS.narrower)}
    for narrower, broader in pairs:
        assert onto.value(narrower, SKOS.inScheme) == onto.value(broader, SKOS.inScheme)
    assert (RG.RightPublicTrial, SKOS.broader, RG.RightFairTrial) in onto
    assert (RG.RightFreedomOfExpression, SKOS.broader, RG.RightFundamentalFreedoms) in onto


@pytest.mark.parametrize(
    ("concept_class", "expected"),
    [
        (RG.Severity, ["serious", "critical", "life-threatening"]),
        (RG.ConfidenceLevel, ["low", "medium", "high"]),
        (RG.Impact, ["none-discernible", "minor", "moderate", "strong"]),
    ],
)
def test_ordinal_scales_are_ordered(onto: Graph, concept_class: URIRef, expected: list[str]) -> None:
    vocab = vocabulary()
    members = [vocab.concept(concept_class, word) for word in vocab.notations(concept_class)]
    ranks = {vocab.notation_of(m): int(onto.value(m, RG.scaleRank)) for m in members}  # type: ignore[arg-type]
    assert sorted(ranks, key=lambda word: ranks[word]) == expected
    assert sorted(ranks.values()) == list(range(1, len(expected) + 1))


def test_no_blank_nodes_in_the_ontology(onto: Graph) -> None:
    """Blank nodes cannot be matched across stores: a pushed ontology must compare equal."""
    assert not [t for t in onto if any(isinstance(n, BNode) for n in t)]


def test_notations_are_typed_one_datatype_per_scheme(onto: Graph) -> None:
    datatypes_of_scheme: dict[URIRef, set[URIRef]] = defaultdict(set)
    for concept in concepts(onto):
        notations = list(onto.objects(concept, SKOS.notation))
        assert notations and all(isinstance(n, Literal) and n.datatype is not None for n in notations), concept
        own = [n for n in notations if (n.datatype, RG.esfMicroThesaurus, None) not in onto]
        assert len(own) == 1, concept
        datatypes_of_scheme[onto.value(concept, SKOS.inScheme)].add(own[0].datatype)  # type: ignore[arg-type]
    assert all(len(types) == 1 for types in datatypes_of_scheme.values())
    all_types = [next(iter(t)) for t in datatypes_of_scheme.values()]
    assert len(all_types) == len(set(all_types)), "two schemes share a notation datatype"
    # The word reused across schemes is now two distinct literals.
    acquittals = {n for c in concepts(onto) for n in onto.objects(c, SKOS.notation) if str(n) == "acquittal"}
    assert len(acquittals) == 2


def _esf_terms() -> dict[str, str]:
    with ESF_TERMS.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["vocab_number"]: row["english"] for row in rows}


def test_esf_codes_are_real_terms_of_their_micro_thesaurus(onto: Graph) -> None:
    vocab = vocabulary()
    terms = _esf_terms()
    coded = [t for t in vocab.terms() if vocab.esf_code(t) is not None]
    assert len(coded) > 60
    unknown = [(str(t), vocab.esf_code(t)) for t in coded if vocab.esf_code(t).vocab_number not in terms]  # type: ignore[union-attr]
    assert unknown == []
    # A few spot checks against the standard's own English terms.
    expected = {
        RG.InvolvementCarriedOut: "Directly carried out the act",
        RG.InvolvementOrdered: "Gave orders that led to the act",
        RG.PerpetratorPolice: "Police",
        RG.ConfidenceHigh: "Highly reliable",
        RG.SourceRoleWitness: "Witness",
        RG.precedes: "Event which precedes another related event",
        RG.resultedIn: "Event which causes another event",
        RG.spouseOf: "Spouse",
        RG.partnerOf: "Partner",
        RG.CourtMilitary: "Military court",
    }
    for term, english in expected.items():
        code = vocab.esf_code(term)
        assert code is not None and terms[code.vocab_number] == english, term


def test_esf_vocab_number_layout() -> None:
    from rightsgraph.ontology import EsfCode

    assert EsfCode(18, "01-02").vocab_number == "01020000000018"
    assert EsfCode(21, "01-01-06").vocab_number == "01010600000021"


def test_case_file_words_ignore_esf_codes() -> None:
    vocab = vocabulary()
    assert vocab.concept(RG.DegreeOfInvolvement, "ordered") == RG.InvolvementOrdered
    assert vocab.concept(RG.DegreeOfInvolvement, "01-02") is None
    assert "01-02" not in vocab.notations(RG.DegreeOfInvolvement)


def test_concepts_the_sources_need_exist() -> None:
    vocab = vocabulary()
    for concept_class, word in [
        (RG.DetentionType, "psychiatric"), (RG.DetentionType, "pretrial"), (RG.CourtType, "military"),
        (RG.Right, "expression"), (RG.Right, "association"), (RG.Right, "liberty"),
        (RG.StatusKind, "prisoner-of-conscience"), (RG.ViolationStatus, "alleged"),
    ]:
        assert vocab.concept(concept_class, word) is not None, word


# -- labels and use ----------------------------------------------------------------------------


def test_no_class_and_property_share_a_label(onto: Graph) -> None:
    vocab = vocabulary()
    by_label: dict[str, set[str]] = defaultdict(set)
    for term in list(vocab.classes.values()) + [p.iri for p in vocab.properties.values()]:
        by_label[str(onto.value(term, RDFS.label)).lower()].add(str(term))
    assert {label: names for label, names in by_label.items() if len(names) > 1} == {}


def test_every_property_is_used_by_the_built_in_data_or_the_shapes(builtin_kg: KnowledgeGraph) -> None:
    """A property nobody writes and nothing checks is dead weight (or a missing fact)."""
    vocab = vocabulary()
    in_data = {row["p"] for row in builtin_kg.select("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }")}
    in_shapes = {RG[m] for m in re.findall(r"\brg:([A-Za-z]+)", SHAPES_PATH.read_text(encoding="utf-8"))}
    used = in_data | in_shapes
    unused = []
    for name, prop in vocab.properties.items():
        relatives = {p.iri for p in vocab.properties.values() if prop.iri in p.superproperties} | {prop.iri}
        if prop.inverse is not None:
            relatives.add(prop.inverse)
        if prop.derived or relatives & used:
            continue
        unused.append(name)
    assert unused == []
