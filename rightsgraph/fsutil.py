"""Writing output folders atomically, and only over folders rightsgraph wrote itself.

A folder that a build replaces whole (an output folder, a store) is replaced only when it is
new, empty, or recognisably rightsgraph's own: it carries a marker file and holds nothing else
than what rightsgraph writes there. Anything else is refused with one line, the folder untouched.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as scratch:
...     target = Path(scratch) / "out"
...     with atomic_directory(target, OUTPUT_FOLDER) as staging:
...         _ = (staging / "graph.ttl").write_text("")
...     sorted(p.name for p in target.iterdir())
['.rightsgraph-output', 'graph.ttl']
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rightsgraph.errors import RightsgraphError

SHOWN = 3
"""How many foreign files a refusal names."""


@dataclass(frozen=True)
class FolderKind:
    """What rightsgraph writes into one kind of folder, so that it can tell its own from a user's."""

    what: str
    marker: str
    written: re.Pattern[str]
    """Relative paths (``/``-separated) rightsgraph writes there."""
    signature: str
    """A file every such folder holds: recognises the folders written before markers existed."""
    manifest: bool = False
    """Whether the marker lists the files written (then only those count as rightsgraph's)."""


OUTPUT_FOLDER = FolderKind(
    "output folder",
    ".rightsgraph-output",
    re.compile(r"graph\.(trig|ttl|jsonld)|(index|records)\.html|(views|records/[^/]+)/[^/]+\.html|assets/[^/]+\.(js|css|svg|png)"),
    "graph.trig",
    manifest=True,
)
STORE_FOLDER = FolderKind(
    "store",
    ".rightsgraph-store",
    re.compile(r"\.rightsgraph-serving|(asserted/)?(CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+|\d+\.(sst|log|blob))"),
    "CURRENT",
)
"""An Oxigraph store is a RocksDB folder (these are the only files RocksDB writes), with at most
one more inside it: the data as asserted."""


def absolute(path: Path) -> Path:
    """``path`` made absolute with ``.`` and ``..`` resolved by name (symlinks are not followed)."""
    return Path(os.path.abspath(path))


def _files(folder: Path) -> list[str]:
    """Every file, link and empty folder under ``folder`` as a relative ``/``-separated path."""
    found = []
    for root, dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder)
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = [d for d in dirs if d not in links]
        empty = [d for d in dirs if not os.listdir(os.path.join(root, d))]
        found += [(base / name).as_posix() for name in [*files, *links, *empty]]
    return sorted(found)


def _refuse(target: Path, kind: FolderKind, foreign: list[str]) -> RightsgraphError:
    shown = ", ".join(foreign[:SHOWN]) + (f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else "")
    return RightsgraphError(
        f"{target}: holds files not written by rightsgraph ({shown}); refusing to replace it as the {kind.what} — give a new or empty folder"
    )


def check_replaceable(target: Path, kind: FolderKind) -> None:
    """Raise unless ``target`` may be replaced whole: new, empty, or written by rightsgraph as ``kind``."""
    here = absolute(Path.cwd())
    full = absolute(target)
    if full == here or full in here.parents:
        raise RightsgraphError(f"{target}: is the current folder or holds it; give the {kind.what} a folder of its own (e.g. a new folder name)")
    if full.is_symlink():
        raise RightsgraphError(f"{target}: is a symbolic link; give the {kind.what} a real folder")
    if not full.exists():
        return
    if not full.is_dir():
        raise RightsgraphError(f"{target}: exists and is not a folder")
    names = _files(full)
    if not names:
        return
    marker = full / kind.marker
    if marker.is_file() and kind.marker in names:
        owned = set(marker.read_text(encoding="utf-8").splitlines()) if kind.manifest else None
        foreign = [n for n in names if n != kind.marker and (n not in owned if owned is not None else not kind.written.fullmatch(n))]
    elif kind.signature in names:
        foreign = [n for n in names if not kind.written.fullmatch(n)]
    else:
        foreign = names
    if foreign:
        raise _refuse(target, kind, foreign)


