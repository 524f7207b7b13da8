"""The facts real cases need: deaths (in custody, with accounts that disagree), positions held in
time, identifiers of any issuing body, sanctions — in the ontology, the shapes and case files."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from rightsgraph.build import load_graph
from rightsgraph.errors import InputError, ValidationError
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.graph.iris import DEFAULT_BASE, mint, source_graph
from rightsgraph.loaders.casewriter import case_document, write_case_file
from rightsgraph.ontology import RG
from tests.security.test_properties import fact_quads

CASE = """
sources:
  - id: prison-service
    title: Statement of the prison service
    summary: The prison service says the prisoner died of heart failure.
    locator: press release, paragraph 2
  - id: family
    title: Statement of the family
    summary: The family says the prisoner died after being beaten and denied care.
    locator: interview, minute 4
actors:
  - id: ivan
    type: Person
    name: Иван Примеров
    deathDate: 2021-02-03
    sources: [family, prison-service]
  - id: colony-4
    type: DetentionFacility
    name: Penal colony no. 4
    sources: [family]
  - id: warden
    type: Person
    name: Pyotr Nadzirov
    sources: [family]
  - id: eu
    type: InternationalBody
    name: European Union
    sources: [family]
  - id: unhrc
    type: InternationalBody
    name: UN Human Rights Council
    sources: [family]
posts:
  - id: head-colony-4
    type: Post
    name: Head of penal colony no. 4
    postIn: colony-4
    sources: [family]
memberships:
  - id: warden-head-colony-4
    type: Membership
    name: Pyotr Nadzirov, head of penal colony no. 4
    member: warden
    organization: colony-4
    post: head-colony-4
    roleLabel: Head of penal colony no. 4
    membershipKind: office
    startDate: 2015~
    endDate: 2021-06
    sources: [family]
events:
  - id: death-ivan
    type: Death
    name: Death of Ivan Primerov in penal colony no. 4
    deceased: ivan
    placeOfDetention: colony-4
    inCustody: true
    date: 2021-02-03
    causeOfDeath:
      - {value: heart failure, sources: [prison-service]}
      - {value: injuries from beating, sources: [family]}
    circumstances: {value: found in his cell after a beating, sources: [family]}
    sources: [family, prison-service]
  - id: sanction-warden
    type: Sanction
    name: EU sanction against Pyotr Nadzirov
    sanctionedActor: warden
    imposedBy: eu
    measure: asset freeze and travel ban
    sanctionProgram: EU human rights sanctions regime
    startDate: 2022-03-02
    date: 2022-03-02
    sources: [family]
documents:
  - id: hrc-resolution
    type: Resolution
    name: Resolution on the situation of human rights
    issuingBody: unhrc
    concerns: ivan
    identifiers:
      - {scheme: un-document, value: A/HRC/RES/50/20}
      - {scheme: national-court-case-number, value: "1-234/2020", sources: [prison-service]}
    sources: [family]
