"""CSV files with a YAML mapping: a list (of prisoners, say) becomes records, no code needed.

The mapping names the class of each row's record, how its id and name are made, which columns
become which properties or linked records (a place, a sentence), and how dates and special
words ("life", "unknown") are read. Each row is a source of its own ("list.csv, row 12", with
the row's URL when a column gives one), so every fact keeps the row it came from. The rows are
turned into an in-memory case document and go through every check of the case-file format;
problems name the CSV file and line, or the mapping file and line. See the README for the format.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import string
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rightsgraph.errors import InputError, Problem
from rightsgraph.graph.batch import Batch
from rightsgraph.graph.dates import parse_edtf
from rightsgraph.loaders.casefile import load_case_documents
from rightsgraph.loaders.located_yaml import CONTROL, Entry, Mapping, Node, Scalar, Sequence, decode_text, describe, read_yaml

MAX_CSV_BYTES = 4 * 1024 * 1024
"""Largest CSV file imported: each row becomes a source with its provenance, and importing and
validating holds about 1,100 bytes per input byte (``benchmarks/memory_per_byte.py --kind csv``),
so 4 MB stays under about 5 GB. Split larger lists."""
"""Larger lists are better split: every row becomes records held in memory until validated."""
MAX_CSV_FIELD = 128 * 1024
"""Longest cell. The csv module's limit is process-wide and other libraries raise it; this one is ours."""

SKIP = "skip"
"""A word mapped to 'skip' leaves the cell out, as if it were empty."""

_MAPPING_KEYS = {"source", "base", "delimiter", "record", "columns"}
_SOURCE_KEYS = {"id", "title", "summary", "url_column", "confidence", "date", "quote"}
_RECORD_KEYS = {"type", "id", "name", "section"}
_COLUMN_KEYS = {"property", "dates", "words", "link", "event", "type", "id", "name", "role", "months", "section"}
_SECTIONS = {"Person": "actors", "Group": "actors", "Place": "places", "State": "places", "DetentionFacility": "places", "Post": "posts", "Figure": "figures"}
_FORMAT_PRECISION = {"%Y": "year", "%m": "month", "%d": "day", "%b": "month", "%B": "month"}
_DURATION = re.compile(r"(\d+(?:[.,]\d+)?)\s*(years?|yrs?|y|months?|mos?|m)\b", re.IGNORECASE)


def slugify(text: str) -> str:
    """An id from any text: its ASCII letters and digits, plus a short hash when others were dropped.

    >>> slugify("Almaty"), slugify("place-Алматы"), slugify("Ñuñoa ")
    ('almaty', 'place-73443a32df', 'nunoa')
    """
    cleaned = text.strip()
    ascii_text = unicodedata.normalize("NFKD", cleaned).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80]
    kept = sum(c.isalnum() for c in ascii_text)
    wanted = sum(c.isalnum() for c in unicodedata.normalize("NFKD", cleaned) if not unicodedata.combining(c))
    if kept < wanted or not slug:
        digest = hashlib.sha1(cleaned.encode("utf-8")).hexdigest()[:10]
        slug = f"{slug}-{digest}" if slug else f"h-{digest}"
    return slug


@dataclass
class ColumnRule:
    """How one column becomes facts (read from the mapping file)."""

    column: str
    line: int
    property: str | None = None
    dates: list[str] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)
    link: str | None = None
    event: str | None = None
    type: str | None = None
    id: str | None = None
    name: str | None = None
    role: str | None = None
    months: bool = False
    section: str | None = None


@dataclass
class MappingSpec:
    path: str
    source: dict[str, str]
    source_line: int
    record: dict[str, str]
    record_line: int
    columns: list[ColumnRule]
    base: str | None = None
    delimiter: str = ","


def _text(node: Node | None) -> str | None:
    return node.text if isinstance(node, Scalar) and not node.is_null else None


