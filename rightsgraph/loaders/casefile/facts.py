"""Pass 2 of reading case files: the facts of each source and record, in the named graphs of
the sources that support them (relatives, identifiers and per-value sources included).

    >>> identifier_iri("https://example.org/", "p1", "passport", "N 123")
    rdflib.term.URIRef('https://example.org/identifier/p1--passport--N%20123')
"""

from __future__ import annotations

from functools import partial
from urllib.parse import quote as percent_encode

from rdflib import OWL, PROV, RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.term import Node as RDFNode

from rightsgraph.graph.batch import Location
from rightsgraph.graph.iris import (
    PROVENANCE_GRAPH,
    confidential_graph,
    is_valid_iri,
    mint,
)
from rightsgraph.loaders.casefile.context import (
    IDENTIFIER_KEYS,
    MAX_QUOTE,
    RECORD_KEYS,
    RELATIVE_KEYS,
    SOURCE_KEYS,
    _Context,
    _Item,
    _Record,
    _Source,
)
from rightsgraph.loaders.casefile.values import (
    _convert_value,
    _entries,
    _external,
    _flag,
    _integer,
    _items,
    _plain,
    _put_date,
    _reference,
    _scalars,
    _source_list,
    _suggest,
    _text_of,
)
from rightsgraph.loaders.located_yaml import Mapping, Node, Scalar
from rightsgraph.ontology import RG


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
