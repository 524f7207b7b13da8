"""FtM export of aid, roles and occupancies: aid is a Payment, each actor's role in an event is kept,
a post held is an Occupancy with its period. followthemoney itself accepts every entity, and our
own reader reads them back. Expected values are taken by hand from the built-in case files
(protests-and-policy.yaml, places-and-institutions.yaml) and from the fixture below."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

followthemoney = pytest.importorskip("followthemoney", reason="the 'ftm' extra is not installed")
from followthemoney import model  # noqa: E402
from followthemoney.cli.cli import cli as ftm_cli  # noqa: E402

from rightsgraph.build import graph_from_batch, load_graph  # noqa: E402
from rightsgraph.graph import KnowledgeGraph  # noqa: E402
from rightsgraph.loaders.ftm import export_ftm, load_ftm_file  # noqa: E402
from tests.conftest import MINIMAL_SOURCE  # noqa: E402

ID = "https://w3id.org/rightsgraph/id/"
SENATOR = MINIMAL_SOURCE + """
actors:
  - {id: senate, type: Parliament, name: Senate of Utopia, sources: [src]}
  - {id: ann, type: Person, name: Ann Example, sources: [src]}
posts:
  - {id: senator, type: Post, name: Senator of Utopia, postIn: senate, sources: [src]}
memberships:
  - id: ann-senator
    type: Membership
    name: Ann Example, senator
    member: ann
    post: senator
    organization: senate
    roleLabel: Senator
    startDate: 2017-10-01
    endDate: 2023-09
    sources: [src]
"""


def exported(kg: KnowledgeGraph) -> list[dict[str, Any]]:
    buffer = io.StringIO()
    export_ftm(kg, buffer)
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def by_source_url(entities: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Entities made from a record, by the record's IRI (relative to the dataset's base)."""
    return {e["properties"]["sourceUrl"][0][len(ID):]: e for e in entities if e["properties"].get("sourceUrl", [""])[0].startswith(ID)}


@pytest.fixture(scope="module")
def builtin_entities(builtin_kg: KnowledgeGraph) -> list[dict[str, Any]]:
    return exported(builtin_kg)


@pytest.fixture
def senator_entities(write_case: Callable[..., Path]) -> list[dict[str, Any]]:
    kg, report = load_graph([write_case(SENATOR)])
    assert report.conforms
    return exported(kg)


def test_aid_is_a_payment_from_donor_to_recipient(builtin_entities: list[dict[str, Any]]) -> None:
    records = by_source_url(builtin_entities)
    payment = records["event/us-covid-19-assistance"]
    assert payment["schema"] == "Payment"
    props = payment["properties"]
    assert props["payer"] == [records["state/united-states"]["id"]]
    assert props["beneficiary"] == [records["organization/government-of-kazakhstan"]["id"]]
    assert (props["amount"], props["currency"], props["purpose"]) == (["800000"], ["USD"], ["coping with the COVID-19 crisis"])
    assert props["summary"] == ["Additional U.S. assistance to Kazakhstan for the COVID-19 crisis"]
    assert [e for e in builtin_entities if e["schema"] == "Payment"] == [payment], "the built-in data has one aid"


def test_each_actor_s_role_in_an_event_is_kept(builtin_entities: list[dict[str, Any]]) -> None:
    names = {e["id"]: (e["properties"].get("name") or e["properties"].get("summary") or [""])[0] for e in builtin_entities}
    links = {(names[e["properties"]["subject"][0]], e["properties"]["role"][0], names[e["properties"]["object"][0]], tuple(e["properties"].get("status", [])))
             for e in builtin_entities if e["schema"] == "UnknownLink"}
    detention = "Detention of about 700 peaceful protesters on 6 July 2019"
    repression = "Continuing repression of fundamental freedoms under President Tokayev"
    expected = {
        # the event's role properties (protests-and-policy.yaml), with the violation's status
        ("Law enforcement agencies of Kazakhstan", "perpetrator", detention, ("alleged",)),
        ("About 700 peaceful protesters detained on 6 July 2019", "detainee", detention, ("alleged",)),
        ("Tokayev", "perpetrator", repression, ("alleged",)),
        ("Peaceful protesters of 6 July 2019", "participant", "Rallies of 6 July 2019 in cities of Kazakhstan", ()),
        # the involvements, with their degree (the ontology's label of 'carried-out' and 'law-or-policy')
        ("Law enforcement agencies of Kazakhstan", "carried out the act", detention, ("alleged",)),
        ("Tokayev", "responsible through law or policy", repression, ("alleged",)),
        ("Police of Kazakhstan", "carried out the act", "Police disperse peaceful protesters with brute force on 10 May 2018", ("alleged",)),
    }
    assert expected <= links, expected - links
    # One link per actor and most specific role: 'perpetrator', not also 'responsible actor' and 'has actor'.
    assert not {link for link in links if link[0] == "Tokayev" and link[1] in ("responsible actor", "has actor")}


def test_a_post_held_is_an_occupancy_with_its_period(senator_entities: list[dict[str, Any]]) -> None:
    records = by_source_url(senator_entities)
    occupancy = records["membership/ann-senator"]
    assert occupancy["schema"] == "Occupancy"
    assert occupancy["properties"]["holder"] == [records["person/ann"]["id"]]
    assert occupancy["properties"]["post"] == [records["post/senator"]["id"]]
    assert (occupancy["properties"]["startDate"], occupancy["properties"]["endDate"]) == (["2017-10-01"], ["2023-09"])
    position = records["post/senator"]
    assert position["schema"] == "Position" and position["properties"]["organization"] == [records["organization/senate"]["id"]]


