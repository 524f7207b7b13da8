"""Writing output folders atomically: all of it or nothing, never half."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rightsgraph.errors import RightsgraphError


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``target``; on success it replaces ``target`` whole.

    On any error (or Ctrl-C) the temporary folder is removed and ``target`` is left as it was.
    """
    if target.exists() and not target.is_dir():
        raise RightsgraphError(f"{target}: exists and is not a folder")
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.chmod(staging, 0o755)
    if not target.exists():
        staging.rename(target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=parent))
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
