"""Every query's rows are the same before and after its rewrite for speed, on a generated corpus,
on Oxigraph and on Virtuoso.

The reference is the query's text as it was before the rewrite (kept in ``tests/queries/before``)
with its parameters bound by one VALUES block at the top, as they were; a query without an old
text is its own reference, so the binding (the VALUES block repeated in every group) is checked
for every query of the library, including queries added later.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.graph.push import PushOptions, Server, push
from rightsgraph.graph.store import PREFIXES
from rightsgraph.queries import Endpoint, LocalTarget, NamedQuery, load_library, read_query_file
from rightsgraph.queries.binding import add_missing_prefixes, bind_values
from rightsgraph.queries.dialect import for_oxigraph, lateral_groups
from tests.scale.corpus import bindings, comparable, corpus_graph, record_parameters, variants
from tests.servers import VirtuosoServer

BEFORE = Path(__file__).resolve().parent / "before"
EVENTS_LISTED = 20
"""responsible-actors names the events of an actor in at most this many (an intended change)."""
CASES = [(name, every) for name, query in sorted(load_library().items()) for every in variants(query)]
ANSWERED_ON_THE_BUILT_IN_DATA = {"alleged-violations": {"onlyStatus": "alleged"}}
"""Rewritten queries the generated corpus does not answer (it records no violation), with values
for their parameters: their rows are compared on the built-in data instead."""
ORDERED_BY = {
    "actors-by-type": (("className", "name"), 100),
    "external-links": (("-isLinked", "name"), 100),
    "political-prisoners-status": (("name",), 100),
    "releases-after-interventions": (("personName", "days", "documentName"), 2),  # few on this corpus
    "single-source-facts": (("recordName", "property", "value"), 100),
    "sources": (("source",), 100),
}
"""Queries that sort on keys computed in the query (see their text), with the columns whose
order their rows must keep ("-": descending, for numbers and booleans) and how many distinct rows
the corpus gives at least."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    return corpus_graph(400, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def values(corpus: KnowledgeGraph) -> dict[str, str]:
    return record_parameters(corpus)


def texts(query: NamedQuery, values: dict[str, str], every: bool) -> tuple[str, str]:
    """(the reference: the old text, one VALUES block; the text as run today)."""
    old = read_query_file(BEFORE / f"{query.name}.rq") if (BEFORE / f"{query.name}.rq").exists() else query
    bound = bindings(query, values, every)
    reference = bind_values(add_missing_prefixes(old.text, PREFIXES), bound, nested=False)
    return reference, bind_values(add_missing_prefixes(query.text, PREFIXES), bound)


def intended(name: str, rows: list[tuple[str, ...]], variables: list[str]) -> list[tuple[str, ...]]:
    """The reference rows with the rewrites' intended changes applied."""
    if name != "responsible-actors":
        return rows
    cases, events = variables.index("cases"), variables.index("events")
    changed = []
    for row in rows:
        if int(row[cases]) > EVENTS_LISTED:
            row = row[:events] + (f"{row[cases]} events; the actor-profile query lists them",) + row[events + 1 :]
        changed.append(row)
    return sorted(changed)


@pytest.mark.parametrize(("name", "every"), CASES)
def test_rows_are_the_same_after_the_rewrite(corpus: KnowledgeGraph, values: dict[str, str], name: str, every: bool) -> None:
    reference_text, text = texts(load_library()[name], values, every)
    target = LocalTarget(corpus)
    reference = target.run(reference_text)
    rewritten = (BEFORE / f"{name}.rq").exists()
    answered_elsewhere = name in ANSWERED_ON_THE_BUILT_IN_DATA
    assert reference.rows or every or not rewritten or answered_elsewhere, f"{name}: the corpus must answer a rewritten query"
    expected = intended(name, comparable(reference), reference.variables)
    assert comparable(target.run(for_oxigraph(text))) == expected  # as rightsgraph runs it
    if lateral_groups(text):  # and as any other engine would: marked groups as plain joins
        assert comparable(target.run(text)) == expected


@pytest.mark.parametrize(("name", "every"), [(name, every) for name in sorted(ANSWERED_ON_THE_BUILT_IN_DATA) for every in (False, True)])
def test_rows_are_the_same_after_the_rewrite_on_the_built_in_data(builtin_kg: KnowledgeGraph, name: str, every: bool) -> None:
    reference_text, text = texts(load_library()[name], ANSWERED_ON_THE_BUILT_IN_DATA[name], every)
    target = LocalTarget(builtin_kg)
    reference = target.run(reference_text)
    assert reference.rows, f"{name}: the built-in data must answer it"
    assert comparable(target.run(for_oxigraph(text))) == comparable(target.run(text)) == comparable(reference)


def sort_key(value: object, descending: bool = False) -> tuple[int, object]:
    """Numbers and booleans by value, anything else as a string by code point (SPARQL's order)."""
    number = value.toPython() if isinstance(value, Literal) else None
    if isinstance(number, (int, float, Decimal)):  # booleans too
        return (0, -number if descending else number)
    return (1, "" if value is None else str(value))


@pytest.mark.parametrize("name", sorted(ORDERED_BY))
def test_rows_come_in_the_order_of_their_columns(corpus: KnowledgeGraph, values: dict[str, str], name: str) -> None:
    result = LocalTarget(corpus).run(for_oxigraph(texts(load_library()[name], values, False)[1]))
    columns, least = ORDERED_BY[name]
    keys = [tuple(sort_key(row.get(column.lstrip("-")), column.startswith("-")) for column in columns) for row in result.rows]
    assert len(set(keys)) >= least, "too few rows to see the order"
    assert keys == sorted(keys)


def test_the_comparison_sees_answers(corpus: KnowledgeGraph, values: dict[str, str]) -> None:
    """Most per-record variants have rows on this corpus, so the test above compares something."""
    answered = [name for name, every in CASES if every and LocalTarget(corpus).run(for_oxigraph(texts(load_library()[name], values, True)[1])).rows]
    assert len(answered) >= 5, answered


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, corpus: KnowledgeGraph) -> Iterator[VirtuosoServer]:
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso-corpus"), max_rows=1_000_000) as server:
        push(corpus, Server(server.store_url, server.update_url, PushOptions(union=False)))  # its default graph is the union
        yield server


@pytest.mark.server
@pytest.mark.parametrize(("name", "every"), CASES)
def test_virtuoso_gives_the_same_rows(corpus: KnowledgeGraph, values: dict[str, str], virtuoso: VirtuosoServer, name: str, every: bool) -> None:
    reference_text, text = texts(load_library()[name], values, every)
    reference = LocalTarget(corpus).run(reference_text)
    assert comparable(Endpoint(virtuoso.query_url).run(text)) == intended(name, comparable(reference), reference.variables)
