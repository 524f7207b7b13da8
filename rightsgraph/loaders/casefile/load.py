"""Reading case files: pass 1 registers every id (so records may refer to each other in any
order and across files), pass 2 converts the facts; every problem of the batch is reported at once.

    >>> from pathlib import Path
    >>> import rightsgraph
    >>> files = sorted((Path(rightsgraph.__file__).parent / "data").glob("*.yaml"))
    >>> batch = load_case_files(files)
    >>> len(batch.inputs) == len(files), len(batch.quads) > 500
    (True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rightsgraph.errors import InputError, Problem
from rightsgraph.graph.batch import Batch
from rightsgraph.graph.iris import (
    DEFAULT_BASE,
    is_valid_base,
    mint,
    source_graph,
    source_iri,
)
from rightsgraph.loaders.casefile.context import SECTIONS, TOP_LEVEL, Progress, _Context, _Record, _Source
from rightsgraph.loaders.casefile.facts import _convert_record, _convert_source
from rightsgraph.loaders.casefile.values import _plain, _suggest, _text_of, _valid_id
from rightsgraph.loaders.located_yaml import Mapping, Node, Scalar, describe, read_yaml
from rightsgraph.loaders.located_yaml import Sequence as YamlSequence
from rightsgraph.ontology import RG, Vocabulary, vocabulary


def load_case_files(
    paths: Sequence[Path],
    *,
    vocab: Vocabulary | None = None,
    display_names: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Batch:
    """Read case files into one batch; raise :class:`InputError` listing every problem found."""
    names = list(display_names) if display_names else [str(p) for p in paths]
    documents: list[tuple[str, Node]] = []
    problems: list[Problem] = []
    for index, (path, name) in enumerate(zip(paths, names)):
        try:
            root = read_yaml(path, name)
        except InputError as err:
            problems.extend(err.problems)
            continue
        if root is not None:
            documents.append((name, root))
        if progress:
            progress(index + 1, len(paths) + 1)
    batch = load_case_documents(documents, vocab=vocab, problems=problems)
    if progress:
        progress(len(paths) + 1, len(paths) + 1)
    batch.inputs.extend(names)
    return batch


def load_case_documents(
    documents: Sequence[tuple[str, Node]],
    *,
    vocab: Vocabulary | None = None,
    problems: Sequence[Problem] = (),
) -> Batch:
    """Convert parsed case documents (name, located YAML tree) into one batch.

    Other loaders (CSV with a mapping) build such trees in memory, with the lines of their own
    input, and share every check of the case-file format.
    """
    ctx = _Context(vocab or vocabulary())
    ctx.problems.extend(problems)
    parsed: list[tuple[str, Mapping]] = []
    for name, root in documents:
        if not isinstance(root, Mapping):
            ctx.problem(name, root.line, None, f"a case file must be a mapping with sections such as 'sources:' and 'events:', not {describe(root)}")
            continue
        base = _file_base(ctx, name, root)
        parsed.append((name, root))
        _register(ctx, name, base, root)
    for name, root in parsed:
        _convert_file(ctx, name, root)
    if ctx.problems:
        raise InputError(ctx.problems)
    return ctx.batch


def _file_base(ctx: _Context, name: str, root: Mapping) -> str:
    node = root.get("base")
    if node is None:
        return DEFAULT_BASE
    if not isinstance(node, Scalar) or not is_valid_base(node.text):
        ctx.problem(name, root.line_of("base"), "base", "must be an absolute http(s) IRI ending in '/' or '#'")
        return DEFAULT_BASE
    return node.text


def _register(ctx: _Context, name: str, base: str, root: Mapping) -> None:
    for entry in root:
        if entry.key not in TOP_LEVEL:
            hint = _suggest(entry.key, TOP_LEVEL)
            ctx.problem(name, entry.key_line, entry.key, f"unknown section{hint}; sections are: {', '.join(sorted(TOP_LEVEL))}")
            continue
        if entry.key == "base":
            continue
        if not isinstance(entry.value, YamlSequence):
            if not (isinstance(entry.value, Scalar) and entry.value.is_null):
                ctx.problem(name, entry.key_line, entry.key, f"must be a list of records, not {describe(entry.value)}")
            continue
        for node in entry.value.items:
            if not isinstance(node, Mapping):
                ctx.problem(name, node.line, entry.key, f"each record must be a mapping, not {describe(node)}")
                continue
            if entry.key == "sources":
                _register_source(ctx, name, base, node)
            else:
                _register_record(ctx, name, base, entry.key, node)


def _register_source(ctx: _Context, file: str, base: str, node: Mapping) -> None:
    source_id = _valid_id(ctx, file, node)
    if source_id is None:
        return
    if source_id in ctx.sources:
        first = ctx.sources[source_id]
        ctx.problem(file, node.line_of("id"), "id", f"duplicate source id '{source_id}' (also defined at {first.file}:{first.node.line})")
        return
    ctx.sources[source_id] = _Source(file, base, node, source_id, source_iri(base, source_id), source_graph(base, source_id))


def _register_record(ctx: _Context, file: str, base: str, section: str, node: Mapping) -> None:
    record_id = _valid_id(ctx, file, node)
    type_name = _text_of(ctx, file, node, "type")
    if record_id is None or type_name is None:
        return
    cls = ctx.vocab.class_named(type_name)
    root = SECTIONS[section]
    if cls is None or ctx.vocab.is_concept_class(cls):
        names = [str(c).rsplit("#", 1)[-1] for c in ctx.vocab.subclasses(root)]
        hint = _suggest(type_name, names)
        ctx.problem(file, node.line_of("type"), "type", f"unknown type '{type_name}'{hint}; {section} may be: {', '.join(names)}")
        return
    # A State under 'places' without 'stateOf' is the state and its country in one (older case files).
    also = (RG.Country,) if cls == RG.State and section == "places" and node.get("stateOf") is None else ()
    if not any(ctx.vocab.is_a(c, root) for c in (cls, *also)):
        ctx.problem(file, node.line_of("type"), "type", f"a {type_name} does not belong under '{section}'")
        return
    if record_id in ctx.records:
        first = ctx.records[record_id]
        ctx.problem(file, node.line_of("id"), "id", f"duplicate id '{record_id}' (also defined at {first.file}:{first.node.line})")
        return
    iri = mint(base, ctx.vocab.iri_segment(cls), record_id)
    ctx.records[record_id] = _Record(file, base, section, node, record_id, cls, iri, also)


def _convert_file(ctx: _Context, file: str, root: Mapping) -> None:
    for entry in root:
        if entry.key not in TOP_LEVEL or entry.key == "base" or not isinstance(entry.value, YamlSequence):
            continue
        for node in entry.value.items:
            if not isinstance(node, Mapping):
                continue
            if entry.key == "sources":
                source = ctx.sources.get(_plain(node.get("id")))
                if source is not None and source.node is node:
                    _convert_source(ctx, source)
            else:
                record = ctx.records.get(_plain(node.get("id")))
                if record is not None and record.node is node:
                    _convert_record(ctx, record)
