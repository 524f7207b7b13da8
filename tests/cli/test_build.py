"""`rightsgraph build`: the three graph files, the summary, and nothing written on bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result
from rdflib import Dataset, Graph

from rightsgraph.fsutil import atomic_directory
from rightsgraph.graph.iris import ONTOLOGY_GRAPH, PROVENANCE_GRAPH
from tests.conftest import MINIMAL_SOURCE


def test_build_builtin_writes_three_graph_files(cli: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("build", "--out", out)
    assert result.exit_code == 0, result.output
    assert "from 18 sources" in result.output  # 15 statements, 3 pages of the EP's register
    assert "conforms to the SHACL shapes" in result.output
    assert sorted(p.name for p in out.iterdir()) == [".rightsgraph-output", "assets", "graph.jsonld", "graph.trig", "graph.ttl", "index.html", "ontology.html", "records", "records.html", "views"]
    assert "Open the report:" in result.output

    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert str(PROVENANCE_GRAPH) in names and str(ONTOLOGY_GRAPH) in names
    assert len([n for n in names if "/id/graph/" in n]) == 18
    oxigraph_quads = list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert len(oxigraph_quads) == len(list(dataset.quads((None, None, None, None))))

    union = Graph().parse(out / "graph.ttl", format="turtle")
    distinct = {(q.subject, q.predicate, q.object) for q in oxigraph_quads}
    assert len(union) == len(distinct)

    document = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict), "the context is embedded, never a remote URL"
    reparsed = Dataset().parse(data=(out / "graph.jsonld").read_text(encoding="utf-8"), format="json-ld")
    assert len(list(reparsed.quads((None, None, None, None)))) == len(oxigraph_quads)


BROKEN = MINIMAL_SOURCE + """
actors:
  - id: ana
    type: Person
    name: Ana
    birthDate: 1990-02-30
    citizenship: atlantis
    sources: [src]
"""


def test_broken_case_file_exits_2_with_located_errors_and_writes_nothing(
    cli: Callable[..., Result], write_case: Callable[..., Path], tmp_path: Path
) -> None:
    broken = write_case(BROKEN, "broken.yaml")
    out = tmp_path / "out"
    result = cli("build", broken, "--out", out)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines == [
        f"{broken}:11: birthDate: day 30 does not exist in February 1990",
        f"{broken}:12: citizenship: unknown reference 'atlantis': no record has this id",
        "2 problem(s); nothing was written.",
    ]
    assert not out.exists()
    assert not any(p.name.startswith(".out") for p in tmp_path.iterdir())


def test_failed_build_keeps_the_previous_output(cli: Callable[..., Result], write_case: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("build", "--out", out).exit_code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = write_case(BROKEN, "broken.yaml")
    assert cli("build", broken, "--out", out).exit_code == 2
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_validation_errors_exit_2(cli: Callable[..., Result], write_case: Callable[..., Path], tmp_path: Path) -> None:
    path = write_case(MINIMAL_SOURCE + """
events:
  - id: trial
    type: Trial
    name: Trial
    sources: [src]
""")
    result = cli("build", path, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"{path}:8: defendant: A trial or prosecution needs a defendant")
    assert not (tmp_path / "out").exists()


def test_unknown_file_kind_and_missing_file(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"x")
    result = cli("build", tmp_path / "notes.docx", tmp_path / "missing.ttl", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "unknown kind of file" in result.stderr and "no such file" in result.stderr


def test_user_case_file_and_rdf_file_together(cli: Callable[..., Result], write_case: Callable[..., Path], tmp_path: Path) -> None:
    case = write_case(MINIMAL_SOURCE + """
actors:
  - id: ana
    type: Person
    name: Ana
    sources: [src]
""")
    rdf = tmp_path / "extra.ttl"
    rdf.write_text('<https://example.org/b> a <https://w3id.org/rightsgraph/ns#Person> ; '
                   '<http://www.w3.org/2000/01/rdf-schema#label> "Bo" .\n', encoding="utf-8")
    result = cli("build", case, rdf, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "in 2 fact graphs from 2 sources" in result.output


def test_atomic_directory_keeps_old_folder_on_interrupt(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "graph.trig").write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_directory(target) as staging:
        (staging / "half.txt").write_text("half")
        raise KeyboardInterrupt
    assert [p.name for p in target.iterdir()] == ["graph.trig"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
