"""The ``rightsgraph`` command line: parses arguments, calls the library, prints.

Errors a user can cause print one line each (``file:line: field: message``) and exit with
status 2; nothing is written when a command fails.
"""

from __future__ import annotations

import csv
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
from rightsgraph.errors import InputError, QueryError, RightsgraphError
from rightsgraph.build import open_for_output, open_graph
from rightsgraph.fsutil import atomic_file
from rightsgraph.graph import Batch, KnowledgeGraph, ValidationReport
from rightsgraph.graph.iris import is_valid_iri
from rightsgraph.queries import (
    Endpoint,
    EndpointOptions,
    LocalTarget,
    NamedQuery,
    Parameter,
    QueryResult,
    Target,
    get_query,
    load_library,
    parse_query,
    read_query_file,
    run_query,
)
from rightsgraph.queries.formats import FORMATS, render_table, write_result
from rightsgraph.viz import NetworkView, ego_view, export_network, overview_view, path_view, project, query_view, write_network, write_timeline
from rightsgraph.viz import analyze as run_analysis

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


def public_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--public``: work on the public copy, without anything marked confidential."""
    return click.option("--public", is_flag=True, help="Leave out (or pseudonymise) everything marked confidential.")(function)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rightsgraph")
def main() -> None:
    """rightsgraph: a knowledge graph of actors and events in political persecution cases."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), help="Output folder, replaced whole on success (default: out/, or none with --store).")
@click.option("--store", "store", type=click.Path(path_type=Path, file_okay=False), help="Build into an on-disk store at this folder (replaced whole on success).")
@click.option("--no-views", is_flag=True, help="Write only the graph files, not the report and views.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation; RDF inputs then stream into the store (for very large dumps).")
@public_option
def build(files: tuple[Path, ...], out_dir: Path | None, store: Path | None, no_views: bool, no_validate: bool, public: bool) -> None:
    """Build the graph from case files or RDF files (default: the built-in dataset).

    Validates the data, applies the inferences queries rely on, and writes graph.trig (named
    graphs and provenance), graph.ttl (the union) and graph.jsonld to the output folder.
    """
    from rightsgraph.build import build as run_build

    if out_dir is None and store is None:
        out_dir = Path("out")
    if no_validate and store is None:
        raise RightsgraphError("--no-validate is for builds into a store (--store)")
    with progress_bar("Loading") as progress:
        result = run_build(list(files) or None, out_dir, store=store, progress=progress, views=not no_views, check=not no_validate, public=public)
    summary = result.summary
    out.print(f"[bold]rightsgraph[/bold] built {summary.triples} triples in {summary.fact_graphs} fact graphs from {summary.sources} sources.")
    table = Table(title="Instances by class", show_edge=False)
    table.add_column("class")
    table.add_column("count", justify="right")
    for label, count in summary.classes.items():
        table.add_row(label, str(count))
    out.print(table)
    report = result.report
    if report.skipped:
        out.print("Validation: skipped (--no-validate).")
    elif report.warnings:
        out.print(f"Validation: conforms, with {len(report.warnings)} warning(s):")
        _print_warnings(report)
    else:
        out.print("Validation: conforms to the SHACL shapes (no violations, no warnings).")
    if result.confidential and result.public:
        out.print(f"Public build: left out or pseudonymised what is marked confidential ({result.confidential.describe()}).", markup=False)
    elif result.confidential:
        err.print(f"warning: the outputs include data marked confidential ({result.confidential.describe()}); build with --public to publish them.", markup=False)
    if result.store is not None:
        out.print(f"Store: {result.store} (use --store {result.store} with query, view, export, serve, push)", markup=False)
    if result.outputs:
        out.print(f"Wrote {', '.join(str(p) for p in result.outputs)}", markup=False)
    if out_dir is not None and (out_dir / "index.html").exists():
        out.print(f"Open the report: {out_dir / 'index.html'} (views in {out_dir / 'views'})", markup=False)


# -- queries ----------------------------------------------------------------------------------


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
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
    function = click.option("--timeout", type=click.FloatRange(min=1), default=30.0, show_default=True, help="Seconds to wait for a remote endpoint.")(function)
    return function


