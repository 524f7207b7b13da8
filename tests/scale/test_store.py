"""The on-disk store: built once, then queried, viewed, exported, extended; always all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from rightsgraph.build import add_to_store, build
from rightsgraph.errors import StoreError, ValidationError
from rightsgraph.graph.store import open_store
from rightsgraph.loaders import load_case_files
from tests.conftest import MINIMAL_SOURCE


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "s"
    build(None, None, store=path)
    return path


def test_build_then_query_view_export_analyze_on_the_store(cli: Callable[..., Result], store: Path, tmp_path: Path) -> None:
    result = cli("query", "relatives-of-refugees-prosecuted", "--store", store)
    assert result.exit_code == 0 and "Iskander Yerimbetov" in result.stdout
    assert cli("view", "ego", "Botagoz Jardemalie", "--store", store, "--out", tmp_path / "ego.html").exit_code == 0
    assert cli("export", "--format", "trig", "--store", store, "--out", tmp_path / "g.trig").exit_code == 0
    assert "Kazakhstan" in cli("analyze", "--store", store).stdout
    assert cli("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s a rg:Person }", "--store", store).stdout.splitlines()[1] == "7"


def test_store_keeps_what_was_built(store: Path) -> None:
    kg = open_store(store, read_only=True)
    try:
        assert len(kg.fact_graphs()) == 18  # 15 statements, 3 pages of the EP's register
        assert kg.ask("ASK { <https://w3id.org/rightsgraph/id/person/botagoz-jardemalie> rg:siblingOf ?x }")
    finally:
        kg.close()


def test_failed_build_leaves_the_previous_store(cli: Callable[..., Result], write_case: Callable[..., Path], tmp_path: Path) -> None:
    path = tmp_path / "s"
    assert cli("build", "--store", path).exit_code == 0
    before = sorted(p.name for p in path.iterdir())
    broken = write_case(MINIMAL_SOURCE + "events:\n  - {id: t, type: Trial, name: T, sources: [src]}\n")
    assert cli("build", broken, "--store", path).exit_code == 2
    assert sorted(p.name for p in path.iterdir()) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".s.")] == []
    assert cli("query", "sources", "--store", path).stdout.count("\n") == 19


def test_import_into_a_store_is_atomic(write_case: Callable[..., Path], tmp_path: Path) -> None:
    path = tmp_path / "s"
    build(None, None, store=path)
    good = load_case_files([write_case(MINIMAL_SOURCE + "actors:\n  - {id: new-person, type: Person, name: New Person, sources: [src]}\n", "good.yaml")])
    add_to_store(path, good)
    bad = load_case_files([write_case(MINIMAL_SOURCE.replace("src", "src2") + "events:\n  - {id: t2, type: Trial, name: T, sources: [src2]}\n", "bad.yaml")])
    with pytest.raises(ValidationError):
        add_to_store(path, bad)
    kg = open_store(path, read_only=True)
    try:
        assert len(kg.fact_graphs()) == 19
        assert kg.ask("ASK { ?p rdfs:label 'New Person' }") and not kg.ask("ASK { ?t a rg:Trial }")
    finally:
        kg.close()


def test_streaming_build_without_validation(cli: Callable[..., Result], store: Path, tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    assert cli("export", "--format", "nquads", "--store", store, "--out", dump).exit_code == 0
    result = cli("build", dump, "--store", tmp_path / "big", "--no-validate")
    assert result.exit_code == 0 and "Validation: skipped" in result.stdout
    rows = cli("query", "relatives-of-refugees-prosecuted", "--store", tmp_path / "big").stdout.splitlines()
    assert len(rows) == 2 and ",Iskander Yerimbetov," in rows[1]


def test_store_errors(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    missing = cli("query", "sources", "--store", tmp_path / "nothing")
    assert missing.exit_code == 2 and "no store here" in missing.stderr
    with pytest.raises(StoreError, match="no store here"):
        open_store(tmp_path / "empty")
    both = cli("query", "sources", "--store", tmp_path / "empty", "--input", "x.yaml")
    assert both.exit_code == 2
