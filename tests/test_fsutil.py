"""Atomic output: a folder or file is replaced whole on success and left as it was on any error,
with nothing half-written beside it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from rightsgraph.errors import RightsgraphError
from rightsgraph.fsutil import atomic_directory, atomic_file


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_folder_appears_whole_with_its_parents(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out"
    with atomic_directory(target) as staging:
        assert staging.parent == target.parent and staging != target and not target.exists()
        (staging / "a.txt").write_text("a", encoding="utf-8")
    assert _tree(target) == {"a.txt": "a"}
    assert _mode(target) == 0o755
    assert sorted(p.name for p in target.parent.iterdir()) == ["out"]


def test_an_existing_folder_is_replaced_not_merged(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old", encoding="utf-8")
    with atomic_directory(target) as staging:
        assert _tree(target) == {"old.txt": "old"}, "the old folder stays until the new one is complete"
        (staging / "new.txt").write_text("new", encoding="utf-8")
    assert _tree(target) == {"new.txt": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("error", [ValueError("broken"), KeyboardInterrupt()])
def test_an_error_leaves_the_old_folder_and_no_staging(tmp_path: Path, error: BaseException) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old", encoding="utf-8")
    with pytest.raises(type(error)), atomic_directory(target) as staging:
        (staging / "half.txt").write_text("half", encoding="utf-8")
        raise error
    assert _tree(target) == {"old.txt": "old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_error_without_an_old_folder_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError), atomic_directory(tmp_path / "out") as staging:
        (staging / "half.txt").write_text("half", encoding="utf-8")
        raise ValueError("broken")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_swap_puts_the_old_folder_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old", encoding="utf-8")
    real_rename = Path.rename

    def rename(self: Path, destination: Path) -> Path:
        if self.name.startswith(".out.new-"):
            raise OSError("disk full")
        return real_rename(self, destination)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="disk full"), atomic_directory(target) as staging:
        (staging / "new.txt").write_text("new", encoding="utf-8")
    assert _tree(target) == {"old.txt": "old"}
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
    target.mkdir()
    _failing_cleanup(monkeypatch)
    with atomic_directory(target) as staging:
        (staging / "new.txt").write_text("new", encoding="utf-8")
    assert _tree(target) == {"new.txt": "new"}


def test_a_failed_cleanup_does_not_hide_the_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out"
    _failing_cleanup(monkeypatch)
    with pytest.raises(ValueError, match="the real error"), atomic_directory(target):
        raise ValueError("the real error")
    target.mkdir()
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