def open_target(inputs: tuple[Path, ...], store: Path | None, endpoint: str | None, timeout: float, public: bool = False) -> Target:
    """A remote endpoint, or the local graph (a store, the given files, or the built-in data)."""
    if endpoint:
        if inputs or store:
            raise RightsgraphError("give either --endpoint or a local graph (--input, --store), not both")
        if public:
            raise RightsgraphError("--public works on a local graph; a remote endpoint serves what it holds")
        return Endpoint(endpoint, EndpointOptions(timeout=timeout))
    return LocalTarget(output_graph(inputs, store, public))


def _emit(result: QueryResult, fmt: str | None, title: str | None = None) -> None:
    chosen = fmt or ("table" if out.is_terminal else ("ttl" if result.form == "CONSTRUCT" else "csv"))
    if chosen == "table":
        # A table written to a file or pipe is not folded to 80 columns.
        console = out if out.is_terminal else Console(highlight=False, width=200)
        render_table(result, console, title=title)
    else:
        write_result(result, chosen, sys.stdout)


@main.command()
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path, dir_okay=False), help="Run a query file (.rq) instead of a named query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of the query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: a table on a terminal, CSV when piped; Turtle for CONSTRUCT).")
@public_option
@graph_options
@endpoint_options
def query(name: str | None, query_file: Path | None, params: tuple[str, ...], fmt: str | None, inputs: tuple[Path, ...], store: Path | None, endpoint: str | None, timeout: float, public: bool) -> None:
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
    target = open_target(inputs, store, endpoint, timeout, public)
    _emit(run_query(target, named, _parse_params(params)), fmt, title=named.summary or named.name)


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
@public_option
@graph_options
@endpoint_options
def sparql(text: str, params: tuple[str, ...], fmt: str | None, inputs: tuple[Path, ...], store: Path | None, endpoint: str | None, timeout: float, public: bool) -> None:
    """Run a SPARQL query given on the command line ('-' reads it from standard input)."""
    body = sys.stdin.read() if text == "-" else text
    named = parse_query(body, "sparql")
    given = _parse_params(params)
    named = NamedQuery(
        name=named.name, text=named.text, form=named.form,
        parameters=tuple(Parameter(name=key, type="iri" if is_valid_iri(value) else "string") for key, value in given.items()),
    )
    target = open_target(inputs, store, endpoint, timeout, public)
    _emit(run_query(target, named, given), fmt)


# -- views, analytics, export ---------------------------------------------------------------




def _write_view(view: NetworkView, out_file: Path | None, default: str) -> None:
    path = write_network(view, out_file or Path(default))
    out.print(f"Wrote {path}", markup=False)


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
    _write_view(overview_view(output_graph(inputs, store, public)), out_file, "overview.html")


@view.command("ego")
@click.argument("name")
@click.option("--hops", type=click.IntRange(min=1, max=6), default=2, show_default=True, help="How many links away from NAME.")
@public_option
@graph_options
@view_output
def view_ego(name: str, hops: int, inputs: tuple[Path, ...], store: Path | None, out_file: Path | None, public: bool) -> None:
    """Everything within --hops links of an actor (a name, id or IRI)."""
    _write_view(ego_view(output_graph(inputs, store, public), name, hops), out_file, f"ego-{_file_slug(name)}.html")


@view.command("path")
@click.argument("first")
@click.argument("second")
@public_option
@graph_options
@view_output
def view_path(first: str, second: str, inputs: tuple[Path, ...], store: Path | None, out_file: Path | None, public: bool) -> None:
    """The shortest chains of links between two actors."""
    _write_view(path_view(output_graph(inputs, store, public), first, second), out_file, f"path-{_file_slug(first)}-{_file_slug(second)}.html")


@view.command("query")
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path, dir_okay=False), help="A query file (.rq) instead of a named query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of the query (repeatable).")
@public_option
@graph_options
@view_output
def view_query(name: str | None, query_file: Path | None, params: tuple[str, ...], inputs: tuple[Path, ...], store: Path | None, out_file: Path | None, public: bool) -> None:
    """The records a named or ad-hoc query returns, and the links among them."""
    if (name is None) == (query_file is None):
        raise QueryError("give a query name or --file")
    named = read_query_file(query_file) if query_file else get_query(name or "")
    _write_view(query_view(output_graph(inputs, store, public), named, _parse_params(params)), out_file, f"query-{named.name}.html")


