"""Reading one field of a case file: single values, lists, long forms with sources, dates,
numbers and references, each problem reported with its file, line and field.

    >>> _boolean("yes"), _boolean("no"), _boolean("maybe")
    (True, False, None)
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node as RDFNode

from rightsgraph.graph.dates import parse_edtf
from rightsgraph.graph.iris import (
    SLUG,
    is_valid_iri,
)
from rightsgraph.loaders.casefile.context import KNOWN_PREFIXES, VALUE_KEYS, _Context, _Item, _Record
from rightsgraph.loaders.located_yaml import Mapping, Node, Scalar, describe
from rightsgraph.loaders.located_yaml import Sequence as YamlSequence
from rightsgraph.ontology import RG, PropertyInfo


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


def _suggest(word: str, candidates: object) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1)  # type: ignore[call-overload]
    return f" (did you mean '{close[0]}'?)" if close else ""


def _plain(node: Node | None) -> str:
    return node.text.strip() if isinstance(node, Scalar) else ""


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
