"""A state (the actor) and its country (the place) are two records; a case file written before the
split, with one State record under 'places', still loads as both in one record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rightsgraph.build import load_graph
from rightsgraph.errors import InputError, ValidationError
from rightsgraph.loaders.casewriter import case_document
from tests.conftest import MINIMAL_SOURCE

OLD_STYLE = MINIMAL_SOURCE + """
places:
  - {id: utopia, type: State, name: Utopia, sources: [src]}
  - {id: town, type: Place, name: Town, locatedIn: utopia, sources: [src]}
actors:
  - {id: ann, type: Person, name: Ann, citizenship: utopia, sources: [src]}
events:
  - {id: asylum, type: RefugeeStatusGrant, name: Asylum for Ann, statusHolder: ann, grantedBy: utopia, sources: [src]}
  - {id: rally, type: Protest, name: A rally, place: utopia, date: 2020, sources: [src]}
"""

SPLIT = MINIMAL_SOURCE + """
places:
  - {id: utopia, type: Country, name: Utopia, sources: [src]}
actors:
  - {id: utopia-state, type: State, name: State of Utopia, stateOf: utopia, sources: [src]}
  - {id: ann, type: Person, name: Ann, citizenship: utopia, sources: [src]}
events:
  - {id: asylum, type: RefugeeStatusGrant, name: Asylum for Ann, statusHolder: ann, grantedBy: utopia-state, sources: [src]}
  - {id: rally, type: Protest, name: A rally, place: utopia, date: 2020, sources: [src]}
"""


def test_an_old_case_file_s_state_is_the_state_and_its_country(write_case: Callable[..., Path]) -> None:
    kg, report = load_graph([write_case(OLD_STYLE)])
    assert report.conforms
    assert kg.ask("ASK { <https://w3id.org/rightsgraph/id/state/utopia> a rg:State, rg:Country, rg:Actor, rg:Place }")
    assert kg.ask("""ASK { ?ann rdfs:label "Ann" ; rg:citizenship ?u . ?grant rg:grantedBy ?u . ?rally rg:place ?u }""")


def test_the_state_and_its_country_as_two_records(write_case: Callable[..., Path]) -> None:
    kg, report = load_graph([write_case(SPLIT)])
    assert report.conforms
    assert kg.ask("""ASK { ?s a rg:State ; rg:stateOf ?c . ?c a rg:Country . ?ann rg:citizenship ?c . ?g rg:grantedBy ?s . ?r rg:place ?c
                           FILTER NOT EXISTS { ?s a rg:Place } FILTER NOT EXISTS { ?c a rg:Actor } }""")


def test_a_state_is_no_country_of_citizenship_nor_a_country_a_granting_state(write_case: Callable[..., Path]) -> None:
    swapped = SPLIT.replace("citizenship: utopia,", "citizenship: utopia-state,").replace("grantedBy: utopia-state", "grantedBy: utopia")
    with pytest.raises(InputError) as caught:
        load_graph([write_case(swapped)])
    messages = sorted(p.message for p in caught.value.problems)
    assert messages == ["'utopia' is a country, but grantedBy needs a state", "'utopia-state' is a state, but citizenship needs a country"]


def test_a_state_with_its_country_is_not_a_place(write_case: Callable[..., Path]) -> None:
    misplaced = SPLIT.replace("  - {id: utopia-state, type: State, name: State of Utopia, stateOf: utopia, sources: [src]}\n", "")
    misplaced = misplaced.replace("  - {id: utopia, type: Country, name: Utopia, sources: [src]}\n",
                                  "  - {id: utopia, type: Country, name: Utopia, sources: [src]}\n"
                                  "  - {id: utopia-state, type: State, name: State of Utopia, stateOf: utopia, sources: [src]}\n")
    with pytest.raises((InputError, ValidationError)) as caught:
        load_graph([write_case(misplaced)])
    assert caught.value.problems[0].message == "a State does not belong under 'places'"


def test_an_old_style_state_survives_the_case_file_writer(write_case: Callable[..., Path], tmp_path: Path) -> None:
    import yaml

    kg, _ = load_graph([write_case(OLD_STYLE)])
    document = case_document(kg)
    assert [r["id"] for r in document["places"] if r["type"] == "State"] == ["utopia"]
    again = tmp_path / "again.yaml"
    again.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    kg2, report = load_graph([again])
    assert report.conforms
    assert kg2.ask("ASK { <https://w3id.org/rightsgraph/id/state/utopia> a rg:State, rg:Country }")
