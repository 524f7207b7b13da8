"""A projection of chosen records holds every link among them, however many they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from benchmarks.generate import generate
from rightsgraph.build import populate
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.viz.projection import project


@pytest.fixture(scope="module")
def corpus_kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    populate(kg, generate(1300, tmp_path_factory.mktemp("corpus"), seed=11), check=False)
    return kg


def edges(graph: object) -> set[tuple[str, str, str]]:
    return {(s, o, k) for s, o, k in graph.edges(keys=True)}  # type: ignore[attr-defined]


def test_links_between_chunks_are_kept(corpus_kg: KnowledgeGraph) -> None:
    whole = project(corpus_kg)  # no VALUES at all: the reference
    nodes = [URIRef(n) for n in whole.nodes]
    chunk = 2000
    assert len(nodes) > chunk, "the records must span more than one chunk of the projection's queries"
    chosen = project(corpus_kg, nodes)
    assert set(chosen.nodes) == set(whole.nodes)
    assert edges(chosen) == edges(whole)


def test_links_among_a_subset_only(corpus_kg: KnowledgeGraph) -> None:
    whole = project(corpus_kg)
    some = sorted(whole.nodes)[::3]
    chosen = project(corpus_kg, [URIRef(n) for n in some])
    expected = {(s, o, k) for s, o, k in edges(whole) if s in some and o in some}
    assert expected and edges(chosen) == expected
