"""``rightsgraph view``, ``analyze`` and ``export``: views, network analytics, exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from rightsgraph.cli.common import graph_options, local_query_options, main, out, output_graph, parse_params, public_option
from rightsgraph.errors import QueryError, RightsgraphError
from rightsgraph.fsutil import atomic_directory, atomic_file, check_holds_no_input
from rightsgraph.queries import LocalTarget, get_query, read_query_file
from rightsgraph.queries.local import DEFAULT_TIMEOUT, TIMEOUT_VARIABLE
from rightsgraph.viz import NetworkView, ego_view, export_network, overview_view, path_view, project, query_view, write_network, write_timeline
from rightsgraph.viz import analyze as run_analysis


def _write_view(view: NetworkView, out_file: Path | None, default: str) -> None:
    path = write_network(view, out_file or Path(default))
    out.print(f"Wrote {path}", markup=False)


def check_view_target(out_file: Path | None, default: str, inputs: tuple[Path, ...], store: Path | None) -> None:
    """Refuse, before any work, a view that would replace an input file or land inside a store."""
    target = out_file or Path(default)
    check_holds_no_input(target, inputs, "view")
    if store is not None and store.resolve() in target.resolve().parents:
        raise RightsgraphError(f"{target}: inside the store {store}; write the view elsewhere")


def view_output(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False), help="HTML file to write (default: a name in the current folder).")(function)


@main.group()
def view() -> None:
    """Write a network or timeline view as one self-contained HTML file (opens offline)."""


@view.command("overview")
@public_option
@graph_options
@view_output
def view_overview(inputs: tuple[Path, ...], store: Path | None, out_file: Path | None, public: bool) -> None:
    """The whole graph."""
    check_view_target(out_file, "overview.html", inputs, store)
    _write_view(overview_view(output_graph(inputs, store, public)), out_file, "overview.html")


@view.command("ego")
@click.argument("name")
@click.option("--hops", type=click.IntRange(min=1, max=6), default=2, show_default=True, help="How many links away from NAME.")
@click.option("--through-hubs", is_flag=True, help="Walk on through hubs (states, international bodies, records with many links) too: the wider view.")
@public_option
@graph_options
@view_output
def view_ego(name: str, hops: int, through_hubs: bool, inputs: tuple[Path, ...], store: Path | None, out_file: Path | None, public: bool) -> None:
    """Everything within --hops links of an actor (a name, id or IRI). Hubs are drawn but not
    walked through (a country would pull in half the graph) unless --through-hubs."""
    default = f"ego-{_file_slug(name)}.html"
    check_view_target(out_file, default, inputs, store)
    view = ego_view(output_graph(inputs, store, public), name, hops, through_hubs=through_hubs)
    if view.held_back:
        hint = "Add --through-hubs for the wider view."
        view.notice = f"{view.notice} {hint}"
        out.print(f"Not expanded through {', '.join(view.held_back)}. {hint}", markup=False)
    _write_view(view, out_file, default)


@view.command("path")
@click.argument("first")
@click.argument("second")
@public_option
@graph_options
@view_output
def view_path(first: str, second: str, inputs: tuple[Path, ...], store: Path | None, out_file: Path | None, public: bool) -> None:
    """The shortest chains of links between two actors."""
    default = f"path-{_file_slug(first)}-{_file_slug(second)}.html"
    check_view_target(out_file, default, inputs, store)
    _write_view(path_view(output_graph(inputs, store, public), first, second), out_file, default)


@view.command("query")
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path, dir_okay=False), help="A query file (.rq) instead of a named query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of the query (repeatable).")
@click.option("--timeout", type=click.FloatRange(min=1), help=f"Seconds the query may run (default {DEFAULT_TIMEOUT:g}, or {TIMEOUT_VARIABLE}).")
@local_query_options
@public_option
@graph_options
@view_output
def view_query(name: str | None, query_file: Path | None, params: tuple[str, ...], timeout: float | None, allow_service: bool, inputs: tuple[Path, ...], store: Path | None, out_file: Path | None, public: bool) -> None:
    """The records a named or ad-hoc query returns, and the links among them."""
    if (name is None) == (query_file is None):
        raise QueryError("give a query name or --file")
    named = read_query_file(query_file) if query_file else get_query(name or "")
    default = f"query-{named.name}.html"
    check_view_target(out_file, default, inputs, store)
    target = LocalTarget(output_graph(inputs, store, public), timeout=timeout, allow_service=allow_service)
    _write_view(query_view(target, named, parse_params(params)), out_file, default)


@view.command("timeline")
@click.argument("name", required=False)
@public_option
@graph_options
@view_output
def view_timeline(name: str | None, inputs: tuple[Path, ...], store: Path | None, out_file: Path | None, public: bool) -> None:
    """The dated events of one actor (a name, id or IRI), or of the whole graph."""
    default = f"timeline-{_file_slug(name)}.html" if name else "timeline.html"
    check_view_target(out_file, default, inputs, store)
    path = write_timeline(output_graph(inputs, store, public), out_file or Path(default), name)
    out.print(f"Wrote {path}", markup=False)


def _file_slug(text: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
    return slug[:60] or "view"


@main.command()
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many actors to rank.")
@public_option
@graph_options
def analyze(top: int, inputs: tuple[Path, ...], store: Path | None, public: bool) -> None:
    """Rank actors by degree and betweenness, and list the connected components."""
    result = run_analysis(project(output_graph(inputs, store, public)), top=top)
    for title, ranking, digits in (("Degree (links)", result.degree, 0), ("Betweenness", result.betweenness, 4)):
        table = Table(title=title)
        for column in ("rank", "actor", "kind", "score"):
            table.add_column(column)
        for rank, item in enumerate(ranking, start=1):
            table.add_row(str(rank), item.label, item.kind, f"{item.score:.{digits}f}")
        out.print(table, markup=False)
    out.print(f"{len(result.components)} connected component(s):", markup=False)
    for index, component in enumerate(result.components, start=1):
        shown = ", ".join(component[:8]) + (f", and {len(component) - 8} more" if len(component) > 8 else "")
        out.print(f"  {index}. {len(component)} records: {shown}", markup=False)


EXPORT_CHOICES = ("trig", "turtle", "nquads", "jsonld", "gexf", "graphml", "ftm", "yaml", "esf", "popolo")


@main.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_CHOICES), required=True, help="RDF (trig, turtle, nquads, jsonld), network (gexf, graphml for Gephi), FollowTheMoney entities (ftm), a case file (yaml), HURIDOCS ESF tables as CSV (esf, into a folder) or Popolo JSON (popolo).")
@click.option("--out", "out_file", type=click.Path(path_type=Path), required=True, help="File to write (a folder for esf).")
@public_option
@graph_options
def export(fmt: str, out_file: Path, inputs: tuple[Path, ...], store: Path | None, public: bool) -> None:
    """Export the graph as RDF, as a network for Gephi, as FtM entities, as a case file, as the
    HURIDOCS Events Standard Formats (OpenEvSys tables) or as Popolo JSON."""
    check_holds_no_input(out_file, inputs, "output file")
    kg = output_graph(inputs, store, public)
    if fmt == "esf":
        from rightsgraph.loaders.esf import ESF_FOLDER, export_esf

        # The folder is replaced whole: only when it is new, empty or an earlier ESF export.
        with atomic_directory(out_file, ESF_FOLDER) as folder:
            export_esf(kg, folder)
        out.print(f"Wrote {out_file}", markup=False)
        return
    if out_file.is_dir():
        raise RightsgraphError(f"{out_file}: is a folder; give a file to write")
    with atomic_file(out_file) as staging:
        if fmt in ("gexf", "graphml"):
            export_network(project(kg), staging, fmt)
        elif fmt == "ftm":
            from rightsgraph.loaders.ftm import export_ftm

            with staging.open("w", encoding="utf-8") as handle:
                export_ftm(kg, handle)
        elif fmt == "popolo":
            from rightsgraph.loaders.popolo import export_popolo

            with staging.open("w", encoding="utf-8") as handle:
                export_popolo(kg, handle)
        elif fmt == "yaml":
            from rightsgraph.loaders.casewriter import write_case_file

            with staging.open("w", encoding="utf-8") as handle:
                write_case_file(kg, handle)
        else:
            from rightsgraph.graph.export import export as export_rdf

            export_rdf(kg, staging, fmt)
    out.print(f"Wrote {out_file}", markup=False)
