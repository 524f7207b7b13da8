"""Output folders and stores replace only what rightsgraph wrote, and never hold an input.

``build --out DIR`` and ``--store DIR`` replace a folder whole. They must refuse (one line, exit
status 2, the folder untouched) a folder that holds anything rightsgraph did not write, and any
folder that holds one of the build's inputs, however it is reached (symlinks included).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import MINIMAL_SOURCE

CASE = MINIMAL_SOURCE + """
actors:
  - id: ana-example
    type: Person
    name: Ana Example
    sources: [src]
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Staging or retired folders a build may leave behind."""
    return sorted(p.name for p in folder.iterdir() if ".new-" in p.name or ".old-" in p.name or ".full-" in p.name)


def a_home_folder(root: Path) -> Path:
    home = root / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "notes.txt").write_text("my notes", encoding="utf-8")
    (home / "Documents" / "transcript.txt").write_text("an interview", encoding="utf-8")
    return home


@pytest.fixture
def case(tmp_path: Path) -> Path:
    folder = tmp_path / "my-case"
    folder.mkdir()
    path = folder / "case.yaml"
    path.write_text(CASE.lstrip("\n"), encoding="utf-8")
    (folder / "transcript.txt").write_text("the interview, word for word", encoding="utf-8")
    return path


def assert_refused(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_out_onto_the_case_folder_keeps_the_case_file(case: Path, cli: Callable[..., Result]) -> None:
    before = snapshot(case.parent)
    result = cli("build", case, "--out", case.parent, "--no-views")
    assert_refused(result, str(case.parent))
    assert snapshot(case.parent) == before
    assert leftovers(case.parent.parent) == []


def test_out_onto_a_folder_above_the_input_is_refused(case: Path, cli: Callable[..., Result]) -> None:
    """The inputs are checked, not only the folder's contents: an empty-looking parent still holds them."""
    result = cli("build", case, "--out", case.parent.parent, "--no-views")
    assert_refused(result, "case.yaml")
    assert case.exists()


def test_out_through_a_symlink_to_the_case_folder_is_refused(case: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    link = tmp_path / "link-to-case"
    link.symlink_to(case.parent, target_is_directory=True)
    before = snapshot(case.parent)
    result = cli("build", link / "case.yaml", "--out", case.parent, "--no-views")
    assert_refused(result, "case.yaml")
    assert snapshot(case.parent) == before


def test_out_onto_a_home_like_folder_is_refused_and_untouched(case: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    home = a_home_folder(tmp_path)
    before = snapshot(home)
    result = cli("build", case, "--out", home, "--no-views")
    assert_refused(result, str(home), "not written by rightsgraph")
    assert snapshot(home) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("where", [".", ".."])
def test_out_dot_and_dot_dot_are_refused_without_a_traceback(where: str, case: Path, tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work" / "here"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    result = cli("build", case, "--out", where, "--no-views")
    assert_refused(result, "current folder")
    assert list(work.iterdir()) == []
    assert leftovers(work) == leftovers(work.parent) == leftovers(tmp_path) == []


def test_store_onto_a_folder_with_user_files_is_refused_and_untouched(case: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    home = a_home_folder(tmp_path)
    before = snapshot(home)
    result = cli("build", case, "--store", home)
    assert_refused(result, str(home), "not written by rightsgraph")
    assert snapshot(home) == before
    assert leftovers(tmp_path) == []


def test_store_holding_an_input_is_refused(case: Path, cli: Callable[..., Result]) -> None:
    before = snapshot(case.parent)
    result = cli("build", case, "--store", case.parent)
    assert_refused(result, "case.yaml")
    assert snapshot(case.parent) == before


def test_out_and_store_may_not_hold_each_other(case: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = cli("build", case, "--out", tmp_path / "out", "--store", tmp_path / "out" / "store", "--no-views")
    assert_refused(result, "store")
    assert not (tmp_path / "out").exists()


def test_rebuilding_into_a_previous_output_and_store_works(case: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    out, store = tmp_path / "out", tmp_path / "store"
    for _ in range(2):
        result = cli("build", case, "--out", out, "--store", store, "--no-views")
        assert result.exit_code == 0, result.output
    assert (out / "graph.trig").exists()
    query = cli("sparql", "SELECT ?n WHERE { ?p rdfs:label ?n FILTER (?n = 'Ana Example') }", "--store", store, "--format", "csv")
    assert query.exit_code == 0 and "Ana Example" in query.stdout
    assert leftovers(tmp_path) == []


def test_an_empty_folder_is_used(case: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("build", case, "--out", tmp_path / "empty", "--no-views")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "empty" / "graph.ttl").exists()


def _strip_markers(folder: Path) -> None:
    """Make ``folder`` look as an older rightsgraph (before output markers) left it."""
    for marker in (".rightsgraph-output", ".rightsgraph-store"):
        (folder / marker).unlink(missing_ok=True)


def test_outputs_and_stores_of_older_versions_are_recognised(case: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    out, store = tmp_path / "out", tmp_path / "store"
    assert cli("build", case, "--out", out, "--store", store).exit_code == 0
    _strip_markers(out)
    _strip_markers(store)
    result = cli("build", case, "--out", out, "--store", store)
    assert result.exit_code == 0, result.output
    # an older output with a file the user added is no longer only rightsgraph's
    _strip_markers(out)
    (out / "my-notes.txt").write_text("keep me", encoding="utf-8")
    result = cli("build", case, "--out", out, "--no-views")
    assert_refused(result, "not written by rightsgraph")
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_marked_output_with_user_files_added_is_refused(case: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    """The marker vouches for what rightsgraph wrote, not for what a user put there since."""
    out = tmp_path / "out"
    assert cli("build", case, "--out", out, "--no-views").exit_code == 0
    (out / "transcript.txt").write_text("an interview", encoding="utf-8")
    result = cli("build", case, "--out", out, "--no-views")
    assert_refused(result, "transcript.txt")
    assert (out / "transcript.txt").exists()


def test_a_file_in_place_of_the_folder_is_refused(case: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    target = tmp_path / "report.txt"
    target.write_text("mine", encoding="utf-8")
    for option in ("--out", "--store"):
        result = cli("build", case, option, target)
        assert result.exit_code == 2
        assert target.read_text(encoding="utf-8") == "mine"


def test_nothing_outside_the_target_is_written_on_refusal(case: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    home = a_home_folder(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    cli("build", case, "--out", home, "--store", tmp_path / "new-store")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_export_onto_its_own_input_is_refused(case: Path, cli: Callable[..., Result]) -> None:
    before = case.read_bytes()
    result = cli("export", "--format", "yaml", "--input", case, "--out", case)
    assert_refused(result, "would overwrite the input")
    assert case.read_bytes() == before


def test_import_onto_its_own_input_is_refused(tmp_path: Path, cli: Callable[..., Result]) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "political-prisoners"
    data = tmp_path / "prisoners.csv"
    data.write_bytes(next(example.glob("*.csv")).read_bytes())
    result = cli("import", "csv", data, "--mapping", example / "mapping.yaml", "--out", data)
    assert_refused(result, "would overwrite the input")
    assert data.read_bytes() == next(example.glob("*.csv")).read_bytes()
