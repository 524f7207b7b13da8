"""What every command shares: the top-level group, consoles, one-line errors, common options."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from rightsgraph import __version__
from rightsgraph.build import open_for_output
from rightsgraph.errors import InputError, QueryError, RightsgraphError
from rightsgraph.fsutil import DISK_ERRORS, write_failure
from rightsgraph.graph import Batch, KnowledgeGraph, ValidationReport
from rightsgraph.queries import Endpoint, EndpointOptions, LocalTarget, QueryResult, Target
from rightsgraph.queries.formats import render_table, write_result
from rightsgraph.queries.local import DEFAULT_TIMEOUT, TIMEOUT_VARIABLE

REMOTE_TIMEOUT = 30.0

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(error: RightsgraphError) -> None:
    """Print a user error as one line per problem and exit with status 2."""
    if isinstance(error, InputError):
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s); nothing was written.", err=True)
    else:
        click.echo(f"error: {error}", err=True)
    sys.exit(error.exit_code)


class Group(click.Group):
    """Turns :class:`RightsgraphError` into one clear line and exit status 2, everywhere."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RightsgraphError as error:
            fail(error)
        except OSError as error:
            # Outputs are staged and moved in whole, so a full or read-only disk leaves nothing.
            if error.errno not in DISK_ERRORS:
                raise
            fail(write_failure(Path(error.filename or "output"), error))


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawn on a terminal; nothing when output is piped."""
    if not err.is_terminal:
        yield None
        return
    with Progress(TextColumn(label), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def public_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--public``: work on the public copy, without anything marked confidential."""
    return click.option("--public", is_flag=True, help="Leave out (or pseudonymise) everything marked confidential.")(function)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rightsgraph")
def main() -> None:
    """rightsgraph: a knowledge graph of actors and events in political persecution cases."""



def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param needs name=value, got '{pair}'")
        params[name.strip()] = value
    return params


def graph_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Where a command finds its graph: an on-disk store, files to load, or the built-in dataset."""
    function = click.option("--input", "inputs", multiple=True, type=click.Path(path_type=Path, dir_okay=False), help="Case files or RDF files to load instead of the built-in dataset (repeatable).")(function)
    function = click.option("--store", "store", type=click.Path(path_type=Path, file_okay=False), help="An on-disk store made by 'build --store'.")(function)
    return function


def output_graph(inputs: tuple[Path, ...], store: Path | None, public: bool) -> KnowledgeGraph:
    """The graph an output is made from; warns when it holds confidential data and is not public."""
    kg, found = open_for_output(inputs, store, public=public)
    if found and not public:
        err.print(f"warning: the output includes data marked confidential ({found.describe()}); add --public to leave it out.", markup=False)
    return kg


def endpoint_options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option("--endpoint", metavar="URL", help="Run on this SPARQL 1.1 endpoint instead of a local graph.")(function)
    function = click.option("--timeout", type=click.FloatRange(min=1), help=f"Seconds to wait for a remote endpoint (default {REMOTE_TIMEOUT:g}), or a local query may run (default {DEFAULT_TIMEOUT:g}, or {TIMEOUT_VARIABLE}).")(function)
    return local_query_options(function)


def local_query_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--allow-service``: let a local query call other servers (SERVICE), within its deadline."""
    return click.option("--allow-service", is_flag=True, help="Let a local query contact the servers its SERVICE clauses name (refused by default).")(function)


def open_target(inputs: tuple[Path, ...], store: Path | None, endpoint: str | None, timeout: float | None, public: bool = False, allow_service: bool = False) -> Target:
    """A remote endpoint, or the local graph (a store, the given files, or the built-in data)."""
    if endpoint:
        if inputs or store:
            raise RightsgraphError("give either --endpoint or a local graph (--input, --store), not both")
        if public:
            raise RightsgraphError("--public works on a local graph; a remote endpoint serves what it holds")
        return Endpoint(endpoint, EndpointOptions(timeout=timeout or REMOTE_TIMEOUT))
    return LocalTarget(output_graph(inputs, store, public), timeout=timeout, allow_service=allow_service)


def raw_cells_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--raw-cells``: keep CSV/TSV cells that a spreadsheet would run as formulas as they are."""
    return click.option("--raw-cells", is_flag=True, help="In CSV/TSV, keep cells starting with = + - @ as they are (by default they get a leading ' so spreadsheets show them as text).")(function)


def emit(result: QueryResult, fmt: str | None, title: str | None = None, *, raw_cells: bool = False) -> None:
    chosen = fmt or ("table" if out.is_terminal else ("ttl" if result.form == "CONSTRUCT" else "csv"))
    if chosen == "table":
        # A table written to a file or pipe is not folded to 80 columns.
        console = out if out.is_terminal else Console(highlight=False, width=200)
        render_table(result, console, title=title)
    else:
        write_result(result, chosen, sys.stdout, raw_cells=raw_cells)


def report_batch(batch: Batch, target: tuple[Path | None, Path | None], what: str,
                 checked: tuple[KnowledgeGraph, ValidationReport] | None = None) -> None:
    """Write a validated batch to a TriG file (--out) or add it to a store (--store).

    ``checked``: the batch's graph and report when the caller validated it already.
    """
    from rightsgraph.build import add_to_store, write_batch

    out_file, store = target
    if (out_file is None) == (store is None):
        raise RightsgraphError("give --out FILE.trig or --store DIR (one of them)")
    if store is not None:
        kg, report = add_to_store(store, batch, checked)
        where = f"added to the store {store}"
    else:
        assert out_file is not None
        kg, report = write_batch(batch, out_file, checked)
        where = f"wrote {out_file}"
    out.print(f"{what}: {len(kg.fact_graphs())} source graph(s), {kg.fact_count()} facts; {where}", markup=False)
    print_warnings(report)


def print_warnings(report: ValidationReport, limit: int = 10) -> None:
    """One line per kind of warning, with its count and the first few places."""
    groups = report.warning_groups()
    for group in groups[:limit]:
        out.print(f"  warning: {group}", markup=False)
    if len(groups) > limit:
        out.print(f"  ... and {len(groups) - limit} more kind(s) of warning", markup=False)


def out_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """Where new source graphs go: a TriG file, or an existing on-disk store."""
    function = click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False), help="TriG file to write (facts and provenance).")(function)
    function = click.option("--store", "target_store", type=click.Path(path_type=Path, file_okay=False), help="Add to this on-disk store instead (atomically).")(function)
    return function
