"""Atomic output: a folder or file is replaced whole on success and left as it was on any error,
with nothing half-written beside it."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from rightsgraph import fsutil
from rightsgraph.errors import RightsgraphError
from rightsgraph.fsutil import OUTPUT_FOLDER, STORE_FOLDER, atomic_directory, atomic_file, check_holds_no_input, check_replaceable


def _tree(folder: Path) -> dict[str, str]:
    """The files of an output folder but its marker."""
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_FOLDER.marker}


def _old_folder(target: Path) -> None:
    """An output folder rightsgraph wrote earlier (so that it may be replaced)."""
    with atomic_directory(target) as staging:
        (staging / "graph.ttl").write_text("old", encoding="utf-8")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_folder_appears_whole_with_its_parents(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out"
    with atomic_directory(target) as staging:
        assert staging.parent == target.parent and staging != target and not target.exists()
        (staging / "graph.ttl").write_text("a", encoding="utf-8")
    assert _tree(target) == {"graph.ttl": "a"}
    assert (target / OUTPUT_FOLDER.marker).read_text(encoding="utf-8") == "graph.ttl\n"
    assert _mode(target) == 0o755
    assert sorted(p.name for p in target.parent.iterdir()) == ["out"]


def test_an_existing_folder_is_replaced_not_merged(tmp_path: Path) -> None:
    target = tmp_path / "out"
    _old_folder(target)
    with atomic_directory(target) as staging:
        assert _tree(target) == {"graph.ttl": "old"}, "the old folder stays until the new one is complete"
        (staging / "index.html").write_text("new", encoding="utf-8")
    assert _tree(target) == {"index.html": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("error", [ValueError("broken"), KeyboardInterrupt()])
def test_an_error_leaves_the_old_folder_and_no_staging(tmp_path: Path, error: BaseException) -> None:
    target = tmp_path / "out"
    _old_folder(target)
    with pytest.raises(type(error)), atomic_directory(target) as staging:
        (staging / "graph.ttl").write_text("half", encoding="utf-8")
        raise error
    assert _tree(target) == {"graph.ttl": "old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_error_without_an_old_folder_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError), atomic_directory(tmp_path / "out") as staging:
        (staging / "half.txt").write_text("half", encoding="utf-8")
        raise ValueError("broken")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_swap_puts_the_old_folder_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out"
    _old_folder(target)
    real_rename = Path.rename

    def rename(self: Path, destination: Path) -> Path:
        if self.name.startswith(".out.new-"):
            raise OSError("disk full")
        return real_rename(self, destination)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="disk full"), atomic_directory(target) as staging:
        (staging / "graph.ttl").write_text("new", encoding="utf-8")
    assert _tree(target) == {"graph.ttl": "old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("a file", encoding="utf-8")
    with pytest.raises(RightsgraphError, match="exists and is not a folder"), atomic_directory(target):
        pytest.fail("no staging folder for a target that is a file")
    assert target.read_text(encoding="utf-8") == "a file"


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "graph.ttl"
    with atomic_file(target) as staging:
        assert staging.parent == target.parent and staging.name.endswith(".part") and staging.exists()
        staging.write_text("first", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "first" and _mode(target) == 0o644
    with atomic_file(target) as staging:
        staging.write_text("second", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "first"
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]


@pytest.mark.parametrize("error", [ValueError("broken"), KeyboardInterrupt()])
def test_a_failed_file_leaves_the_old_one_and_no_part(tmp_path: Path, error: BaseException) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(type(error)), atomic_file(target) as staging:
        staging.write_text("half", encoding="utf-8")
        raise error
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def _failing_cleanup(monkeypatch: pytest.MonkeyPatch) -> None:
    """Removing a leftover folder fails unless the caller ignores errors (a busy file, say)."""

    def rmtree(path: Path, ignore_errors: bool = False) -> None:
        if not ignore_errors:
            raise OSError(f"cannot remove {path}")

    monkeypatch.setattr("rightsgraph.fsutil.shutil.rmtree", rmtree)


def test_a_leftover_old_folder_does_not_fail_a_finished_swap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out"
    _old_folder(target)
    _failing_cleanup(monkeypatch)
    with atomic_directory(target) as staging:
        (staging / "graph.ttl").write_text("new", encoding="utf-8")
    assert _tree(target) == {"graph.ttl": "new"}


def test_a_failed_cleanup_does_not_hide_the_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out"
    _failing_cleanup(monkeypatch)
    with pytest.raises(ValueError, match="the real error"), atomic_directory(target):
        raise ValueError("the real error")
    _old_folder(target)
    real_rename = Path.rename

    def rename(self: Path, destination: Path) -> Path:
        if self.name.startswith(".out.new-"):
            raise OSError("the real error")
        return real_rename(self, destination)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="the real error"), atomic_directory(target):
        pass
    assert target.is_dir()


def test_a_part_file_already_gone_does_not_hide_the_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="the real error"), atomic_file(tmp_path / "graph.ttl") as staging:
        staging.unlink()
        raise ValueError("the real error")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("foreign", "named"), [(1, "a0.txt"), (3, "a0.txt, a1.txt, a2.txt"), (5, "a0.txt, a1.txt, a2.txt and 2 more")])
def test_a_refusal_names_a_few_foreign_files_and_counts_the_rest(tmp_path: Path, foreign: int, named: str) -> None:
    target = tmp_path / "out"
    target.mkdir()
    for i in range(foreign):
        (target / f"a{i}.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RightsgraphError) as refused:
        check_replaceable(target, OUTPUT_FOLDER)
    assert str(refused.value) == f"{target}: holds files not written by rightsgraph ({named}); refusing to replace it as the output folder — give a new or empty folder"


def test_a_store_may_grow_files_after_it_was_written(tmp_path: Path) -> None:
    """The database adds files of its own (new tables, logs): a store is still rightsgraph's."""
    target = tmp_path / "store"
    with atomic_directory(target, STORE_FOLDER) as staging:
        (staging / "CURRENT").write_text("MANIFEST-000001\n", encoding="utf-8")
    assert (target / STORE_FOLDER.marker).read_text(encoding="utf-8") == "written by rightsgraph as a store\n"
    (target / "000123.sst").write_bytes(b"table")
    check_replaceable(target, STORE_FOLDER)
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RightsgraphError, match=r"\(notes.txt\); refusing to replace it as the store"):
        check_replaceable(target, STORE_FOLDER)


