"""The SHACL shapes catch one broken example of each kind, located and in plain words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import RDF, RDFS, Literal, URIRef

from rightsgraph.build import load_graph
from rightsgraph.errors import Problem, ValidationError
from rightsgraph.graph import KnowledgeGraph, infer, validate
from rightsgraph.ontology import RG
from tests.conftest import MINIMAL_SOURCE, ONE_PERSON, ONE_VIOLATION

PERSON = ONE_PERSON


def violations(paths: list[Path]) -> list[Problem]:
    with pytest.raises(ValidationError) as caught:
        load_graph(paths)
    return caught.value.problems


def only(problems: list[Problem], fragment: str) -> Problem:
    hits = [p for p in problems if fragment in p.message]
    assert len(hits) == 1, problems
    return hits[0]


def test_trial_without_defendant(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
events:
  - id: trial
    type: Trial
    name: A trial with no defendant
    date: 2020-01-01
    sources: [src]
""")
    problem = only(violations([path]), "needs a defendant")
    assert (problem.file, problem.line) == (str(path), 8)


def test_release_without_date(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + PERSON + """
events:
  - id: release
    type: Release
    name: A release with no date
    releasedPerson: ana
    sources: [src]
""")
    problem = only(violations([path]), "A release needs a date")
    assert problem.line == 14 and problem.field == "dateEDTF"


def test_release_of_something_not_a_person_is_refused_by_the_loader(write_case: Callable[..., Path]) -> None:
    from rightsgraph.errors import InputError

    path = write_case(MINIMAL_SOURCE + """
actors:
  - id: police
    type: LawEnforcementAgency
    name: Police
    sources: [src]
events:
  - id: release
    type: Release
    name: Release
    date: 2020
    releasedPerson: police
    sources: [src]
""")
    with pytest.raises(InputError) as caught:
        load_graph([path])
    assert str(caught.value.problems[0]) == f"{path}:17: releasedPerson: 'police' is a law enforcement agency, but releasedPerson needs a person"


TURTLE_PREFIXES = """
@prefix rg: <https://w3id.org/rightsgraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
"""


def test_date_in_the_wrong_form(tmp_path: Path) -> None:
    path = tmp_path / "dates.ttl"
    path.write_text(TURTLE_PREFIXES + """
ex:p a rg:Person ; rdfs:label "P" .
ex:release a rg:Release ; rdfs:label "Release" ; rg:releasedPerson ex:p ;
    rg:date "19 March 2020" ; rg:dateEDTF "March 2020" .
""", encoding="utf-8")
    problems = violations([path])
    only(problems, "The date is in the wrong form")
    only(problems, "not in EDTF form")
    assert all(p.file == str(path) for p in problems)


def test_kinship_link_to_something_not_a_person(tmp_path: Path) -> None:
    path = tmp_path / "kin.ttl"
    path.write_text(TURTLE_PREFIXES + """
ex:p a rg:Person ; rdfs:label "P" .
ex:court a rg:Court ; rdfs:label "A court" .
ex:p rg:siblingOf ex:court .
""", encoding="utf-8")
    problems = violations([path])
    # Symmetry puts the court on both ends of the link: both are reported.
    only(problems, "the relative is not a Person")
    only(problems, "this record is not a Person")


def test_fact_graph_without_a_source() -> None:
    kg = KnowledgeGraph()
    kg.load_ontology()
    orphan = URIRef("https://example.org/graph/orphan")
    person = URIRef("https://example.org/p")
    kg.add_quads([(person, RDF.type, RG.Person, orphan), (person, RDFS.label, Literal("P"), orphan)])
    infer(kg)
    report = validate(kg)
    problem = only(report.violations, "has no source")
    assert problem.file == f"<{orphan}>"


def test_court_decision_by_a_non_court_and_mass_detention_without_count(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + PERSON + """
  - id: police
    type: LawEnforcementAgency
    name: Police
    sources: [src]
events:
  - id: decision
    type: CourtDecision
    name: A decision by the police
    defendant: ana
    decidedBy: police
    date: 2020-05
    sources: [src]
  - id: crowd
    type: MassDetention
    name: Many people detained
    date: 2020-05-01
    sources: [src]
""")
    problems = violations([path])
    assert only(problems, "is taken by a Court").line == 22  # the decidedBy line
    assert only(problems, "number of people detained").line == 25


def test_court_decision_without_court_or_date_is_a_warning(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + PERSON + """
events:
  - id: decision
    type: CourtDecision
    name: Sentenced to seven years
    defendant: ana
    sentence: 7 years
    sources: [src]
""")
    _, report = load_graph([path])
    assert report.conforms
    assert sorted(p.message.split(" (")[0] for p in report.warnings) == [
        "Give the date of this decision",
        "Name the court that took this decision",
    ]


