"""Case files: YAML describing sources, actors, places, events, documents and figures.

A case file is for people who are not RDF experts. Each record has an ``id``, a ``type`` (a class
of the ontology, e.g. ``Trial``), a ``name`` and the ``sources`` that support it; its other keys
are the ontology's property names (``defendant``, ``court``, ``date``...). The loader turns the
files into one named graph per source holding the facts that source supports, plus a PROV-O
provenance graph, and reports every problem with its file, line and field. See the README for
the format and an example.

Facts go to the graphs of the record's ``sources``; a single value can name other sources (or be
marked confidential) with the long form ``{value: ..., sources: [...], confidential: true}``.
"""

from __future__ import annotations

import difflib
from functools import partial
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import quote as percent_encode

from rdflib import OWL, PROV, RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.term import Node as RDFNode

from rightsgraph.errors import InputError, Problem
from rightsgraph.graph.batch import Batch, Location
from rightsgraph.graph.dates import parse_edtf
from rightsgraph.graph.iris import (
    DEFAULT_BASE,
    PROVENANCE_GRAPH,
    SLUG,
    confidential_graph,
    is_valid_base,
    is_valid_iri,
    mint,
    source_graph,
    source_iri,
)
from rightsgraph.loaders.located_yaml import Mapping, Node, Scalar, Sequence as YamlSequence, describe, read_yaml
from rightsgraph.ontology import RG, PropertyInfo, Vocabulary, vocabulary

SECTIONS: dict[str, URIRef] = {
    "actors": RG.Actor,
    "places": RG.Place,
    "events": RG.Event,
    "documents": RG.Document,
    "figures": RG.Figure,
    "posts": RG.Post,
    "memberships": RG.Membership,
    "involvements": RG.Involvement,
}
TOP_LEVEL = {"base", "sources", *SECTIONS}
RECORD_KEYS = {"id", "type", "name", "altNames", "description", "sources", "confidential", "sameAs", "links", "relatives", "identifiers"}
SOURCE_KEYS = {"id", "title", "summary", "locator", "file", "lines", "url", "quote", "confidence", "role", "date", "publisher", "confidential"}
VALUE_KEYS = {"value", "sources", "confidential"}
RELATIVE_KEYS = {"relation", "person", "wording", "ftmId", "sources", "confidential"}
"""``wording``: the source's own word when no kinship word fits it ('Family member of'), kept as is."""
IDENTIFIER_KEYS = {"scheme", "value", "sources", "confidential"}
MAX_QUOTE = 300

KNOWN_PREFIXES = {"wd": "http://www.wikidata.org/entity/"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Item:
    """One value of a field, with the sources and confidentiality it carries."""

    scalar: Scalar
    sources: tuple[str, ...] | None
    confidential: bool


@dataclass(frozen=True)
class _Record:
    file: str
    base: str
    section: str
    node: Mapping
    id: str
    cls: URIRef
    iri: URIRef
    also: tuple[URIRef, ...] = ()
    """More classes of the record: a State without 'stateOf' is also its own Country."""

    @property
    def classes(self) -> tuple[URIRef, ...]:
        return (self.cls, *self.also)


@dataclass(frozen=True)
class _Source:
    file: str
    base: str
    node: Mapping
    id: str
    iri: URIRef
    graph: URIRef


@dataclass
class _Context:
    """State shared while converting one batch of files."""

    vocab: Vocabulary
    batch: Batch = field(default_factory=Batch)
    problems: list[Problem] = field(default_factory=list)
    records: dict[str, _Record] = field(default_factory=dict)
    sources: dict[str, _Source] = field(default_factory=dict)
    described: set[tuple[URIRef, URIRef]] = field(default_factory=set)
    confidential_graphs: set[URIRef] = field(default_factory=set)

    def problem(self, file: str, line: int | None, field_name: str | None, message: str) -> None:
        self.problems.append(Problem(file, line, field_name, message))


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


# -- pass 1: ids --------------------------------------------------------------------------------


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


def _text_of(ctx: _Context, file: str, node: Mapping, key: str, *, required: bool = True) -> str | None:
    value = node.get(key)
    if value is None or (isinstance(value, Scalar) and value.is_null):
        if required:
            ctx.problem(file, node.line, key, "required field is missing")
        return None
    if not isinstance(value, Scalar):
        ctx.problem(file, node.line_of(key), key, f"must be a single value, not {describe(value)}")
        return None
    if not value.text.strip():
        ctx.problem(file, node.line_of(key), key, "must not be empty")
        return None
    return value.text.strip()


def _valid_id(ctx: _Context, file: str, node: Mapping) -> str | None:
    record_id = _text_of(ctx, file, node, "id")
    if record_id is not None and not SLUG.match(record_id):
        ctx.problem(file, node.line_of("id"), "id", f"'{record_id}' is not a valid id: use letters, digits, '.', '_' and '-'")
        return None
    return record_id


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


def _suggest(word: str, candidates: object) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1)  # type: ignore[call-overload]
    return f" (did you mean '{close[0]}'?)" if close else ""