@view.command("timeline")
@click.argument("name", required=False)
@public_option
@graph_options
@view_output
def view_timeline(name: str | None, inputs: tuple[Path, ...], store: Path | None, out_file: Path | None, public: bool) -> None:
    """The dated events of one actor (a name, id or IRI), or of the whole graph."""
    default = f"timeline-{_file_slug(name)}.html" if name else "timeline.html"
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


EXPORT_CHOICES = ("trig", "turtle", "nquads", "jsonld", "gexf", "graphml", "ftm", "yaml")


@main.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_CHOICES), required=True, help="RDF (trig, turtle, nquads, jsonld), network (gexf, graphml for Gephi), FollowTheMoney entities (ftm) or a case file (yaml).")
@click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False), required=True, help="File to write.")
@public_option
@graph_options
def export(fmt: str, out_file: Path, inputs: tuple[Path, ...], store: Path | None, public: bool) -> None:
    """Export the graph as RDF, as a network for Gephi, as FtM entities or as a case file."""
    kg = output_graph(inputs, store, public)
    with atomic_file(out_file) as staging:
        if fmt in ("gexf", "graphml"):
            export_network(project(kg), staging, fmt)
        elif fmt == "ftm":
            from rightsgraph.loaders.ftm import export_ftm

            with staging.open("w", encoding="utf-8") as handle:
                export_ftm(kg, handle)
        elif fmt == "yaml":
            from rightsgraph.loaders.casewriter import write_case_file

            with staging.open("w", encoding="utf-8") as handle:
                write_case_file(kg, handle)
        else:
            from rightsgraph.graph.export import export as export_rdf

            export_rdf(kg, staging, fmt)
    out.print(f"Wrote {out_file}", markup=False)


# -- imports and linking ----------------------------------------------------------------------


def _report_batch(batch: Batch, target: tuple[Path | None, Path | None], what: str) -> None:
    """Write a validated batch to a TriG file (--out) or add it to a store (--store)."""
    from rightsgraph.build import add_to_store, write_batch

    out_file, store = target
    if (out_file is None) == (store is None):
        raise RightsgraphError("give --out FILE.trig or --store DIR (one of them)")
    if store is not None:
        kg, report = add_to_store(store, batch)
        where = f"added to the store {store}"
    else:
        assert out_file is not None
        kg, report = write_batch(batch, out_file)
        where = f"wrote {out_file}"
    out.print(f"{what}: {len(kg.fact_graphs())} source graph(s), {kg.fact_count()} facts; {where}", markup=False)
    _print_warnings(report)


def _print_warnings(report: ValidationReport, limit: int = 10) -> None:
    for problem in report.warnings[:limit]:
        out.print(f"  warning: {problem}", markup=False)
    if len(report.warnings) > limit:
        out.print(f"  ... and {len(report.warnings) - limit} more warning(s)", markup=False)


def out_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """Where new source graphs go: a TriG file, or an existing on-disk store."""
    function = click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False), help="TriG file to write (facts and provenance).")(function)
    function = click.option("--store", "target_store", type=click.Path(path_type=Path, file_okay=False), help="Add to this on-disk store instead (atomically).")(function)
    return function


@main.group("import")
def import_() -> None:
    """Turn data you have (CSV with a mapping, FollowTheMoney entities, RDF) into source graphs."""


@import_.command("csv")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path, dir_okay=False, exists=True), required=True, help="The YAML mapping (see the README).")
@out_option
def import_csv(file: Path, mapping_file: Path, out_file: Path | None, target_store: Path | None) -> None:
    """A CSV file, one source per row, as its mapping says."""
    from rightsgraph.loaders.csvmapping import load_csv, read_mapping

    _report_batch(load_csv(file, read_mapping(mapping_file)), (out_file, target_store), f"Read {file}")


