"""Competency questions 14 (interventions and their answers) and 15 (violations, their status and
who is said to be involved, how), on the built-in data and on a small case file of our own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rightsgraph.build import load_graph
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import LocalTarget, run_query
from tests.conftest import MINIMAL_SOURCE


def rows(kg: KnowledgeGraph, name: str, **params: object) -> list[dict[str, object]]:
    return run_query(LocalTarget(kg), name, params).to_python()


def test_q15_every_built_in_violation_is_alleged_with_its_involvement(builtin_kg: KnowledgeGraph) -> None:
    found = {r["name"]: r for r in rows(builtin_kg, "alleged-violations")}
    assert {r["status"] for r in found.values()} == {"alleged"}
    # Line 1: President Tokayev represses fundamental freedoms: responsible for a policy.
    assert found["Continuing repression of fundamental freedoms under President Tokayev"]["involved"] == "Tokayev (responsible through law or policy)"
    # Line 13: the police dispersed the protesters with brute force.
    assert found["Police disperse peaceful protesters with brute force on 10 May 2018"]["involved"] == "Police of Kazakhstan (carried out the act)"
    # Line 4: torture victim, and rights denied over the past decade.
    assert found["Torture of Mukhtar Dzhakishev"]["victims"] == "Mukhtar Dzhakishev"
    assert len(found) == 6
    assert rows(builtin_kg, "alleged-violations", onlyStatus="established") == []


def test_q14_the_meps_letters_have_no_recorded_answer_and_their_questions_were_answered(builtin_kg: KnowledgeGraph) -> None:
    found = rows(builtin_kg, "interventions-and-responses")
    # Line 16: letters on 19 October, then two written questions on 13 November 2017. The EP's
    # register: both questions answered by the HR/VP on 21 February 2018 (100 days later), the EU
    # having raised the cases with the Kazakh authorities.
    assert [(r["date"], r["requestedOf"], r["answered"]) for r in found] == [
        ("2017-10-19?", "Government of Kazakhstan", "no answer recorded"),
        ("2017-11-13", "EU Vice-President / High Representative", "yes"),
    ]
    questions = found[1]
    assert questions["documents"].count("written question") == 2  # type: ignore[union-attr]
    assert sorted(str(questions["answers"]).split("; ")) == ["Answer of the EU VP/HR to written question E-007094/2017", "Answer of the EU VP/HR to written question E-007095/2017"]
    assert (str(questions["answerDate"]), questions["after"], questions["response"]) == ("2018-02-21", 100, "put greater pressure on the authorities")


CASE = MINIMAL_SOURCE + """
actors:
  - id: mp
    type: Person
    name: A member of parliament
    sources: [src]
  - id: minister
    type: Person
    name: A minister
    sources: [src]
  - id: police
    type: LawEnforcementAgency
    name: City police
    sources: [src]
events:
  - id: asking
    type: Intervention
    name: The member asks about a beating
    interveningParty: mp
    requestedOf: minister
    date: 2021-03-01
    sources: [src]
  - id: beating
    type: IllTreatment
    name: Beating at the station
    victim: mp
    perpetrator: police
    violationStatus: established
    sources: [src]
documents:
  - id: question
    type: WrittenQuestion
    name: Question on the beating
    realizes: asking
    date: 2021-03-01
    sources: [src]
  - id: reply
    type: Letter
    name: The minister's reply
    answersTo: question
    date: 2021-04-01
    sources: [src]
"""


def test_answers_and_statuses_from_a_case_file(write_case: Callable[..., Path]) -> None:
    kg, _ = load_graph([write_case(CASE)])
    (asking,) = rows(kg, "interventions-and-responses")
    assert (asking["answered"], asking["answers"], str(asking["answerDate"])) == ("yes", "The minister's reply", "2021-04-01")
    assert asking["after"] == 31  # 1 March to 1 April: days counted by hand
    (beating,) = rows(kg, "alleged-violations")
    # A perpetrator named without an involvement record: its degree is unknown, and says so.
    assert (beating["status"], beating["involved"]) == ("established", "City police (degree not recorded)")
    assert rows(kg, "alleged-violations", onlyStatus="alleged") == []
