"""A build killed outright (SIGKILL: no cleanup runs) leaves nothing confidential behind for long.

``build --store X --public --no-validate`` stages the full data (secrets included) in a scratch
store beside X. A kill leaves it there; the next build into X removes every leftover of a build
that is no longer running (``.X.full-*``, ``.X.new-*``, ``.X.old-*``), and never one of a build
that still runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

CONFIDENTIAL = "<https://example.org/person/secret-{0}> <https://w3id.org/rightsgraph/ns#confidential> true .\n"
LABEL = '<https://example.org/person/secret-{0}> <http://www.w3.org/2000/01/rdf-schema#label> "Secret Person {0}" .\n'


def big_confidential_file(path: Path, records: int = 300_000) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(records):
            handle.write(LABEL.format(i) + CONFIDENTIAL.format(i))
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".store."))


def kill_while_staging(folder: Path, data: Path) -> None:
    """Start a public streaming build into ``folder/store`` and SIGKILL it once the full copy is staged."""
    command = [sys.executable, "-m", "rightsgraph.cli", "build", str(data), "--store", str(folder / "store"), "--public", "--no-validate"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not list(folder.glob(".store.full-*/CURRENT")) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.02)
        assert process.poll() is None, "the build ended before it could be killed"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def test_the_next_build_removes_what_a_killed_build_left(tmp_path: Path, cli: Callable[..., Result]) -> None:
    data = big_confidential_file(tmp_path / "secrets.nt")
    kill_while_staging(tmp_path, data)
    left = leftovers(tmp_path)
    assert any(".full-" in name for name in left), left  # the control: the kill left the full copy
    result = cli("build", "--store", tmp_path / "store", "--no-views")
    assert result.exit_code == 0, result.output
    assert leftovers(tmp_path) == []


def test_leftovers_of_a_running_build_are_kept(tmp_path: Path) -> None:
    """A folder staged by a process that still runs belongs to it: only dead builds' folders go."""
    from rightsgraph.fsutil import remove_leftovers, staging_prefix

    target = tmp_path / "store"
    alive = tmp_path / f"{staging_prefix(target, 'new')}keep"
    alive.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        mine = tmp_path / f".store.full-{sleeper.pid}-abc"
        mine.mkdir()
        dead = tmp_path / ".store.old-999999999-abc"
        dead.mkdir()
        remove_leftovers(target)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, mine.name])
    finally:
        sleeper.kill()
        sleeper.wait()
    remove_leftovers(target)
    assert [p.name for p in tmp_path.iterdir()] == [alive.name]