# -- pass 2: facts ------------------------------------------------------------------------------


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


def _plain(node: Node | None) -> str:
    return node.text.strip() if isinstance(node, Scalar) else ""


def _convert_source(ctx: _Context, source: _Source) -> None:
    node, file, iri = source.node, source.file, source.iri
    batch = ctx.batch
    batch.records[iri] = Location(file, node.line)
    batch.records[source.graph] = Location(file, node.line)

    def put(predicate: URIRef, value: RDFNode, key: str) -> None:
        batch.add(iri, predicate, value, PROVENANCE_GRAPH)
        batch.fields[(iri, predicate)] = Location(file, node.line_of(key), key)

    for entry in node:
        if entry.key not in SOURCE_KEYS:
            ctx.problem(file, entry.key_line, entry.key, f"unknown field for a source{_suggest(entry.key, SOURCE_KEYS)}; fields are: {', '.join(sorted(SOURCE_KEYS))}")
    title = _text_of(ctx, file, node, "title")
    summary = _text_of(ctx, file, node, "summary")
    batch.add(iri, RDF.type, RG.Source, PROVENANCE_GRAPH)
    if title:
        put(RDFS.label, Literal(title), "title")
    if summary:
        put(RG.summary, Literal(summary), "summary")
    for key, predicate in (("locator", RG.locator), ("file", RG.sourceFile)):
        text = _text_of(ctx, file, node, key, required=False)
        if text:
            put(predicate, Literal(text), key)
    quote = _text_of(ctx, file, node, "quote", required=False)
    if quote:
        if len(quote) > MAX_QUOTE:
            ctx.problem(file, node.line_of("quote"), "quote", f"a supporting phrase is at most {MAX_QUOTE} characters; summarise instead")
        put(RG.supportingPhrase, Literal(quote), "quote")
    url = _text_of(ctx, file, node, "url", required=False)
    if url:
        if is_valid_iri(url) and url.startswith(("http://", "https://")):
            put(RG.sourceURL, Literal(url, datatype=XSD.anyURI), "url")
        else:
            ctx.problem(file, node.line_of("url"), "url", f"'{url}' is not an absolute http(s) URL")
    lines = node.get("lines")
    if lines is not None:
        for item in _scalars(ctx, file, lines, "lines"):
            number = _integer(ctx, file, item, "lines", minimum=1)
            if number is not None:
                put(RG.lineNumber, Literal(number), "lines")
    if not any(node.get(k) is not None for k in ("locator", "file", "lines", "url")):
        ctx.problem(file, node.line, "locator", "a source needs a locator: give 'locator', 'file' and 'lines', or 'url'")
    for key, predicate, concept_class in (("confidence", RG.confidence, RG.ConfidenceLevel), ("role", RG.sourceRole, RG.SourceRole)):
        word = _text_of(ctx, file, node, key, required=False)
        if word:
            concept = ctx.vocab.concept(concept_class, word)
            if concept is None:
                ctx.problem(file, node.line_of(key), key, f"'{word}' is not one of: {', '.join(ctx.vocab.notations(concept_class))}")
            else:
                put(predicate, concept, key)
    date_node = node.get("date")
    if isinstance(date_node, Scalar) and not date_node.is_null:
        _put_date(ctx, file, date_node, ctx.vocab.properties["date"], lambda p, v: put(p, v, "date"))
    publisher = _text_of(ctx, file, node, "publisher", required=False)
    if publisher:
        target = _reference(ctx, file, node.line_of("publisher"), "publisher", publisher)
        if target is not None:
            put(PROV.wasAttributedTo, target, "publisher")
    confidential = _flag(ctx, file, node, "confidential")
    if confidential:
        put(RG.confidential, Literal(True), "confidential")
    # The fact graph is described in the provenance graph: derived from its source.
    batch.add(source.graph, RDF.type, RG.FactGraph, PROVENANCE_GRAPH)
    batch.add(source.graph, PROV.wasDerivedFrom, iri, PROVENANCE_GRAPH)
    if confidential:
        batch.add(source.graph, RG.confidential, Literal(True), PROVENANCE_GRAPH)


