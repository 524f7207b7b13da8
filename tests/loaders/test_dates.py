"""EDTF dates: partial, uncertain, approximate, intervals, unknown; impossible dates refused."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import XSD

from rightsgraph.graph.dates import parse_edtf


@pytest.mark.parametrize(
    ("text", "typed", "datatype", "earliest", "latest"),
    [
        ("2020-03-19", "2020-03-19", XSD.date, date(2020, 3, 19), date(2020, 3, 19)),
        ("2020-03", "2020-03", XSD.gYearMonth, date(2020, 3, 1), date(2020, 3, 31)),
        ("2020-02", "2020-02", XSD.gYearMonth, date(2020, 2, 1), date(2020, 2, 29)),
        ("2019", "2019", XSD.gYear, date(2019, 1, 1), date(2019, 12, 31)),
        ("2017-10-19?", None, None, date(2017, 10, 19), date(2017, 10, 19)),
        ("2018~", None, None, date(2018, 1, 1), date(2018, 12, 31)),
        ("201X", None, None, date(2010, 1, 1), date(2019, 12, 31)),
        ("2010~/2020", None, None, date(2010, 1, 1), date(2020, 12, 31)),
        ("../2020-03-03", None, None, None, date(2020, 3, 3)),
        ("2019-05/", None, None, date(2019, 5, 1), None),
        # ends that overlap are a valid interval: it runs from the earliest start to the latest end
        ("2020/2020-06", None, None, date(2020, 1, 1), date(2020, 6, 30)),
        ("2020-03/2020", None, None, date(2020, 3, 1), date(2020, 12, 31)),
        ("2020-05/2020-05-01", None, None, date(2020, 5, 1), date(2020, 5, 1)),
        ("2020-05-31/2020-05", None, None, date(2020, 5, 31), date(2020, 5, 31)),
        ("201X/2015", None, None, date(2010, 1, 1), date(2015, 12, 31)),
        ("2020-03-03/2020-03-03", None, None, date(2020, 3, 3), date(2020, 3, 3)),
    ],
)
def test_forms_kept_with_bounds(text: str, typed: str | None, datatype: object, earliest: date | None, latest: date | None) -> None:
    parsed = parse_edtf(text)
    assert parsed.text == text
    if typed is None:
        assert parsed.typed is None
    else:
        assert parsed.typed is not None and str(parsed.typed) == typed and parsed.typed.datatype == datatype
    assert (parsed.earliest, parsed.latest) == (earliest, latest)


@pytest.mark.parametrize("text", ["unknown", "XXXX", "Unknown"])
def test_unknown(text: str) -> None:
    parsed = parse_edtf(text)
    assert parsed.text == "XXXX" and parsed.is_unknown and parsed.typed is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2020-02-30", "day 30 does not exist in February 2020"),
        ("2021-02-29", "day 29 does not exist in February 2021"),
        ("2019-13", "month 13 does not exist"),
        ("19 March 2020", "not a date in a form"),
        ("2020/2019", "ends before it starts"),
        ("2020-06/2020-05-31", "ends before it starts"),
        ("2020-03-04/2020-03-03", "ends before it starts"),
        ("../..", "at least one known end"),
        ("0000", "not a calendar year"),
        ("201X-05", "cannot follow a partly unknown year"),
    ],
)
def test_impossible_or_malformed(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_edtf(text)
