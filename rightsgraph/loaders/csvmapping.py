"""CSV files with a YAML mapping: a list (of prisoners, say) becomes records, no code needed.

Each row is a source of its own ("list.csv, row 12", with the row's URL when a column gives one),
so every fact keeps the row it came from. The rows are turned into an in-memory case document and
go through every check of the case-file format; problems name the CSV file, line and column, or
the mapping file and line (see :mod:`rightsgraph.loaders.mapping` and the README).

:func:`read_csv` is lenient: a bad cell is left out and its row still loads, a row whose record
cannot be made is left out whole, and both are listed; :func:`load_csv` is all or nothing.

>>> from pathlib import Path
>>> example = Path(__file__).resolve().parents[2] / "examples" / "political-prisoners"
>>> load = read_csv(example / "list.csv", read_mapping(example / "mapping.yaml"))
>>> load.read, load.rejected
(4, [])
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Sequence as Sequence_
from dataclasses import dataclass, field
from pathlib import Path

from rightsgraph.errors import InputError, Problem
from rightsgraph.graph.batch import Batch
from rightsgraph.loaders.casefile import load_case_documents
from rightsgraph.loaders.located_yaml import CONTROL, Entry, Mapping, Node, Scalar, Sequence, decode_text
from rightsgraph.loaders.mapping import SKIP, ColumnRule, EventRule, MappingSpec, read_mapping, section_for, sentence_months, slugify, to_edtf
from rightsgraph.loaders.rejects import LenientLoad, Rejected
from rightsgraph.ontology import vocabulary

__all__ = ["load_csv", "read_csv", "read_mapping", "sentence_months", "slugify", "to_edtf"]

MAX_CSV_BYTES = 4 * 1024 * 1024
"""Largest CSV file imported: each row becomes a source with its provenance, and importing and
validating holds about 1,100 bytes per input byte (``benchmarks/memory_per_byte.py --kind csv``),
so 4 MB stays under about 5 GB. Split larger lists."""
"""Larger lists are better split: every row becomes records held in memory until validated."""
MAX_CSV_FIELD = 128 * 1024
"""Longest cell. The csv module's limit is process-wide and other libraries raise it; this one is ours."""
MAX_ROUNDS = 50
"""Each round of checks leaves out at least one more cell or row; a bound keeps it finite."""


def _scalar(text: str, line: int) -> Scalar:
    return Scalar(text=text, line=line)


def _mapping(line: int, items: dict[str, Node]) -> Mapping:
    node = Mapping(line)
    for key, value in items.items():
        node.entries[key] = Entry(key, line, value)
    return node


@dataclass
class _Rows:
    """The rows read, and what is left out of them so far."""

    file: str
    header: list[str]
    rows: dict[int, dict[str, str]] = field(default_factory=dict)
    excluded: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    rejected: list[Rejected] = field(default_factory=list)
    read: int = 0

    def reject_cell(self, line: int, column: str, message: str, field_name: str | None = None) -> None:
        if column in self.excluded[line]:
            return
        self.excluded[line].add(column)
        row = self.rows.get(line, {})
        label = f"{column} ({field_name})" if field_name and field_name != column else column
        self.rejected.append(Rejected(self.file, line, column, row.get(column, ""), message, row, label))

    def reject_row(self, line: int, message: str, original: dict[str, str] | None = None) -> None:
        original = self.rows.pop(line, None) or original or {}
        self.rejected.append(Rejected(self.file, line, None, "", message, original))

    def problems(self) -> list[Problem]:
        return [r.problem() for r in self.rejected]


Check = Callable[[Batch], Sequence_[Problem]]
"""A further check of the batch (the SHACL shapes, run by the caller): the problems it finds."""


def read_csv(path: Path, mapping: MappingSpec, check: Check | None = None) -> LenientLoad:
    """Read a CSV file with its mapping: what loads, and the cells and rows left out.

    With ``check``, the cells and rows its problems point at are left out too.
    """
    name = str(path)
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise InputError([Problem(name, None, None, f"file larger than {MAX_CSV_BYTES // 2**20} MB; split it")])
        text = decode_text(path.read_bytes(), name)
    except OSError as err:
        raise InputError([Problem(name, None, None, f"cannot read the file: {err.strerror}")]) from None
    previous_limit = csv.field_size_limit(MAX_CSV_FIELD)
    try:
        rows = _read_rows(name, text, mapping)
    finally:
        csv.field_size_limit(previous_limit)
    batch = _convert(path, rows, mapping, check)
    batch.inputs.append(name)
    return LenientLoad(batch, rows.rejected, rows.read, "rows", rows.header)


