"""What a killed run left beside an output, and what may not be written over: leftovers of dead
processes go, those of running processes (another user's too) stay, and a leftover that cannot
be removed does not stop the run; a special file in an output's place is named by its kind."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from rightsgraph import fsutil
from rightsgraph.errors import RightsgraphError
from rightsgraph.fsutil import refuse_special_file, remove_leftovers

DEAD_PID = 999_999_999
"""Above Linux's largest process id (4,194,304), so never a running process."""


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_leftovers_beside_a_folder_that_does_not_exist_yet_are_none(tmp_path: Path) -> None:
    remove_leftovers(tmp_path / "missing" / "store")
    assert _names(tmp_path) == []


def test_the_leftover_of_a_dead_process_goes_and_ours_stays(tmp_path: Path) -> None:
    dead, ours = tmp_path / f".store.new-{DEAD_PID}-x", tmp_path / f".store.full-{os.getpid()}-x"
    for folder in (dead, ours):
        (folder / "inside").mkdir(parents=True)
    remove_leftovers(tmp_path / "store")
    assert _names(tmp_path) == [ours.name]


def test_asking_whether_a_process_runs_neither_signals_it_nor_takes_its_folders(tmp_path: Path) -> None:
    """Only signal 0 asks without sending: any other would reach the running process (a hang-up
    ends it)."""
    # A hang-up ends the child even when the tests run under nohup (which ignores it, for children too).
    code = "import signal, sys; signal.signal(signal.SIGHUP, signal.SIG_DFL); print('ready', flush=True); sys.stdin.read()"
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        (tmp_path / f".store.new-{child.pid}-x").mkdir()
        remove_leftovers(tmp_path / "store")
        assert _names(tmp_path) == [f".store.new-{child.pid}-x"]
    finally:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.close()
        returncode = child.wait(timeout=30)
        child.stdout.close()
    assert returncode == 0, "the process ended by itself, not by a signal"


def test_the_folders_of_another_users_process_stay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Signalling another user's process is not allowed (EPERM): it runs, its folders are its own."""
    other = 4_000_000
    real_kill = os.kill

    def kill(pid: int, signal: int) -> None:
        if pid == other:
            raise PermissionError(1, "Operation not permitted")
        real_kill(pid, signal)

    monkeypatch.setattr(fsutil.os, "kill", kill)
    (tmp_path / f".store.old-{other}-x").mkdir()
    (tmp_path / f".store.old-{DEAD_PID}-x").mkdir()
    remove_leftovers(tmp_path / "store")
    assert _names(tmp_path) == [f".store.old-{other}-x"]


def test_a_number_too_large_for_a_process_id_is_no_process(tmp_path: Path) -> None:
    (tmp_path / f".store.old-{2**70}-x").mkdir()
    remove_leftovers(tmp_path / "store")
    assert _names(tmp_path) == []


def test_a_leftover_that_cannot_be_removed_does_not_stop_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file inside a leftover that may not be deleted (another user's, a busy mount) leaves that
    file behind for a later run; the run itself goes on."""
    stuck = tmp_path / f".store.new-{DEAD_PID}-x"
    stuck.mkdir()
    (stuck / "locked").write_text("x", encoding="utf-8")
    real_unlink = os.unlink

    def unlink(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        if Path(path).name == "locked":
            raise PermissionError(1, "Operation not permitted", str(path))
        real_unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "unlink", unlink)
    remove_leftovers(tmp_path / "store")
    assert (stuck / "locked").exists()


def test_a_special_file_in_the_place_of_an_output_is_named_by_its_kind(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(tmp_path / "socket"))
    try:
        cases = {pipe: "a named pipe", tmp_path / "socket": "a socket", Path(os.devnull): "a device", tmp_path: "a folder"}
        for path, kind in cases.items():
            with pytest.raises(RightsgraphError, match=f"^{path}: is {kind}, not a file; give the path of a file to write$"):
                refuse_special_file(path)
    finally:
        listening.close()
    refuse_special_file(tmp_path / "new.ttl")
    (tmp_path / "old.ttl").write_text("x", encoding="utf-8")
    refuse_special_file(tmp_path / "old.ttl")
