"""Lenient CSV imports: bad cells are left out and listed, nothing valid is lost; mapping mistakes
are reported once; templates are plain ``{column}`` lookups, never Python format strings."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from rightsgraph.build import graph_from_batch
from rightsgraph.errors import InputError
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.loaders.csvmapping import load_csv, read_csv, read_mapping
from rightsgraph.loaders.rejects import LenientLoad
from tests.fixtures.prisoner_list import BAD_CELLS, DUPLICATE_NAME, MAPPING, Row, write_list


@pytest.fixture(scope="module")
def prisoner_list(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Row]]:
    folder = tmp_path_factory.mktemp("list")
    rows = write_list(folder / "list.csv")
    (folder / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    return folder / "list.csv", folder / "mapping.yaml", rows


@pytest.fixture(scope="module")
def loaded(prisoner_list: tuple[Path, Path, list[Row]]) -> tuple[LenientLoad, KnowledgeGraph, list[Row]]:
    path, mapping, rows = prisoner_list
    load = read_csv(path, read_mapping(mapping))
    kg, _ = graph_from_batch(load.batch)
    return load, kg, rows


def expected_bad_cells(rows: list[Row]) -> set[tuple[int, str, str]]:
    return {(rows[index].line, column, cell) for index, (column, cell) in BAD_CELLS.items()}


def test_926_rows_with_7_bad_cells_load_926_people(loaded: tuple[LenientLoad, KnowledgeGraph, list[Row]]) -> None:
    load, kg, rows = loaded
    assert (load.read, load.loaded) == (926, 926)
    assert {(r.line, r.column, r.value) for r in load.rejected} == expected_bad_cells(rows)
    assert all(r.original == rows[r.line - 2].cells for r in load.rejected), "the rejects keep the original row"
    (count,) = kg.select("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a rg:Person }")
    assert int(count["n"]) == 926
    # Nothing valid is lost: every good URL is kept, and the rows with a bad cell keep the others.
    urls = {str(r["u"]) for r in kg.select("SELECT ?u WHERE { ?s a rg:Source ; rg:sourceURL ?u }")}
    bad_url_lines = {line for line, column, _ in expected_bad_cells(rows) if column == "source_url"}
    assert urls == {r.cells["source_url"] for r in rows if r.cells["source_url"] and r.line not in bad_url_lines}
    births = {str(r["n"]) for r in kg.select("SELECT ?n WHERE { ?p rg:birthDateEDTF ?b ; rdfs:label ?n }")}
    assert rows[40].cells["name"] not in births and rows[41].cells["name"] in births


def test_every_row_is_in_the_graph_or_in_the_rejects(loaded: tuple[LenientLoad, KnowledgeGraph, list[Row]]) -> None:
    load, kg, rows = loaded
    names = [str(r["n"]) for r in kg.select("SELECT ?n WHERE { ?p a rg:Person ; rdfs:label ?n }")]
    assert sorted(names) == sorted(r.cells["name"] for r in rows), "CJK, Cyrillic and duplicate names kept exactly"
    assert names.count(DUPLICATE_NAME) == 2, "two people with the same name stay two people"
    lines = {int(str(r["l"])) for r in kg.select("SELECT ?l WHERE { ?s a rg:Source ; rg:lineNumber ?l }")}
    whole = {r.line for r in load.rejected if r.whole}
    assert lines | whole == {r.line for r in rows}


def test_a_list_designates_its_people_and_dates_can_be_unknown(loaded: tuple[LenientLoad, KnowledgeGraph, list[Row]]) -> None:
    _, kg, rows = loaded
    (row,) = kg.select("""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {
        ?d a rg:PoliticalPrisonerDesignation ; rg:statusHolder ?p ; rg:statusKind rg:StatusPoliticalPrisoner ; rg:dateEDTF "XXXX" }""")
    assert int(row["n"]) == len(rows)
    aliases = {str(r["a"]) for r in kg.select("SELECT ?a WHERE { ?p skos:altLabel ?a }")}
    assert {"Alias 0", "Псевдоним 0", "Alias 900", "Псевдоним 900"} <= aliases, "split: one cell, several values"
    deaths = kg.select("SELECT ?d WHERE { ?p rg:deathDateEDTF ?d }")
    assert len(deaths) == sum(1 for r in rows if r.cells["death_date"]) - 1  # row 640 has month 13


def test_without_rejects_it_is_all_or_nothing(prisoner_list: tuple[Path, Path, list[Row]]) -> None:
    path, mapping, rows = prisoner_list
    with pytest.raises(InputError) as caught:
        load_csv(path, read_mapping(mapping))
    assert {(p.line, (p.field or "").split(" ")[0]) for p in caught.value.problems} == {(line, column) for line, column, _ in expected_bad_cells(rows)}


def test_cli_writes_the_rejects_and_a_summary(cli: Callable[..., Result], prisoner_list: tuple[Path, Path, list[Row]], tmp_path: Path) -> None:
    path, mapping, rows = prisoner_list
    result = cli("import", "csv", str(path), "--mapping", str(mapping), "--out", str(tmp_path / "list.trig"), "--rejects", str(tmp_path / "rejects.csv"))
    assert result.exit_code == 0, result.output
    assert f"926 rows imported; 7 cells and 0 rows rejected → {tmp_path / 'rejects.csv'}" in result.stderr
    with (tmp_path / "rejects.csv").open(encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert {(int(r["line"]), r["column"], r["value"]) for r in written} == expected_bad_cells(rows)
    assert all(r["name"] == rows[int(r["line"]) - 2].cells["name"] and r["problem"] for r in written)
    refused = cli("import", "csv", str(path), "--mapping", str(mapping), "--out", str(tmp_path / "strict.trig"))
    assert refused.exit_code == 2 and "7 problem(s); nothing was written." in refused.stderr
    assert not (tmp_path / "strict.trig").exists()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_duplicate_ids_name_both_rows_and_the_row_goes_to_the_rejects(tmp_path: Path) -> None:
    data = write(tmp_path / "dup.csv", "name,born\nЕрлан Примеров,1980\nЕрлан Примеров,1975\n王伟,1990\n")
    mapping = write(tmp_path / "m.yaml", MAPPING.split("columns:")[0].replace("prisoner-{no}", "p-{name}").replace("  url_column: source_url\n", "") + "columns:\n  born: birthDate\n")
    load = read_csv(data, read_mapping(mapping))
    (rejected,) = load.rejected
    assert rejected.whole and rejected.line == 3 and rejected.original == {"name": "Ерлан Примеров", "born": "1975"}
    assert "row 2 (Ерлан Примеров) and row 3 (Ерлан Примеров)" in rejected.message and "{row}" in rejected.message
    assert load.loaded == 2
    fixed = read_csv(data, read_mapping(write(mapping, mapping.read_text(encoding="utf-8").replace("p-{name}", "p-{name}-{row}"))))
    assert fixed.rejected == [] and fixed.loaded == 3


def test_a_mapping_mistake_is_reported_once_at_its_line(prisoner_list: tuple[Path, Path, list[Row]], tmp_path: Path) -> None:
    path, _, _ = prisoner_list
    broken = MAPPING.replace("  gender: gender\n", "  gender: gender\n  death_date: dateOfDeath\n", 1).replace("  death_date:\n    property: deathDate\n    dates: [\"%d.%m.%Y\", \"%Y\"]\n", "")
    broken = broken.replace("    months: true\n", "    months: true\n    weight: 3\n")
    mapping = write(tmp_path / "mapping.yaml", broken)
    with pytest.raises(InputError) as caught:
        read_csv(path, read_mapping(mapping))
    lines = broken.splitlines()
    assert [(p.file, p.line, p.field) for p in caught.value.problems] == [
        (str(mapping), lines.index("  death_date: dateOfDeath") + 1, "death_date"),
        (str(mapping), lines.index("    weight: 3") + 1, "weight"),
    ]
    assert "did you mean 'deathDate'?" in caught.value.problems[0].message


@pytest.mark.parametrize("template", ["{name.__class__.__mro__}", "{name:>999999999}", "{name!r}", "{0}", "{name[0]}", "{nosuch}"])
def test_templates_are_plain_column_names(tmp_path: Path, template: str) -> None:
    data = write(tmp_path / "list.csv", "name,born\nA. Example,1980\n")
    mapping = write(tmp_path / "m.yaml", f"source: {{id: s, title: T, summary: S}}\nrecord:\n  type: Person\n  name: '{{name}}'\n  id: 'p-{template}'\ncolumns:\n  born: birthDate\n")
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_csv(data, read_mapping(mapping))
    assert time.monotonic() - started < 5, "nothing is padded or evaluated"
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (str(mapping), 5, "record.id")
    assert template in problem.message


@pytest.mark.parametrize(("template", "why"), [("p-{name", "without its"), ("p-name}", "without its"), ("p-{}", "empty")])
def test_unpaired_braces_are_located(tmp_path: Path, template: str, why: str) -> None:
    mapping = write(tmp_path / "m.yaml", f"source: {{id: s, title: T, summary: S}}\nrecord:\n  type: Person\n  name: '{{name}}'\n  id: '{template}'\ncolumns: {{}}\n")
    with pytest.raises(InputError) as caught:
        read_mapping(mapping)
    (problem,) = caught.value.problems
    assert problem.line == 5 and why in problem.message


def test_row_template_and_escaped_braces(tmp_path: Path) -> None:
    data = write(tmp_path / "list.csv", "name\nA. Example\nB. Example\n")
    mapping = write(tmp_path / "m.yaml", "source: {id: s, title: 'List {{1}}', summary: 'Row {row} of the list'}\nrecord: {type: Person, name: '{name}', id: 'p-{row}'}\ncolumns: {}\n")
    kg, _ = graph_from_batch(read_csv(data, read_mapping(mapping)).strict())
    people = {str(r["p"]).rsplit("/", 1)[-1] for r in kg.select("SELECT ?p WHERE { ?p a rg:Person }")}
    assert people == {"p-2", "p-3"}
    titles = {str(r["t"]) for r in kg.select("SELECT ?t WHERE { ?s a rg:Source ; rdfs:label ?t }")}
    assert titles == {"List {1}, row 2", "List {1}, row 3"}
