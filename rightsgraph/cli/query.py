"""``rightsgraph query`` and ``rightsgraph sparql``: named and ad-hoc SPARQL."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click
from rich.table import Table

from rightsgraph.cli.common import emit, endpoint_options, graph_options, main, open_target, out, parse_params, public_option, raw_cells_option
from rightsgraph.errors import QueryError
from rightsgraph.graph.iris import is_valid_iri
from rightsgraph.queries import NamedQuery, Parameter, get_query, load_library, parse_query, read_query_file, run_query
from rightsgraph.queries.formats import FORMATS


@main.command()
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path, dir_okay=False), help="Run a query file (.rq) instead of a named query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of the query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: a table on a terminal, CSV when piped; Turtle for CONSTRUCT).")
@raw_cells_option
@public_option
@graph_options
@endpoint_options
def query(name: str | None, query_file: Path | None, params: tuple[str, ...], fmt: str | None, raw_cells: bool, inputs: tuple[Path, ...], store: Path | None, endpoint: str | None, timeout: float | None, allow_service: bool, public: bool) -> None:
    """Run a named query of the library, or a query file; 'query list' lists them.

    \b
    Examples:
      rightsgraph query list
      rightsgraph query relatives-of-refugees-prosecuted
      rightsgraph query timeline-of-person -p person="Mukhtar Dzhakishev" --format csv
      rightsgraph query --file my.rq --endpoint http://127.0.0.1:7878/query
    """
    if name == "list" and query_file is None:
        _list_queries()
        return
    if (name is None) == (query_file is None):
        raise QueryError("give a query name or --file (see 'rightsgraph query list')")
    named = read_query_file(query_file) if query_file else get_query(name or "")
    target = open_target(inputs, store, endpoint, timeout, public, allow_service)
    emit(run_query(target, named, parse_params(params)), fmt, title=named.summary or named.name, raw_cells=raw_cells)


def _list_queries() -> None:
    library = load_library()
    if not out.is_terminal:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["name", "summary", "parameters"])
        for named in library.values():
            writer.writerow([named.name, named.summary, " ".join(p.signature() for p in named.parameters)])
        return
    table = Table(title="Named queries", show_lines=False)
    table.add_column("name", no_wrap=True)
    table.add_column("summary")
    table.add_column("parameters")
    for named in library.values():
        table.add_row(named.name, named.summary, " ".join(p.signature() for p in named.parameters))
    out.print(table)


@main.command()
@click.argument("text")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind ?NAME to VALUE (a literal, or an IRI if it is one).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format.")
@raw_cells_option
@public_option
@graph_options
@endpoint_options
def sparql(text: str, params: tuple[str, ...], fmt: str | None, raw_cells: bool, inputs: tuple[Path, ...], store: Path | None, endpoint: str | None, timeout: float | None, allow_service: bool, public: bool) -> None:
    """Run a SPARQL query given on the command line ('-' reads it from standard input)."""
    body = sys.stdin.read() if text == "-" else text
    named = parse_query(body, "sparql")
    given = parse_params(params)
    named = NamedQuery(
        name=named.name, text=named.text, form=named.form,
        parameters=tuple(Parameter(name=key, type="iri" if is_valid_iri(value) else "string") for key, value in given.items()),
    )
    target = open_target(inputs, store, endpoint, timeout, public, allow_service)
    emit(run_query(target, named, given), fmt, raw_cells=raw_cells)
