"""``rightsgraph import``, ``link`` and ``enrich``: data in, links with open datasets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from rightsgraph.build import Checked, graph_from_batch, open_graph
from rightsgraph.cli.common import err, graph_options, main, out, out_option, report_batch
from rightsgraph.errors import Problem, RightsgraphError, ValidationError
from rightsgraph.fsutil import atomic_file, check_holds_no_input
from rightsgraph.graph import Batch
from rightsgraph.loaders.rejects import LenientLoad, write_rejects


@main.group("import")
def import_() -> None:
    """Turn data you have (CSV with a mapping, FollowTheMoney entities, RDF) into source graphs."""


def rejects_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--rejects FILE``: load what is valid and list what is not, instead of refusing it all."""
    return click.option("--rejects", "rejects_file", type=click.Path(path_type=Path, dir_okay=False),
                        help="Leave out bad cells (and rows whose record cannot be made), load the rest, and list what was left out in this CSV file.")(function)


class ShapeCheck:
    """What the SHACL shapes refuse in a batch (a lenient import leaves those cells out too).

    The graph of the last batch that passed is kept, so that it is not validated twice.
    """

    def __init__(self) -> None:
        self.passed: tuple[Batch, Checked] | None = None

    def __call__(self, batch: Batch) -> list[Problem]:
        try:
            checked = graph_from_batch(batch)
        except ValidationError as error:
            return error.problems
        self.passed = (batch, checked)
        return []

    def checked(self, batch: Batch) -> Checked | None:
        return self.passed[1] if self.passed is not None and self.passed[0] is batch else None


def import_batch(load: LenientLoad, rejects_file: Path | None, target: tuple[Path | None, Path | None], what: str,
                 check: ShapeCheck | None = None) -> None:
    """All or nothing without --rejects; with it, load the rest, write the rejects, say so on stderr."""
    if rejects_file is None:
        report_batch(load.strict(), target, what)
        return
    report_batch(load.batch, target, what, check.checked(load.batch) if check else None)
    with atomic_file(rejects_file) as staging, staging.open("w", encoding="utf-8", newline="") as handle:
        write_rejects(load, handle)
    err.print(load.summary(rejects_file), markup=False)


@import_.command("csv")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path, dir_okay=False, exists=True), required=True, help="The YAML mapping (see the README).")
@out_option
@rejects_option
def import_csv(file: Path, mapping_file: Path, out_file: Path | None, target_store: Path | None, rejects_file: Path | None) -> None:
    """A CSV file, one source per row, as its mapping says."""
    from rightsgraph.loaders.csvmapping import read_csv, read_mapping

    if out_file is not None:
        check_holds_no_input(out_file, [file, mapping_file], "output file")
    check = ShapeCheck() if rejects_file else None
    load = read_csv(file, read_mapping(mapping_file), check)
    import_batch(load, rejects_file, (out_file, target_store), f"Read {file}", check)


@import_.command("ftm")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@out_option
@rejects_option
def import_ftm(file: Path, out_file: Path | None, target_store: Path | None, rejects_file: Path | None) -> None:
    """FollowTheMoney entities (JSON lines): people, organisations, families, memberships, sanctions."""
    from rightsgraph.loaders.ftm import read_ftm_file

    check = ShapeCheck() if rejects_file else None
    result = read_ftm_file(file, check)
    import_batch(result.load, rejects_file, (out_file, target_store), f"Read {file}", check)
    unused = sum(1 for r in result.load.rejected if r.ignorable)
    if unused and rejects_file is None:
        out.print(f"  {unused} invalid value(s) of properties rightsgraph does not import were left out (--rejects FILE lists them)", markup=False)
    for schema, count in sorted(result.skipped.items()):
        out.print(f"  left out {count} {schema} entit{'y' if count == 1 else 'ies'}: no rightsgraph record fits them", markup=False)


@import_.command("rdf")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@out_option
def import_rdf(file: Path, out_file: Path | None, target_store: Path | None) -> None:
    """An RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) into its own source graph."""
    from rightsgraph.loaders import load_rdf_file

    report_batch(load_rdf_file(file), (out_file, target_store), f"Read {file}")


@main.group()
def link() -> None:
    """Link records with Wikidata, or with each other: propose, then apply what a person confirmed."""


