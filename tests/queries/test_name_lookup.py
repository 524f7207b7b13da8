"""Name lookup finds records only — never a class, property or concept of the ontology — in any
case, and suggests the closest names when nothing matches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from rightsgraph.errors import QueryError
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import LocalTarget
from rightsgraph.queries.params import resolve_record


@pytest.mark.parametrize(("value", "kind"), [("victim", "actor"), ("victim", "record"), ("court", "record"), ("Court", "record"), ("parole", "record"), ("person", "record")])
def test_ontology_terms_are_never_records(builtin_kg: KnowledgeGraph, value: str, kind: str) -> None:
    """The ontology is loaded beside the data: its labels ('victim', 'court') must not match."""
    assert builtin_kg.ask(f'ASK {{ ?term rdfs:label ?l FILTER (LCASE(STR(?l)) = "{value.lower()}") }}'), "the term is in the graph"
    with pytest.raises(QueryError, match=f"no {kind} named or identified '{value}'"):
        resolve_record(LocalTarget(builtin_kg), value, kind)


def test_names_match_in_any_case(builtin_kg: KnowledgeGraph) -> None:
    assert str(resolve_record(LocalTarget(builtin_kg), "iskander YERIMBETOV", "person")).endswith("/person/iskander-yerimbetov")


def test_the_closest_names_are_suggested(builtin_kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError) as caught:
        resolve_record(LocalTarget(builtin_kg), "Iskandar Yerimbetov", "person")
    assert str(caught.value).endswith("(did you mean 'Iskander Yerimbetov'?)")
    with pytest.raises(QueryError) as caught:
        resolve_record(LocalTarget(builtin_kg), "zzzz qqqq", "person")
    assert "did you mean" not in str(caught.value)


def test_view_ego_court_is_a_clear_refusal(cli: Callable[..., Result], tmp_path: Path) -> None:
    result = cli("view", "ego", "court", "--out", tmp_path / "ego.html")
    assert result.exit_code == 2
    assert "matches 2 records" not in result.stderr and "no record named or identified 'court'" in result.stderr
    assert not (tmp_path / "ego.html").exists()
