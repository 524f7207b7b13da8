"""The synthetic corpus of the benchmark: valid case files in the shape of the built-in data,
the same for the same seed."""

from __future__ import annotations

import hashlib
from pathlib import Path

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
    for name in ("relatives-of-refugees-prosecuted", "political-prisoners-status", "releases-after-interventions", "court-decisions-on-political-prisoners"):
        assert run_query(target, name).rows, name