def test_followthemoney_validate_accepts_every_entity_unchanged(builtin_entities: list[dict[str, Any]], senator_entities: list[dict[str, Any]],
                                                                tmp_path: Path) -> None:
    entities = builtin_entities + senator_entities
    assert {"Payment", "UnknownLink", "Occupancy", "Position"} <= {e["schema"] for e in entities}
    for entity in entities:
        model.get(entity["schema"]).validate(entity)
    source = tmp_path / "export.ftm.json"
    source.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities), encoding="utf-8")
    result = CliRunner().invoke(ftm_cli, ["validate", "-i", str(source), "-o", str(tmp_path / "clean.json")])
    assert result.exit_code == 0, result.output
    cleaned = {e["id"]: e for e in map(json.loads, (tmp_path / "clean.json").read_text(encoding="utf-8").splitlines())}
    assert len(cleaned) == len({e["id"] for e in entities})
    for entity in entities:
        assert cleaned[entity["id"]]["properties"] == entity["properties"], "followthemoney dropped or changed a value"


def test_the_reader_reads_payments_roles_and_occupancies_back(builtin_entities: list[dict[str, Any]], senator_entities: list[dict[str, Any]],
                                                              tmp_path: Path) -> None:
    path = tmp_path / "export.ftm.json"
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in builtin_entities + senator_entities), encoding="utf-8")
    imported = load_ftm_file(path)
    assert imported.skipped == {}
    kg, report = graph_from_batch(imported.batch)
    assert report.conforms, report.violations
    (aid,) = kg.select("""SELECT ?donor ?recipient ?amount ?currency ?purpose WHERE { ?a a rg:Aid ; rg:donor/rdfs:label ?donor ;
        rg:recipient/rdfs:label ?recipient ; rg:amount ?amount ; rg:currency ?currency ; rg:purpose ?purpose }""")
    assert [str(aid[k]) for k in ("donor", "recipient", "amount", "currency", "purpose")] == [
        "United States", "Government of Kazakhstan", "800000", "USD", "coping with the COVID-19 crisis"]
    # A re-read event is a plain Event: a perpetrator comes back as its responsible actor, a detainee as an affected person.
    roles = {(str(r["p"]).rsplit("#", 1)[-1], str(r["who"])) for r in kg.select("""SELECT ?p ?who WHERE {
        ?e rdfs:label "Detention of about 700 peaceful protesters on 6 July 2019" ; ?p ?a . ?a rdfs:label ?who .
        FILTER(?p IN (rg:responsibleActor, rg:affectedPerson)) }""")}
    assert roles == {("responsibleActor", "Law enforcement agencies of Kazakhstan"), ("affectedPerson", "About 700 peaceful protesters detained on 6 July 2019")}
    (seat,) = kg.select("""SELECT ?who ?post ?start ?end WHERE { ?m rg:member/rdfs:label ?who ; rg:post/rdfs:label ?post ;
        rg:startDateEDTF ?start ; rg:endDateEDTF ?end }""")
    assert [str(seat[k]) for k in ("who", "post", "start", "end")] == ["Ann Example", "Senator of Utopia", "2017-10-01", "2023-09"]


def test_a_payment_from_elsewhere_is_not_read_as_aid(tmp_path: Path) -> None:
    """FtM has no notion of aid: only a payment rightsgraph exported from an aid comes back as one."""
    path = tmp_path / "payments.ftm.json"
    entities = [{"id": "a", "schema": "Company", "properties": {"name": ["A Ltd"]}},
                {"id": "b", "schema": "Company", "properties": {"name": ["B Ltd"]}},
                {"id": "pay", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["b"], "amount": ["10"]}}]
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    imported = load_ftm_file(path)
    assert imported.skipped == {"Payment": 1}
    kg, _ = graph_from_batch(imported.batch)
    assert not kg.ask("ASK { ?a a rg:Aid }")


def test_an_unknown_link_rightsgraph_cannot_use_is_counted_not_refused(tmp_path: Path) -> None:
    """followthemoney's own validate accepts an UnknownLink without an object, or between two people:
    such links are left out and counted, never a reason to refuse the file."""
    path = tmp_path / "links.ftm.json"
    entities = [{"id": "a", "schema": "Person", "properties": {"name": ["Ann"]}},
                {"id": "b", "schema": "Person", "properties": {"name": ["Bob"]}},
                {"id": "half", "schema": "UnknownLink", "properties": {"subject": ["a"], "role": ["perpetrator"]}},
                {"id": "people", "schema": "UnknownLink", "properties": {"subject": ["a"], "object": ["b"], "role": ["colleague"]}}]
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    assert CliRunner().invoke(ftm_cli, ["validate", "-i", str(path), "-o", str(tmp_path / "clean.json")]).exit_code == 0
    assert len((tmp_path / "clean.json").read_text(encoding="utf-8").splitlines()) == len(entities)
    imported = load_ftm_file(path)
    assert imported.skipped == {"UnknownLink": 2} and imported.load.loaded == len(entities)
