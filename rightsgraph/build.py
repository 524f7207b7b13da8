"""The build: inputs → validated, inferred graph → store and output folder, all or nothing.

>>> from rightsgraph.build import load_graph
>>> kg, report = load_graph()          # the built-in dataset
>>> report.conforms
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tempfile

import pyoxigraph as ox

from rightsgraph.errors import RightsgraphError, ValidationError
from rightsgraph.fsutil import atomic_directory, atomic_file
from rightsgraph.graph import ONTOLOGY_GRAPH, Batch, KnowledgeGraph, Summary, ValidationReport, infer, summarize, validate
from rightsgraph.graph.confidential import Confidential, find_confidential, public_copy, scrubber
from rightsgraph.graph.export import write_graph_files
from rightsgraph.graph.identity import merge_identities
from rightsgraph.graph.store import open_store, staged_store
from rightsgraph.loaders import CASE_FILE_EXTENSIONS, builtin_files, load_inputs
from rightsgraph.loaders.rdffile import stream_rdf_file
from rightsgraph.viz.ontology_page import write_ontology_page
from rightsgraph.viz.report import write_report

Progress = Callable[[int, int], None]
COPY_CHUNK = 200_000


@dataclass
class BuildResult:
    out_dir: Path | None
    outputs: list[Path]
    summary: Summary
    report: ValidationReport
    store: Path | None = None
    confidential: Confidential = field(default_factory=Confidential)
    """What the inputs mark confidential (left out of the outputs when ``public``)."""
    public: bool = False


def complete(kg: KnowledgeGraph) -> None:
    """What every load ends with: the ontology, merged identities, inference, the union graph."""
    kg.load_ontology()
    merge_identities(kg)
    infer(kg)
    kg.rebuild_union()


def graph_from_batch(batch: Batch) -> tuple[KnowledgeGraph, ValidationReport]:
    """A fresh in-memory graph holding ``batch``: ontology loaded, inferences applied, validated."""
    kg = KnowledgeGraph()
    kg.add_quads(batch.quads)
    complete(kg)
    report = validate(kg, batch)
    if not report.conforms:
        raise ValidationError(report.violations)
    return kg, report


def load_graph(paths: Sequence[Path] | None = None, *, progress: Progress | None = None) -> tuple[KnowledgeGraph, ValidationReport]:
    """Load inputs (default: the built-in dataset) into a fresh in-memory graph, infer, validate.

    Raises :class:`~rightsgraph.errors.InputError` for unreadable input and
    :class:`~rightsgraph.errors.ValidationError` when the data breaks the shapes; nothing is kept.
    """
    return graph_from_batch(load_inputs(list(paths) if paths else builtin_files(), progress=progress))


def copy_into(target: KnowledgeGraph, source: KnowledgeGraph) -> None:
    """Every quad of ``source`` into ``target``, streamed with the bulk writer."""
    pending: list[ox.Quad] = []
    for quad in source.store.quads_for_pattern(None, None, None, None):
        pending.append(quad)
        if len(pending) >= COPY_CHUNK:
            target.store.bulk_extend(pending)
            pending = []
    if pending:
        target.store.bulk_extend(pending)


def populate(kg: KnowledgeGraph, paths: Sequence[Path] | None, *, check: bool = True, progress: Progress | None = None) -> ValidationReport:
    """Fill an empty store from inputs.

    With ``check`` the inputs are validated in memory first (nothing enters ``kg`` unless they
    conform). Without it, RDF files stream straight into the store with Oxigraph's bulk loader,
    so memory stays flat whatever their size; case files are still checked as they are read.
    """
    inputs = list(paths) if paths else builtin_files()
    if check:
        staged, report = load_graph(inputs, progress=progress)
        copy_into(kg, staged)
        return report
    case_files = [p for p in inputs if p.suffix.lower() in CASE_FILE_EXTENSIONS]
    if case_files:
        kg.add_quads(load_inputs(case_files, progress=progress).quads)
    for path in inputs:
        if path not in case_files:
            stream_rdf_file(kg, path)
    complete(kg)
    return ValidationReport(skipped=True)


def _outputs(kg: KnowledgeGraph, out_dir: Path, summary: Summary, report: ValidationReport, views: bool) -> list[Path]:
    with atomic_directory(out_dir) as staging:
        written = write_graph_files(kg, staging)
        if views:
            written.append(write_report(kg, staging, summary, report))
            written.append(write_ontology_page(staging / "ontology.html", back="index.html"))
    return [out_dir / path.name for path in written]


def build(
    paths: Sequence[Path] | None,
    out_dir: Path | None,
    *,
    store: Path | None = None,
    progress: Progress | None = None,
    views: bool = True,
    check: bool = True,
    public: bool = False,
) -> BuildResult:
    """Build the graph, into an on-disk ``store`` and/or an output folder ``out_dir``.

    The output folder gets ``graph.trig``, ``graph.ttl``, ``graph.jsonld`` and (unless ``views``
    is false) the report ``index.html`` with its views. Both the store and the folder are written
    in a temporary place and replace the old ones only when everything succeeded. With
    ``public``, both hold the public copy: nothing marked confidential (see
    :mod:`rightsgraph.graph.confidential`).
    """
    if store is None:
        kg, report = load_graph(paths, progress=progress)
        kg, report, found = _withhold(kg, report, public)
        summary = summarize(kg)
        outputs = _outputs(kg, out_dir, summary, report, views) if out_dir is not None else []
        return BuildResult(out_dir, outputs, summary, report, confidential=found, public=public)
    with staged_store(store, from_existing=False) as kg:
        if public:
            report, found = _populate_public(kg, store, paths, check=check, progress=progress)
        else:
            report = populate(kg, paths, check=check, progress=progress)
            found = find_confidential(kg)
        summary = summarize(kg)
        outputs = _outputs(kg, out_dir, summary, report, views) if out_dir is not None else []
        kg.flush()
    return BuildResult(out_dir, outputs, summary, report, store, confidential=found, public=public)


def _withhold(kg: KnowledgeGraph, report: ValidationReport, public: bool) -> tuple[KnowledgeGraph, ValidationReport, Confidential]:
    found = find_confidential(kg)
    if not public or not found:
        return kg, report, found
    return public_copy(kg, found), report.rewritten(scrubber(kg, found)), found


def _populate_public(kg: KnowledgeGraph, store: Path, paths: Sequence[Path] | None, *, check: bool, progress: Progress | None) -> tuple[ValidationReport, Confidential]:
    """Fill ``kg`` with the public copy of the inputs, built in a scratch store beside ``store``."""
    if check:
        full, report = load_graph(paths, progress=progress)
        found = find_confidential(full)
        if not found:
            copy_into(kg, full)
            return report, found
        public_copy(full, found, into=kg)
        return report.rewritten(scrubber(full, found)), found
    parent = store.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{store.name}.full-", dir=parent) as scratch, KnowledgeGraph(Path(scratch)) as full:
        report = populate(full, paths, check=False, progress=progress)
        found = find_confidential(full)
        if found:
            public_copy(full, found, into=kg)
        else:
            copy_into(kg, full)
    return report, found


def add_to_store(store: Path, batch: Batch) -> tuple[KnowledgeGraph, ValidationReport]:
    """Validate a batch on its own, then add it to an existing store, atomically.

    The store is copied (a checkpoint: cheap, on the same disk), the batch is added to the copy
    with inference and the union rebuilt, and the copy replaces the store only when all is done.
    """
    checked, report = graph_from_batch(batch)
    with staged_store(store, from_existing=True) as kg:
        kg.add_quads(batch.quads)
        complete(kg)
        kg.flush()
    return checked, report


def write_batch(batch: Batch, out_file: Path) -> tuple[KnowledgeGraph, ValidationReport]:
    """Validate a batch on its own and write its graphs (facts and provenance) as TriG, atomically."""
    kg, report = graph_from_batch(batch)
    graphs = [g for g in kg.graphs() if g != ONTOLOGY_GRAPH]
    with atomic_file(out_file) as staging, staging.open("wb") as handle:
        kg.dump(handle, ox.RdfFormat.TRIG, graphs)
    return kg, report


def open_graph(inputs: Iterable[Path] = (), store: Path | None = None, *, public: bool = False) -> KnowledgeGraph:
    """The graph a reading command works on: an on-disk store, the given files, or the built-in data.

    With ``public``, its public copy (nothing confidential; see :mod:`rightsgraph.graph.confidential`).
    """
    kg, _ = open_for_output(inputs, store, public=public)
    return kg


def open_for_output(inputs: Iterable[Path] = (), store: Path | None = None, *, public: bool = False) -> tuple[KnowledgeGraph, Confidential]:
    """Like :func:`open_graph`, also returning what the graph marks confidential."""
    files = list(inputs)
    if store is not None:
        if files:
            raise RightsgraphError("give either --store or --input, not both")
        kg = open_store(store, read_only=True)
    else:
        kg, _ = load_graph(files or None)
    found = find_confidential(kg)
    if public and found:
        return public_copy(kg, found), found
    return kg, found


def write_public_store(source: Path, target: Path) -> Confidential:
    """Write the public copy of the store at ``source`` as a new store at ``target``."""
    full = open_store(source, read_only=True)
    try:
        found = find_confidential(full)
        with staged_store(target, from_existing=False) as kg:
            if found:
                public_copy(full, found, into=kg)
            else:
                copy_into(kg, full)
            kg.flush()
    finally:
        full.close()
    return found
