"""FollowTheMoney: the export is accepted by the followthemoney library; a round trip keeps
people, organisations and kinship."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

followthemoney = pytest.importorskip("followthemoney", reason="the 'ftm' extra is not installed")
from followthemoney import model  # noqa: E402

from rightsgraph.build import graph_from_batch  # noqa: E402
from rightsgraph.errors import InputError  # noqa: E402
from rightsgraph.graph import KnowledgeGraph  # noqa: E402
from rightsgraph.loaders.ftm import export_ftm, load_ftm_file  # noqa: E402


@pytest.fixture(scope="module")
def exported(builtin_kg: KnowledgeGraph) -> list[dict[str, object]]:
    buffer = io.StringIO()
    export_ftm(builtin_kg, buffer)
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_followthemoney_accepts_every_entity(exported: list[dict[str, object]]) -> None:
    ids = {entity["id"] for entity in exported}
    for data in exported:
        proxy = model.get_proxy(data, cleaned=False)
        proxy.schema.validate(data)  # raises InvalidData when followthemoney refuses it
        for prop, values in proxy.iterprops_values() if hasattr(proxy, "iterprops_values") else ((p, proxy.get(p)) for p in proxy.schema.properties.values()):
            if prop.type.name == "entity":
                assert set(values) <= ids, (data["schema"], prop.name)
    schemata = {entity["schema"] for entity in exported}
    assert {"Person", "Organization", "PublicBody", "Family", "Membership", "CourtCase", "CourtCaseParty", "Event", "Document", "Documentation", "Position", "Occupancy"} <= schemata


def test_people_and_kinship_as_the_statements_say(exported: list[dict[str, object]]) -> None:
    by_id = {e["id"]: e for e in exported}
    people = {e["properties"]["name"][0]: e for e in exported if e["schema"] == "Person"}  # type: ignore[index]
    assert set(people) == {"André Gattolin", "Botagoz Jardemalie", "Iskander Yerimbetov", "Mukhtar Dzhakishev", "Muratbek Tungishbayev", "Nazarbayev", "Tokayev"}
    assert people["Iskander Yerimbetov"]["properties"]["nationality"] == ["kz"]  # type: ignore[index]
    (family,) = [e for e in exported if e["schema"] == "Family"]
    props = family["properties"]  # type: ignore[index]
    # Line 8: Yerimbetov is the brother of Botagoz Jardemalie.
    assert by_id[props["relative"][0]]["properties"]["name"] == ["Iskander Yerimbetov"]
    assert by_id[props["person"][0]]["properties"]["name"] == ["Botagoz Jardemalie"]
    assert props["relationship"] == ["brother"]


def test_round_trip_keeps_people_organisations_and_kinship(builtin_kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    with path.open("w", encoding="utf-8") as handle:
        export_ftm(builtin_kg, handle)
    imported = load_ftm_file(path)
    assert imported.skipped == {}
    kg, report = graph_from_batch(imported.batch)
    assert report.conforms

    def names(graph: KnowledgeGraph, cls: str) -> set[tuple[str, str]]:
        return {(str(r["x"]), str(r["n"])) for r in graph.select(f"SELECT ?x ?n WHERE {{ ?x a rg:{cls} ; rdfs:label ?n }}")}

    assert names(kg, "Person") == names(builtin_kg, "Person")
    assert names(kg, "Organization") == names(builtin_kg, "Organization")
    kinship = "SELECT ?a ?b WHERE { ?a rg:siblingOf ?b }"
    assert {(r["a"], r["b"]) for r in kg.select(kinship)} == {(r["a"], r["b"]) for r in builtin_kg.select(kinship)}
    wording = kg.select("SELECT ?w WHERE { ?s rdf:predicate rg:siblingOf ; rg:sourceWording ?w }")
    assert [str(r["w"]) for r in wording] == ["brother"]


def test_family_links_from_another_tool(tmp_path: Path) -> None:
    path = tmp_path / "family.ftm.json"
    lines = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Ana Example"], "nationality": ["kz"], "wikidataId": ["Q99000100"]}},
        {"id": "p2", "schema": "Person", "properties": {"name": ["Бо Пример"]}},
        {"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relative": ["p2"], "relationship": ["half-sister"]}},
        {"id": "a1", "schema": "Associate", "properties": {"person": ["p1"], "associate": ["p2"]}},
    ]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    imported = load_ftm_file(path)
    assert imported.skipped == {"Associate": 1}
    kg, _ = graph_from_batch(imported.batch)
    rows = kg.select("SELECT ?a ?b WHERE { ?a rg:siblingOf ?b ; rdfs:label ?an . ?b rdfs:label ?bn }")
    assert len(rows) == 2
    (state,) = kg.select("SELECT ?n WHERE { ?p rg:citizenship/rdfs:label ?n }")
    assert str(state["n"]) == "Kazakhstan"
    assert kg.ask("ASK { ?p skos:exactMatch wd:Q99000100 }")


def test_bad_entities_are_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.ftm.json"
    path.write_text(
        '{"id": "p1", "schema": "Person", "properties": {"name": ["A"]}}\n'
        "not json\n"
        '{"id": "x", "schema": "Spaceship", "properties": {}}\n'
        '{"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relative": ["ghost"]}}\n'
        '{"id": "p2", "schema": "Person", "properties": {"name": ["B"], "unknownThing": ["1"]}}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_ftm_file(path)
    located = [(p.line, p.field) for p in caught.value.problems]
    # A property FtM does not know is, like FtM's own validator does, no reason to refuse line 5.
    assert located == [(2, None), (3, "schema"), (4, "relative")]
    path.write_text(
        '{"id": "p1", "schema": "Person", "properties": {"name": ["A"]}}\n'
        '{"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relative": ["ghost"]}}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_ftm_file(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}:2: relative: refers to entity 'ghost', which is not in the file (or is of a kind rightsgraph does not import)"]


PARENT_WORDS = {"mother", "father", "parent", "parent of"}
CHILD_WORDS = {"son", "daughter", "child", "child of"}


def _write_entities(path: Path, entities: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n", encoding="utf-8")
    return path


def test_family_direction_mother_father_child(tmp_path: Path) -> None:
    """FtM's Family reads "the relative is the <relationship> of the person"."""
    path = _write_entities(
        tmp_path / "family.ftm.json",
        [
            {"id": "mother", "schema": "Person", "properties": {"name": ["Mother Example"]}},
            {"id": "father", "schema": "Person", "properties": {"name": ["Father Example"]}},
            {"id": "child", "schema": "Person", "properties": {"name": ["Child Example"]}},
            {"id": "f1", "schema": "Family", "properties": {"person": ["child"], "relative": ["mother"], "relationship": ["mother"]}},
            # the same kind of link worded from the other side: the child is the son of the father
            {"id": "f2", "schema": "Family", "properties": {"person": ["father"], "relative": ["child"], "relationship": ["son"]}},
        ],
    )
    kg, report = graph_from_batch(load_ftm_file(path).batch)
    assert report.conforms
    rows = kg.select("SELECT ?p ?c WHERE { ?parent rg:parentOf ?child . ?parent rdfs:label ?p . ?child rdfs:label ?c }")
    assert sorted((str(r["p"]), str(r["c"])) for r in rows) == [("Father Example", "Child Example"), ("Mother Example", "Child Example")]
    rows = kg.select("SELECT ?c ?p WHERE { ?child rg:childOf ?parent . ?parent rdfs:label ?p . ?child rdfs:label ?c }")
    assert sorted((str(r["c"]), str(r["p"])) for r in rows) == [("Child Example", "Father Example"), ("Child Example", "Mother Example")]
    # Exported again, each Family says the same thing in FtM's own reading.
    buffer = io.StringIO()
    export_ftm(kg, buffer)
    entities = [json.loads(line) for line in buffer.getvalue().splitlines()]
    names = {e["id"]: e["properties"]["name"][0] for e in entities if e["schema"] == "Person"}
    said = set()
    for family in (e for e in entities if e["schema"] == "Family"):
        props = family["properties"]
        relative, person, word = names[props["relative"][0]], names[props["person"][0]], props["relationship"][0]
        assert word in PARENT_WORDS | CHILD_WORDS, word
        said.add((relative, person) if word in PARENT_WORDS else (person, relative))
    assert said == {("Mother Example", "Child Example"), ("Father Example", "Child Example")}


