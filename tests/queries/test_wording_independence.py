"""Answers do not depend on how a fact is worded: brother/sister/sibling, either direction,
a court named on the trial or on the decision."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rightsgraph.build import load_graph
from rightsgraph.queries import LocalTarget, run_query
from tests.conftest import MINIMAL_SOURCE

PEOPLE = """
actors:
  - id: refugee
    type: Person
    name: Rita Refugee
    sources: [src]
    {refugee_kin}
  - id: relative
    type: Person
    name: Paul Relative
    sources: [src]
    {relative_kin}
  - id: court
    type: Court
    name: City Court
    sources: [src]
events:
  - id: status
    type: RefugeeStatusGrant
    name: Rita granted refugee status
    statusHolder: refugee
    sources: [src]
  - id: trial
    type: Trial
    name: Trial of Paul Relative
    defendant: relative
    charge: organising an unsanctioned rally
    date: 2021-05
    {trial_court}
    sources: [src]
  - id: verdict
    type: CourtDecision
    name: Verdict against Paul Relative
    defendant: relative
    partOf: trial
    date: 2021-06-01
    outcome: conviction
    {decision_court}
    sources: [src]
"""

KIN = {
    "brother, from the relative": ("", "relatives: [{relation: brother, person: refugee}]"),
    "sister, from the refugee": ("relatives: [{relation: sister, person: relative}]", ""),
    "sibling, from the refugee": ("relatives: [{relation: sibling, person: relative}]", ""),
    "half-brother, from the relative": ("", "relatives: [{relation: half-brother, person: refugee}]"),
}
COURT = {
    "court on the trial": ("court: court", "decidedBy: court"),
    "court only on the decision": ("", "decidedBy: court"),
}


def answer(path: Path) -> set[tuple[str, ...]]:
    kg, _ = load_graph([path])
    rows = run_query(LocalTarget(kg), "relatives-of-refugees-prosecuted").to_python()
    return {(r["refugeeName"], r["relativeName"], r["relation"], r["proceedingName"], r.get("courtName", ""), r.get("charges", "")) for r in rows}


EXPECTED = {
    ("Rita Refugee", "Paul Relative", "sibling of", "Trial of Paul Relative", "City Court", "organising an unsanctioned rally"),
    ("Rita Refugee", "Paul Relative", "sibling of", "Verdict against Paul Relative", "City Court", "organising an unsanctioned rally"),
}


@pytest.mark.parametrize("kin", sorted(KIN))
@pytest.mark.parametrize("court", sorted(COURT))
def test_same_answer_whatever_the_wording(write_case: Callable[..., Path], kin: str, court: str) -> None:
    refugee_kin, relative_kin = KIN[kin]
    trial_court, decision_court = COURT[court]
    text = MINIMAL_SOURCE + PEOPLE.format(refugee_kin=refugee_kin, relative_kin=relative_kin, trial_court=trial_court, decision_court=decision_court)
    assert answer(write_case(text)) == EXPECTED


def test_spouse_and_parent_are_relatives_too(write_case: Callable[..., Path]) -> None:
    text = MINIMAL_SOURCE + PEOPLE.format(refugee_kin="relatives: [{relation: mother, person: relative}]", relative_kin="", trial_court="court: court", decision_court="decidedBy: court")
    relations = {row[2] for row in answer(write_case(text))}
    assert relations == {"child of"}


PROCEEDINGS = {
    # class: (the role the relative has in it, the class's label in the ontology)
    "CriminalProsecution": ("defendant", "criminal prosecution"),
    "Trial": ("defendant", "trial"),
    "Appeal": ("defendant", "appeal"),
    "ReleaseRequest": ("affectedPerson", "release request"),
    "CourtDecision": ("defendant", "court decision"),
    "Detention": ("detainee", "detention"),
    "MassDetention": ("numberOfPeople: 40, detainee", "mass detention"),
}


@pytest.mark.parametrize("cls", sorted(PROCEEDINGS))
def test_every_kind_of_proceeding_against_a_relative_is_found(write_case: Callable[..., Path], cls: str) -> None:
    role, label = PROCEEDINGS[cls]
    text = MINIMAL_SOURCE + f"""
actors:
  - {{id: refugee, type: Person, name: Rita Refugee, sources: [src]}}
  - {{id: relative, type: Person, name: Paul Relative, relatives: [{{relation: brother, person: refugee}}], sources: [src]}}
events:
  - {{id: status, type: RefugeeStatusGrant, name: Rita granted refugee status, statusHolder: refugee, sources: [src]}}
  - {{id: proceeding, type: {cls}, name: The {label} of Paul Relative, {role}: relative, date: 2021-05, sources: [src]}}
"""
    kg, _ = load_graph([write_case(text)])
    rows = run_query(LocalTarget(kg), "relatives-of-refugees-prosecuted").to_python()
    assert [(r["relativeName"], r["proceedingName"], r["proceedingType"]) for r in rows] == [("Paul Relative", f"The {label} of Paul Relative", label)]
