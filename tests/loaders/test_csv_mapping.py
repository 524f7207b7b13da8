"""CSV with a mapping: a list of a few hundred prisoners loads with only a mapping file."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from rightsgraph.build import graph_from_batch
from rightsgraph.errors import InputError
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.loaders.csvmapping import load_csv, read_mapping, sentence_months, to_edtf

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "political-prisoners"
NAMES = ["Aigerim Example", "Ерлан Пример", "王 示例", "Әлия Мысал", "Nurlan Sample", "Жанар Үлгі", "李 测试", "Olga Тест"]
PLACES = ["Almaty", "Алматы", "Shymkent", "Шымкент", "Өскемен"]
BIRTHS = [("12.05.1975", "1975-05-12"), ("1980", "1980"), ("03.1990", "1990-03"), ("unknown", "XXXX"), ("1968-07", "1968-07")]
SENTENCES = [("7 years", "84"), ("life", None), ("5 years 6 months", "66"), ("18 months", "18"), ("unknown", None)]


def write_list(path: Path, rows: int) -> list[dict[str, str]]:
    written = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "gender", "birth_date", "place", "sentence", "source_url"])
        for i in range(rows):
            row = {
                "id": str(i + 1),
                "name": f"{NAMES[i % len(NAMES)]} {i + 1}",
                "gender": "female" if i % 2 else "male",
                "birth_date": BIRTHS[i % len(BIRTHS)][0],
                "place": PLACES[i % len(PLACES)],
                "sentence": SENTENCES[i % len(SENTENCES)][0],
                "source_url": f"https://example.org/list/{i + 1}" if i % 3 else "",
            }
            writer.writerow(row.values())
            written.append(row)
    return written


@pytest.fixture(scope="module")
def three_hundred(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeGraph, list[dict[str, str]]]:
    path = tmp_path_factory.mktemp("csv") / "list.csv"
    rows = write_list(path, 300)
    kg, _ = graph_from_batch(load_csv(path, read_mapping(EXAMPLE / "mapping.yaml")))
    return kg, rows


def test_every_row_is_a_person_with_its_own_source(three_hundred: tuple[KnowledgeGraph, list[dict[str, str]]]) -> None:
    kg, rows = three_hundred
    names = {str(r["n"]) for r in kg.select("SELECT ?n WHERE { ?p a rg:Person ; rdfs:label ?n }")}
    assert names == {row["name"] for row in rows}, "Chinese, Cyrillic and Kazakh names survive unchanged"
    assert len(kg.fact_graphs()) == 300
    locators = {str(r["l"]) for r in kg.select("SELECT ?l WHERE { ?s a rg:Source ; rg:locator ?l }")}
    assert locators == {f"list.csv, row {n}" for n in range(2, 302)}
    urls = kg.select("SELECT ?u WHERE { ?s a rg:Source ; rg:sourceURL ?u }")
    assert len(urls) == 200


def test_dates_keep_their_precision(three_hundred: tuple[KnowledgeGraph, list[dict[str, str]]]) -> None:
    kg, rows = three_hundred
    rows_by_name = {row["name"]: row for row in rows}
    expected = dict(BIRTHS)
    for r in kg.select("SELECT ?n ?b WHERE { ?p a rg:Person ; rdfs:label ?n ; rg:birthDateEDTF ?b }"):
        assert str(r["b"]) == expected[rows_by_name[str(r["n"])]["birth_date"]]
    typed = {str(r["d"].datatype).rsplit("#", 1)[-1] for r in kg.select("SELECT ?d WHERE { ?p rg:birthDate ?d }")}
    assert typed == {"date", "gYear", "gYearMonth"}


def test_sentences_and_words(three_hundred: tuple[KnowledgeGraph, list[dict[str, str]]]) -> None:
    kg, _ = three_hundred
    sentences = {(str(r["s"]), str(r.get("m", ""))) for r in kg.select("SELECT ?s ?m WHERE { ?d a rg:CourtDecision ; rg:sentence ?s OPTIONAL { ?d rg:sentenceMonths ?m } }")}
    assert sentences == {("7 years", "84"), ("life imprisonment", ""), ("5 years 6 months", "66"), ("18 months", "18")}
    (row,) = kg.select("SELECT (COUNT(?d) AS ?n) WHERE { ?d a rg:CourtDecision }")
    assert int(row["n"]) == 240, "'unknown' sentences are skipped (60 of 300)"


def test_linked_places_are_one_record_each(three_hundred: tuple[KnowledgeGraph, list[dict[str, str]]]) -> None:
    kg, _ = three_hundred
    places = sorted(str(r["n"]) for r in kg.select("SELECT ?n WHERE { ?p a rg:Place ; rdfs:label ?n }"))
    assert places == sorted(PLACES)
    (row,) = kg.select("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?p rdfs:label 'Almaty' . GRAPH ?g { ?p a rg:Place } }")
    assert int(row["n"]) == 60, "the place is described in the graph of every row naming it"


def test_the_documented_example(tmp_path: Path) -> None:
    kg, report = graph_from_batch(load_csv(EXAMPLE / "list.csv", read_mapping(EXAMPLE / "mapping.yaml")))
    people = {str(r["n"]): str(r.get("b", "")) for r in kg.select("SELECT ?n ?b WHERE { ?p a rg:Person ; rdfs:label ?n OPTIONAL { ?p rg:birthDateEDTF ?b } }")}
    assert people == {"Aigerim Example": "1975-05-12", "Ерлан Пример": "1980", "王 示例": "1990-03", "Әлия Мысал": "XXXX"}
    assert report.conforms
    # The mapping's fixed record designates everyone, and each row's source backs it.
    designators = kg.select("""SELECT ?person ?by WHERE { ?d a rg:PoliticalPrisonerDesignation ; rg:statusHolder/rdfs:label ?person ;
                                                          rg:designatedBy/rdfs:label ?by }""")
    assert sorted((str(r["person"]), str(r["by"])) for r in designators) == sorted((name, "Publisher of the example list") for name in people)
    (row,) = kg.select("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?o a rg:NonGovernmentalOrganization ; rdfs:label 'Publisher of the example list' } }")
    assert int(row["n"]) == len(people)


def test_a_mapping_whose_designations_name_no_designator_is_refused(cli: Callable[..., Result], tmp_path: Path) -> None:
    text = (EXAMPLE / "mapping.yaml").read_text(encoding="utf-8")
    assert "      designatedBy: example-list-publisher" in text
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("\n".join(line for line in text.splitlines() if "designatedBy:" not in line) + "\n", encoding="utf-8")
    out = tmp_path / "list.trig"
    result = cli("import", "csv", EXAMPLE / "list.csv", "--mapping", mapping, "--out", out)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"{EXAMPLE / 'list.csv'}:2: designatedBy: Say who designated"), result.stderr
    assert not out.exists()


def test_fixed_records_of_a_mapping_are_checked(tmp_path: Path) -> None:
    text = (EXAMPLE / "mapping.yaml").read_text(encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(text.replace("    type: NonGovernmentalOrganization\n", "    type: Charity\n"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_mapping(mapping)
    line = text.splitlines().index("    type: NonGovernmentalOrganization") + 1
    assert [str(p) for p in caught.value.problems] == [f"{mapping}:{line}: records.type: unknown type 'Charity'"]


def test_bad_rows_are_located_and_nothing_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,name,gender,birth_date,place,sentence,source_url\n"
        "1,Good Row,male,1980,Almaty,1 year,https://example.org/1\n"
        "2,Bad Date,male,31.31.1990,Almaty,1 year,\n"
        "3,Short Row,male,1990\n"
        "4,Bad Link,male,1990,Almaty,2 years,javascript:alert(1)\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_csv(path, read_mapping(EXAMPLE / "mapping.yaml"))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: birth_date (birthDate): '31.31.1990' is not a date in any of the formats %d.%m.%Y, %m.%Y, %Y",
        f"{path}:4: the row has 4 fields, the header has 7",
        f"{path}:5: source_url (url): 'javascript:alert(1)' is not an absolute http(s) URL",
    ]


def test_mapping_errors_are_located(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "source: {id: s, title: T, summary: S}\n"
        "record: {type: Person, name: '{name}'}\n"
        "columns:\n"
        "  birthdate: birthDate\n"
        "  place: {link: residence}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_csv(EXAMPLE / "list.csv", read_mapping(mapping))
    assert [str(p) for p in caught.value.problems] == [f"{mapping}:5: place: a linked record needs a 'type' and an 'id' template, e.g. 'place-{{place}}'"]
    mapping.write_text(mapping.read_text(encoding="utf-8").replace("  place: {link: residence}\n", ""), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_csv(EXAMPLE / "list.csv", read_mapping(mapping))
    assert str(caught.value.problems[0]).startswith(f"{mapping}:4: birthdate: no column 'birthdate' in")


@pytest.mark.parametrize(("text", "formats", "edtf"), [
    ("12.05.1975", ["%d.%m.%Y"], "1975-05-12"), ("05.1975", ["%d.%m.%Y", "%m.%Y"], "1975-05"),
    ("1975", [], "1975"), ("1975?", [], "1975?"), ("May 1975", ["%B %Y"], "1975-05"), ("31.02.1975", ["%d.%m.%Y"], None),
])
def test_to_edtf(text: str, formats: list[str], edtf: str | None) -> None:
    if edtf is None:
        with pytest.raises(ValueError, match="not a date"):
            to_edtf(text, formats)
    else:
        assert to_edtf(text, formats) == edtf


def test_impossible_iso_date_says_why() -> None:
    with pytest.raises(ValueError, match="day 30 does not exist in February 1990"):
        to_edtf("1990-02-30", ["%d.%m.%Y"])


def test_sentence_months() -> None:
    assert [sentence_months(t) for t in ("10 years", "2 years 3 months", "6 months", "life", "1,5 years")] == ["120", "27", "6", None, "18"]


@pytest.mark.parametrize("ending", ["\r\n", "\n"])
@pytest.mark.parametrize("quoted_last_cell", [False, True])
def test_the_last_row_counts_without_a_final_newline(tmp_path: Path, ending: str, quoted_last_cell: bool) -> None:
    path = tmp_path / "list.csv"
    rows = write_list(path, 5)
    text = path.read_bytes().decode("utf-8").replace("\r\n", ending).removesuffix(ending)
    if quoted_last_cell:
        text = text.rsplit(",", 1)[0] + ',"https://example.org/list/5"'
    path.write_text(text, encoding="utf-8", newline="")
    assert not path.read_bytes().endswith(b"\n") and path.read_bytes().count(ending.encode()) == 5
    kg, _ = graph_from_batch(load_csv(path, read_mapping(EXAMPLE / "mapping.yaml")))
    names = sorted(str(r["n"]) for r in kg.select("SELECT ?n WHERE { ?p a rg:Person ; rdfs:label ?n }"))
    assert names == sorted(row["name"] for row in rows)
    assert len(kg.fact_graphs()) == 5
