"""A person's timeline starts from that person's events: the same entries as a pass over every
event of the graph, and only the person's events are read."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import LocalTarget
from rightsgraph.viz.projection import run_view_query
from rightsgraph.viz.timeline import timeline_entries
from tests.scale.corpus import corpus_graph, record_parameters

CONCATENATED = {"actors": "; ", "sources": "; ", "involvements": "; ", "classes": " "}
"""Columns that join several values; engines may join them in any order."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    return corpus_graph(400, tmp_path_factory.mktemp("corpus"))


def normalised(rows: list[dict[str, object]]) -> list[tuple[tuple[str, str], ...]]:
    def value(key: str, term: object) -> str:
        separator = CONCATENATED.get(key)
        return separator.join(sorted(str(term).split(separator))) if separator else str(term)
    return sorted(tuple(sorted((key, value(key, term)) for key, term in row.items())) for row in rows)


def test_the_entries_are_those_of_a_pass_over_every_event(corpus: KnowledgeGraph) -> None:
    person = URIRef(record_parameters(corpus)["person"])
    # The reference: every event of the graph, kept when the person is one of its actors.
    reference = run_view_query(corpus, "timeline", {"person": person}).rows
    assert len(reference) >= 3, "the corpus's person must have a timeline"
    expected = normalised(reference)
    dated, undated = timeline_entries(corpus, person)
    assert sorted(entry.event for entry in dated + undated) == sorted(str(row["event"]) for row in reference)
    queried: list[str] = []
    original = LocalTarget.run

    def spy(self: LocalTarget, text: str) -> object:
        queried.append(text)
        return original(self, text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LocalTarget, "run", spy)
        timeline_entries(corpus, person)
    timeline_text = next(text for text in queried if "GROUP_CONCAT(DISTINCT ?involvementText" in text)
    assert "VALUES ?event" in timeline_text, "the timeline query must start from the person's events"
    assert normalised(LocalTarget(corpus).run(timeline_text).rows) == expected


def test_a_person_without_events_has_an_empty_timeline(corpus: KnowledgeGraph) -> None:
    nobody = URIRef("https://w3id.org/rightsgraph/id/person/nobody-at-all")
    assert timeline_entries(corpus, nobody) == ([], [])
