"""FollowTheMoney at full fidelity: a file followthemoney accepts is never refused, what real files
carry (positions, notes, places, deaths, families' words, memberships, sanctions) is kept, and an
export gives back the same ids and schemata, checked with followthemoney itself."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

followthemoney = pytest.importorskip("followthemoney", reason="the 'ftm' extra is not installed")
from followthemoney import model  # noqa: E402

from rightsgraph.build import graph_from_batch  # noqa: E402
from rightsgraph.errors import InputError  # noqa: E402
from rightsgraph.graph import KnowledgeGraph  # noqa: E402
from rightsgraph.loaders.ftm import export_ftm, load_ftm_file, read_ftm_file  # noqa: E402

WARDEN = {"id": "ru-warden-1", "schema": "Person", "properties": {
    "name": ["Пётр Надзиров"], "alias": ["Pyotr Nadzirov"], "position": ["Head of penal colony no. 4"],
    "notes": ["Named in two reports on the colony"], "birthPlace": ["Полярный"], "birthDate": ["1971-04-02"],
    "address": ["ul. Lagernaya 4, Segezha"], "phone": ["not a phone number"], "nationality": ["ru"]}}
PRISONER = {"id": "ru-prisoner-7", "schema": "Person", "properties": {
    "name": ["Иван Примеров"], "deathDate": ["2021-02-03"], "gender": ["male"]}}
BROTHER = {"id": "ru-prisoner-8", "schema": "Person", "properties": {"name": ["Олег Примеров"]}}
COLONY = {"id": "ru-ik-4", "schema": "PublicBody", "properties": {"name": ["IK-4 Segezha"], "jurisdiction": ["ru"]}}
COMPANY = {"id": "ru-co-segezha", "schema": "Company", "properties": {"name": ["Segezha Timber LLC"], "jurisdiction": ["ru"], "phone": ["12"]}}
ENTITIES: list[dict[str, Any]] = [
    WARDEN, PRISONER, BROTHER, COLONY, COMPANY,
    {"id": "fam-1", "schema": "Family", "properties": {"person": ["ru-prisoner-7"], "relative": ["ru-prisoner-8"], "relationship": ["brother"]}},
    {"id": "fam-2", "schema": "Family", "properties": {"person": ["ru-prisoner-7"], "relative": ["ru-warden-1"], "relationship": ["Family member of"]}},
    {"id": "mem-1", "schema": "Membership", "properties": {"member": ["ru-warden-1"], "organization": ["ru-ik-4"], "role": ["Head of the colony"], "startDate": ["2015"]}},
    {"id": "emp-1", "schema": "Employment", "properties": {"employee": ["ru-warden-1"], "employer": ["ru-co-segezha"], "role": ["Adviser"], "startDate": ["2019-05"], "endDate": ["2021-06-30"]}},
    {"id": "dir-1", "schema": "Directorship", "properties": {"director": ["ru-warden-1"], "organization": ["ru-co-segezha"]}},
    {"id": "san-1", "schema": "Sanction", "properties": {"entity": ["ru-warden-1"], "authority": ["European Union"], "program": ["EU human rights sanctions regime"],
                                                          "provisions": ["Asset freeze", "Travel ban"], "startDate": ["2022-03-02"], "country": ["eu"]}},
]


@pytest.fixture
def ftm_file(tmp_path: Path) -> Path:
    path = tmp_path / "segezha.ftm.json"
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in ENTITIES), encoding="utf-8")
    return path


@pytest.fixture
def imported(ftm_file: Path) -> KnowledgeGraph:
    kg, report = graph_from_batch(load_ftm_file(ftm_file).batch)
    assert report.conforms, report.violations
    return kg


def test_followthemoney_itself_accepts_the_file_with_the_invalid_phone(ftm_file: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner
    from followthemoney.cli.cli import cli as ftm_cli

    result = CliRunner().invoke(ftm_cli, ["validate", "-i", str(ftm_file), "-o", str(tmp_path / "clean.json")])
    assert result.exit_code == 0, result.output
    cleaned = [json.loads(line) for line in (tmp_path / "clean.json").read_text(encoding="utf-8").splitlines()]
    assert len(cleaned) == len(ENTITIES) and "phone" not in cleaned[0]["properties"], "ftm validate drops the value, keeps the entity"


def test_an_invalid_phone_refuses_nothing_and_is_listed(ftm_file: Path) -> None:
    result = read_ftm_file(ftm_file)
    assert result.load.loaded == len(ENTITIES) and result.skipped == {}
    listed = {(r.line, r.column, r.value, r.ignorable) for r in result.load.rejected}
    assert listed == {(1, "phone", "not a phone number", True), (5, "phone", "12", True)}


def test_what_real_files_carry_is_kept(imported: KnowledgeGraph) -> None:
    kg = imported
    (warden,) = kg.select("""SELECT ?role ?notes ?born ?home WHERE { ?p rdfs:label "Пётр Надзиров" ; rdfs:comment ?notes ;
        rg:birthPlace/rdfs:label ?born ; rg:residence/rdfs:label ?home .
        ?m rg:member ?p ; rg:roleLabel ?role ; rg:membershipKind rg:MembershipOffice . FILTER NOT EXISTS { ?m rg:organization ?o } }""")
    assert {k: str(v) for k, v in warden.items()} == {"role": "Head of penal colony no. 4", "notes": "Named in two reports on the colony",
                                                       "born": "Полярный", "home": "ul. Lagernaya 4, Segezha"}
    assert kg.ask('ASK { ?p rdfs:label "Иван Примеров" ; rg:deathDateEDTF "2021-02-03" }')
    memberships = {(str(r["kind"]).rsplit("#", 1)[-1], str(r["org"]), str(r.get("role", "")), str(r.get("start", ""))) for r in kg.select(
        """SELECT ?kind ?org ?role ?start WHERE { ?m rg:membershipKind ?kind ; rg:organization/rdfs:label ?org .
           OPTIONAL { ?m rg:roleLabel ?role } OPTIONAL { ?m rg:startDateEDTF ?start } }""")}
    assert memberships == {("MembershipBelonging", "IK-4 Segezha", "Head of the colony", "2015"),
                           ("MembershipEmployment", "Segezha Timber LLC", "Adviser", "2019-05"),
                           ("MembershipDirectorship", "Segezha Timber LLC", "", "")}
    (sanction,) = kg.select("""SELECT ?who ?by ?program (GROUP_CONCAT(?m; separator="|") AS ?measures) WHERE {
        ?s a rg:Sanction ; rg:sanctionedActor/rdfs:label ?who ; rg:imposedBy/rdfs:label ?by ; rg:sanctionProgram ?program ; rg:measure ?m }
        GROUP BY ?who ?by ?program""")
    assert (str(sanction["who"]), str(sanction["by"]), sorted(str(sanction["measures"]).split("|"))) == ("Пётр Надзиров", "European Union", ["Asset freeze", "Travel ban"])
    words = {str(r["w"]) for r in kg.select("SELECT ?w WHERE { ?s rdf:predicate ?p ; rg:sourceWording ?w }")}
    assert words == {"brother", "Family member of"}, "the source's word is kept even when it names no kinship"


def test_export_gives_back_the_same_ids_and_schemata(imported: KnowledgeGraph) -> None:
    buffer = io.StringIO()
    export_ftm(imported, buffer)
    exported = {e["id"]: e for e in map(json.loads, buffer.getvalue().splitlines())}
    for entity in exported.values():
        model.get(entity["schema"]).validate(entity)
    assert {(i, e["schema"]) for i, e in exported.items() if i in {x["id"] for x in ENTITIES}} == {(e["id"], e["schema"]) for e in ENTITIES}
    warden = exported["ru-warden-1"]["properties"]
    assert warden["position"] == ["Head of penal colony no. 4"] and warden["birthPlace"] == ["Полярный"]
    assert warden["address"] == ["ul. Lagernaya 4, Segezha"] and "phone" not in warden
    assert exported["ru-prisoner-7"]["properties"]["deathDate"] == ["2021-02-03"]
    assert exported["ru-co-segezha"]["schema"] == "Company", "a Company stays a Company"
    employment = exported["emp-1"]["properties"]
    assert (employment["employee"], employment["employer"], employment["role"], employment["endDate"]) == (["ru-warden-1"], ["ru-co-segezha"], ["Adviser"], ["2021-06-30"])
    sanction = exported["san-1"]["properties"]
    assert (sanction["entity"], sanction["authority"], sorted(sanction["provisions"])) == (["ru-warden-1"], ["European Union"], ["Asset freeze", "Travel ban"])
    assert exported["fam-2"]["properties"]["relationship"] == ["Family member of"]


def test_an_invalid_value_of_an_imported_property(ftm_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ftm.json"
    bad.write_text(ftm_file.read_text(encoding="utf-8").replace('"2021-02-03"', '"3 Feb"'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_ftm_file(bad)
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "deathDate")]
    lenient = read_ftm_file(bad)
    assert lenient.load.loaded == len(ENTITIES), "the value is left out, the person kept"


def test_cli_rejects_file_for_ftm(cli: Callable[..., Result], ftm_file: Path, tmp_path: Path) -> None:
    result = cli("import", "ftm", str(ftm_file), "--out", str(tmp_path / "ftm.trig"), "--rejects", str(tmp_path / "rejects.csv"))
    assert result.exit_code == 0, result.output
    assert f"{len(ENTITIES)} entities imported; 2 values and 0 entities rejected" in result.stderr
    with (tmp_path / "rejects.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["line"], r["column"], r["value"], r["id"]) for r in rows] == [("1", "phone", "not a phone number", "ru-warden-1"), ("5", "phone", "12", "ru-co-segezha")]
    plain = cli("import", "ftm", str(ftm_file), "--out", str(tmp_path / "plain.trig"))
    assert plain.exit_code == 0 and "2 invalid value(s) of properties rightsgraph does not import" in plain.output


def test_case_file_memberships_sanctions_and_deaths_export(write_case: Callable[..., Path]) -> None:
    from rightsgraph.build import load_graph
    from tests.ontology.test_case_facts import CASE

    kg, _ = load_graph([write_case(CASE)])
    buffer = io.StringIO()
    export_ftm(kg, buffer)
    exported = [json.loads(line) for line in buffer.getvalue().splitlines()]
    for entity in exported:
        model.get(entity["schema"]).validate(entity)
    by_schema = {e["schema"]: e["properties"] for e in exported if e["schema"] in ("Occupancy", "Sanction")}
    names = {e["id"]: e["properties"].get("name", [""])[0] for e in exported}
    assert names[by_schema["Occupancy"]["holder"][0]] == "Pyotr Nadzirov"
    assert names[by_schema["Occupancy"]["post"][0]] == "Head of penal colony no. 4"
    assert names[by_schema["Sanction"]["entity"][0]] == "Pyotr Nadzirov" and by_schema["Sanction"]["authority"] == ["European Union"]
    (ivan,) = [e for e in exported if e["properties"].get("name") == ["Иван Примеров"]]
    assert ivan["properties"]["deathDate"] == ["2021-02-03"]