def _describe_in(ctx: _Context, record: _Record, graph: URIRef) -> None:
    """Every graph holding facts about a record also says what the record is and its name."""
    if (record.iri, graph) in ctx.described:
        return
    ctx.described.add((record.iri, graph))
    name = _plain(record.node.get("name"))
    for cls in record.classes:
        ctx.batch.add(record.iri, RDF.type, cls, graph)
    if name:
        ctx.batch.add(record.iri, RDFS.label, Literal(name), graph)


def _convert_record(ctx: _Context, record: _Record) -> None:
    node, file = record.node, record.file
    batch = ctx.batch
    batch.records[record.iri] = Location(file, node.line)
    _text_of(ctx, file, node, "name")
    record_sources = _source_list(ctx, file, node, "sources", required=True) or ()
    confidential = _flag(ctx, file, node, "confidential")
    graphs = [ctx.sources[s].graph for s in record_sources if s in ctx.sources]

    def graphs_for(item: _Item) -> list[URIRef]:
        chosen = [ctx.sources[s].graph for s in item.sources if s in ctx.sources] if item.sources else graphs
        if item.confidential:
            chosen = [confidential_graph(g) for g in chosen]
            for g in chosen:
                _ensure_confidential_graph(ctx, g)
        return chosen

    def emit(predicate: URIRef, value: RDFNode, item: _Item, key: str) -> None:
        for graph in graphs_for(item):
            _describe_in(ctx, record, graph)
            batch.add(record.iri, predicate, value, graph)
        batch.fields.setdefault((record.iri, predicate), Location(file, item.scalar.line, key))

    for graph in graphs:
        _describe_in(ctx, record, graph)
    if confidential:
        for graph in graphs:
            batch.add(record.iri, RG.confidential, Literal(True), graph)

    for entry in node:
        key, value = entry.key, entry.value
        if key in {"id", "type", "name", "sources", "confidential"}:
            continue
        if isinstance(value, Scalar) and value.is_null:
            ctx.problem(file, entry.key_line, key, "has no value; remove the line or give a value")
            continue
        if key == "altNames":
            for item in _items(ctx, file, value, key):
                emit(SKOS.altLabel, Literal(item.scalar.text.strip()), item, key)
        elif key == "description":
            for item in _items(ctx, file, value, key):
                emit(RDFS.comment, Literal(item.scalar.text.strip()), item, key)
        elif key == "sameAs":
            for item in _items(ctx, file, value, key):
                target = _reference(ctx, file, item.scalar.line, key, item.scalar.text.strip())
                if target is not None:
                    emit(OWL.sameAs, target, item, key)
        elif key == "links":
            for item in _items(ctx, file, value, key):
                target = _external(ctx, file, item.scalar.line, key, item.scalar.text.strip())
                if target is not None:
                    emit(SKOS.exactMatch, target, item, key)
        elif key == "relatives":
            _convert_relatives(ctx, record, value, graphs)
        elif key == "identifiers" and ctx.vocab.accepts(record.cls, ctx.vocab.properties["identifier"]):
            _convert_identifiers(ctx, record, value, graphs)
        else:
            prop = ctx.vocab.property_named(key)
            if prop is None or prop.derived or prop.iri == RG.identifier or not any(ctx.vocab.accepts(c, prop) for c in record.classes):
                fields = [p.name for p in ctx.vocab.fields_of(record.cls) if not p.derived]
                hint = _suggest(key, fields + sorted(RECORD_KEYS))
                type_name = ctx.vocab.label(record.cls)
                ctx.problem(file, entry.key_line, key, f"unknown field for a {type_name}{hint}")
                continue
            for item in _items(ctx, file, value, key):
                if prop.temporal is not None:
                    _put_date(ctx, file, item.scalar, prop, partial(emit, item=item, key=key))
                    continue
                converted = _convert_value(ctx, file, record, prop, item.scalar)
                if converted is not None:
                    emit(prop.iri, converted, item, key)


