"""The mapping file of a CSV import, read and checked whole before any row is read.

A mapping says which class each row's record has, how its id and name are made, which columns
become which properties, linked records or linked events, which events every row gets
(``record.events``), and how dates and special words are read. Every mistake in it — an unknown
key, type, property or column, a template that is not plain ``{column}`` (see
:mod:`rightsgraph.loaders.cells`) — is reported once, at its line in the mapping file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import XSD, URIRef

from rightsgraph.errors import InputError, Problem
from rightsgraph.loaders.casefile import SECTIONS
from rightsgraph.graph.dates import parse_edtf
from rightsgraph.loaders.cells import FORMAT_PRECISION, Template, parse_template, sentence_months, slugify, template_problems, to_edtf
from rightsgraph.loaders.located_yaml import Mapping, Node, Scalar, Sequence, describe, read_yaml
from rightsgraph.ontology import RG, Vocabulary, vocabulary

SKIP = "skip"
"""A word mapped to 'skip' leaves the cell out, as if it were empty."""

_MAPPING_KEYS = {"source", "base", "delimiter", "record", "columns", "records"}
_FIXED_RECORD_KEYS = {"id", "type", "name"}
_SOURCE_KEYS = {"id", "title", "summary", "url_column", "confidence", "date", "quote"}
_RECORD_KEYS = {"type", "id", "name", "section", "events"}
_COLUMN_KEYS = {"property", "dates", "words", "link", "event", "type", "id", "name", "role", "months", "section", "split", "facts"}
_EVENT_KEYS = {"event", "role", "id", "name", "section"}
RECORD_FIELDS = {"altNames", "description", "links"}
"""Case-file keys a column may fill besides the ontology's properties."""


# -- templates ----------------------------------------------------------------------------------


# -- the mapping ----------------------------------------------------------------------------------


@dataclass
class EventRule:
    """A linked event pointing at the row's record: from a column, or once per row."""

    event: str
    role: str
    line: int
    id: Template | None = None
    name: Template | None = None
    section: str | None = None
    facts: dict[str, Template] = field(default_factory=dict)


@dataclass
class ColumnRule:
    """How one column becomes facts (read from the mapping file)."""

    column: str
    line: int
    property: str | None = None
    dates: list[str] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)
    link: str | None = None
    type: str | None = None
    id: Template | None = None
    name: Template | None = None
    event: EventRule | None = None
    months: bool = False
    section: str | None = None
    split: str | None = None


@dataclass(frozen=True)
class FixedRecord:
    """A record named once in the mapping (the list's publisher, say) that every row may refer to."""

    id: str
    type: str
    name: str
    line: int


@dataclass
class MappingSpec:
    path: str
    source_id: str
    source: dict[str, Template]
    source_line: int
    url_column: str | None
    record_type: str
    record_section: str
    record_name: Template
    record_id: Template | None
    record_line: int
    columns: list[ColumnRule]
    events: list[EventRule]
    base: str | None = None
    delimiter: str = ","
    records: list[FixedRecord] = field(default_factory=list)

    def templates(self) -> list[tuple[Template, str]]:
        """Every template of the mapping, with the key it is written under."""
        found = [(t, f"source.{k}") for k, t in self.source.items()] + [(self.record_name, "record.name")]
        if self.record_id:
            found.append((self.record_id, "record.id"))
        rules = [(rule.event, rule.column) for rule in self.columns if rule.event] + [(e, "record.events") for e in self.events]
        for rule in self.columns:
            found += [(t, rule.column) for t in (rule.id, rule.name) if t]
        for event, key in rules:
            assert event is not None
            found += [(t, key) for t in (event.id, event.name, *event.facts.values()) if t]
        return found

    def header_problems(self, header: list[str], csv_name: str) -> list[Problem]:
        """Columns and template fields the CSV file lacks, each reported once."""
        problems = [
            Problem(self.path, rule.line, rule.column, f"no column '{rule.column}' in {csv_name} (columns: {', '.join(header)})")
            for rule in self.columns if rule.column not in header
        ]
        if self.url_column and self.url_column not in header:
            problems.append(Problem(self.path, self.source_line, "source.url_column", f"no column '{self.url_column}' in {csv_name}"))
        for template, key in self.templates():
            problems += template_problems(template, header, self.path, key)
        return problems


