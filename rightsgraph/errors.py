"""Errors a user can cause, as small typed exceptions.

Each carries one or more :class:`Problem` s naming the file, line and field, so the CLI can print
one line per problem and exit with status 2. Anything else that escapes is a bug.

>>> err = InputError([Problem("case.yaml", 12, "date", "day 30 does not exist in February 2020")])
>>> print(err)
case.yaml:12: date: day 30 does not exist in February 2020
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


def problem_order(problem: Problem) -> tuple[str, int, str, str]:
    """Sort key: by file, then line (unlocated first), field and message."""
    return (problem.file, problem.line or 0, problem.field or "", problem.message)


class RightsgraphError(Exception):
    """Base of every error a user can cause; the CLI turns these into exit status 2."""

    exit_code = 2


class InputError(RightsgraphError):
    """An input file (case file, RDF, CSV, mapping, FtM) is malformed or invalid."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


class ValidationError(InputError):
    """The data parsed but breaks the SHACL shapes (a trial without a defendant, ...)."""


class QueryError(RightsgraphError):
    """A query is unknown, malformed, or given parameters it does not take."""


class EndpointError(RightsgraphError):
    """A remote SPARQL endpoint refused, failed, or did not answer in time."""


class StoreError(RightsgraphError):
    """The on-disk store is missing, locked by another process, or not a rightsgraph store."""


def problem_error(file: str, line: int | None, field: str | None, message: str) -> InputError:
    """Shorthand for an :class:`InputError` with a single problem."""
    return InputError([Problem(file, line, field, message)])
