"""The ``rightsgraph`` command line: parses arguments, calls the library, prints.

Errors a user can cause print one line each (``file:line: field: message``) and exit with
status 2; nothing is written when a command fails.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rightsgraph import __version__
from rightsgraph.errors import InputError, RightsgraphError

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


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rightsgraph")
def main() -> None:
    """rightsgraph: a knowledge graph of actors and events in political persecution cases."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"), show_default=True, help="Output folder (replaced whole on success).")
def build(files: tuple[Path, ...], out_dir: Path) -> None:
    """Build the graph from case files or RDF files (default: the built-in dataset).

    Validates the data, applies the inferences queries rely on, and writes graph.trig (named
    graphs and provenance), graph.ttl (the union) and graph.jsonld to the output folder.
    """
    from rightsgraph.build import build as run_build

    with progress_bar("Loading") as progress:
        result = run_build(list(files) or None, out_dir, progress=progress)
    summary = result.summary
    out.print(f"[bold]rightsgraph[/bold] built {summary.triples} triples in {summary.fact_graphs} fact graphs from {summary.sources} sources.")
    table = Table(title="Instances by class", show_edge=False)
    table.add_column("class")
    table.add_column("count", justify="right")
    for label, count in summary.classes.items():
        table.add_row(label, str(count))
    out.print(table)
    report = result.report
    if report.warnings:
        out.print(f"Validation: conforms, with {len(report.warnings)} warning(s):")
        for problem in report.warnings:
            out.print(f"  {problem}", markup=False)
    else:
        out.print("Validation: conforms to the SHACL shapes (no violations, no warnings).")
    out.print(f"Wrote {', '.join(str(p) for p in result.outputs)}", markup=False)


if __name__ == "__main__":  # pragma: no cover
    main()