@import_.command("ftm")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@out_option
def import_ftm(file: Path, out_file: Path | None, target_store: Path | None) -> None:
    """FollowTheMoney entities (JSON lines), including Family links."""
    from rightsgraph.loaders.ftm import load_ftm_file

    result = load_ftm_file(file)
    _report_batch(result.batch, (out_file, target_store), f"Read {file}")
    for schema, count in sorted(result.skipped.items()):
        out.print(f"  left out {count} {schema} entit{'y' if count == 1 else 'ies'}: no rightsgraph record fits them", markup=False)


@import_.command("rdf")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@out_option
def import_rdf(file: Path, out_file: Path | None, target_store: Path | None) -> None:
    """An RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) into its own source graph."""
    from rightsgraph.loaders import load_rdf_file

    _report_batch(load_rdf_file(file), (out_file, target_store), f"Read {file}")


@main.group()
def link() -> None:
    """Link records with Wikidata: propose candidates, then apply the ones a person confirmed."""


@link.command("wikidata")
@graph_options
@click.option("--endpoint", metavar="URL", help="SPARQL endpoint with Wikidata's data (default: the public Wikidata query service).")
@click.option("--review", "review_file", type=click.Path(path_type=Path, dir_okay=False), default=Path("link-review.yaml"), show_default=True, help="Review file to write.")
@click.option("--languages", default="en,ru,kk,fr,de", show_default=True, help="Label languages to match names in.")
@click.option("--pause", type=click.FloatRange(min=0), default=1.0, show_default=True, help="Seconds between requests (be kind to public services).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True)
def link_wikidata(inputs: tuple[Path, ...], store: Path | None, endpoint: str | None, review_file: Path, languages: str, pause: float, timeout: float) -> None:
    """Propose Wikidata candidates for people and organisations, into a review file."""
    from rightsgraph.loaders.wikidata import find_candidates, records_to_link, wikidata_endpoint, write_review

    target = wikidata_endpoint(endpoint, timeout)
    proposals = find_candidates(target, records_to_link(open_graph(inputs, store)), languages=languages.split(","), pause=pause)
    with atomic_file(review_file) as staging:
        write_review(staging, proposals, target.url)
    counts: dict[str, int] = {}
    for proposal in proposals:
        counts[proposal.status] = counts.get(proposal.status, 0) + 1
    out.print(f"{len(proposals)} records: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())), markup=False)
    out.print(f"Wrote {review_file}: confirm links there (nothing is linked until you do), then 'rightsgraph link apply {review_file} --out links.trig'.", markup=False)


@link.command("apply")
@click.argument("review_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@out_option
def link_apply(review_file: Path, out_file: Path | None, target_store: Path | None) -> None:
    """Write the links confirmed in a review file as skos:exactMatch facts of their own source."""
    from rightsgraph.loaders.wikidata import links_batch, read_review

    review = read_review(review_file)
    _report_batch(links_batch(review), (out_file, target_store), f"{len(review.links)} confirmed link(s) from {review_file}")


@main.command()
@graph_options
@click.option("--endpoint", metavar="URL", help="SPARQL endpoint with Wikidata's data (default: the public Wikidata query service).")
@click.option("--pause", type=click.FloatRange(min=0), default=1.0, show_default=True, help="Seconds between requests.")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True)
@click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False), help="TriG file to write (default with --store: add to that store).")
def enrich(inputs: tuple[Path, ...], store: Path | None, endpoint: str | None, pause: float, timeout: float, out_file: Path | None) -> None:
    """Bring birth dates, positions held and citizenship of confirmed Wikidata links into a source graph."""
    from rightsgraph.loaders.wikidata import enrich as run_enrich
    from rightsgraph.loaders.wikidata import wikidata_endpoint

    facts = run_enrich(open_graph(inputs, store), wikidata_endpoint(endpoint, timeout), pause=pause)
    _report_batch(facts, (out_file, store if out_file is None else None), "Wikidata facts")


# -- serving and pushing ----------------------------------------------------------------------


