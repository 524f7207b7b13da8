"""Loaders: case files (YAML), RDF files, and the built-in dataset.

:func:`load_inputs` reads a mix of files into one batch, choosing the loader by extension, and
raises one :class:`~rightsgraph.errors.InputError` listing the problems of every file.

>>> from rightsgraph.loaders import builtin_files, load_inputs
>>> batch = load_inputs(builtin_files())
>>> len(batch.fact_graphs())
18
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rightsgraph.errors import InputError, Problem
from rightsgraph.graph.batch import Batch
from rightsgraph.loaders.casefile import load_case_files
from rightsgraph.loaders.europarl import derive_links
from rightsgraph.loaders.rdffile import RDF_FORMATS, load_rdf_file

CASE_FILE_EXTENSIONS = (".yaml", ".yml")
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "data"

__all__ = ["BUILTIN_DIR", "CASE_FILE_EXTENSIONS", "builtin_files", "load_case_files", "load_inputs", "load_rdf_file"]


def builtin_files() -> list[Path]:
    """The case files of the built-in dataset (statements on political prisoners in Kazakhstan)."""
    return sorted(BUILTIN_DIR.glob("*.yaml"))


def load_inputs(paths: Sequence[Path], progress: Callable[[int, int], None] | None = None) -> Batch:
    """Read case files and RDF files into one batch; every problem of every file is reported."""
    problems: list[Problem] = []
    case_files = [p for p in paths if p.suffix.lower() in CASE_FILE_EXTENSIONS]
    rdf_files = [p for p in paths if p.suffix.lower() in RDF_FORMATS]
    for path in paths:
        if path not in case_files and path not in rdf_files:
            known = ", ".join(sorted({*CASE_FILE_EXTENSIONS, *RDF_FORMATS}))
            problems.append(Problem(str(path), None, None, f"unknown kind of file; use one of: {known}"))
        elif not path.is_file():
            problems.append(Problem(str(path), None, None, "no such file"))
    if problems:
        raise InputError(problems)
    batch = Batch()
    try:
        if case_files:
            batch.extend(load_case_files(case_files, progress=progress))
    except InputError as err:
        problems.extend(err.problems)
    for path in rdf_files:
        try:
            batch.extend(load_rdf_file(path))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(problems)
    # The EP's own IRIs follow from the references a source gives (see loaders.europarl).
    derive_links(batch)
    return batch
