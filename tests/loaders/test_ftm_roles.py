"""FollowTheMoney export additions: aid as a Payment, roles on events kept, memberships with their
role and period; each accepted by followthemoney and read back (see test_ftm.py for the round trip)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

followthemoney = pytest.importorskip("followthemoney", reason="the 'ftm' extra is not installed")
from followthemoney import model  # noqa: E402

from rightsgraph.build import load_graph  # noqa: E402
from rightsgraph.graph import KnowledgeGraph  # noqa: E402
from rightsgraph.loaders.ftm_export import export_ftm  # noqa: E402
from tests.conftest import MINIMAL_SOURCE  # noqa: E402


def entities(kg: KnowledgeGraph) -> list[dict[str, object]]:
    buffer = io.StringIO()
    export_ftm(kg, buffer)
    found = [json.loads(line) for line in buffer.getvalue().splitlines()]
    for data in found:
        model.get_proxy(data, cleaned=False).schema.validate(data)
    return found


def names(found: list[dict[str, object]]) -> dict[str, str]:
    return {e["id"]: (e["properties"].get("name") or [""])[0] for e in found}  # type: ignore[attr-defined,index,misc]


def test_aid_is_a_payment_from_donor_to_recipient(builtin_kg: KnowledgeGraph) -> None:
    found = entities(builtin_kg)
    (payment,) = [e for e in found if e["schema"] == "Payment"]
    props = payment["properties"]  # type: ignore[index]
    by_id = names(found)
    # Statement 1: US$800,000 of additional assistance from the U.S. to Kazakhstan's government.
    assert props["amount"] == ["800000"] and props["currency"] == ["USD"]
    assert [by_id[i] for i in props["payer"]] == ["United States"]
    assert [by_id[i] for i in props["beneficiary"]] == ["Government of Kazakhstan"]


def test_roles_on_events_are_kept_with_the_degree_of_involvement(builtin_kg: KnowledgeGraph) -> None:
    found = entities(builtin_kg)
    by_id = names(found)
    roles = {(by_id[e["properties"]["subject"][0]], by_id[e["properties"]["object"][0]]): e["properties"]["role"] for e in found if e["schema"] == "UnknownLink"}  # type: ignore[index]
    assert roles[("Police of Kazakhstan", "Police disperse peaceful protesters with brute force on 10 May 2018")] == ["perpetrator: carried out the act"]
    assert roles[("Tokayev", "Continuing repression of fundamental freedoms under President Tokayev")] == ["perpetrator: responsible through law or policy"]
    assert roles[("Peaceful protesters of 6 July 2019", "Rallies of 6 July 2019 in cities of Kazakhstan")] == ["participant"]


def test_memberships_keep_role_and_period(write_case: Callable[..., Path]) -> None:
    path = write_case(MINIMAL_SOURCE + """
actors:
  - id: ana
    type: Person
    name: Ana Example
    sources: [src]
  - id: colony
    type: DetentionFacility
    name: Penal colony no. 4
    sources: [src]
  - id: service
    type: PublicBody
    name: Prison service
    sources: [src]
posts:
  - id: head
    type: Post
    name: Head of penal colony no. 4
    postIn: colony
    sources: [src]
memberships:
  - id: ana-head
    type: Membership
    name: Ana heads the colony
    member: ana
    post: head
    organization: colony
    roleLabel: Head of penal colony no. 4
    startDate: 2015
    endDate: 2019-06
    sources: [src]
  - id: ana-employed
    type: Membership
    name: Ana works for the prison service
    member: ana
    organization: service
    membershipKind: employment
    roleLabel: officer
    startDate: 2010~
    sources: [src]
""")
    kg, _ = load_graph([path])
    found = entities(kg)
    by_id = names(found)
    (occupancy,) = [e for e in found if e["schema"] == "Occupancy"]
    props = occupancy["properties"]  # type: ignore[index]
    assert [by_id[i] for i in props["holder"]] == ["Ana Example"]
    assert [by_id[i] for i in props["post"]] == ["Head of penal colony no. 4"]
    assert (props["startDate"], props["endDate"]) == (["2015"], ["2019-06"])
    (employment,) = [e for e in found if e["schema"] == "Employment"]
    props = employment["properties"]  # type: ignore[index]
    assert props["role"] == ["officer"] and [by_id[i] for i in props["employer"]] == ["Prison service"]
    assert props["description"] == ["began: 2010~"]  # an approximate date has no FtM form
