"""Row accounting of CSV imports, on small lists written here: every row read is loaded or listed
as rejected (with its line, its cells and why), blank rows are not rows, and a file that cannot
be read reliably is refused whole. The counts asserted are those of the lines written."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsgraph.errors import InputError
from rightsgraph.loaders import csvmapping
from rightsgraph.loaders.csvmapping import load_csv, read_csv, read_mapping
from rightsgraph.loaders.mapping import MappingSpec

HEADER = "id,name,birth\n"
MAPPING = """\
source: {id: list, title: A list, summary: "Entry for {name}"}
record: {type: Person, id: "p-{id}", name: "{name}"}
columns:
  birth: {property: birthDate, dates: ["%d.%m.%Y"]}
"""


@pytest.fixture(scope="module")
def mapping(tmp_path_factory: pytest.TempPathFactory) -> MappingSpec:
    path = tmp_path_factory.mktemp("mapping") / "mapping.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    return read_mapping(path)


def write(folder: Path, text: str, name: str = "list.csv") -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_every_row_is_loaded_or_rejected_with_its_line(tmp_path: Path, mapping: MappingSpec) -> None:
    text = HEADER + "1,Ana,01.02.1990\n" + ",,\n" + "   ,  , \n" + "2,Bek,1990\n" + "3,Cem\n" + "4,,01.01.1980\n" + "5,Dan,31.02.1990\n" + "6,Ela,\n"
    load = read_csv(write(tmp_path, text), mapping)
    assert load.read == 6, "two blank rows are not rows"
    rejected = [(r.line, r.column, r.value, r.whole) for r in load.rejected]
    assert rejected == [(6, None, "", True), (7, None, "", True), (8, "birth", "31.02.1990", False)], "1990 is a date (EDTF)"
    assert load.loaded == 4
    row = load.rejected[0]
    assert row.original == {"id": "3", "name": "Cem"}, "a short row keeps the cells it has"
    assert load.rejected[1].original == {"id": "4", "name": "", "birth": "01.01.1980"}
    assert load.rejected[2].original == {"id": "5", "name": "Dan", "birth": "31.02.1990"} and load.rejected[2].label == "birth (birthDate)"
    assert [str(p) for p in load.problems()] == [
        f"{tmp_path / 'list.csv'}:6: the row has 2 fields, the header has 3",
        f"{tmp_path / 'list.csv'}:7: the row has no name",
        f"{tmp_path / 'list.csv'}:8: birth (birthDate): '31.02.1990' is not a date in any of the formats %d.%m.%Y",
    ]
    assert load.batch.inputs == [str(tmp_path / "list.csv")]


def test_counts_of_a_clean_list(tmp_path: Path, mapping: MappingSpec) -> None:
    rows = [f"{i},Person {i},0{i}.01.1990" for i in range(1, 6)]
    load = read_csv(write(tmp_path, HEADER + "\n".join(rows)), mapping)
    assert (load.read, load.loaded, load.rejected, load.unit, load.columns) == (5, 5, [], "rows", ["id", "name", "birth"])
    assert load_csv(write(tmp_path, HEADER + "\n".join(rows) + "\n", "again.csv"), mapping).inputs == [str(tmp_path / "again.csv")]


def test_header_cells_are_trimmed_and_an_empty_file_has_no_rows(tmp_path: Path, mapping: MappingSpec) -> None:
    load = read_csv(write(tmp_path, " id , name ,birth \n1,Ana,\n"), mapping)
    assert (load.read, load.loaded, load.columns) == (1, 1, ["id", "name", "birth"])
    with pytest.raises(InputError) as caught:
        read_csv(write(tmp_path, "", "empty.csv"), mapping)
    assert "no column" in str(caught.value.problems[0])


def test_control_characters_leave_out_the_cell(tmp_path: Path, mapping: MappingSpec) -> None:
    load = read_csv(write(tmp_path, HEADER + "1,Ana,01.01.1990\x07\n2,Bek\x1b,02.02.1990\n"), mapping)
    assert [(r.line, r.column, r.message) for r in load.rejected] == [
        (2, "birth", "contains the control character U+0007"),
        (3, "name", "contains the control character U+001B"),
        (3, None, "the row has no name (its name cell was left out)"),
    ]
    assert load.loaded == 1 and load.read == 2
    assert [str(p) for p in load.problems()][:2] == [
        f"{tmp_path / 'list.csv'}:2: birth: contains the control character U+0007",
        f"{tmp_path / 'list.csv'}:3: name: contains the control character U+001B",
    ], "a cell left out before any mapping is named by its column alone"


def test_the_same_id_from_two_rows_names_both(tmp_path: Path, mapping: MappingSpec) -> None:
    load = read_csv(write(tmp_path, HEADER + "7,Ana,\n7,Bek,\n8,Cem,\n"), mapping)
    (rejected,) = load.rejected
    assert (rejected.line, rejected.whole) == (3, True)
    assert rejected.message.startswith("id 'p-7' is made for both row 2 (Ana) and row 3 (Bek)")
    assert rejected.original == {"id": "7", "name": "Bek", "birth": ""}
    assert (load.read, load.loaded) == (3, 2)


def test_a_broken_csv_is_refused_at_its_line(tmp_path: Path, mapping: MappingSpec) -> None:
    with pytest.raises(InputError) as caught:
        read_csv(write(tmp_path, HEADER + '1,Ana,\n2,"Bek"x,\n3,Cem,\n'), mapping)
    (problem,) = caught.value.problems
    assert (problem.line, problem.message.startswith("CSV error")) == (3, True)
    with pytest.raises(InputError) as caught:
        read_csv(write(tmp_path, 'id,"name\n', "header.csv"), mapping)
    assert str(caught.value.problems[0]).startswith(f"{tmp_path / 'header.csv'}:1: CSV error")


def test_size_limits(tmp_path: Path, mapping: MappingSpec, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, HEADER + "1,Ana,\n")
    monkeypatch.setattr(csvmapping, "MAX_CSV_BYTES", path.stat().st_size)
    assert read_csv(path, mapping).loaded == 1, "a file of exactly the limit is read"
    monkeypatch.setattr(csvmapping, "MAX_CSV_BYTES", path.stat().st_size - 1)
    with pytest.raises(InputError, match="file larger than 0 MB; split it"):
        read_csv(path, mapping)
    monkeypatch.undo()
    long_cell = HEADER + "1," + "a" * (csvmapping.MAX_CSV_FIELD + 1) + ",\n"
    with pytest.raises(InputError, match="CSV error: field larger than field limit"):
        read_csv(write(tmp_path, long_cell, "long.csv"), mapping)
    import csv

    before = csv.field_size_limit()
    read_csv(path, mapping)
    assert csv.field_size_limit() == before, "the process-wide limit is put back"


def test_an_unreadable_file_says_why(tmp_path: Path, mapping: MappingSpec) -> None:
    with pytest.raises(InputError, match="cannot read the file: No such file or directory"):
        read_csv(tmp_path / "missing.csv", mapping)


def test_a_further_check_leaves_out_the_cells_and_rows_it_points_at(tmp_path: Path, mapping: MappingSpec) -> None:
    from rightsgraph.errors import Problem

    path = write(tmp_path, HEADER + "1,Ana,01.01.1990\n2,Bek,02.02.1990\n3,Cem,\n")
    seen: list[int] = []

    def check(batch: object) -> list[Problem]:
        seen.append(1)
        if len(seen) == 1:
            return [Problem(str(path), 2, "birthDate", "too early"), Problem(str(path), 4, None, "not a person")]
        return []

    load = read_csv(path, mapping, check)
    assert [(r.line, r.column, r.message) for r in load.rejected] == [(2, "birth", "too early"), (4, None, "not a person")]
    assert len(seen) == 2 and (load.read, load.loaded) == (3, 2)
    with pytest.raises(InputError) as caught:
        read_csv(path, mapping, lambda batch: [Problem("elsewhere.csv", 2, None, "not ours")])
    assert [str(p) for p in caught.value.problems] == ["elsewhere.csv:2: not ours"]
    with pytest.raises(InputError) as caught:
        read_csv(path, mapping, lambda batch: [Problem(str(path), 2, "birthDate", "always")])
    # round 1 leaves out the cell, round 2 the row; in round 3 the problem has nothing left to point at
    assert sorted((p.line, p.field or "", p.message) for p in caught.value.problems) == [
        (2, "", "birthDate: always"), (2, "birth (birthDate)", "always"), (2, "birthDate", "always")]


def test_the_size_limit_is_named_in_megabytes(tmp_path: Path, mapping: MappingSpec) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(HEADER.encode() + b"1,Ana,\n" * (4 * 1024 * 1024 // 7 + 1))
    assert path.stat().st_size > 4 * 1024 * 1024
    with pytest.raises(InputError) as caught:
        read_csv(path, mapping)
    assert [str(p) for p in caught.value.problems] == [f"{path}: file larger than 4 MB; split it"]


def test_a_bad_base_in_the_mapping_refuses_the_list_and_no_row(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("base: not-an-iri\n" + MAPPING, encoding="utf-8")
    path = write(tmp_path, HEADER + "1,Ana,\n2,Bek,\n")
    with pytest.raises(InputError) as caught:
        read_csv(path, read_mapping(mapping))
    assert [(p.line, p.field) for p in caught.value.problems] == [(1, "base")], "the header's line: no row is blamed"


def test_an_unknown_section_in_the_mapping_refuses_the_list_and_no_row(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING.replace('name: "{name}"}', 'name: "{name}", section: actorz}'), encoding="utf-8")
    path = write(tmp_path, HEADER + "1,Ana,\n2,Bek,\n")
    with pytest.raises(InputError) as caught:
        read_csv(path, read_mapping(mapping))
    assert [(p.line, p.field) for p in caught.value.problems] == [(1, "actorz")], "the header's line: no row is blamed"
    assert "did you mean 'actors'" in caught.value.problems[0].message


def test_an_id_a_row_makes_twice_leaves_the_row_out_named_not_its_event_silently(tmp_path: Path) -> None:
    """An event whose id template gives the record's id: the row cannot hold both, and its event
    was once dropped without a word while the row counted as loaded."""
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING.replace('name: "{name}"}', 'name: "{name}", events: [{event: Detention, role: detainee, id: "p-{id}"}]}'), encoding="utf-8")
    load = read_csv(write(tmp_path, HEADER + "1,Ana,\n2,Bek,\n"), read_mapping(mapping))
    assert (load.read, load.loaded) == (2, 0)
    assert [(r.line, r.whole, r.message) for r in load.rejected] == [
        (2, True, "id 'p-1' is made twice from row 2 (Ana, then Detention of Ana); make the mapping's id templates differ"),
        (3, True, "id 'p-2' is made twice from row 3 (Bek, then Detention of Bek); make the mapping's id templates differ"),
    ]


def test_a_row_left_out_for_its_events_id_brings_nothing_into_the_graph(tmp_path: Path) -> None:
    """Two rows whose events get the same id: the second row is listed as rejected, and none of its
    facts (its record, its source) may be loaded all the same."""
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING.replace('name: "{name}"}', 'name: "{name}", events: [{event: Detention, role: detainee, id: "ev-{name}"}]}'), encoding="utf-8")
    load = read_csv(write(tmp_path, HEADER + "1,Ana,\n2,Ana,\n"), read_mapping(mapping))
    assert [(r.line, r.whole) for r in load.rejected] == [(3, True)]
    assert load.rejected[0].message.startswith("id 'ev-ana' is made for both row 2 (Detention of Ana) and row 3 (Detention of Ana)")
    subjects = {str(quad[0]) for quad in load.batch.quads}
    assert any(s.endswith("/person/p-1") for s in subjects) and any(s.endswith("/source/list-row-2") for s in subjects)
    assert not [s for s in subjects if s.endswith(("/person/p-2", "/source/list-row-3"))]
