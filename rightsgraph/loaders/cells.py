"""What the cells of a CSV list become: ids, filled templates, dates, sentence lengths.

Templates are filled by plain lookup, never by Python's ``str.format``: ``{name}`` is the cell of
the column ``name`` and ``{row}`` the row's line number; nothing else is evaluated.

>>> template = parse_template("prisoner-{id}-{row}")
>>> template.fill({"id": "7"}, 12)
'prisoner-7-12'
>>> parse_template("{name.__class__}").fields
('name.__class__',)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from rightsgraph.errors import Problem
from rightsgraph.graph.dates import parse_edtf

ROW = "row"
"""The template field for the row's line number, to make ids unique: ``prisoner-{row}``."""
_NOT_PLAIN = re.compile(r"[.\[\]!:]")
FORMAT_PRECISION = {"%Y": "year", "%m": "month", "%d": "day", "%b": "month", "%B": "month"}
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


@dataclass(frozen=True)
class Template:
    """A text with ``{column}`` fields; ``{{`` and ``}}`` stand for braces."""

    text: str
    parts: tuple[tuple[str, str | None], ...]
    line: int = 0

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for _, name in self.parts if name is not None)

    @property
    def columns(self) -> set[str]:
        """The columns the template reads (``{row}`` is not one)."""
        return {name for name in self.fields if name != ROW}

    def fill(self, row: dict[str, str], line: int) -> str:
        return "".join(text if name is None else (str(line) if name == ROW else row.get(name, "")) for text, name in self.parts)


def parse_template(text: str, line: int = 0) -> Template:
    """Split a template into text and fields; raise ``ValueError`` when its braces do not pair."""
    parts: list[tuple[str, str | None]] = []
    literal: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith("{{", index) or text.startswith("}}", index):
            literal.append(char)
            index += 2
        elif char == "{":
            end = text.find("}", index + 1)
            name = text[index + 1 : end] if end != -1 else ""
            if end == -1 or "{" in name:
                raise ValueError(f"template '{text}' has a '{{' without its '}}' (write '{{{{' for a brace)")
            if not name.strip():
                raise ValueError(f"template '{text}' has an empty '{{}}': name a column")
            if literal:
                parts.append(("".join(literal), None))
                literal = []
            parts.append(("", name))
            index = end + 1
        elif char == "}":
            raise ValueError(f"template '{text}' has a '}}' without its '{{' (write '}}}}' for a brace)")
        else:
            literal.append(char)
            index += 1
    if literal:
        parts.append(("".join(literal), None))
    return Template(text, tuple(parts), line)


def template_problems(template: Template, header: list[str], file: str, key: str) -> list[Problem]:
    """Fields of a template that name no column of the CSV file."""
    problems = []
    for name in template.fields:
        if name == ROW or name in header:
            continue
        if _NOT_PLAIN.search(name):
            why = "templates take only plain {column} names and {row}: no formats, attributes or indexes"
        else:
            why = f"no column '{name}' (columns: {', '.join(header)}; {{row}} is the row number)"
        problems.append(Problem(file, template.line, key, f"template '{template.text}': {why}"))
    return problems


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
        fields = {FORMAT_PRECISION[f] for f in re.findall(r"%[A-Za-z]", fmt)}
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
