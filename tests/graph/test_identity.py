"""The same person from two sources is one node in queries and views, with both sources kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from rightsgraph.build import graph_from_batch, load_graph
from rightsgraph.graph import Batch, KnowledgeGraph
from rightsgraph.loaders import load_case_files
from rightsgraph.queries import LocalTarget, run_query
from rightsgraph.viz import project

FIRST = """
sources:
  - {id: report-a, title: Report A, summary: First report., locator: p. 1}
actors:
  - id: ana-a
    type: Person
    name: Ana Example
    birthDate: 1980
    {link_a}
    sources: [report-a]
"""
SECOND = """
sources:
  - {id: report-b, title: Report B, summary: Second report., locator: p. 9}
actors:
  - id: ana-b
    type: Person
    name: Ana Example
    gender: female
    {link_b}
    sources: [report-b]
events:
  - id: arrest
    type: Detention
    name: Arrest of Ana
    detainee: ana-b
    date: 2021-02
    sources: [report-b]
"""


def people(kg: KnowledgeGraph) -> list[str]:
    return run_query(LocalTarget(kg), "actors-by-type", type="Person").values("actor")


@pytest.mark.parametrize(("link_a", "link_b"), [
    ("", "sameAs: [ana-a]"),                                  # an explicit same-as in a case file
    ("links: [wd:Q99000100]", "links: [wd:Q99000100]"),       # the same Wikidata id
])
def test_one_node_two_sources(write_case: Callable[..., Path], link_a: str, link_b: str) -> None:
    first = write_case(FIRST.replace("{link_a}", link_a), "a.yaml")
    second = write_case(SECOND.replace("{link_b}", link_b), "b.yaml")
    kg, report = load_graph([first, second])
    assert report.conforms
    (person,) = people(kg)
    assert person.endswith("/person/ana-a"), "the smallest IRI is kept"
    sources = run_query(LocalTarget(kg), "sources-of-fact", record=person, property="gender")
    assert sources.values("sourceTitle") == ["Report B"]
    birth = run_query(LocalTarget(kg), "sources-of-fact", record=person, property="birthDate")
    assert birth.values("sourceTitle") == ["Report A"]
    timeline = run_query(LocalTarget(kg), "timeline-of-person", person=person)
    assert timeline.values("name") == ["Arrest of Ana"]
    graph = project(kg)
    assert [data["label"] for _, data in graph.nodes(data=True) if data["kind"] == "person"] == ["Ana Example"]
    assert sorted(graph.nodes[person]["sources"]) == ["Report A", "Report B"]


def test_different_people_stay_apart(write_case: Callable[..., Path]) -> None:
    first = write_case(FIRST.replace("{link_a}", "links: [wd:Q1]"), "a.yaml")
    second = write_case(SECOND.replace("{link_b}", "links: [wd:Q2]"), "b.yaml")
    kg, _ = load_graph([first, second])
    assert len(people(kg)) == 2


def test_same_ftm_id_from_two_files_is_one_node(tmp_path: Path) -> None:
    batch = Batch()
    for name, extra in (("one", {"birthDate": ["1980"]}), ("two", {"gender": ["female"]})):
        path = tmp_path / f"{name}.ftm.json"
        path.write_text(json.dumps({"id": "person-ana", "schema": "Person", "properties": {"name": ["Ana Example"], **extra}}) + "\n", encoding="utf-8")
        from rightsgraph.loaders.ftm import load_ftm_file

        batch.extend(load_ftm_file(path).batch)
    kg, _ = graph_from_batch(batch)
    (person,) = people(kg)
    rows = kg.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{person}> a ?c }} }}")
    assert len({r["g"] for r in rows}) == 2


def test_case_files_without_identity_links_are_untouched(write_case: Callable[..., Path]) -> None:
    batch = load_case_files([write_case(FIRST.replace("{link_a}", ""), "a.yaml")])
    kg, _ = graph_from_batch(batch)
    assert len(people(kg)) == 1
