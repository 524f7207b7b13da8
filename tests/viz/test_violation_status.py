"""Views show how established a violation is ('alleged' unless a source says more) and who is
said to be involved with which degree of involvement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rightsgraph.build import load_graph
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.viz import project, write_timeline
from rightsgraph.viz.timeline import timeline_entries
from tests.conftest import MINIMAL_SOURCE, ONE_PERSON, ONE_VIOLATION

EVENT = "https://w3id.org/rightsgraph/id/event/"


def test_network_tooltips_carry_status_and_involvement(builtin_kg: KnowledgeGraph) -> None:
    graph = project(builtin_kg)
    facts = graph.nodes[EVENT + "repression-under-tokayev"]["facts"]
    assert facts["violation status"] == ["alleged"]
    # Statement 1 holds the president responsible for a policy, not for a single act.
    assert facts["involvement"] == ["Tokayev: responsible through law or policy"]
    dispersal = graph.nodes[EVENT + "dispersal-of-10-may-2018"]["facts"]
    assert dispersal["involvement"] == ["Police of Kazakhstan: carried out the act"]
    assert "violation status" not in graph.nodes[EVENT + "release-of-mukhtar-dzhakishev"]["facts"]


def test_a_violation_without_status_is_shown_as_alleged(write_case: Callable[..., Path], tmp_path: Path) -> None:
    path = write_case(MINIMAL_SOURCE + ONE_PERSON + ONE_VIOLATION + """
    date: 2021-05-02
  - id: inquiry
    type: IllTreatment
    name: Beating of Ana found by an inquiry
    victim: ana
    violationStatus: established
    date: 2021-06-01
    sources: [src]
""")
    kg, _ = load_graph([path])
    facts = project(kg).nodes[EVENT + "beating"]["facts"]
    assert facts["violation status"] == ["alleged"]
    assert project(kg).nodes[EVENT + "inquiry"]["facts"]["violation status"] == ["established"]
    dated, _ = timeline_entries(kg)
    assert [(e.name, e.status) for e in dated] == [("Beating of Ana", "alleged"), ("Beating of Ana found by an inquiry", "established")]
    page = write_timeline(kg, tmp_path / "timeline.html").read_text(encoding="utf-8")
    assert '<span class="rg-status">alleged</span>' in page and '<span class="rg-status">established</span>' in page


def test_timeline_of_the_built_in_data_shows_status_and_degree(builtin_kg: KnowledgeGraph) -> None:
    dated, undated = timeline_entries(builtin_kg)
    by_name = {e.name: e for e in dated + undated}
    dispersal = by_name["Police disperse peaceful protesters with brute force on 10 May 2018"]
    assert dispersal.status == "alleged"
    assert dispersal.involvements == "Police of Kazakhstan: carried out the act"
    assert by_name["Release of Mukhtar Dzhakishev on parole"].status == ""


def test_casebook_pages_carry_involvement_and_status(builtin_kg: KnowledgeGraph) -> None:
    from rightsgraph.viz.site.model import collect

    book = collect(builtin_kg)
    dispersal = book.records[EVENT + "dispersal-of-10-may-2018"]
    facts = {(f.label, f.text): f for f in dispersal.facts}
    involvement = facts[("involvement", "Police of Kazakhstan: carried out the act")]
    assert involvement.target == "https://w3id.org/rightsgraph/id/organization/police-of-kazakhstan"
    assert [c.source.rsplit("/", 1)[-1] for c in involvement.citations] == ["s13"]  # line 13
    assert ("violation status", "alleged") in facts


def test_casebook_says_when_a_status_is_only_the_default(write_case: Callable[..., Path]) -> None:
    from rightsgraph.viz.site.model import collect

    path = write_case(MINIMAL_SOURCE + ONE_PERSON + ONE_VIOLATION)
    kg, _ = load_graph([path])
    facts = {(f.label, f.text) for f in collect(kg).records[EVENT + "beating"].facts}
    assert ("violation status", "alleged (no source says more)") in facts
