"""Running query text on the local store (Oxigraph); its default graph is the union of all graphs."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from rightsgraph.errors import QueryError
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.graph.terms import from_ox, solution_rows
from rightsgraph.queries.results import QueryResult


class LocalTarget:
    """Runs queries in a :class:`KnowledgeGraph`."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg

    def describe(self) -> str:
        return "the local graph" if self.kg.path is None else f"the store at {self.kg.path}"

    def run(self, text: str) -> QueryResult:
        try:
            answer = self.kg.store.query(text)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {str(err).splitlines()[0]}") from None
        except (OSError, ValueError) as err:
            raise QueryError(f"query failed: {err}") from None
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(form="ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names, rows = solution_rows(answer)
            return QueryResult(form="SELECT", variables=names, rows=rows)
        graph = Graph()
        for triple in answer:
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))  # type: ignore[arg-type]
        return QueryResult(form="CONSTRUCT", graph=graph)
