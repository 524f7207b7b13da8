"""Warnings are grouped: one line per kind with a count and the first rows named, on the terminal
and in the report, instead of one identical line per record."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from rightsgraph.errors import Problem
from rightsgraph.graph.validation import group_problems
from tests.fixtures.prisoner_list import MAPPING, write_list

ROWS = 40


def test_group_problems_counts_and_names_the_first_places() -> None:
    problems = [Problem("list.csv", line, "dateEDTF", "Give the date") for line in range(2, 12)] + [Problem("<urn:x>", None, None, "Name the court")]
    groups = group_problems(problems)
    assert [(g.message, g.count, g.examples) for g in groups] == [
        ("dateEDTF: Give the date", 10, ("list.csv:2", "list.csv:3", "list.csv:4")),
        ("Name the court", 1, ("<urn:x>",)),
    ]
    assert str(groups[0]) == "dateEDTF: Give the date (10×: list.csv:2, list.csv:3, list.csv:4 and 7 more)"


def test_the_terminal_and_the_report_show_one_line_per_kind(cli: Callable[..., Result], tmp_path: Path) -> None:
    rows = write_list(tmp_path / "list.csv", ROWS)
    # Without 'facts: {date: unknown}', every sentence lacks a date; no sentence names its court.
    (tmp_path / "mapping.yaml").write_text(MAPPING.replace("    facts: {date: unknown}\n", ""), encoding="utf-8")
    result = cli("import", "csv", tmp_path / "list.csv", "--mapping", tmp_path / "mapping.yaml", "--out", tmp_path / "list.trig", "--rejects", tmp_path / "rejects.csv")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "warning:" in line]
    warnings = lines
    decisions = sum(1 for r in rows if r.cells["sentence"] != "unknown")  # the first 40 rows have no bad cell
    assert len(warnings) == 2, warnings
    for line in warnings:
        match = re.search(r"\((\d+)×: (.*?) and (\d+) more\)$", line)
        assert match is not None, line
        assert int(match.group(1)) == decisions and int(match.group(3)) == decisions - 3
        assert all(place.startswith(str(tmp_path / "list.csv") + ":") for place in match.group(2).split(", "))
    built = cli("build", tmp_path / "list.trig", "--out", tmp_path / "out")
    assert built.exit_code == 0, built.output
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    section = page.split('id="warnings"', 1)[1]
    assert section.count("<li>") == 2 and f"({decisions}×: " in section

