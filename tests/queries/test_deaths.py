"""A death in custody is recorded, queried (each source's account apart) and drawn on timelines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rightsgraph.build import graph_from_batch, load_graph
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.loaders.csvmapping import read_csv, read_mapping
from rightsgraph.queries import LocalTarget, run_query
from rightsgraph.viz.timeline import timeline_entries
from tests.ontology.test_case_facts import CASE

OUTSIDE_CUSTODY = """
  - id: death-warden
    type: Death
    name: Death of Pyotr Nadzirov at home
    deceased: warden
    inCustody: false
    date: 2023
    sources: [family]
"""


@pytest.fixture
def kg(write_case: Callable[..., Path]) -> KnowledgeGraph:
    text = CASE.replace("events:\n", "events:\n" + OUTSIDE_CUSTODY.lstrip("\n"), 1)
    graph, report = load_graph([write_case(text)])
    assert report.conforms, report.violations
    return graph


def test_deaths_in_custody_keep_each_account(kg: KnowledgeGraph) -> None:
    rows = run_query(LocalTarget(kg), "deaths-in-custody", {}).to_python()
    accounts = {(r["personName"], r["date"], r["placeName"], r["sourceTitle"], r.get("cause"), r.get("circumstances")) for r in rows}
    assert accounts == {
        ("Иван Примеров", "2021-02-03", "Penal colony no. 4", "Statement of the prison service", "heart failure", None),
        ("Иван Примеров", "2021-02-03", "Penal colony no. 4", "Statement of the family", "injuries from beating", "found in his cell after a beating"),
    }, "the death outside custody is not listed; the two accounts are not merged"
    assert run_query(LocalTarget(kg), "deaths-in-custody", {"person": "Pyotr Nadzirov"}).to_python() == []


def test_the_death_is_on_the_person_s_timeline(kg: KnowledgeGraph) -> None:
    dated, _ = timeline_entries(kg, None)
    deaths = [(e.name, e.when, e.in_custody) for e in dated if e.death]
    assert deaths == [("Death of Ivan Primerov in penal colony no. 4", "3 February 2021", True), ("Death of Pyotr Nadzirov at home", "2023", False)]


def test_a_date_of_death_from_a_list_is_drawn_too(tmp_path: Path) -> None:
    (tmp_path / "list.csv").write_text("name,died\nA. Example,03.02.2021\nB. Example,\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        "source: {id: l, title: List, summary: 'Entry for {name}'}\n"
        "record: {type: Person, name: '{name}', id: 'p-{row}'}\n"
        "columns:\n  died: {property: deathDate, dates: ['%d.%m.%Y']}\n", encoding="utf-8")
    kg, _ = graph_from_batch(read_csv(tmp_path / "list.csv", read_mapping(tmp_path / "m.yaml")).strict())
    dated, _ = timeline_entries(kg, None)
    assert [(e.name, e.when, e.death) for e in dated] == [("Death of A. Example", "3 February 2021", True)]


def test_a_list_can_record_deaths_in_custody(tmp_path: Path) -> None:
    (tmp_path / "list.csv").write_text("name,died_in_custody\nA. Example,03.02.2021\nB. Example,\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        "source: {id: l, title: List, summary: 'Entry for {name}'}\n"
        "record: {type: Person, name: '{name}', id: 'p-{row}'}\n"
        "columns:\n"
        "  died_in_custody: {event: Death, role: deceased, property: date, dates: ['%d.%m.%Y'], facts: {inCustody: 'true'}}\n",
        encoding="utf-8")
    kg, report = graph_from_batch(read_csv(tmp_path / "list.csv", read_mapping(tmp_path / "m.yaml")).strict())
    assert report.conforms and report.warnings == []
    rows = run_query(LocalTarget(kg), "deaths-in-custody", {}).to_python()
    assert [(r["personName"], r["date"], r["sourceTitle"]) for r in rows] == [("A. Example", "2021-02-03", "List, row 2")]
