"""A generated corpus in memory and the parameters the named queries take on it.

Shared by the row-equality tests (each query's rows before and after its rewrite) and the growth
guard (each query timed on two corpus sizes).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal
from rdflib.term import Node

from benchmarks.generate import generate
from rightsgraph.build import populate
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import NamedQuery, QueryResult
from rightsgraph.queries.params import convert

REFUGEE_WITH_PROSECUTED_RELATIVES = """
PREFIX rg: <https://w3id.org/rightsgraph/ns#>
SELECT ?refugee WHERE { ?grant a rg:RefugeeStatusGrant ; rg:statusHolder ?refugee .
  ?refugee rg:relativeOf ?relative . ?proceeding rg:affectedPerson ?relative } ORDER BY ?refugee LIMIT 1
"""
PERSON_WITH_EVERYTHING = """
PREFIX rg: <https://w3id.org/rightsgraph/ns#>
SELECT ?person WHERE { ?trial rg:defendant ?person . ?treatment rg:victim ?person . ?release rg:releasedPerson ?person }
ORDER BY ?person LIMIT 1
"""


def corpus_graph(persons: int, folder: Path, seed: int = 5) -> KnowledgeGraph:
    """The synthetic corpus of ``persons`` persons, built in memory without validation."""
    kg = KnowledgeGraph()
    populate(kg, generate(persons, folder, seed=seed), check=False)
    return kg


def record_parameters(kg: KnowledgeGraph) -> dict[str, str]:
    """A value for every parameter of the library: a person with a trial, ill-treatment and a
    release; a refugee whose relative is prosecuted; a country; dates."""
    (person,) = kg.select(PERSON_WITH_EVERYTHING)
    (refugee,) = kg.select(REFUGEE_WITH_PROSECUTED_RELATIVES)
    iri = str(person["person"])
    given = {
        "person": iri, "actor": iri, "record": iri, "refugee": str(refugee["refugee"]),
        "property": "citizenship", "country": "https://w3id.org/rightsgraph/id/state/state-0", "from": "2018", "to": "2020",
        "type": "Person", "months": "60", "linked": "false",
    }
    assert set(given) == GIVEN
    return given


def bindings(query: NamedQuery, values: dict[str, str], every: bool) -> dict[str, Node]:
    """The required parameters (and defaults), or with ``every`` all the query takes."""
    bound: dict[str, Node] = {}
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default) if (every or parameter.required) else parameter.default
        if value is not None:
            bound[parameter.name] = convert(None, parameter, value)  # type: ignore[arg-type]
    return bound


def comparable(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of values; concatenations compared as sets (their order is not
    defined), booleans as 0/1, as engines write them differently."""
    rows = []
    for row in result.rows:
        cells = []
        for name in result.variables:
            value = row.get(name)
            if isinstance(value, Literal):
                python = value.toPython()
                text = str(int(python)) if isinstance(python, bool) else (str(python) if not isinstance(python, str) else str(value))
                cells.append("; ".join(sorted(text.split("; "))))
            else:
                cells.append("" if value is None else str(value))
        rows.append(tuple(cells))
    return sorted(rows)


GIVEN = {"person", "actor", "record", "refugee", "property", "country", "from", "to", "type", "months", "linked"}
"""The parameters :func:`record_parameters` gives a value."""


def variants(query: NamedQuery) -> list[bool]:
    """Whole graph (required parameters only) and, when the query takes optional parameters that
    are given a value, with them."""
    optional = [p for p in query.parameters if not p.required and p.name in GIVEN]
    return [False, True] if optional else [False]

