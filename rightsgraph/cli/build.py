"""``rightsgraph build``: the graph, the report and the views from case files or RDF."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from rightsgraph.cli.common import err, main, out, print_warnings, progress_bar, public_option
from rightsgraph.errors import RightsgraphError


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), help="Output folder, replaced whole on success; only a new or empty folder, or one rightsgraph wrote (default: out/, or none with --store).")
@click.option("--store", "store", type=click.Path(path_type=Path, file_okay=False), help="Build into an on-disk store at this folder (replaced whole on success; only a new or empty folder, or a store rightsgraph wrote).")
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
        print_warnings(report)
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