def _ensure_confidential_graph(ctx: _Context, graph: URIRef) -> None:
    parent = URIRef(str(graph)[: -len("/confidential")])
    source = next((s for s in ctx.sources.values() if s.graph == parent), None)
    if graph in ctx.confidential_graphs or source is None:
        return
    ctx.confidential_graphs.add(graph)
    ctx.batch.add(graph, RDF.type, RG.FactGraph, PROVENANCE_GRAPH)
    ctx.batch.add(graph, PROV.wasDerivedFrom, source.iri, PROVENANCE_GRAPH)
    ctx.batch.add(graph, RG.confidential, Literal(True), PROVENANCE_GRAPH)


def _item_graphs(ctx: _Context, file: str, item: Mapping, graphs: list[URIRef]) -> list[URIRef]:
    """The graphs a structured value goes to: its own sources or the record's, confidential or not."""
    sources = _source_list(ctx, file, item, "sources", required=False)
    chosen = [ctx.sources[s].graph for s in sources if s in ctx.sources] if sources else graphs
    if _flag(ctx, file, item, "confidential"):
        chosen = [confidential_graph(g) for g in chosen]
        for g in chosen:
            _ensure_confidential_graph(ctx, g)
    return chosen


def _entries(ctx: _Context, file: str, value: Node, key: str, keys: set[str], what: str, example: str) -> list[Mapping]:
    """The mappings of a list of structured values (relatives, identifiers), each key checked."""
    if not isinstance(value, YamlSequence):
        ctx.problem(file, value.line, key, f"must be a list of {example}")
        return []
    entries = []
    for item in value.items:
        if not isinstance(item, Mapping):
            ctx.problem(file, item.line, key, f"each entry is a mapping {example}")
            continue
        for entry in item:
            if entry.key not in keys:
                ctx.problem(file, entry.key_line, entry.key, f"unknown field for {what}{_suggest(entry.key, keys)}")
        entries.append(item)
    return entries


def _convert_identifiers(ctx: _Context, record: _Record, value: Node, graphs: list[URIRef]) -> None:
    """``identifiers: [{scheme: un-document, value: A/HRC/RES/50/20}]``: one node per scheme and value."""
    file = record.file
    for item in _entries(ctx, file, value, "identifiers", IDENTIFIER_KEYS, "an identifier", "{scheme: un-document, value: A/HRC/RES/50/20}"):
        scheme_name = _text_of(ctx, file, item, "scheme")
        text = _text_of(ctx, file, item, "value")
        if scheme_name is None or text is None:
            continue
        scheme = ctx.vocab.concept(RG.IdentifierScheme, scheme_name)
        if scheme is None:
            allowed = ", ".join(ctx.vocab.notations(RG.IdentifierScheme))
            ctx.problem(file, item.line_of("scheme"), "scheme", f"'{scheme_name}' is not one of: {allowed}")
            continue
        node = identifier_iri(record.base, record.id, scheme_name, text)
        for graph in _item_graphs(ctx, file, item, graphs):
            _describe_in(ctx, record, graph)
            ctx.batch.add(record.iri, RG.identifier, node, graph)
            ctx.batch.add(node, RDF.type, RG.Identifier, graph)
            ctx.batch.add(node, RG.identifierScheme, scheme, graph)
            ctx.batch.add(node, RG.identifierValue, Literal(text), graph)
        ctx.batch.fields.setdefault((record.iri, RG.identifier), Location(file, item.line, "identifiers"))
        ctx.batch.fields.setdefault((node, RG.identifierValue), Location(file, item.line_of("value"), "identifiers"))
        ctx.batch.records.setdefault(node, Location(file, item.line, "identifiers"))


def identifier_iri(base: str, record_id: str, scheme: str, value: str) -> URIRef:
    """The IRI of a record's identifier: readable, with the value percent-encoded."""
    return mint(base, "identifier", f"{record_id}--{scheme}--{percent_encode(value, safe='')}")