def load_csv(path: Path, mapping: MappingSpec) -> Batch:
    """Read a CSV file with its mapping into a batch, or refuse it whole listing every problem."""
    return read_csv(path, mapping).strict()


def _read_rows(name: str, text: str, mapping: MappingSpec) -> _Rows:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter, strict=True)
    try:
        header = [column.strip() for column in next(reader, [])]
    except csv.Error as err:
        raise InputError([Problem(name, reader.line_num, None, f"CSV error: {err}")]) from None
    # Every mistake of the mapping is reported once, before any row is read.
    problems = mapping.header_problems(header, name)
    if problems:
        raise InputError(problems)
    rows = _Rows(name, header)
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            rows.read += 1
            if len(cells) != len(header):
                original = {column: cell for column, cell in zip(header, cells)}
                rows.reject_row(line, f"the row has {len(cells)} fields, the header has {len(header)}", original)
                continue
            rows.rows[line] = {column: cell.strip() for column, cell in zip(header, cells)}
            for column, cell in rows.rows[line].items():
                if match := CONTROL.search(cell):
                    rows.reject_cell(line, column, f"contains the control character U+{ord(match.group()):04X}")
    except csv.Error as err:
        # The rest of the file cannot be read reliably: refuse it, whatever the mode.
        raise InputError([Problem(name, reader.line_num, None, f"CSV error: {err}")]) from None
    return rows


def _convert(path: Path, rows: _Rows, mapping: MappingSpec, check: Check | None) -> Batch:
    """Build and check the case document; leave out what fails and check again."""
    for _ in range(MAX_ROUNDS):
        builder = _Builder(mapping, path.name, rows)
        rejected = len(rows.rejected)
        root = builder.document()
        if len(rows.rejected) > rejected:
            continue  # a row left out half-way through was already partly in the document: build again
        try:
            batch = load_case_documents([(rows.file, root)])
        except InputError as err:
            problems = list(err.problems)
        else:
            problems = list(check(batch)) if check is not None else []
            if not problems:
                return batch
        unplaced = [p for p in problems if not builder.leave_out(p)]
        if unplaced:
            raise InputError(unplaced + rows.problems())
    raise InputError(rows.problems())