def test_refugee_status_granted_by_a_non_state_and_citizenship(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
actors:
  - id: ngo
    type: NonGovernmentalOrganization
    name: An NGO
    sources: [src]
  - id: ana
    type: Person
    name: Ana
    sources: [src]
events:
  - id: grant
    type: RefugeeStatusGrant
    name: Status
    statusHolder: ana
    grantedBy: ngo
    sources: [src]
""")
    from rightsgraph.errors import InputError

    with pytest.raises(InputError) as caught:
        load_graph([path])
    assert "grantedBy needs a state" in str(caught.value)


def test_figure_without_value_and_source_without_summary(tmp_path: Path) -> None:
    path = tmp_path / "figure.trig"
    path.write_text(TURTLE_PREFIXES + """
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/rightsgraph/graph/provenance> {
  ex:src a rg:Source ; rdfs:label "S" ; rg:locator "p. 3" .
  ex:g a rg:FactGraph ; prov:wasDerivedFrom ex:src .
}
ex:g { ex:fig a rg:Figure ; rdfs:label "A figure" ; rg:countedCategory "prisoners" . }
""", encoding="utf-8")
    problems = violations([path])
    only(problems, "exactly one number")
    only(problems, "one short summary")


def test_warnings_do_not_stop_a_build(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
actors:
  - id: ep
    type: InternationalBody
    name: A parliament
    sources: [src]
documents:
  - id: res
    type: Resolution
    name: A resolution about nothing in particular
    issuingBody: ep
    sources: [src]
""")
    _, report = load_graph([path])
    assert report.conforms
    assert [p.line for p in report.warnings] == [13]


DESIGNATION_WITHOUT_DESIGNATOR = MINIMAL_SOURCE + PERSON + """
events:
  - id: pp-ana
    type: PoliticalPrisonerDesignation
    name: Ana described as a political prisoner
    statusHolder: ana
    sources: [src]
"""


def test_designation_without_designator_is_refused_on_its_line(write_case: Callable[..., Path]) -> None:
    path = write_case(DESIGNATION_WITHOUT_DESIGNATOR)
    problem = only(violations([path]), "Say who designated")
    assert (problem.file, problem.line, problem.field) == (str(path), 14, "designatedBy")  # the designation record


def test_designation_without_designator_exits_2_and_writes_nothing(
    cli: Callable[..., Result], write_case: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_case(DESIGNATION_WITHOUT_DESIGNATOR)
    out = tmp_path / "out"
    result = cli("build", path, "--out", out)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"{path}:14: designatedBy: Say who designated")
    assert not out.exists()
    # The same record with its designator (an organisation of the actors section) builds.
    with_designator = DESIGNATION_WITHOUT_DESIGNATOR.replace("    statusHolder: ana\n", "    statusHolder: ana\n    designatedBy: ngo\n")
    with_designator = with_designator.replace("events:\n", "  - {id: ngo, type: NonGovernmentalOrganization, name: An NGO, sources: [src]}\nevents:\n")
    result = cli("build", write_case(with_designator, "designated.yaml"), "--out", out)
    assert result.exit_code == 0, result.output


def test_involvement_needs_a_degree_and_one_event_and_actor(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + PERSON + ONE_VIOLATION + """
involvements:
  - id: who
    type: Involvement
    name: Someone involved
    involvedIn: beating
    sources: [src]
""")
    problems = violations([path])
    only(problems, "Say how the actor is involved")
    only(problems, "the one actor said to be involved")


def test_a_group_may_be_detained_but_a_place_may_not(write_case: Callable[..., Path]) -> None:
    ok = write_case(MINIMAL_SOURCE + """
actors:
  - id: crowd
    type: Group
    name: About 50 protesters
    numberOfPeople: 50
    sources: [src]
events:
  - id: roundup
    type: MassDetention
    name: Fifty detained
    detainee: crowd
    numberOfPeople: 50
    sources: [src]
""", "ok.yaml")
    _, report = load_graph([ok])
    assert report.conforms
    bad = write_case(MINIMAL_SOURCE + """
places:
  - id: town
    type: Place
    name: A town
    sources: [src]
events:
  - id: roundup
    type: Detention
    name: A town detained
    detainee: town
    sources: [src]
""", "bad.yaml")
    with pytest.raises(Exception) as caught:
        load_graph([bad])
    assert "detainee" in str(caught.value)


def test_intervention_has_one_response(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + PERSON + """
events:
  - id: letter
    type: Intervention
    name: A letter for Ana
    interveningParty: ana
    response: [none-recorded, denied]
    sources: [src]
""")
    only(violations([path]), "one recorded response")
