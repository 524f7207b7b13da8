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

from rightsgraph.errors import RightsgraphError, StoreError, ValidationError
from rightsgraph.fsutil import OUTPUT_FOLDER, STORE_FOLDER, absolute, atomic_directory, atomic_file, check_holds_no_input, check_replaceable, staging_prefix
from rightsgraph.graph import ONTOLOGY_GRAPH, Batch, KnowledgeGraph, Summary, ValidationReport, infer, summarize, validate
from rightsgraph.graph.confidential import Confidential, find_confidential, public_copy, scrubber
from rightsgraph.graph.export import write_graph_files
from rightsgraph.graph.identity import merge_identities
from rightsgraph.graph.store import asserted_path, open_store, staged_store
from rightsgraph.loaders import CASE_FILE_EXTENSIONS, builtin_files, load_inputs
from rightsgraph.loaders.rdffile import stream_rdf_file
from rightsgraph.viz.ontology_page import write_ontology_page
from rightsgraph.viz.report import write_report

Progress = Callable[[int, int], None]


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


def complete(kg: KnowledgeGraph, *, union_kept: bool = False) -> None:
    """What every load ends with: the ontology, merged identities, inference, the union graph.

    ``union_kept`` says the default graph already holds every triple loaded so far (as
    :func:`load_asserted` writes it on disk): the ontology and the inferences are then added to
    it as they are written, and the union is rebuilt only when merging identities rewrote facts.
    """
    kg.load_ontology()
    if union_kept:
        kg.bulk_add(kg.store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH))), union=True)
    merged = merge_identities(kg)
    infer(kg, union=union_kept and not merged)
    if merged or not union_kept:
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


def copy_into(target: KnowledgeGraph, source: KnowledgeGraph, *, named_only: bool = False) -> None:
    """Every quad of ``source`` (or of its named graphs only) into ``target``, with the bulk writer."""
    quads = source.store.quads_for_pattern(None, None, None, None)
    target.bulk_add(q for q in quads if not (named_only and isinstance(q.graph_name, ox.DefaultGraph)))


def populate(kg: KnowledgeGraph, paths: Sequence[Path] | None, *, check: bool = True, progress: Progress | None = None) -> ValidationReport:
    """Fill an empty store from inputs.

    With ``check`` the inputs are validated in memory first (nothing enters ``kg`` unless they
    conform). Without it, RDF files stream straight into the store with Oxigraph's bulk loader,
    so memory stays flat whatever their size; case files are still checked as they are read.
    When part of the data is confidential, an on-disk ``kg`` also keeps the data as asserted
    (before identities are merged), from which public outputs are made (see :func:`public_graph`).
    """
    inputs = list(paths) if paths else builtin_files()
    if check:
        batch = load_inputs(inputs, progress=progress)
        staged, report = graph_from_batch(batch)
        copy_into(kg, staged)
        if kg.path is not None and find_confidential(staged):
            with KnowledgeGraph(asserted_path(kg.path)) as asserted:
                asserted.add_quads(batch.quads)
        return report
    union = kg.path is not None
    load_asserted(kg, inputs, progress, union=union)
    if kg.path is not None and find_confidential(kg):
        with KnowledgeGraph(asserted_path(kg.path)) as asserted:
            copy_into(asserted, kg, named_only=True)
    complete(kg, union_kept=union)
    return ValidationReport(skipped=True)


def load_asserted(kg: KnowledgeGraph, inputs: Sequence[Path], progress: Progress | None, *, union: bool = False) -> None:
    """The inputs into ``kg`` as they are, unchecked (RDF files streamed): no merging, no
    inference; with ``union``, every triple also in the default graph."""
    case_files = [p for p in inputs if p.suffix.lower() in CASE_FILE_EXTENSIONS]
    if case_files:
        kg.add_quads(load_inputs(case_files, progress=progress).quads, union=union)
    for path in inputs:
        if path not in case_files:
            stream_rdf_file(kg, path, union=union)


def public_graph(asserted: KnowledgeGraph, found: Confidential, into: KnowledgeGraph | None = None) -> KnowledgeGraph:
    """The public copy of data as asserted, then identities merged and inferences drawn on it.

    Identity is computed after the confidential facts are gone, so a confidential ``sameAs`` or
    a confidential link shared by two records never merges them in a public output.
    """
    public = public_copy(asserted, found, into=into)
    complete(public)
    return public


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
    check_targets(paths, out_dir, store)
    if store is None:
        batch = load_inputs(list(paths) if paths else builtin_files(), progress=progress)
        kg, report = graph_from_batch(batch)
        found = find_confidential(kg)
        if public:
            asserted = KnowledgeGraph()
            asserted.add_quads(batch.quads)
            found = find_confidential(asserted)
            if found:
                kg, report = public_graph(asserted, found), report.rewritten(scrubber(kg, found))
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


