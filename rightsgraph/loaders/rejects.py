"""What a lenient import left out: rejected cells and rows (or FtM values and entities).

A loader returns what loaded plus the list of what it rejected; the command line decides whether
to refuse the whole input (the default: every rejection is a problem) or to write the rejects to a
file and load the rest. Nothing valid is lost either way: every row of the input is either in the
graph or in the rejects file.

>>> rejected = Rejected("list.csv", 3, "birth_date", "1952-08021", "not a date", {"name": "A"})
>>> print(rejected.problem())
list.csv:3: birth_date: not a date
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from rightsgraph.errors import InputError, Problem
from rightsgraph.graph.batch import Batch

REJECT_COLUMNS = ("line", "column", "value", "problem")


@dataclass(frozen=True)
class Rejected:
    """One rejected cell (``column`` set) or whole row (``column`` None), with the original row."""

    file: str
    line: int
    column: str | None
    value: str
    message: str
    original: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    label: str | None = None
    """How a problem names the cell, e.g. ``birth_date (birthDate)``: the column and the field."""
    ignorable: bool = False
    """Listed in the rejects file, but no reason to refuse the input (a value nothing imports)."""

    @property
    def whole(self) -> bool:
        return self.column is None

    def problem(self) -> Problem:
        return Problem(self.file, self.line, self.label or self.column, self.message)


@dataclass
class LenientLoad:
    """A batch of what loaded, and what was left out."""

    batch: Batch
    rejected: list[Rejected]
    read: int
    """Rows (or entities) read from the input."""
    unit: str = "rows"
    columns: list[str] = field(default_factory=list)
    """The input's own columns, written after the reject's columns."""

    @property
    def loaded(self) -> int:
        return self.read - len({r.line for r in self.rejected if r.whole})

    def problems(self) -> list[Problem]:
        return [r.problem() for r in self.rejected if not r.ignorable]

    def strict(self) -> Batch:
        """The batch, or an :class:`InputError` naming every rejection that matters (all or nothing)."""
        problems = self.problems()
        if problems:
            raise InputError(problems)
        return self.batch

    def summary(self, rejects_file: Path) -> str:
        cells = sum(1 for r in self.rejected if not r.whole)
        wholes = len({r.line for r in self.rejected if r.whole})
        parts = "values" if self.unit == "entities" else "cells"
        return f"{self.loaded} {self.unit} imported; {cells} {parts} and {wholes} {self.unit} rejected → {rejects_file}"


def write_rejects(load: LenientLoad, handle: IO[str]) -> None:
    """The rejects as CSV: line, column, value, problem, then the original row's columns."""
    extra = list(load.columns) or sorted({key for r in load.rejected for key in r.original})
    writer = csv.writer(handle)
    writer.writerow([*REJECT_COLUMNS, *extra])
    for item in sorted(load.rejected, key=lambda r: (r.line, r.column or "")):
        writer.writerow([item.line, item.column or "", item.value, item.message, *(item.original.get(c, "") for c in extra)])