@main.command()
@click.option("--store", "store", type=click.Path(path_type=Path, file_okay=False), help="The store to serve (default: the built-in dataset, in a temporary store).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on. Anything but the loopback exposes the data.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--writable", is_flag=True, help="Accept SPARQL Update and Graph Store writes (read-only by default).")
@public_option
def serve(store: Path | None, host: str, port: int, writable: bool, public: bool) -> None:
    """Serve a store with the Oxigraph SPARQL server until interrupted (Ctrl-C).

    With --public the server gets a temporary public copy of the store.
    """
    import signal
    import subprocess
    import tempfile

    from rightsgraph.build import build as run_build
    from rightsgraph.build import write_public_store
    from rightsgraph.graph.confidential import find_confidential
    from rightsgraph.graph.serve import LOCAL_HOSTS, plan_server
    from rightsgraph.graph.store import open_store

    if public and writable:
        raise RightsgraphError("--public serves a temporary copy; writes to it would be lost, so it cannot be --writable")
    with tempfile.TemporaryDirectory(prefix="rightsgraph-serve-") as scratch:
        if store is None:
            store = Path(scratch) / "store"
            run_build(None, None, store=store)
            out.print("Serving the built-in dataset (build your own with 'rightsgraph build --store DIR').", markup=False)
        elif public:
            found = write_public_store(store, Path(scratch) / "public")
            store = Path(scratch) / "public"
            if found:
                out.print(f"Serving the public copy: left out or pseudonymised {found.describe()}.", markup=False)
        else:
            kg = open_store(store, read_only=True)  # a clear error now, rather than one from the server
            try:
                found = find_confidential(kg)
            finally:
                kg.close()
            if found:
                err.print(f"warning: the store holds data marked confidential ({found.describe()}); serve it with --public to leave it out.", markup=False)
        plan = plan_server(store, host, port, writable)
        if host not in LOCAL_HOSTS:
            err.print(f"warning: listening on {host}: anyone who can reach it can read the graph; rightsgraph has no access control (put the server behind one).", markup=False)
        for label, url in plan.urls.items():
            out.print(f"{label}: {url}", markup=False)
        out.print("read-write" if writable else "read-only (use --writable to accept updates)", markup=False)
        server = subprocess.Popen(plan.command)
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True
            server.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            returncode = server.wait()
        except KeyboardInterrupt:
            stopping = True
            server.terminate()
            returncode = server.wait()
        if not stopping and returncode != 0:
            raise RightsgraphError(f"the Oxigraph server stopped with status {returncode}")


@main.command()
@click.option("--endpoint", "graph_store", metavar="URL", help="Graph Store Protocol endpoint (Oxigraph: .../store, Virtuoso: .../sparql-graph-crud, Fuseki: .../data).")
@click.option("--update", "update_url", metavar="URL", help="SPARQL Update endpoint (Oxigraph: .../update); makes each replacement an atomic MOVE, and carries the data when there is no Graph Store endpoint.")
@click.option("--no-union", is_flag=True, help="Do not replace the server's default graph with the union (for servers, like Virtuoso, whose default graph is already every graph).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True)
@public_option
@graph_options
def push(graph_store: str | None, update_url: str | None, no_union: bool, timeout: float, inputs: tuple[Path, ...], store: Path | None, public: bool) -> None:
    """Send every source graph to a SPARQL 1.1 server, each replaced atomically.

    Credentials come from RIGHTSGRAPH_ENDPOINT_USER and RIGHTSGRAPH_ENDPOINT_PASSWORD, or
    RIGHTSGRAPH_ENDPOINT_TOKEN, never from the command line.
    """
    from rightsgraph.graph.push import PushOptions, Server
    from rightsgraph.graph.push import push as run_push

    server = Server(graph_store, update_url, PushOptions(timeout=timeout, union=not no_union))
    kg = output_graph(inputs, store, public)
    try:
        report = run_push(kg, server, progress=lambda graph, size: out.print(f"replaced {graph} ({size} triples)", markup=False))
    except RightsgraphError:
        err.print("The push stopped; graphs already replaced are new, the others are as they were.", markup=False)
        raise
    out.print(f"Pushed {len(report.pushed)} graphs, {sum(p.triples for p in report.pushed)} triples.", markup=False)


if __name__ == "__main__":  # pragma: no cover
    main()