def test_folders_written_before_markers_are_recognised_by_their_files(tmp_path: Path) -> None:
    target = tmp_path / "out"
    (target / "views").mkdir(parents=True)
    for name in ("graph.trig", "graph.ttl", "index.html", "views/ego-a.html"):
        (target / name).write_text("old", encoding="utf-8")
    check_replaceable(target, OUTPUT_FOLDER)
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RightsgraphError, match=r"\(notes.txt\); refusing"):
        check_replaceable(target, OUTPUT_FOLDER)


def test_a_marker_that_is_not_a_file_is_refused_not_read(tmp_path: Path) -> None:
    target = tmp_path / "out"
    (target / OUTPUT_FOLDER.marker).mkdir(parents=True)
    (target / "graph.trig").write_text("old", encoding="utf-8")
    with pytest.raises(RightsgraphError, match=r"\(\.rightsgraph-output\); refusing"):
        check_replaceable(target, OUTPUT_FOLDER)


def test_an_output_may_not_be_or_hold_an_input(tmp_path: Path) -> None:
    case = tmp_path / "cases" / "case.yaml"
    case.parent.mkdir()
    case.write_text("sources: []\n", encoding="utf-8")
    with pytest.raises(RightsgraphError, match="would overwrite the input"):
        check_holds_no_input(case, [case], "output folder")
    for target in (case.parent, tmp_path):
        with pytest.raises(RightsgraphError, match="must not contain an input"):
            check_holds_no_input(target, [case], "output folder")
    check_holds_no_input(tmp_path / "out", [case], "output folder")
    check_holds_no_input(tmp_path / "cases-out", [case], "output folder")


def test_an_empty_folder_of_the_user_counts_as_theirs(tmp_path: Path) -> None:
    target = tmp_path / "out"
    (target / "drafts").mkdir(parents=True)
    (target / "views").mkdir()
    (target / "views" / "ego-a.html").write_text("old", encoding="utf-8")
    (target / "graph.trig").write_text("old", encoding="utf-8")
    with pytest.raises(RightsgraphError, match=r"\(drafts\); refusing"):
        check_replaceable(target, OUTPUT_FOLDER)


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EACCES, errno.EIO])
def test_a_disk_that_fails_while_the_file_is_written_is_one_line_and_nothing_is_written(tmp_path: Path, number: int) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RightsgraphError, match=rf"^{target}: cannot write: {os.strerror(number)}; nothing was written$"):
        with atomic_file(target) as staging:
            staging.write_text("new", encoding="utf-8")
            raise OSError(number, os.strerror(number))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"] and target.read_text(encoding="utf-8") == "old"


def test_an_error_that_is_not_the_disks_passes_through(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        with atomic_file(tmp_path / "out.ttl"):
            raise FileNotFoundError(errno.ENOENT, "a file the caller reads is missing")
    assert list(tmp_path.iterdir()) == []


def test_a_disk_full_before_the_temporary_file_exists_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fsutil.tempfile, "mkstemp", full)
    with pytest.raises(RightsgraphError, match=rf"^{tmp_path / 'out.ttl'}: cannot write: No space left on device; nothing was written$"):
        with atomic_file(tmp_path / "out.ttl"):
            pass
    assert list(tmp_path.iterdir()) == []


def test_an_output_under_a_file_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(RightsgraphError, match=r"file\.txt/out\.ttl: cannot write there \(Not a directory\)$"):
        with atomic_file(tmp_path / "file.txt" / "out.ttl"):
            pass