def _strings(name: str, node: Mapping, allowed: set[str], problems: list[Problem], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in node:
        if entry.key not in allowed:
            problems.append(Problem(name, entry.key_line, entry.key, f"unknown key in {what}; keys are: {', '.join(sorted(allowed))}"))
        elif isinstance(entry.value, Scalar):
            out[entry.key] = entry.value.text
    return out


def read_mapping(path: Path) -> MappingSpec:
    """Parse and check a mapping file."""
    name = str(path)
    root = read_yaml(path, name)
    problems: list[Problem] = []
    if not isinstance(root, Mapping):
        raise InputError([Problem(name, root.line if root else None, None, "a mapping file is a YAML mapping with 'source', 'record' and 'columns'")])
    for entry in root:
        if entry.key not in _MAPPING_KEYS:
            problems.append(Problem(name, entry.key_line, entry.key, f"unknown key; keys are: {', '.join(sorted(_MAPPING_KEYS))}"))
    sections: dict[str, Mapping] = {}
    for key in ("source", "record", "columns"):
        node = root.get(key)
        if not isinstance(node, Mapping):
            problems.append(Problem(name, root.line_of(key), key, "required, as a mapping" if node is None else f"must be a mapping, not {describe(node)}"))
        else:
            sections[key] = node
    if problems:
        raise InputError(problems)
    source = _strings(name, sections["source"], _SOURCE_KEYS, problems, "source")
    record = _strings(name, sections["record"], _RECORD_KEYS, problems, "record")
    for key, where in (("id", source), ("title", source), ("summary", source), ("type", record), ("name", record)):
        if key not in where:
            section = "source" if where is source else "record"
            problems.append(Problem(name, sections[section].line, f"{section}.{key}", "required"))
    columns = [_column_rule(name, entry, problems) for entry in sections["columns"]]
    delimiter = _text(root.get("delimiter")) or ","
    if len(delimiter) != 1:
        problems.append(Problem(name, root.line_of("delimiter"), "delimiter", "must be one character"))
    if problems:
        raise InputError(problems)
    return MappingSpec(name, source, sections["source"].line, record, sections["record"].line,
                       [c for c in columns if c is not None], _text(root.get("base")), delimiter)


def _column_rule(name: str, entry: Entry, problems: list[Problem]) -> ColumnRule | None:
    rule = ColumnRule(column=entry.key, line=entry.key_line)
    value = entry.value
    if isinstance(value, Scalar):
        rule.property = value.text
        return rule
    if not isinstance(value, Mapping):
        problems.append(Problem(name, entry.key_line, entry.key, "a column maps to a property name or to a mapping"))
        return None
    for item in value:
        if item.key not in _COLUMN_KEYS:
            problems.append(Problem(name, item.key_line, item.key, f"unknown key for a column; keys are: {', '.join(sorted(_COLUMN_KEYS))}"))
        elif item.key == "dates":
            if isinstance(item.value, Sequence):
                rule.dates = [s.text for s in item.value.items if isinstance(s, Scalar)]
            else:
                problems.append(Problem(name, item.key_line, "dates", "a list of date formats such as '%d.%m.%Y'"))
        elif item.key == "words":
            if isinstance(item.value, Mapping):
                rule.words = {w.key.strip().lower(): (w.value.text if isinstance(w.value, Scalar) and not w.value.is_null else SKIP) for w in item.value}
            else:
                problems.append(Problem(name, item.key_line, "words", "a mapping from a word to what it means (or 'skip')"))
        elif item.key == "months":
            rule.months = _text(item.value) in ("true", "yes")
        elif isinstance(item.value, Scalar):
            setattr(rule, item.key, item.value.text)
    if rule.event:
        for key, why in (("role", "the property from the event to the row's record"), ("name", "a template for the event's name"), ("id", "a template for the event's id")):
            if not getattr(rule, key):
                problems.append(Problem(name, entry.key_line, entry.key, f"a linked event needs '{key}': {why}"))
    elif rule.link:
        if not (rule.type and rule.id):
            problems.append(Problem(name, entry.key_line, entry.key, "a linked record needs a 'type' and an 'id' template, e.g. 'place-{place}'"))
        if rule.property:
            problems.append(Problem(name, entry.key_line, entry.key, "give 'link' or 'property', not both"))
    elif not rule.property:
        problems.append(Problem(name, entry.key_line, entry.key, "give one of 'property', 'link' (a linked record) or 'event' (a linked event)"))
    for fmt in rule.dates:
        if not set(re.findall(r"%[A-Za-z]", fmt)) <= set(_FORMAT_PRECISION):
            problems.append(Problem(name, entry.key_line, "dates", f"'{fmt}': only %Y, %m, %d, %b and %B are understood"))
    return rule


class _Template(string.Formatter):
    """Fills '{column}' templates from a row; unknown columns are mapping errors."""

    def __init__(self, row: dict[str, str]) -> None:
        self.row = row

    def get_value(self, key: int | str, args: object, kwargs: object) -> str:
        if isinstance(key, int) or key not in self.row:
            raise KeyError(key)
        return self.row[key]


def _fill(template: str, row: dict[str, str]) -> str:
    return _Template(row).format(template)


def to_edtf(text: str, formats: list[str]) -> str:
    """EDTF for a cell, trying each format (its precision is the finest field it has).

    Raises ``ValueError`` saying why the cell is not a date.
    """
    value = text.strip()
    try:
        return parse_edtf(value).text
    except ValueError as err:
        edtf_reason = str(err)
    for fmt in formats:
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        fields = {_FORMAT_PRECISION[f] for f in re.findall(r"%[A-Za-z]", fmt)}
        if "day" in fields:
            return parsed.strftime("%Y-%m-%d")
        if "month" in fields:
            return parsed.strftime("%Y-%m")
        return parsed.strftime("%Y")
    if re.match(r"^[0-9X]{4}(-[0-9]{2}){1,2}", value) and "form rightsgraph reads" not in edtf_reason:
        raise ValueError(edtf_reason)
    raise ValueError(f"'{value}' is not a date in any of the formats {', '.join(formats) or 'EDTF'}")


def sentence_months(text: str) -> str | None:
    """Months in a sentence such as '7 years 6 months' (None when it is not a fixed term).

    >>> sentence_months("7 years 6 months"), sentence_months("18 months"), sentence_months("life")
    ('90', '18', None)
    """
    total = 0.0
    found = False
    for number, unit in _DURATION.findall(text):
        found = True
        amount = float(number.replace(",", "."))
        total += amount * 12 if unit.lower().startswith("y") else amount
    if not found:
        return None
    return str(int(total)) if total == int(total) else str(total)


def _scalar(text: str, line: int) -> Scalar:
    return Scalar(text=text, line=line)


def _mapping(line: int, items: dict[str, Node]) -> Mapping:
    node = Mapping(line)
    for key, value in items.items():
        node.entries[key] = Entry(key, line, value)
    return node


@dataclass
class _Document:
    """The case document being built from the rows."""

    sources: list[Mapping] = field(default_factory=list)
    sections: dict[str, list[Mapping]] = field(default_factory=dict)
    linked: dict[str, tuple[Mapping, list[str], str]] = field(default_factory=dict)

    def add(self, section: str, record: Mapping) -> None:
        self.sections.setdefault(section, []).append(record)


def _section_of(type_name: str, default: str) -> str:
    return _SECTIONS.get(type_name, default)


def load_csv(path: Path, mapping: MappingSpec) -> Batch:
    """Read a CSV file with its mapping into a batch (one source per row)."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise InputError([Problem(name, None, None, f"file larger than {MAX_CSV_BYTES // 2**20} MB; split it")])
        text = decode_text(path.read_bytes(), name)
    except OSError as err:
        raise InputError([Problem(name, None, None, f"cannot read the file: {err.strerror}")]) from None
    previous_limit = csv.field_size_limit(MAX_CSV_FIELD)
    try:
        return _read_csv(path, name, text, mapping)
    finally:
        csv.field_size_limit(previous_limit)


def _read_csv(path: Path, name: str, text: str, mapping: MappingSpec) -> Batch:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter, strict=True)
    problems: list[Problem] = []
    try:
        header = [column.strip() for column in next(reader, [])]
    except csv.Error as err:
        raise InputError([Problem(name, reader.line_num, None, f"CSV error: {err}")]) from None
    for rule in mapping.columns:
        if rule.column not in header:
            problems.append(Problem(mapping.path, rule.line, rule.column, f"no column '{rule.column}' in {name} (columns: {', '.join(header)})"))
    url_column = mapping.source.get("url_column")
    if url_column and url_column not in header:
        problems.append(Problem(mapping.path, mapping.source_line, "source.url_column", f"no column '{url_column}' in {name}"))
    if problems:
        raise InputError(problems)
    document = _Document()
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                problems.append(Problem(name, line, None, f"the row has {len(cells)} fields, the header has {len(header)}"))
                continue
            row = {column: cell.strip() for column, cell in zip(header, cells)}
            controls = [(column, match.group()) for column, cell in row.items() if (match := CONTROL.search(cell))]
            if controls:
                problems.extend(Problem(name, line, column, f"contains the control character U+{ord(char):04X}") for column, char in controls)
                continue
            _row_records(document, mapping, path.name, name, line, row, problems)
    except csv.Error as err:
        problems.append(Problem(name, reader.line_num, None, f"CSV error: {err}"))
    root = _mapping(1, {"sources": Sequence(list(document.sources), 1)})
    if mapping.base:
        root.entries["base"] = Entry("base", 1, _scalar(mapping.base, 1))
    for record, sources, section in document.linked.values():
        record.entries["sources"] = Entry("sources", record.line, Sequence([_scalar(s, record.line) for s in sorted(set(sources))], record.line))
        document.add(section, record)
    for section, records in document.sections.items():
        root.entries[section] = Entry(section, 1, Sequence(list[Node](records), 1))
    # The rows that were read go through the case-file checks too, so every problem is reported.
    try:
        batch = load_case_documents([(name, root)])
    except InputError as err:
        problems.extend(_in_terms_of_columns(p, mapping) for p in err.problems)
    if problems:
        raise InputError(problems)
    batch.inputs.append(name)
    return batch


def _in_terms_of_columns(problem: Problem, mapping: MappingSpec) -> Problem:
    """Name the column as well as the property in problems about a row."""
    for rule in mapping.columns:
        if problem.field and problem.field in (rule.property, rule.link, rule.role):
            return Problem(problem.file, problem.line, f"{rule.column} ({problem.field})", problem.message)
    return problem


def _row_records(document: _Document, mapping: MappingSpec, file_name: str, name: str, line: int, row: dict[str, str], problems: list[Problem]) -> None:
    def fill(template: str, what: str) -> str | None:
        try:
            return _fill(template, row)
        except (KeyError, ValueError, IndexError) as err:
            problems.append(Problem(mapping.path, mapping.record_line, what, f"template '{template}' names no column {err}"))
            return None

    source_id = f"{slugify(mapping.source['id'])}-row-{line}"
    values = row
    title = fill(mapping.source["title"], "source.title")
    summary = fill(mapping.source["summary"], "source.summary")
    source: dict[str, Node] = {
        "id": _scalar(source_id, line),
        "title": _scalar(f"{title}, row {line}", line),
        "summary": _scalar(summary or "", line),
        "locator": _scalar(f"{file_name}, row {line}", line),
        "file": _scalar(file_name, line),
        "lines": _scalar(str(line), line),
    }
    for key in ("confidence", "date", "quote"):
        if key in mapping.source:
            filled = fill(mapping.source[key], f"source.{key}")
            if filled:
                source[key] = _scalar(filled, line)
    url_column = mapping.source.get("url_column")
    if url_column and values.get(url_column):
        source["url"] = _scalar(values[url_column], line)
    document.sources.append(_mapping(line, source))

    record_name = fill(mapping.record["name"], "record.name")
    id_template = mapping.record.get("id")
    record_id = slugify(fill(id_template, "record.id") or "") if id_template else f"{slugify(mapping.source['id'])}-{line}"
    if not record_name:
        problems.append(Problem(name, line, "name", "the row has no name"))
        return
    record: dict[str, Node] = {
        "id": _scalar(record_id, line),
        "type": _scalar(mapping.record["type"], line),
        "name": _scalar(record_name, line),
        "sources": Sequence([_scalar(source_id, line)], line),
    }
    for rule in mapping.columns:
        cell = values.get(rule.column, "")
        if rule.words and cell.lower() in rule.words:
            cell = rule.words[cell.lower()]
            if cell == SKIP:
                continue
        if not cell:
            continue
        if rule.dates and rule.property:
            try:
                cell = to_edtf(cell, rule.dates)
            except ValueError as err:
                problems.append(Problem(name, line, f"{rule.column} ({rule.property})", str(err)))
                continue
        if rule.link:
            linked_id = slugify(fill(rule.id or "", f"columns.{rule.column}.id") or cell)
            _link(document, rule, linked_id, fill(rule.name or "{" + rule.column + "}", f"columns.{rule.column}.name") or cell, source_id, line)
            _append(record, rule.link, _scalar(linked_id, line))
        elif rule.event:
            event_id = slugify(fill(rule.id or "", f"columns.{rule.column}.id") or f"{record_id}-{rule.column}")
            event: dict[str, Node] = {
                "id": _scalar(event_id, line),
                "type": _scalar(rule.event, line),
                "name": _scalar(fill(rule.name or "", f"columns.{rule.column}.name") or cell, line),
                str(rule.role): _scalar(record_id, line),
                "sources": Sequence([_scalar(source_id, line)], line),
            }
            event[rule.property or "description"] = _scalar(cell, line)
            months = sentence_months(cell) if rule.months else None
            if months:
                event["sentenceMonths"] = _scalar(months, line)
            document.add(rule.section or _section_of(rule.event, "events"), _mapping(line, event))
        else:
            _append(record, str(rule.property), _scalar(cell, line))
    document.add(mapping.record.get("section") or _section_of(mapping.record["type"], "actors"), _mapping(line, record))


def _append(record: dict[str, Node], key: str, value: Scalar) -> None:
    existing = record.get(key)
    if existing is None:
        record[key] = value
    elif isinstance(existing, Sequence):
        existing.items.append(value)
    else:
        record[key] = Sequence([existing, value], value.line)


def _link(document: _Document, rule: ColumnRule, linked_id: str, name: str, source_id: str, line: int) -> None:
    """A record linked from rows (a place, say): one record per id, citing every row that names it."""
    if linked_id in document.linked:
        document.linked[linked_id][1].append(source_id)
        return
    record = _mapping(line, {"id": _scalar(linked_id, line), "type": _scalar(str(rule.type), line), "name": _scalar(name, line)})
    document.linked[linked_id] = (record, [source_id], rule.section or _section_of(str(rule.type), "actors"))