def _convert_relatives(ctx: _Context, record: _Record, value: Node, graphs: list[URIRef]) -> None:
    file = record.file
    for item in _entries(ctx, file, value, "relatives", RELATIVE_KEYS, "a relative", "{relation: brother, person: some-id}"):
        word = _text_of(ctx, file, item, "relation")
        person = _text_of(ctx, file, item, "person")
        if word is None or person is None:
            continue
        kin = ctx.vocab.kinship_word(word)
        if kin is None:
            ctx.problem(file, item.line_of("relation"), "relation", f"unknown kinship word '{word}'{_suggest(word.lower(), ctx.vocab.kinship_words())}")
            continue
        target = _reference(ctx, file, item.line_of("person"), "person", person, expected=RG.Person)
        if target is None:
            continue
        chosen = _item_graphs(ctx, file, item, graphs)
        wording = _text_of(ctx, file, item, "wording", required=False) or (kin.word if word.lower() == kin.word.lower() else word)
        ftm_id = _text_of(ctx, file, item, "ftmId", required=False)
        statement = mint(record.base, "statement", f"{record.id}--{kin.property.rsplit('#', 1)[-1]}--{person}")
        for graph in chosen:
            _describe_in(ctx, record, graph)
            batch = ctx.batch
            batch.add(record.iri, kin.property, target, graph)
            # The source's own word is kept on a reified statement of the relation.
            batch.add(statement, RDF.type, RDF.Statement, graph)
            batch.add(statement, RDF.subject, record.iri, graph)
            batch.add(statement, RDF.predicate, kin.property, graph)
            batch.add(statement, RDF.object, target, graph)
            batch.add(statement, RG.sourceWording, Literal(wording), graph)
            if ftm_id:
                batch.add(statement, RG.ftmId, Literal(ftm_id), graph)
        ctx.batch.fields.setdefault((record.iri, kin.property), Location(file, item.line, "relatives"))


# -- values -------------------------------------------------------------------------------------


def _scalars(ctx: _Context, file: str, node: Node, key: str) -> list[Scalar]:
    if isinstance(node, Scalar):
        return [] if node.is_null else [node]
    if isinstance(node, YamlSequence):
        out = []
        for item in node.items:
            if isinstance(item, Scalar) and not item.is_null:
                out.append(item)
            else:
                ctx.problem(file, item.line, key, f"each entry must be a single value, not {describe(item)}")
        return out
    ctx.problem(file, node.line, key, f"must be a value or a list of values, not {describe(node)}")
    return []


def _items(ctx: _Context, file: str, node: Node, key: str) -> list[_Item]:
    """Values of a field: a value, a list, or the long form {value:, sources:, confidential:}."""
    nodes = node.items if isinstance(node, YamlSequence) else [node]
    items: list[_Item] = []
    for element in nodes:
        if isinstance(element, Scalar):
            if element.is_null:
                ctx.problem(file, element.line, key, "empty value in the list")
            else:
                items.append(_Item(element, None, False))
        elif isinstance(element, Mapping):
            for entry in element:
                if entry.key not in VALUE_KEYS:
                    ctx.problem(file, entry.key_line, entry.key, "the long form of a value takes only 'value', 'sources' and 'confidential'")
            value = element.get("value")
            if not isinstance(value, Scalar) or value.is_null:
                ctx.problem(file, element.line, key, "the long form needs a single 'value'")
                continue
            sources = _source_list(ctx, file, element, "sources", required=False)
            items.append(_Item(value, tuple(sources) if sources else None, _flag(ctx, file, element, "confidential")))
        else:
            ctx.problem(file, element.line, key, "a list inside a list is not allowed here")
    return items


def _source_list(ctx: _Context, file: str, node: Mapping, key: str, *, required: bool) -> list[str]:
    value = node.get(key)
    if value is None:
        if required:
            ctx.problem(file, node.line, key, "required field is missing: list the ids of the sources that support this record")
        return []
    ids = [s.text.strip() for s in _scalars(ctx, file, value, key)]
    if required and not ids:
        ctx.problem(file, node.line_of(key), key, "at least one source is required")
    for source_id in ids:
        if source_id not in ctx.sources:
            ctx.problem(file, node.line_of(key), key, f"unknown source '{source_id}'{_suggest(source_id, ctx.sources)}")
    return [s for s in ids if s in ctx.sources]


def _flag(ctx: _Context, file: str, node: Mapping, key: str) -> bool:
    value = node.get(key)
    if value is None:
        return False
    result = _boolean(value.text) if isinstance(value, Scalar) else None
    if result is None:
        ctx.problem(file, node.line_of(key), key, "must be true or false")
        return False
    return result