def check_targets(paths: Sequence[Path] | None, out_dir: Path | None, store: Path | None) -> None:
    """Refuse, before any work, targets that hold an input, each other, or a user's files."""
    inputs = list(paths) if paths else builtin_files()
    for target, kind in ((out_dir, OUTPUT_FOLDER), (store, STORE_FOLDER)):
        if target is not None:
            check_holds_no_input(target, inputs, kind.what)
            check_replaceable(target, kind)
    if out_dir is not None and store is not None:
        a, b = out_dir.resolve(), store.resolve()
        if a == b or a in b.parents or b in a.parents:
            raise RightsgraphError(f"--out {out_dir} and --store {store}: one folder holds the other; give the output folder and the store separate folders")


def _populate_public(kg: KnowledgeGraph, store: Path, paths: Sequence[Path] | None, *, check: bool, progress: Progress | None) -> tuple[ValidationReport, Confidential]:
    """Fill ``kg`` with the public copy of the inputs (unchecked ones staged in a scratch store beside ``store``)."""
    inputs = list(paths) if paths else builtin_files()
    if check:
        batch = load_inputs(inputs, progress=progress)
        full, report = graph_from_batch(batch)
        asserted = KnowledgeGraph()
        asserted.add_quads(batch.quads)
        found = find_confidential(asserted)
        if not found:
            copy_into(kg, full)
            return report, found
        public_graph(asserted, found, into=kg)
        return report.rewritten(scrubber(full, found)), found
    parent = absolute(store).parent
    parent.mkdir(parents=True, exist_ok=True)
    # named with this process's id, so that the next build removes it if a kill leaves it here
    with tempfile.TemporaryDirectory(prefix=staging_prefix(store, "full"), dir=parent) as scratch, KnowledgeGraph(Path(scratch)) as full:
        load_asserted(full, inputs, progress)
        found = find_confidential(full)
        if found:
            public_graph(full, found, into=kg)
        else:
            copy_into(kg, full)
            complete(kg)
    return ValidationReport(skipped=True), found


Checked = tuple[KnowledgeGraph, ValidationReport]
"""A batch's graph and validation report, when the caller has already made them."""


def add_to_store(store: Path, batch: Batch, checked_already: Checked | None = None) -> Checked:
    """Validate a batch on its own, then add it to an existing store, atomically.

    The store is copied (a checkpoint: cheap, on the same disk), the batch is added to the copy
    with inference and the union rebuilt, and the copy replaces the store only when all is done.
    The data as asserted (see :func:`populate`) is kept up to date, and started when the batch
    brings the store's first confidential data: until then nothing confidential could have
    merged identities, so the store as it was is what public outputs start from.
    """
    checked, report = checked_already or graph_from_batch(batch)
    with staged_store(store, from_existing=True) as kg:
        kept = asserted_path(store)
        if kept.is_dir() or find_confidential(checked):
            assert kg.path is not None
            with KnowledgeGraph(kept, read_only=True) if kept.is_dir() else open_store(store, read_only=True) as existing:
                existing.store.backup(str(asserted_path(kg.path)))
            with KnowledgeGraph(asserted_path(kg.path)) as asserted:
                asserted.add_quads(batch.quads)
        kg.add_quads(batch.quads)
        complete(kg)
        kg.flush()
    return checked, report


def write_batch(batch: Batch, out_file: Path, checked_already: Checked | None = None) -> Checked:
    """Validate a batch on its own and write its graphs (facts and provenance) as TriG, atomically."""
    check_holds_no_input(out_file, [Path(name) for name in batch.inputs], "output file")
    kg, report = checked_already or graph_from_batch(batch)
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
        found = find_confidential(kg)
        if not public or not found:
            return kg, found
        kg.close()
        with open_asserted(store) as asserted:
            found = find_confidential(asserted)
            return public_graph(asserted, found), found
    if not public:
        kg, _ = load_graph(files or None)
        return kg, find_confidential(kg)
    batch = load_inputs(files or builtin_files())
    full, _ = graph_from_batch(batch)  # validated as a whole, as without --public
    asserted = KnowledgeGraph()
    asserted.add_quads(batch.quads)
    found = find_confidential(asserted)
    return (public_graph(asserted, found) if found else full), found


def open_asserted(store: Path) -> KnowledgeGraph:
    """The data of ``store`` as asserted, which public outputs are made from (see :func:`populate`)."""
    kept = asserted_path(store)
    if not kept.is_dir():
        raise StoreError(
            f"{store}: holds confidential data but not the data as asserted, which public outputs are made from "
            f"(an older rightsgraph made it); build it again with 'rightsgraph build ... --store {store}'"
        )
    return KnowledgeGraph(kept, read_only=True)


def write_public_store(source: Path, target: Path) -> Confidential:
    """Write the public copy of the store at ``source`` as a new store at ``target``."""
    with open_store(source, read_only=True) as full:
        found = find_confidential(full)
    with staged_store(target, from_existing=False) as kg:
        if found:
            with open_asserted(source) as asserted:
                found = find_confidential(asserted)
                public_graph(asserted, found, into=kg)
        else:
            with open_store(source, read_only=True) as full:
                copy_into(kg, full)
        kg.flush()
    return found