@link.command("wikidata")
@graph_options
@click.option("--endpoint", metavar="URL", help="SPARQL endpoint with Wikidata's data (default: the public Wikidata query service).")
@click.option("--review", "review_file", type=click.Path(path_type=Path, dir_okay=False), default=Path("link-review.yaml"), show_default=True, help="Review file to write.")
@click.option("--languages", default="en,ru,kk,fr,de,zh", show_default=True, help="Label languages to match names in.")
@click.option("--pause", type=click.FloatRange(min=0), default=1.0, show_default=True, help="Seconds between requests (be kind to public services).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True)
def link_wikidata(inputs: tuple[Path, ...], store: Path | None, endpoint: str | None, review_file: Path, languages: str, pause: float, timeout: float) -> None:
    """Propose Wikidata candidates for people and organisations, into a review file."""
    from rightsgraph.loaders.wikidata import find_candidates, records_to_link, wikidata_endpoint, write_review

    target = wikidata_endpoint(endpoint, timeout)
    # Only the public copy leaves the machine: names, and identities that public facts alone establish.
    proposals = find_candidates(target, records_to_link(open_graph(inputs, store, public=True)), languages=languages.split(","), pause=pause)
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
    """Write the decisions of a review file ('link wikidata' or 'dedupe') as facts of their own source.

    Wikidata links become skos:exactMatch; dedupe pairs become owl:sameAs (confirmed: one node
    from then on) or owl:differentFrom (rejected: never proposed again).
    """
    from rightsgraph.loaders import dedupe
    from rightsgraph.loaders.located_yaml import read_yaml
    from rightsgraph.loaders.wikidata import links_batch, read_review

    if dedupe.is_dedupe_review(read_yaml(review_file, str(review_file))):
        decisions = dedupe.read_review(review_file)
        same = sum(1 for j in decisions.judgements if j.same)
        what = f"{same} pair(s) confirmed the same, {len(decisions.judgements) - same} judged different, from {review_file}"
        report_batch(dedupe.judgements_batch(decisions), (out_file, target_store), what)
        return
    review = read_review(review_file)
    report_batch(links_batch(review), (out_file, target_store), f"{len(review.links)} confirmed link(s) from {review_file}")


@main.command()
@graph_options
@click.option("--review", "review_file", type=click.Path(path_type=Path, dir_okay=False), default=Path("dedupe-review.yaml"), show_default=True, help="Review file to write.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.8, show_default=True, help="Propose pairs scoring at least this.")
def dedupe(inputs: tuple[Path, ...], store: Path | None, review_file: Path, threshold: float) -> None:
    """Propose pairs of records that are probably the same person or organisation, into a review file.

    Names are compared across alphabets (Cyrillic, Kazakh, Han, Latin spellings), word orders
    and initials; birth dates, citizenship and shared relatives or events support or contradict.
    Nothing is merged until a person confirms it: then 'rightsgraph link apply REVIEW'.
    """
    from rightsgraph.loaders.dedupe import find_duplicates, write_review

    result = find_duplicates(open_graph(inputs, store), threshold)
    with atomic_file(review_file) as staging:
        write_review(staging, result)
    out.print(f"{result.records} records, {result.compared} pairs compared: {len(result.proposed)} proposed, {len(result.set_aside)} set aside (a fact contradicts them)", markup=False)
    out.print(f"Wrote {review_file}: decide there (nothing is merged until you do), then 'rightsgraph link apply {review_file} --out judgements.trig'.", markup=False)


@main.command()
@graph_options
@click.option("--endpoint", metavar="URL", help="SPARQL endpoint with Wikidata's data (default: the public Wikidata query service).")
@click.option("--europarl", "europarl", metavar="FILE|URL", help="Read the European Parliament's linked data (Turtle, JSON-LD, RDF/XML) from a file or URL instead of Wikidata.")
@click.option("--pause", type=click.FloatRange(min=0), default=1.0, show_default=True, help="Seconds between requests.")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True)
@click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False), help="TriG file to write (default with --store: add to that store).")
def enrich(inputs: tuple[Path, ...], store: Path | None, endpoint: str | None, europarl: str | None, pause: float, timeout: float, out_file: Path | None) -> None:
    """Bring what Wikidata (or the European Parliament) says of linked records into a source graph.

    Wikidata, for confirmed links: dates of birth and death, citizenship, positions held and
    party membership (with their dates), places of detention and convictions. The European
    Parliament (--europarl), for documents with EP identifiers: title, date, authors, subjects.
    The source cites the endpoint, file or URL actually read.
    """
    if europarl:
        from rightsgraph.http import RetryOptions
        from rightsgraph.loaders.europarl_facts import enrich_europarl

        if endpoint:
            raise RightsgraphError("give --endpoint (Wikidata) or --europarl, not both")
        facts = enrich_europarl(open_graph(inputs, store), europarl, options=RetryOptions(timeout=timeout))
        report_batch(facts, (out_file, store if out_file is None else None), "European Parliament facts")
        return
    from rightsgraph.loaders.wikidata import wikidata_endpoint
    from rightsgraph.loaders.wikidata_facts import enrich as run_enrich

    facts = run_enrich(open_graph(inputs, store, public=True), wikidata_endpoint(endpoint, timeout), pause=pause)
    report_batch(facts, (out_file, store if out_file is None else None), "Wikidata facts")
