"""Partial and uncertain dates: the subset of EDTF (Extended Date/Time Format) that sources need.

A source may say "March 2020", "2018?", "about 2010 until 2020", "before 3 March 2020" or give no
date at all. Each is kept as written (EDTF text) with the earliest and latest day it can denote
(for sorting and range queries) and, when it is a plain date, a typed value (xsd:date,
xsd:gYearMonth or xsd:gYear).

Supported: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, unspecified trailing year digits (``201X``,
``19XX``), a trailing qualifier ``?`` (uncertain), ``~`` (approximate) or ``%`` (both), intervals
``A/B`` with open (``..``) or unknown (empty) ends, and ``XXXX`` for an unknown date. Impossible
calendar dates are refused (the general-purpose ``edtf`` package accepts 2021-02-29).

>>> d = parse_edtf("2020-03")
>>> d.typed.n3(), d.earliest.isoformat(), d.latest.isoformat()
('"2020-03"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>', '2020-03-01', '2020-03-31')
>>> parse_edtf("2017-10-19?").typed is None
True
>>> humanize_edtf("2017-10-19?"), humanize_edtf("../2020-03-03"), humanize_edtf("2010~/2020")
('19 October 2017 (uncertain)', 'on or before 3 March 2020', 'about 2010 – 2020')
>>> parse_edtf("2020-02-30")
Traceback (most recent call last):
...
ValueError: day 30 does not exist in February 2020
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from rdflib import XSD, Literal

UNKNOWN = "XXXX"
"""EDTF for a date the source does not give (the case-file word ``unknown`` maps to it)."""

_DATE = re.compile(r"^(?P<year>\d{4}|\d{3}X|\d{2}XX|XXXX)(?:-(?P<month>\d{2}))?(?:-(?P<day>\d{2}))?(?P<qualifier>[?~%])?$")
_MONTHS = calendar.month_name


@dataclass(frozen=True)
class EDTFDate:
    """A date as written, with its typed value (when plain) and its bounds (when known)."""

    text: str
    typed: Literal | None
    earliest: date | None
    latest: date | None

    @property
    def is_unknown(self) -> bool:
        return self.earliest is None and self.latest is None


@dataclass(frozen=True)
class _Part:
    earliest: date | None
    latest: date | None
    typed: Literal | None


def _part(text: str) -> _Part:
    match = _DATE.match(text)
    if not match:
        raise ValueError(
            f"'{text}' is not a date in a form rightsgraph reads: use YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally ending in ? (uncertain) or ~ (approximate), an interval A/B, or 'unknown'"
        )
    year_text, month_text, day_text, qualifier = match.group("year", "month", "day", "qualifier")
    if year_text == UNKNOWN:
        if month_text or day_text:
            raise ValueError(f"'{text}': a month or day cannot follow an unknown year")
        return _Part(None, None, None)
    unspecified = year_text.count("X")
    if unspecified and (month_text or day_text):
        raise ValueError(f"'{text}': a month or day cannot follow a partly unknown year")
    first_year = int(year_text.replace("X", "0"))
    last_year = int(year_text.replace("X", "9"))
    if first_year == 0:
        raise ValueError(f"'{text}': year 0000 is not a calendar year")
    if month_text is None:
        typed = None if (unspecified or qualifier) else Literal(year_text, datatype=XSD.gYear)
        return _Part(date(first_year, 1, 1), date(last_year, 12, 31), typed)
    month = int(month_text)
    if not 1 <= month <= 12:
        raise ValueError(f"month {month_text} does not exist (use 01 to 12)")
    last_day = calendar.monthrange(first_year, month)[1]
    if day_text is None:
        typed = None if qualifier else Literal(f"{year_text}-{month_text}", datatype=XSD.gYearMonth)
        return _Part(date(first_year, month, 1), date(first_year, month, last_day), typed)
    day = int(day_text)
    if not 1 <= day <= last_day:
        raise ValueError(f"day {day} does not exist in {_MONTHS[month]} {first_year}")
    exact = date(first_year, month, day)
    typed = None if qualifier else Literal(exact.isoformat(), datatype=XSD.date)
    return _Part(exact, exact, typed)


def parse_edtf(text: str) -> EDTFDate:
    """Read a date as a source gives it; raise ``ValueError`` saying what is wrong with it."""
    written = text.strip()
    if written.lower() in {"unknown", UNKNOWN.lower()}:
        return EDTFDate(UNKNOWN, None, None, None)
    if "/" not in written:
        part = _part(written)
        return EDTFDate(written, part.typed, part.earliest, part.latest)
    start_text, _, end_text = written.partition("/")
    if "/" in end_text:
        raise ValueError(f"'{written}': an interval has one '/' between its start and its end")
    if start_text in {"", ".."} and end_text in {"", ".."}:
        raise ValueError(f"'{written}': an interval needs at least one known end")
    start = _part(start_text) if start_text not in {"", ".."} else _Part(None, None, None)
    end = _part(end_text) if end_text not in {"", ".."} else _Part(None, None, None)
    if start.earliest and end.latest and start.earliest > end.latest:
        raise ValueError(f"'{written}': the interval ends before it starts")
    return EDTFDate(written, None, start.earliest, end.latest)


def _humanize_part(text: str) -> str:
    match = _DATE.match(text)
    if not match:
        return text
    year, month, day, qualifier = match.group("year", "month", "day", "qualifier")
    if year == UNKNOWN:
        words = "unknown date"
    elif "X" in year:
        first = year.replace("X", "0")
        words = f"the {first}s" if year.count("X") == 1 else f"{first}–{year.replace('X', '9')}"
    elif month is None:
        words = year.lstrip("0") or year
    elif day is None:
        words = f"{_MONTHS[int(month)]} {year}"
    else:
        words = f"{int(day)} {_MONTHS[int(month)]} {year}"
    if qualifier == "~":
        return f"about {words}"
    if qualifier == "?":
        return f"{words} (uncertain)"
    if qualifier == "%":
        return f"about {words} (uncertain)"
    return words


def humanize_edtf(text: str) -> str:
    """A date as people write it, keeping its partiality and uncertainty: 'March 2020',
    '19 October 2017 (uncertain)', 'about 2010 – 2020', 'date unknown'."""
    written = text.strip()
    if written in ("", UNKNOWN):
        return "date unknown"
    if "/" not in written:
        return _humanize_part(written)
    start, _, end = written.partition("/")
    if start == "..":
        return f"on or before {_humanize_part(end)}"
    if end == "..":
        return f"on or after {_humanize_part(start)}"
    if not start:
        return f"until {_humanize_part(end)} (start unknown)"
    if not end:
        return f"from {_humanize_part(start)} (end unknown)"
    return f"{_humanize_part(start)} – {_humanize_part(end)}"
