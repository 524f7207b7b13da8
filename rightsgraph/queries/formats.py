"""Writing query results: a table for people, CSV/TSV/JSON for programs, Turtle for graphs."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import IO

from rdflib import URIRef
from rdflib.term import Node
from rich.console import Console
from rich.table import Table

from rightsgraph.errors import QueryError
from rightsgraph.graph.store import OUTPUT_PREFIXES
from rightsgraph.queries.results import QueryResult, term_to_json

FORMATS = ("table", "csv", "tsv", "json", "ttl")

_SHORT = sorted(OUTPUT_PREFIXES.items(), key=lambda item: -len(item[1]))


_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``), so a terminal does not obey them."""
    return _TERMINAL_CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def short(term: Node | None) -> str:
    """A term for a person to read: prefixed IRIs, plain literal text (control characters escaped)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in _SHORT:
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return text
    return visible(str(term))


def plain(term: Node | None) -> str:
    """A term for a program: full IRIs, lexical forms of literals."""
    return "" if term is None else str(term)


def render_table(result: QueryResult, console: Console, title: str | None = None) -> None:
    if result.form == "ASK":
        console.print("yes" if result.boolean else "no")
        return
    if result.form == "CONSTRUCT":
        console.print(to_turtle(result), markup=False, highlight=False)
        return
    table = Table(title=title, show_lines=False)
    for name in result.variables:
        table.add_column(name, overflow="fold")
    for row in result.rows:
        table.add_row(*(short(row.get(name)) for name in result.variables))
    console.print(table, markup=False)
    console.print(f"{len(result.rows)} row(s)", style="dim", markup=False)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What makes a spreadsheet read a cell as a formula (OWASP's list, and the full-width forms)."""


def spreadsheet_safe(text: str) -> str:
    """``text``, with a leading ``'`` if a spreadsheet would run it as a formula.

    >>> spreadsheet_safe("=1+2"), spreadsheet_safe("@SUM(A1)"), spreadsheet_safe("-12.5")
    ("'=1+2", "'@SUM(A1)", '-12.5')
    """
    if not text.startswith(FORMULA_STARTS):
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text  # a plain number such as -12.5 is data, not a formula


def write_delimited(result: QueryResult, stream: IO[str], delimiter: str = ",", *, raw: bool = False) -> None:
    """CSV or TSV; cells a spreadsheet would run as formulas are neutralised unless ``raw``."""
    if result.form != "SELECT":
        raise QueryError("CSV and TSV are for SELECT results; use --format ttl for CONSTRUCT or DESCRIBE")
    cell = plain if raw else (lambda term: spreadsheet_safe(plain(term)))
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([cell(row.get(name)) for name in result.variables])


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, ensure_ascii=False)
    if result.form != "SELECT":
        raise QueryError("JSON is for SELECT and ASK results; use --format ttl for CONSTRUCT or DESCRIBE")
    document = {
        "head": {"vars": result.variables},
        "results": {"bindings": [{name: term_to_json(value) for name, value in row.items()} for row in result.rows]},
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def to_turtle(result: QueryResult) -> str:
    if result.graph is None:
        raise QueryError("Turtle is for CONSTRUCT and DESCRIBE results; use table, csv, tsv or json")
    for prefix, namespace in OUTPUT_PREFIXES.items():
        result.graph.bind(prefix, namespace)
    return result.graph.serialize(format="turtle")


def write_result(result: QueryResult, fmt: str, stream: IO[str], console: Console | None = None, *, raw_cells: bool = False) -> None:
    """Write ``result`` in ``fmt`` (one of :data:`FORMATS`); ``raw_cells`` keeps formula-like CSV cells as they are."""
    if fmt == "table":
        render_table(result, console or Console(file=stream))
    elif fmt in ("csv", "tsv"):
        write_delimited(result, stream, "," if fmt == "csv" else "\t", raw=raw_cells)
    elif fmt == "json":
        stream.write(to_json(result) + "\n")
    elif fmt == "ttl":
        stream.write(to_turtle(result))
    else:
        raise QueryError(f"unknown format '{fmt}' (use one of {', '.join(FORMATS)})")


def as_text(result: QueryResult, fmt: str) -> str:
    buffer = io.StringIO()
    write_result(result, fmt, buffer)
    return buffer.getvalue()


__all__ = ["FORMATS", "as_text", "plain", "render_table", "short", "spreadsheet_safe", "to_json", "to_turtle", "write_result"]
