"""The ESF export against the structure of OpenEvSys and against the source statements.

The table and column names, keys, references and micro-thesauri come from OpenEvSys' own schema
(tests/fixtures/esf/openevsys-tables.json, with its origin); the term keys from its thesaurus
data (openevsys-terms.tsv). Expected contents were read from statements.txt.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.loaders.esf import TABLES, esf_date, export_esf, record_number
from rightsgraph.ontology import vocabulary

FIXTURES = Path(__file__).parents[1] / "fixtures" / "esf"
STRUCTURE = json.loads((FIXTURES / "openevsys-tables.json").read_text(encoding="utf-8"))["tables"]


def _terms() -> dict[str, int]:
    with (FIXTURES / "openevsys-terms.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["vocab_number"]: int(row["thesaurus"]) for row in rows}


@pytest.fixture(scope="module")
def tables(builtin_kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, str]]]:
    folder = tmp_path_factory.mktemp("esf")
    export_esf(builtin_kg, folder)
    out = {}
    for name in STRUCTURE:
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == STRUCTURE[name]["columns"], name
            out[name] = list(reader)
    return out


def test_the_exporter_writes_exactly_the_openevsys_tables() -> None:
    assert set(TABLES) == set(STRUCTURE)
    for name, spec in STRUCTURE.items():
        assert list(TABLES[name]) == spec["columns"], name


def test_keys_are_present_unique_and_short(tables: dict[str, list[dict[str, str]]]) -> None:
    for name, spec in STRUCTURE.items():
        keys = [tuple(row[c] for c in spec["key"]) for row in tables[name]]
        assert len(keys) == len(set(keys)), name
        for row in tables[name]:
            assert all(row[c] for c in spec["required"]), (name, row)
            assert all(len(row[c]) <= 45 for c in spec["key"] if c != "vocab_number"), (name, row)


def test_every_reference_resolves(tables: dict[str, list[dict[str, str]]]) -> None:
    for name, spec in STRUCTURE.items():
        for column, target in spec["references"].items():
            target_key = STRUCTURE[target]["key"][0]
            known = {row[target_key] for row in tables[target]}
            dangling = [row[column] for row in tables[name] if row[column] and row[column] not in known]
            assert dangling == [], (name, column)


def test_every_coded_value_is_a_term_of_the_right_micro_thesaurus(tables: dict[str, list[dict[str, str]]]) -> None:
    terms = _terms()
    checked = 0
    for name, spec in STRUCTURE.items():
        for column, thesaurus in spec["thesauri"].items():
            for row in tables[name]:
                value = row[column]
                if value:
                    assert terms.get(value) == thesaurus, (name, column, value)
                    checked += 1
    assert checked > 60


def test_dates_are_iso_and_typed_only_when_present(tables: dict[str, list[dict[str, str]]]) -> None:
    for name in ("event", "act", "biographic_details"):
        for row in tables[name]:
            for prefix in ("initial", "final"):
                value, kind = row[f"{prefix}_date"], row[f"{prefix}_date_type"]
                if value:
                    date.fromisoformat(value)
                else:
                    assert not kind, row


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("2020-03-19", (("2020-03-19", ""), ("", ""))),
        ("2020-03", (("2020-03-01", "02000000000048"), ("", ""))),
        ("2019", (("2019-01-01", "03000000000048"), ("", ""))),
        ("2017-10-19?", (("2017-10-19", "01000000000048"), ("", ""))),
        ("2010~/2020", (("2010-01-01", "01000000000048"), ("2020-01-01", "03000000000048"))),
        ("../2020-03-03", (("", ""), ("2020-03-03", ""))),
        ("XXXX", (("", ""), ("", ""))),
    ],
)
def test_edtf_dates_become_a_date_and_a_date_type(edtf: str, expected: tuple[tuple[str, str], tuple[str, str]]) -> None:
    assert esf_date(edtf, vocabulary()) == expected


def test_record_numbers_fit_and_stay_distinct() -> None:
    long_iri = "https://w3id.org/rightsgraph/id/involvement/" + "x" * 60
    assert len(record_number(long_iri)) == 45
    assert record_number(long_iri) != record_number(long_iri + "y")
    assert record_number("https://w3id.org/rightsgraph/id/person/tokayev") == "tokayev"


def _one(rows: list[dict[str, str]], **where: str) -> dict[str, str]:
    found = [row for row in rows if all(row[k] == v for k, v in where.items())]
    assert len(found) == 1, (where, found)
    return found[0]


def test_acts_one_per_victim_and_a_detained_crowd_as_a_group(tables: dict[str, list[dict[str, str]]]) -> None:
    # Statement 9: law enforcement detained about 700 peaceful protesters.
    act = _one(tables["act"], event="mass-detention-of-6-july-2019")
    assert act["victim"] == "detained-protesters-of-6-july-2019"
    assert act["type_of_act"] == "03010700000004"  # mass roundup
    group = _one(tables["person"], person_record_number="detained-protesters-of-6-july-2019")
    assert group["number_of_persons_in_group"] == "700"
    # Statement 4: the detention that ended with the release on 19 March 2020.
    assert _one(tables["act"], event="detention-of-mukhtar-dzhakishev")["victim"] == "mukhtar-dzhakishev"


def test_involvements_carry_the_degree_and_type_of_perpetrator(tables: dict[str, list[dict[str, str]]]) -> None:
    tokayev = _one(tables["involvement"], perpetrator="tokayev")
    assert tokayev["degree_of_involvement"] == "03000000000018"  # through legislation or policy
    police = _one(tables["involvement"], perpetrator="police-of-kazakhstan")
    assert police["degree_of_involvement"] == "01010000000018"  # directly carried out the act
    types = {(r["record_number"], r["vocab_number"]) for r in tables["mlt_involvement_type_of_perpetrator"]}
    assert (police["involvement_record_number"], "01010400000024") in types
    assert (tokayev["involvement_record_number"], "01010100000024") in types


def test_violations_are_alleged_and_other_events_have_no_status(tables: dict[str, list[dict[str, str]]]) -> None:
    assert _one(tables["event"], event_record_number="torture-of-mukhtar-dzhakishev")["violation_status"] == "03000000000041"
    assert _one(tables["event"], event_record_number="release-of-mukhtar-dzhakishev")["violation_status"] == ""


def test_the_meps_interventions_and_that_no_answer_is_recorded(tables: dict[str, list[dict[str, str]]]) -> None:
    letters = _one(tables["intervention"], intervention_record_number="meps-letters-for-release-2017-10-19")
    assert letters["intervening_party"] == "members-of-the-european-parliament"
    assert letters["parties_requested"] == "Government of Kazakhstan"
    assert letters["response"] == "" and "no response recorded" in letters["remarks"]
    assert letters["date_of_intervention"] == "2017-10-19"
    questions = _one(tables["intervention"], intervention_record_number="meps-written-questions-2017-11-13")
    assert "EU Vice-President" in questions["parties_requested"] and questions["remarks"].count("Document:") == 2
    kinds = {r["record_number"]: r["vocab_number"] for r in tables["mlt_intervention_type_of_intervention"]}
    assert kinds["meps-letters-for-release-2017-10-19"] == "01000000000020"


def test_chains_of_events_keep_precedes_apart_from_causes(tables: dict[str, list[dict[str, str]]]) -> None:
    chain = {(r["event"], r["related_event"]): r["type_of_chain_of_events"] for r in tables["chain_of_events"]}
    assert chain[("detention-of-mukhtar-dzhakishev", "release-of-mukhtar-dzhakishev")] == "01000000000022"
    assert chain[("parole-decision-mukhtar-dzhakishev", "release-of-mukhtar-dzhakishev")] == "03000000000022"


def test_kinship_and_posts_as_biographic_details(tables: dict[str, list[dict[str, str]]]) -> None:
    # Statement 8: Iskander Yerimbetov is the brother of Botagoz Jardemalie — one row, not also "relative".
    rows = [r for r in tables["biographic_details"] if {r["person"], r["related_person"]} == {"iskander-yerimbetov", "botagoz-jardemalie"}]
    assert [r["type_of_relationship"] for r in rows] == ["01010200000021"]
    post = _one(tables["biographic_details"], person="tokayev")
    assert post["position_in_organisation"] == "President of Kazakhstan"


def test_information_gives_source_role_and_reliability_from_confidence(tables: dict[str, list[dict[str, str]]]) -> None:
    rows = [r for r in tables["information"] if r["event"] == "release-of-mukhtar-dzhakishev"]
    assert len(rows) == 1
    assert rows[0]["source_connection_to_information"] == "03000000000019"  # third party
    assert rows[0]["reliability_of_information"] == "02000000000042"  # medium confidence: likely reliable
    assert "line 4" in rows[0]["remarks"]


def test_cli_writes_the_folder(cli: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "esf"
    result = cli("export", "--format", "esf", "--out", out)
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {f"{name}.csv" for name in TABLES} | {"record-numbers.csv", ".rightsgraph-esf"}
    with (out / "record-numbers.csv").open(encoding="utf-8") as handle:
        numbers = dict(csv.reader(handle))
    assert numbers["tokayev"] == "https://w3id.org/rightsgraph/id/person/tokayev"


def test_cli_refuses_a_file_as_the_esf_folder(cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "taken.txt"
    target.write_text("keep me", encoding="utf-8")
    result = cli("export", "--format", "esf", "--out", target)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "keep me"


def test_cli_never_replaces_a_folder_it_did_not_write(cli: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli("export", "--format", "esf", "--out", folder).exit_code == 2
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    again = tmp_path / "esf"
    assert cli("export", "--format", "esf", "--out", again).exit_code == 0
    assert cli("export", "--format", "esf", "--out", again).exit_code == 0
