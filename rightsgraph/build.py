"""The build: inputs → validated, inferred graph → output folder, all or nothing.

>>> from rightsgraph.build import load_graph
>>> kg, report = load_graph()          # the built-in dataset
>>> report.conforms
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rightsgraph.errors import ValidationError
import pyoxigraph as ox

from rightsgraph.fsutil import atomic_directory, atomic_file
from rightsgraph.graph import ONTOLOGY_GRAPH, Batch, KnowledgeGraph, Summary, ValidationReport, infer, summarize, validate
from rightsgraph.graph.export import write_graph_files
from rightsgraph.graph.identity import merge_identities
from rightsgraph.loaders import builtin_files, load_inputs
from rightsgraph.viz.report import write_report

Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    out_dir: Path
    outputs: list[Path]
    summary: Summary
    report: ValidationReport


def load_graph(paths: Sequence[Path] | None = None, *, progress: Progress | None = None) -> tuple[KnowledgeGraph, ValidationReport]:
    """Load inputs (default: the built-in dataset) into a fresh in-memory graph, infer, validate.

    Raises :class:`~rightsgraph.errors.InputError` for unreadable input and
    :class:`~rightsgraph.errors.ValidationError` when the data breaks the shapes; nothing is kept.
    """
    return graph_from_batch(load_inputs(list(paths) if paths else builtin_files(), progress=progress))


def graph_from_batch(batch: Batch) -> tuple[KnowledgeGraph, ValidationReport]:
    """A fresh in-memory graph holding ``batch``: ontology loaded, inferences applied, validated."""
    kg = KnowledgeGraph()
    kg.load_ontology()
    kg.add_quads(batch.quads)
    merge_identities(kg)
    infer(kg)
    kg.rebuild_union()
    report = validate(kg, batch)
    if not report.conforms:
        raise ValidationError(report.violations)
    return kg, report


def build(paths: Sequence[Path] | None, out_dir: Path, *, progress: Progress | None = None, views: bool = True) -> BuildResult:
    """Build the graph and write ``graph.trig``, ``graph.ttl``, ``graph.jsonld`` and (unless
    ``views`` is false) the report ``index.html`` with its views to ``out_dir``.

    The folder is written in a temporary place and replaces ``out_dir`` only when complete.
    """
    kg, report = load_graph(paths, progress=progress)
    summary = summarize(kg)
    with atomic_directory(out_dir) as staging:
        written = write_graph_files(kg, staging)
        if views:
            written.append(write_report(kg, staging, summary, report))
    return BuildResult(
        out_dir=out_dir,
        outputs=[out_dir / path.name for path in written],
        summary=summary,
        report=report,
    )


def write_batch(batch: Batch, out_file: Path) -> tuple[KnowledgeGraph, ValidationReport]:
    """Validate a batch on its own and write its graphs (facts and provenance) as TriG, atomically."""
    kg, report = graph_from_batch(batch)
    graphs = [g for g in kg.graphs() if g != ONTOLOGY_GRAPH]
    with atomic_file(out_file) as staging, staging.open("wb") as handle:
        kg.dump(handle, ox.RdfFormat.TRIG, graphs)
    return kg, report