def check_holds_no_input(target: Path, inputs: Iterable[Path], what: str) -> None:
    """Raise if ``target`` (or what it links to) is or holds one of ``inputs`` (links resolved)."""
    full = target.resolve()
    for path in inputs:
        resolved = path.resolve()
        if resolved == full:
            raise RightsgraphError(f"{target}: would overwrite the input {path}; give the {what} another name")
        if full in resolved.parents:
            raise RightsgraphError(f"{target}: holds the input {path}; the {what} must not contain an input — give another folder")


def mark(folder: Path, kind: FolderKind) -> None:
    """Write ``kind``'s marker into ``folder`` (for an output folder: the list of files written)."""
    listing = "\n".join(n for n in _files(folder) if n != kind.marker) if kind.manifest else f"written by rightsgraph as a {kind.what}"
    (folder / kind.marker).write_text(listing + "\n", encoding="utf-8")


def staging_prefix(target: Path, role: str) -> str:
    """Name prefix of a temporary folder beside ``target`` (``new``, ``old``, ``full``), with this process's id.

    The id tells a later run whether the process that made the folder still runs
    (see :func:`remove_leftovers`).
    """
    return f".{absolute(target).name}.{role}-{os.getpid()}-"


def remove_leftovers(target: Path) -> None:
    """Remove the temporary folders beside ``target`` that a killed run left (its process is gone).

    A kill (SIGKILL, power loss) runs no cleanup: a staged store, or the full copy a public build
    stages, would stay beside ``target`` with whatever it held. Folders of a running process stay.
    """
    full = absolute(target)
    if not full.parent.is_dir():
        return
    pattern = re.compile(rf"\.{re.escape(full.name)}\.(new|old|full)-(\d+)-[^/]+")
    for entry in full.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and entry.is_dir() and not entry.is_symlink() and not _running(int(match.group(2))):
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: leave its folders
    except (OverflowError, ValueError):
        return False  # not a process id at all
    return True


def replace_folder(staging: Path, target: Path) -> None:
    """Move the finished ``staging`` folder into place at ``target`` (which may exist), atomically."""
    parent = target.parent
    if not target.exists():
        staging.rename(target)
        return
    retired = Path(tempfile.mkdtemp(prefix=staging_prefix(target, "old"), dir=parent))
    retired.rmdir()
    target.rename(retired)
    try:
        staging.rename(target)
    except BaseException:
        retired.rename(target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)


DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})
"""The disk is full, over quota or read-only: no write can succeed, whatever is written."""
STORAGE_ERRORS = DISK_ERRORS | {errno.EACCES, errno.EPERM, errno.EIO}
"""Errors of the disk or file system while writing an output, not of the program."""


def write_failure(target: Path, error: OSError) -> RightsgraphError:
    """The one-line error for an output that could not be written."""
    return RightsgraphError(f"{target}: cannot write: {error.strerror or error}; nothing was written")


def refuse_special_file(target: Path) -> None:
    """Raise unless ``target`` is absent or a regular file (symbolic links followed)."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise RightsgraphError(f"{target}: cannot write there ({error.strerror})") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
        raise RightsgraphError(f"{target}: is {kind}, not a file; give the path of a file to write")


@contextmanager
def atomic_directory(target: Path, kind: FolderKind = OUTPUT_FOLDER) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``target``; on success it replaces ``target`` whole.

    ``target`` must be new, empty or written by rightsgraph (:func:`check_replaceable`). On any
    error (or Ctrl-C) the temporary folder is removed and ``target`` is left as it was.
    """
    check_replaceable(target, kind)
    target = absolute(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target, "new"), dir=target.parent))
    try:
        yield staging
        mark(staging, kind)
        os.chmod(staging, 0o755)
        check_replaceable(target, kind)  # again: the user may have put files there meanwhile
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_folder(staging, target)


@contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    A ``target`` that exists and is not a regular file (a device such as ``/dev/null``, a named
    pipe, a socket, a folder) is refused: replacing it with a file would break it.
    """
    refuse_special_file(target)
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=parent)
    except OSError as error:
        raise write_failure(target, error) from None
    os.close(handle)
    staging = Path(name)
    try:
        yield staging
        os.chmod(staging, 0o644)
        os.replace(staging, target)
    except BaseException as error:
        staging.unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno in STORAGE_ERRORS:
            raise write_failure(target, error) from None
        raise
