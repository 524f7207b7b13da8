"""The synthetic corpus of the benchmark: valid case files in the shape of the built-in data,
the same for the same seed."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from benchmarks.generate import generate
from rightsgraph.build import load_graph
from rightsgraph.queries import LocalTarget, run_query


def digest(files: list[Path]) -> list[str]:
    return [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]


def test_same_seed_same_corpus_other_seed_other_corpus(tmp_path: Path) -> None:
    first = generate(120, tmp_path / "a", seed=3)
    again = generate(120, tmp_path / "b", seed=3)
    other = generate(120, tmp_path / "c", seed=4)
    assert [f.name for f in first] == [f.name for f in again]
    assert digest(first) == digest(again) != digest(other)


def test_corpus_is_valid_and_answers_the_competency_questions(tmp_path: Path) -> None:
    files = generate(600, tmp_path / "corpus", seed=7)
    kg, report = load_graph(files)
    assert report.conforms
    counts = {str(r["c"]).rsplit("#", 1)[1]: int(str(r["n"])) for r in kg.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
    assert counts["Person"] == 600
    for cls in ("RefugeeStatusGrant", "PoliticalPrisonerDesignation", "Trial", "CourtDecision", "Detention", "Release", "Protest", "MassDetention", "Resolution", "Court", "DetentionFacility"):
        assert counts.get(cls, 0) > 0, cls
    target = LocalTarget(kg)
    expected = expected_answers(files)
    assert all(expected.values()), "the corpus must exercise every question"
    assert answers(run_query(target, "relatives-of-refugees-prosecuted").rows, "refugee", "relative", "proceeding") == expected["relatives"]
    assert answers(run_query(target, "political-prisoners-status").rows, "person") == expected["prisoners"]
    assert answers(run_query(target, "court-decisions-on-political-prisoners").rows, "decision", "person", "court") == expected["decisions"]
    assert run_query(target, "releases-after-interventions").rows


def _id(term: object) -> str:
    return str(term).rsplit("/", 1)[-1]


def answers(rows: list[dict[str, object]], *columns: str) -> set[tuple[str, ...]]:
    return {tuple(_id(row[c]) for c in columns) for row in rows}


def expected_answers(files: list[Path]) -> dict[str, set[tuple[str, ...]]]:
    """The answers worked out from the case files themselves (not from the graph)."""
    actors: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        actors += document.get("actors", [])
        events += document.get("events", [])
    kin: set[frozenset[str]] = {frozenset((a["id"], r["person"])) for a in actors for r in a.get("relatives", [])}
    refugees = {e["statusHolder"] for e in events if e["type"] == "RefugeeStatusGrant"}
    prisoners = {e["statusHolder"] for e in events if e["type"] == "PoliticalPrisonerDesignation"}
    against = {"Trial": "defendant", "CourtDecision": "defendant", "Detention": "detainee"}
    proceedings = [(e["id"], e[against[e["type"]]]) for e in events if e["type"] in against]
    relatives = {
        (refugee, person, proceeding)
        for refugee in refugees
        for proceeding, person in proceedings
        if frozenset((refugee, person)) in kin
    }
    decisions = {(e["id"], e["defendant"], e["decidedBy"]) for e in events if e["type"] == "CourtDecision" and e["defendant"] in prisoners}
    return {"relatives": relatives, "prisoners": {(p,) for p in prisoners}, "decisions": decisions}