def _boolean(text: str) -> bool | None:
    return {"true": True, "yes": True, "false": False, "no": False}.get(text.strip().lower())


def _integer(ctx: _Context, file: str, scalar: Scalar, key: str, minimum: int | None = None) -> int | None:
    text = scalar.text.strip().replace("_", "")
    try:
        number = int(text)
    except ValueError:
        ctx.problem(file, scalar.line, key, f"'{scalar.text}' is not a whole number")
        return None
    if minimum is not None and number < minimum:
        ctx.problem(file, scalar.line, key, f"must be at least {minimum}")
        return None
    return number


def _put_date(ctx: _Context, file: str, scalar: Scalar, prop: PropertyInfo, put: Callable[[URIRef, RDFNode], None]) -> None:
    spec = prop.temporal
    assert spec is not None
    try:
        parsed = parse_edtf(scalar.text)
    except ValueError as err:
        ctx.problem(file, scalar.line, prop.name, str(err))
        return
    put(spec.edtf, Literal(parsed.text))
    if parsed.typed is not None:
        put(spec.typed, parsed.typed)
    if spec.earliest is not None and parsed.earliest is not None:
        put(spec.earliest, Literal(parsed.earliest.isoformat(), datatype=XSD.date))
    if spec.latest is not None and parsed.latest is not None:
        put(spec.latest, Literal(parsed.latest.isoformat(), datatype=XSD.date))




def _convert_value(ctx: _Context, file: str, record: _Record, prop: PropertyInfo, scalar: Scalar) -> RDFNode | None:
    text = scalar.text.strip()
    if prop.kind == "object":
        if prop.concept_class is not None:
            concept = ctx.vocab.concept(prop.concept_class, text)
            if concept is None:
                allowed = ", ".join(ctx.vocab.notations(prop.concept_class))
                ctx.problem(file, scalar.line, prop.name, f"'{text}' is not one of: {allowed}")
            return concept
        return _reference(ctx, file, scalar.line, prop.name, text, expected=prop.range)
    rng = prop.range
    if rng == XSD.integer:
        number = _integer(ctx, file, scalar, prop.name)
        return None if number is None else Literal(number)
    if rng == XSD.decimal:
        try:
            return Literal(Decimal(text.replace("_", "").replace(",", "")), datatype=XSD.decimal)
        except InvalidOperation:
            ctx.problem(file, scalar.line, prop.name, f"'{text}' is not a number")
            return None
    if rng == XSD.boolean:
        flag = _boolean(text)
        if flag is None:
            ctx.problem(file, scalar.line, prop.name, "must be true or false")
            return None
        return Literal(flag)
    if rng == XSD.anyURI:
        if not is_valid_iri(text):
            ctx.problem(file, scalar.line, prop.name, f"'{text}' is not an absolute http(s) URL")
            return None
        return Literal(text, datatype=XSD.anyURI)
    if not text:
        ctx.problem(file, scalar.line, prop.name, "must not be empty")
        return None
    return Literal(text)


def _external(ctx: _Context, file: str, line: int, key: str, text: str) -> URIRef | None:
    prefix, _, local = text.partition(":")
    if prefix in KNOWN_PREFIXES and local and "/" not in local:
        text = KNOWN_PREFIXES[prefix] + local
    if not is_valid_iri(text):
        ctx.problem(file, line, key, f"'{text}' is not an absolute IRI (http, https or urn) or a 'wd:Q...' id")
        return None
    return URIRef(text)


def _reference(ctx: _Context, file: str, line: int, key: str, text: str, expected: URIRef | None = None) -> URIRef | None:
    """A record id of the batch, or an absolute IRI for something outside it."""
    record = ctx.records.get(text)
    if record is not None:
        if expected is not None and str(expected).startswith(str(RG)) and not any(ctx.vocab.is_a(c, expected) for c in record.classes):
            ctx.problem(file, line, key, f"'{text}' is a {ctx.vocab.label(record.cls)}, but {key} needs a {ctx.vocab.label(expected)}")
            return None
        return record.iri
    if ":" in text:
        return _external(ctx, file, line, key, text)
    ctx.problem(file, line, key, f"unknown reference '{text}': no record has this id{_suggest(text, ctx.records)}")
    return None