class _Reader:
    """Reads one mapping file, collecting every problem with its line."""

    def __init__(self, name: str, vocab: Vocabulary) -> None:
        self.name = name
        self.vocab = vocab
        self.problems: list[Problem] = []

    def problem(self, line: int, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.name, line, key, message))

    def template(self, node: Node | None, line: int, key: str) -> Template | None:
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        if not isinstance(node, Scalar):
            self.problem(line, key, f"must be a text template, not {describe(node)}")
            return None
        try:
            return parse_template(node.text, line)
        except ValueError as err:
            self.problem(line, key, str(err))
            return None

    def keys(self, node: Mapping, allowed: set[str], what: str) -> None:
        for entry in node:
            if entry.key not in allowed:
                self.problem(entry.key_line, entry.key, f"unknown key in {what}{_hint(entry.key, allowed)}; keys are: {', '.join(sorted(allowed))}")

    def cls(self, name: str | None, line: int, key: str, root: URIRef | None = None) -> URIRef | None:
        if not name:
            return None
        cls = self.vocab.class_named(name)
        if cls is None or self.vocab.is_concept_class(cls) or not any(self.vocab.is_a(cls, r) for r in SECTIONS.values()):
            self.problem(line, key, f"unknown type '{name}'{_hint(name, self.vocab.classes)}")
            return None
        if root is not None and not self.vocab.is_a(cls, root):
            self.problem(line, key, f"'{name}' is not a kind of {self.vocab.label(root)}")
            return None
        return cls

    def field_of(self, cls: URIRef | None, name: str, line: int, key: str, *, object_only: bool = False) -> None:
        """Check that records of ``cls`` take the field ``name``."""
        if cls is None:
            return
        prop = self.vocab.property_named(name)
        usable = [p.name for p in self.vocab.fields_of(cls) if not p.derived and p.iri != RG.identifier]
        if not object_only and name in RECORD_FIELDS:
            return
        if prop is None or name not in usable or (object_only and prop.kind != "object"):
            what = "link" if object_only else "field"
            self.problem(line, key, f"unknown {what} '{name}' for a {self.vocab.label(cls)}{_hint(name, usable + ([] if object_only else sorted(RECORD_FIELDS)))}")

    def event(self, node: Mapping, line: int, key: str, extra: set[str]) -> EventRule | None:
        """An event rule; its other keys (``extra``) belong to the column it is read from."""
        allowed = _EVENT_KEYS | extra
        event_name, role = _text(node.get("event")), _text(node.get("role"))
        cls = self.cls(event_name, node.line_of("event"), "event", RG.Event)
        if not role:
            self.problem(line, key, "a linked event needs 'role': the property from the event to the row's record")
        elif cls is not None:
            self.field_of(cls, role, node.line_of("role"), "role", object_only=True)
        rule = EventRule(str(event_name), str(role), line, section=_text(node.get("section")))
        rule.id = self.template(node.get("id"), node.line_of("id"), "id")
        rule.name = self.template(node.get("name"), node.line_of("name"), "name")
        facts = node.get("facts")
        fact_entries = list(facts) if isinstance(facts, Mapping) else []
        if facts is not None and not isinstance(facts, Mapping):
            self.problem(node.line_of("facts"), "facts", "a mapping from a property of the event to a value or template")
        if "facts" not in extra:  # record.events: the event's properties are written beside 'event'
            fact_entries = [entry for entry in node if entry.key not in allowed]
        elif any(entry.key not in allowed for entry in node):
            self.keys(node, allowed, "a column")
        for entry in fact_entries:
            self.field_of(cls, entry.key, entry.key_line, entry.key)
            template = self.template(entry.value, entry.key_line, entry.key)
            if template is not None and cls is not None:
                self.constant(template, entry.key, entry.key_line)
                rule.facts[entry.key] = template
        return rule if cls is not None else None

    def constant(self, template: Template, key: str, line: int) -> None:
        """A value without fields is the same for every row: check it here, once."""
        prop = self.vocab.property_named(key)
        if template.fields or prop is None:
            return
        try:
            if prop.temporal is not None:
                parse_edtf(template.text)
            elif prop.concept_class is not None and self.vocab.concept(prop.concept_class, template.text) is None:
                raise ValueError(f"'{template.text}' is not one of: {', '.join(self.vocab.notations(prop.concept_class))}")
            elif prop.range == XSD.boolean and template.text.strip().lower() not in ("true", "false", "yes", "no"):
                raise ValueError("must be true or false")
        except ValueError as err:
            self.problem(line, key, str(err))


