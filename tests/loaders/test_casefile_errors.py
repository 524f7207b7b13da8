"""Bad case files: one clear line per problem naming file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rightsgraph.errors import InputError
from rightsgraph.loaders import load_case_files
from tests.conftest import MINIMAL_SOURCE


def problems_of(path: Path, *more: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_case_files([path, *more])
    return [str(p) for p in caught.value.problems]


def test_yaml_syntax_error(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
actors:
  - id: ana
    type: Person
    name: [unclosed
    sources: [src]
""")
    (line,) = problems_of(path)
    assert line.startswith(f"{path}:11: YAML syntax error")


def test_unknown_field_with_suggestion(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
actors:
  - id: ana
    type: Person
    name: Ana
    citizenshp: somewhere
    sources: [src]
""")
    assert problems_of(path) == [f"{path}:11: citizenshp: unknown field for a person (did you mean 'citizenship'?)"]


def test_field_not_allowed_for_the_type(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
actors:
  - id: ana
    type: Person
    name: Ana
    numberOfSignatories: 3
    sources: [src]
""")
    assert problems_of(path) == [f"{path}:11: numberOfSignatories: unknown field for a person"]


def test_missing_required_fields(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
actors:
  - id: ana
    type: Person
""")
    assert problems_of(path) == [
        f"{path}:8: name: required field is missing",
        f"{path}:8: sources: required field is missing: list the ids of the sources that support this record",
    ]


def test_source_needs_summary_and_locator(write_case: Callable[..., Path]) -> None:
    path = write_case("""
sources:
  - id: s
    title: A source with nothing else
""")
    assert problems_of(path) == [
        f"{path}:2: locator: a source needs a locator: give 'locator', 'file' and 'lines', or 'url'",
        f"{path}:2: summary: required field is missing",
    ]


def test_dangling_reference_and_unknown_source(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
actors:
  - id: ana
    type: Person
    name: Ana
    citizenship: kazakstan
    sources: [src, s2]
""")
    assert problems_of(path) == [
        f"{path}:11: citizenship: unknown reference 'kazakstan': no record has this id",
        f"{path}:12: sources: unknown source 's2'",
    ]


def test_impossible_date(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
actors:
  - id: ana
    type: Person
    name: Ana
    sources: [src]
events:
  - id: r
    type: Release
    name: Release
    releasedPerson: ana
    date: 2020-02-30
    sources: [src]
""")
    assert problems_of(path) == [f"{path}:17: date: day 30 does not exist in February 2020"]


def test_duplicate_id_across_files(write_case: Callable[..., Path]) -> None:
    first = write_case(MINIMAL_SOURCE + """
actors:
  - id: ana
    type: Person
    name: Ana
    sources: [src]
""", "a.yaml")
    second = write_case("""
actors:
  - id: ana
    type: Person
    name: Another Ana
    sources: [src]
""", "b.yaml")
    assert problems_of(first, second) == [f"{second}:2: id: duplicate id 'ana' (also defined at {first}:8)"]


def test_duplicate_key(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
figures:
  - id: f
    type: Figure
    name: A figure
    value: 3
    value: 4
    sources: [src]
""")
    assert problems_of(path) == [f"{path}:12: value: duplicate key (first given on line 11)"]


def test_several_problems_in_one_file_are_all_reported(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
actors:
  - id: ana
    type: Persn
    name: Ana
    sources: [src]
events:
  - id: d
    type: MassDetention
    name: Crowd
    numberOfPeople: about 700
    quantityQualifier: roughly
    sources: [src]
""")
    problems = problems_of(path)
    assert problems[0].startswith(f"{path}:9: type: unknown type 'Persn' (did you mean 'Person'?)")
    assert problems[1:] == [
        f"{path}:16: numberOfPeople: 'about 700' is not a whole number",
        f"{path}:17: quantityQualifier: 'roughly' is not one of: about, at-least, at-most, exactly, more-than",
    ]


def test_unknown_section_and_wrong_shapes(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
people:
  - id: ana
events: not a list
""")
    assert problems_of(path) == [
        f"{path}:7: people: unknown section; sections are: actors, base, documents, events, figures, involvements, memberships, places, posts, sources",
        f"{path}:9: events: must be a list of records, not a single value",
    ]


def test_anchors_and_aliases_are_refused(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
actors:
  - &a {id: ana, type: Person, name: Ana, sources: [src]}
  - *a
""")
    assert problems_of(path) == [f"{path}:8: YAML anchors and aliases (&, *) are not supported"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("sources:\n  - id: s\n    title: Caf\xe9\n".encode("latin-1"))
    assert problems_of(path) == [f"{path}:3: not UTF-8 text (byte 0xe9); save the file as UTF-8"]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL_SOURCE.lstrip("\n").encode("utf-8"))
    batch = load_case_files([path])
    assert len(batch.quads) > 0