def test_ftm_files_past_the_size_limit_are_refused(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit (256 MB, like CSV: every entity is held in memory until validated) set low for the test."""
    monkeypatch.setattr("rightsgraph.loaders.ftm.reader.MAX_FTM_BYTES", 1000)
    person = {"id": "p", "schema": "Person", "properties": {"name": ["Ana Example"]}}
    small = _write_entities(tmp_path / "small.ftm.json", [person])
    assert cli("import", "ftm", small, "--out", tmp_path / "small.trig").exit_code == 0
    big = _write_entities(tmp_path / "big.ftm.json", [{**person, "id": f"p{i}"} for i in range(30)])
    assert big.stat().st_size > 1000
    result = cli("import", "ftm", big, "--out", tmp_path / "big.trig")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{big}: file larger than 0 MB; split it"
    assert not (tmp_path / "big.trig").exists()


def test_a_link_with_an_end_missing_is_left_out_not_refused(tmp_path: Path) -> None:
    # followthemoney's own validation accepts a Family that names no relative (partial exports
    # are common); the file must load, with that one entity listed as left out.
    path = _write_entities(tmp_path / "partial.ftm.json", [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Ana Example"]}},
        {"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relationship": ["sister"]}},
    ])
    family = model.get_proxy({"id": "f1", "schema": "Family", "properties": {"person": ["p1"]}})
    assert family.schema.name == "Family"  # followthemoney reads it as written
    imported = load_ftm_file(path)
    assert [(r.line, r.ignorable) for r in imported.load.rejected] == [(2, True)]
    assert "needs relative" in imported.load.rejected[0].message
    kg, _ = graph_from_batch(imported.batch)
    assert [str(r["n"]) for r in kg.select("SELECT ?n WHERE { ?p a rg:Person ; rdfs:label ?n }")] == ["Ana Example"]
    assert not kg.ask("ASK { ?a rg:relativeOf ?b }")