def _text(node: Node | None) -> str | None:
    return node.text.strip() if isinstance(node, Scalar) and not node.is_null else None


def _words(name: str) -> frozenset[str]:
    """The words of a name, however it is written: 'dateOfDeath', 'Date of death', 'death_date'."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    return frozenset(w for w in re.split(r"[\s_\-]+", spaced.lower()) if w and w not in ("of", "the"))


def _hint(word: str, candidates: object) -> str:
    names = [str(c) for c in candidates]  # type: ignore[attr-defined]
    same_words = [c for c in names if _words(c) == _words(word)]
    close = same_words or difflib.get_close_matches(word, names, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def section_for(cls: URIRef, vocab: Vocabulary) -> str:
    """The case-file section records of ``cls`` belong to."""
    return next((name for name, root in SECTIONS.items() if vocab.is_a(cls, root)), "actors")


def read_mapping(path: Path, vocab: Vocabulary | None = None) -> MappingSpec:
    """Parse and check a mapping file; raise :class:`InputError` listing every mistake, once."""
    name = str(path)
    root = read_yaml(path, name)
    reader = _Reader(name, vocab or vocabulary())
    if not isinstance(root, Mapping):
        raise InputError([Problem(name, root.line if root else None, None, "a mapping file is a YAML mapping with 'source', 'record' and 'columns'")])
    for entry in root:
        if entry.key not in _MAPPING_KEYS:
            reader.problem(entry.key_line, entry.key, f"unknown key; keys are: {', '.join(sorted(_MAPPING_KEYS))}")
    sections: dict[str, Mapping] = {}
    for key in ("source", "record", "columns"):
        node = root.get(key)
        if not isinstance(node, Mapping):
            reader.problem(root.line_of(key), key, "required, as a mapping" if node is None else f"must be a mapping, not {describe(node)}")
        else:
            sections[key] = node
    if reader.problems:
        raise InputError(reader.problems)
    source, record = sections["source"], sections["record"]
    reader.keys(source, _SOURCE_KEYS, "source")
    reader.keys(record, _RECORD_KEYS, "record")
    for key, node in (("id", source), ("title", source), ("summary", source), ("type", record), ("name", record)):
        if _text(node.get(key)) is None:
            section = "source" if node is source else "record"
            reader.problem(node.line, f"{section}.{key}", "required")
    templates = {k: reader.template(source.get(k), source.line_of(k), f"source.{k}") for k in ("title", "summary", "confidence", "date", "quote")}
    record_type = _text(record.get("type")) or ""
    cls = reader.cls(record_type, record.line_of("type"), "record.type")
    events: list[EventRule] = []
    events_node = record.get("events")
    if events_node is not None:
        if not isinstance(events_node, Sequence):
            reader.problem(record.line_of("events"), "record.events", "a list of events, e.g. [{event: PoliticalPrisonerDesignation, role: statusHolder}]")
        else:
            for item in events_node.items:
                if not isinstance(item, Mapping):
                    reader.problem(item.line, "record.events", f"each event is a mapping, not {describe(item)}")
                elif (event := reader.event(item, item.line, "record.events", set())) is not None:
                    events.append(event)
    records = _fixed_records(reader, root.get("records"), root.line_of("records"))
    columns = [rule for entry in sections["columns"] if (rule := _column_rule(reader, cls, entry.key, entry.key_line, entry.value)) is not None]
    delimiter = _text(root.get("delimiter")) or ","
    if len(delimiter) != 1:
        reader.problem(root.line_of("delimiter"), "delimiter", "must be one character")
    record_name = reader.template(record.get("name"), record.line_of("name"), "record.name")
    record_id = reader.template(record.get("id"), record.line_of("id"), "record.id")
    if reader.problems or record_name is None:
        raise InputError(reader.problems)
    return MappingSpec(
        path=name,
        source_id=_text(source.get("id")) or "",
        source={k: t for k, t in templates.items() if t is not None},
        source_line=source.line,
        url_column=_text(source.get("url_column")),
        record_type=record_type,
        record_section=_text(record.get("section")) or (section_for(cls, reader.vocab) if cls else "actors"),
        record_name=record_name,
        record_id=record_id,
        record_line=record.line,
        columns=columns,
        events=events,
        base=_text(root.get("base")),
        delimiter=delimiter,
        records=records,
    )


def _fixed_records(reader: _Reader, node: Node | None, line: int) -> list[FixedRecord]:
    """The mapping's ``records``: plain records (id, type, name) the rows' facts may name by id."""
    if node is None:
        return []
    if not isinstance(node, Sequence):
        reader.problem(line, "records", "a list of records, e.g. [{id: list-publisher, type: NonGovernmentalOrganization, name: ...}]")
        return []
    records = []
    for item in node.items:
        if not isinstance(item, Mapping):
            reader.problem(item.line, "records", f"each record is a mapping, not {describe(item)}")
            continue
        reader.keys(item, _FIXED_RECORD_KEYS, "a record")
        values = {key: _text(item.get(key)) for key in sorted(_FIXED_RECORD_KEYS)}
        for key, value in values.items():
            if not value:
                reader.problem(item.line, f"records.{key}", "required")
        if reader.cls(values["type"], item.line_of("type"), "records.type") is not None and all(values.values()):
            records.append(FixedRecord(str(values["id"]), str(values["type"]), str(values["name"]), item.line))
    return records


def _column_rule(reader: _Reader, cls: URIRef | None, column: str, line: int, value: Node) -> ColumnRule | None:
    rule = ColumnRule(column=column, line=line)
    if isinstance(value, Scalar):
        rule.property = value.text.strip()
        reader.field_of(cls, rule.property, line, column)
        return rule
    if not isinstance(value, Mapping):
        reader.problem(line, column, "a column maps to a property name or to a mapping")
        return None
    if value.get("event") is not None:
        rule.event = reader.event(value, line, column, _COLUMN_KEYS)
    else:
        reader.keys(value, _COLUMN_KEYS - {"facts", "role"}, "a column")
    for item in value:
        if item.key == "dates":
            if isinstance(item.value, Sequence):
                rule.dates = [s.text for s in item.value.items if isinstance(s, Scalar)]
            else:
                reader.problem(item.key_line, "dates", "a list of date formats such as '%d.%m.%Y'")
        elif item.key == "words":
            if isinstance(item.value, Mapping):
                rule.words = {w.key.strip().lower(): (w.value.text if isinstance(w.value, Scalar) and not w.value.is_null else SKIP) for w in item.value}
            else:
                reader.problem(item.key_line, "words", "a mapping from a word to what it means (or 'skip')")
        elif item.key == "months":
            rule.months = _text(item.value) in ("true", "yes")
        elif item.key == "split":
            rule.split = item.value.text if isinstance(item.value, Scalar) and item.value.text else None
            if rule.split is None:
                reader.problem(item.key_line, "split", "the separator between values, such as ';' or ' '")
        elif item.key in ("property", "link", "type", "section"):
            setattr(rule, item.key, _text(item.value))
        elif item.key in ("id", "name") and not rule.event:
            setattr(rule, item.key, reader.template(item.value, item.key_line, item.key))
    if rule.event:
        event_cls = reader.vocab.class_named(rule.event.event)
        if rule.property:
            reader.field_of(event_cls, rule.property, value.line_of("property"), "property")
    elif rule.link:
        if not (rule.type and rule.id):
            reader.problem(line, column, "a linked record needs a 'type' and an 'id' template, e.g. 'place-{place}'")
        if rule.property:
            reader.problem(line, column, "give 'link' or 'property', not both")
        reader.field_of(cls, rule.link, value.line_of("link"), "link", object_only=True)
        reader.cls(rule.type, value.line_of("type"), "type")
    elif value.get("event") is not None:
        pass  # the event's own problems are reported
    elif not rule.property:
        reader.problem(line, column, "give one of 'property', 'link' (a linked record) or 'event' (a linked event)")
    else:
        reader.field_of(cls, rule.property, value.line_of("property"), "property")
    for fmt in rule.dates:
        if not set(re.findall(r"%[A-Za-z]", fmt)) <= set(FORMAT_PRECISION):
            reader.problem(line, "dates", f"'{fmt}': only %Y, %m, %d, %b and %B are understood")
    return rule


__all__ = ["ColumnRule", "EventRule", "FixedRecord", "MappingSpec", "Template", "read_mapping", "section_for", "sentence_months", "slugify", "to_edtf"]