class _Builder:
    """Turns the rows kept so far into one case document, remembering which column gave what."""

    def __init__(self, mapping: MappingSpec, file_name: str, rows: _Rows) -> None:
        self.mapping = mapping
        self.file_name = file_name
        self.rows = rows
        self.vocab = vocabulary()
        self.sources: list[Mapping] = []
        self.sections: dict[str, list[Mapping]] = defaultdict(list)
        self.linked: dict[str, tuple[Mapping, list[str], str]] = {}
        self.ids: dict[str, tuple[int, str]] = {}
        self.origins: dict[tuple[int, str], set[str]] = defaultdict(set)
        """(line, case-file key) → the columns whose cells gave it."""
        self.current = ("", "", "")
        """The record id, name and source id of the row being converted."""
        for fixed in mapping.records:
            # Line 1 is the header: a problem with a fixed record refuses the file, never a row.
            record = _mapping(1, {"id": _scalar(fixed.id, 1), "type": _scalar(fixed.type, 1), "name": _scalar(fixed.name, 1)})
            cls = self.vocab.class_named(fixed.type)
            self.linked[fixed.id] = (record, [], section_for(cls, self.vocab) if cls else "actors")

    def leave_out(self, problem: Problem) -> bool:
        """Leave out the cell (or else the row) a problem of the case-file checks is about."""
        line = problem.line
        if problem.file != self.rows.file or line is None or line not in self.rows.rows:
            return False
        columns = self.origins.get((line, problem.field or ""), set())
        if columns:
            for column in sorted(columns):
                self.rows.reject_cell(line, column, problem.message, problem.field)
        else:
            self.rows.reject_row(line, f"{problem.field}: {problem.message}" if problem.field else problem.message)
        return True

    def document(self) -> Mapping:
        for line in sorted(self.rows.rows):
            row = {c: v for c, v in self.rows.rows[line].items() if c not in self.rows.excluded.get(line, ())}
            self.row(line, row)
        root = _mapping(1, {"sources": Sequence(list(self.sources), 1)})
        if self.mapping.base:
            root.entries["base"] = Entry("base", 1, _scalar(self.mapping.base, 1))
        for record, sources, section in self.linked.values():
            if not sources:
                continue  # a fixed record no kept row backs
            record.entries["sources"] = Entry("sources", record.line, Sequence([_scalar(s, record.line) for s in sorted(set(sources))], record.line))
            self.sections[section].append(record)
        for section, records in self.sections.items():
            root.entries[section] = Entry(section, 1, Sequence(list[Node](records), 1))
        return root

    def claim(self, record_id: str, line: int, name: str) -> bool:
        """Register an id made from a row; a row making an id already made (by another row or by
        itself) is left out, named."""
        first = self.ids.get(record_id)
        if first is None:
            self.ids[record_id] = (line, name)
            return True
        if line not in self.rows.rows:
            return False  # the row is already left out
        if first[0] == line:
            self.rows.reject_row(line, f"id '{record_id}' is made twice from row {line} ({first[1]}, then {name}); make the mapping's id templates differ")
        else:
            self.rows.reject_row(line, f"id '{record_id}' is made for both row {first[0]} ({first[1]}) and row {line} ({name}); "
                                       "put {row} or a unique column in the mapping's id template")
        return False

    def row(self, line: int, row: dict[str, str]) -> None:
        mapping = self.mapping
        source_id = f"{slugify(mapping.source_id)}-row-{line}"
        record_name = mapping.record_name.fill(row, line).strip()
        if not record_name:
            left_out = sorted(mapping.record_name.columns & self.rows.excluded.get(line, set()))
            self.rows.reject_row(line, "the row has no name" + (f" (its {', '.join(left_out)} cell was left out)" if left_out else ""))
            return
        record_id = slugify(mapping.record_id.fill(row, line)) if mapping.record_id else f"{slugify(mapping.source_id)}-{line}"
        if not self.claim(record_id, line, record_name):
            return
        self.sources.append(_mapping(line, self.source(line, row, source_id)))
        for fixed in mapping.records:  # each row's entry names the fixed records: it backs them
            self.linked[fixed.id][1].append(source_id)
        record: dict[str, Node] = {
            "id": _scalar(record_id, line),
            "type": _scalar(mapping.record_type, line),
            "name": _scalar(record_name, line),
            "sources": Sequence([_scalar(source_id, line)], line),
        }
        events: list[Mapping] = []
        self.current = (record_id, record_name, source_id)
        for rule in mapping.columns:
            cell = row.get(rule.column, "")
            values = [part.strip() for part in cell.split(rule.split)] if rule.split else [cell]
            for index, value in enumerate(values):
                if not self.value(line, row, rule, value, record, events, index):
                    break
        for event_rule in mapping.events:
            event = self.event(line, row, event_rule, record_id, record_name, source_id)
            if event is not None:
                events.append(event)
        self.sections[mapping.record_section].append(_mapping(line, record))
        for event in events:
            type_name = event.get("type")
            assert isinstance(type_name, Scalar)
            cls = self.vocab.class_named(type_name.text)
            self.sections[section_for(cls, self.vocab) if cls else "events"].append(event)

    def source(self, line: int, row: dict[str, str], source_id: str) -> dict[str, Node]:
        templates = self.mapping.source
        source: dict[str, Node] = {
            "id": _scalar(source_id, line),
            "title": _scalar(f"{templates['title'].fill(row, line)}, row {line}", line),
            "summary": _scalar(templates["summary"].fill(row, line), line),
            "locator": _scalar(f"{self.file_name}, row {line}", line),
            "file": _scalar(self.file_name, line),
            "lines": _scalar(str(line), line),
        }
        for key in ("confidence", "date", "quote"):
            if key in templates and (filled := templates[key].fill(row, line)):
                source[key] = _scalar(filled, line)
        url_column = self.mapping.url_column
        if url_column and row.get(url_column):
            source["url"] = _scalar(row[url_column], line)
            self.origins[(line, "url")].add(url_column)
        return source

    def value(self, line: int, row: dict[str, str], rule: ColumnRule, cell: str, record: dict[str, Node],
              events: list[Mapping], index: int) -> bool:
        """One value of a column into the record; False when the cell is refused (and left out)."""
        record_id, record_name, source_id = self.current
        if rule.words and cell.lower() in rule.words:
            cell = rule.words[cell.lower()]
            if cell == SKIP:
                return True
        if not cell:
            return True
        if rule.dates and (rule.property or rule.event):
            try:
                cell = to_edtf(cell, rule.dates)
            except ValueError as err:
                self.rows.reject_cell(line, rule.column, str(err), rule.property or (rule.event.event if rule.event else None))
                return False
        if rule.link:
            linked_id = slugify((rule.id.fill(row, line) if rule.id else "") or cell)
            name = rule.name.fill(row, line) if rule.name else cell
            self.link(rule, linked_id, name or cell, source_id, line)
            _append(record, rule.link, _scalar(linked_id, line))
            self.origins[(line, rule.link)].add(rule.column)
        elif rule.event:
            column = rule.column if index == 0 else f"{rule.column}-{index + 1}"
            event = self.event(line, row, rule.event, record_id, record_name, source_id, column, index)
            if event is None:
                return False
            key = rule.property or "description"
            event.entries[key] = Entry(key, line, _scalar(cell, line))
            self.origins[(line, key)].add(rule.column)
            months = sentence_months(cell) if rule.months else None
            if months:
                event.entries["sentenceMonths"] = Entry("sentenceMonths", line, _scalar(months, line))
            events.append(event)
        else:
            _append(record, str(rule.property), _scalar(cell, line))
            self.origins[(line, str(rule.property))].add(rule.column)
        return True

    def event(self, line: int, row: dict[str, str], rule: EventRule, record_id: str, record_name: str,
              source_id: str, column: str | None = None, index: int = 0) -> Mapping | None:
        """An event pointing at the row's record (``role``), with the facts the mapping gives it."""
        cls = self.vocab.class_named(rule.event)
        label = self.vocab.label(cls) if cls else rule.event
        default_id = f"{record_id}-{slugify(column or rule.event)}"
        event_id = slugify(rule.id.fill(row, line)) + (f"-{index + 1}" if index else "") if rule.id else default_id
        name = (rule.name.fill(row, line) if rule.name else "") or f"{label[:1].upper()}{label[1:]} of {record_name}"
        if not self.claim(event_id, line, name):
            return None
        event: dict[str, Node] = {
            "id": _scalar(event_id, line),
            "type": _scalar(rule.event, line),
            "name": _scalar(name, line),
            rule.role: _scalar(record_id, line),
            "sources": Sequence([_scalar(source_id, line)], line),
        }
        for key, template in rule.facts.items():
            value = template.fill(row, line).strip()
            if value:
                event[key] = _scalar(value, line)
                self.origins[(line, key)] |= template.columns
        return _mapping(line, event)

    def link(self, rule: ColumnRule, linked_id: str, name: str, source_id: str, line: int) -> None:
        """A record linked from rows (a place, say): one record per id, citing every row that names it."""
        if linked_id in self.linked:
            self.linked[linked_id][1].append(source_id)
            return
        record = _mapping(line, {"id": _scalar(linked_id, line), "type": _scalar(str(rule.type), line), "name": _scalar(name, line)})
        cls = self.vocab.class_named(str(rule.type))
        self.linked[linked_id] = (record, [source_id], rule.section or (section_for(cls, self.vocab) if cls else "actors"))


def _append(record: dict[str, Node], key: str, value: Scalar) -> None:
    existing = record.get(key)
    if existing is None:
        record[key] = value
    elif isinstance(existing, Sequence):
        existing.items.append(value)
    else:
        record[key] = Sequence([existing, value], value.line)