"""


def iri(segment: str, slug: str) -> URIRef:
    return mint(DEFAULT_BASE, segment, slug)


def holds(kg: KnowledgeGraph, subject: URIRef, predicate: URIRef, obj: Node) -> bool:
    """Whether the union of the graphs holds the fact."""
    return kg.ask(f"ASK {{ {subject.n3()} {predicate.n3()} {obj.n3()} }}")


def test_death_in_custody_keeps_both_accounts(write_case: Callable[..., Path]) -> None:
    kg, report = load_graph([write_case(CASE)])
    assert report.conforms, report.violations
    death = iri("event", "death-ivan")
    family, service = source_graph(DEFAULT_BASE, "family"), source_graph(DEFAULT_BASE, "prison-service")
    # Each account is in the graph of the source that gives it; neither overwrites the other.
    causes = {(str(o), g) for _, _, o, g in kg.dataset.quads((death, RG.causeOfDeath, None, None)) if g != DATASET_DEFAULT_GRAPH_ID}
    assert causes == {("heart failure", service), ("injuries from beating", family)}
    assert holds(kg, death, RG.inCustody, Literal(True))
    assert holds(kg, iri("person", "ivan"), RG.deathDateEDTF, Literal("2021-02-03"))
    # Inference: the deceased is an affected person of the event, as every role is.
    assert holds(kg, death, RG.affectedPerson, iri("person", "ivan"))


def test_position_held_in_time_and_identifiers(write_case: Callable[..., Path]) -> None:
    kg, _ = load_graph([write_case(CASE)])
    membership = iri("membership", "warden-head-colony-4")
    assert holds(kg, membership, RG.member, iri("person", "warden"))
    assert holds(kg, membership, RG.roleLabel, Literal("Head of penal colony no. 4"))
    assert holds(kg, membership, RG.startDateEDTF, Literal("2015~"))
    assert holds(kg, membership, RG.membershipKind, RG.MembershipOffice)
    rows = kg.select(
        f"SELECT ?scheme ?value WHERE {{ {iri('document', 'hrc-resolution').n3()} rg:identifier ?id . "
        "?id rg:identifierScheme ?scheme ; rg:identifierValue ?value }"
    )
    values = {(str(row["scheme"]), str(row["value"])) for row in rows}
    assert values == {(str(RG.SchemeUNDocument), "A/HRC/RES/50/20"), (str(RG.SchemeNationalCourtCase), "1-234/2020")}


def test_the_case_file_round_trips(write_case: Callable[..., Path], tmp_path: Path) -> None:
    first, _ = load_graph([write_case(CASE)])
    written = io.StringIO()
    write_case_file(first, written)
    assert "identifiers:" in written.getvalue() and "memberships:" in written.getvalue()
    (tmp_path / "again.yaml").write_text(written.getvalue(), encoding="utf-8")
    second, _ = load_graph([tmp_path / "again.yaml"])
    assert fact_quads(second) == fact_quads(first)
    assert case_document(second) == case_document(first)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("{scheme: un-document, value: A/HRC/RES/50/20}", "{scheme: ep-procedure, value: A/HRC/RES/50/20}", "2019/2610(RSP)"),
        ("{scheme: un-document, value: A/HRC/RES/50/20}", "{scheme: un-document, value: resolution fifty}", "A/HRC/RES/50/20"),
        ("    deceased: ivan\n", "", "the person who died"),
        ("    sanctionedActor: warden\n", "", "taken against"),
        ("    member: warden\n", "", "needs its member"),
    ],
)
def test_shapes_refuse_broken_new_facts(write_case: Callable[..., Path], old: str, new: str, fragment: str) -> None:
    assert old in CASE
    with pytest.raises(ValidationError) as caught:
        load_graph([write_case(CASE.replace(old, new, 1))])
    assert any(fragment in p.message for p in caught.value.problems), caught.value.problems


def test_unknown_scheme_and_identifier_on_a_person_are_located(write_case: Callable[..., Path]) -> None:
    broken = CASE.replace("scheme: un-document", "scheme: un-doc", 1)
    broken = broken.replace("    deathDate: 2021-02-03\n", "    deathDate: 2021-02-03\n    identifiers: [{scheme: other, value: x}]\n", 1)
    with pytest.raises(InputError) as caught:
        load_graph([write_case(broken)])
    messages = [(p.field, p.message) for p in caught.value.problems]
    assert any(f == "scheme" and "'un-doc' is not one of" in m and "un-document" in m for f, m in messages), messages
    assert any(f == "identifiers" and "unknown field for a person" in m for f, m in messages), messages


def test_documents_list_any_issuing_body_s_reference(write_case: Callable[..., Path]) -> None:
    from rightsgraph.queries import LocalTarget, run_query

    kg, _ = load_graph([write_case(CASE)])
    rows = run_query(LocalTarget(kg), "documents-about-country", {}).to_python()
    (row,) = [r for r in rows if r["name"] == "Resolution on the situation of human rights"]
    assert set(row["reference"].split("; ")) == {"A/HRC/RES/50/20", "1-234/2020"}
