"""The Python API for notebooks: load a graph, run named queries, get rows or a DataFrame.

>>> import rightsgraph.api as rg
>>> kg = rg.load()                                   # the built-in dataset
>>> timeline = rg.query("timeline-of-person", kg, person="Mukhtar Dzhakishev")
>>> timeline.values("date")
['2010~/2020', '../2020-03-03', '2020-03-03', '2020-03-19']
>>> rg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/rightsgraph/ns#Person> }", kg).rows[0]["n"].toPython() > 0
True

``timeline.to_dataframe()`` gives a pandas DataFrame (with the ``pandas`` extra installed).
Pass ``endpoint="http://..."`` instead of a graph to ask a remote SPARQL endpoint.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rightsgraph.build import load_graph
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import Endpoint, EndpointOptions, LocalTarget, QueryResult, Target, load_library, parse_query, run_query

__all__ = ["KnowledgeGraph", "QueryResult", "load", "queries", "query", "sparql"]


def load(paths: Sequence[Path | str] | None = None) -> KnowledgeGraph:
    """Build a graph in memory from case files or RDF files (default: the built-in dataset)."""
    kg, _ = load_graph([Path(p) for p in paths] if paths else None)
    return kg


def _target(graph: KnowledgeGraph | None, endpoint: str | None, timeout: float | None, allow_service: bool = False) -> Target:
    if endpoint is not None:
        return Endpoint(endpoint, EndpointOptions(timeout=timeout or 30.0))
    return LocalTarget(graph if graph is not None else load(), timeout=timeout, allow_service=allow_service)


def queries() -> dict[str, str]:
    """Name → summary of every named query."""
    return {name: q.summary for name, q in load_library().items()}


def query(name: str, graph: KnowledgeGraph | None = None, *, endpoint: str | None = None, timeout: float | None = None, **params: object) -> QueryResult:
    """Run a named query with keyword parameters on a graph (default: built-in data) or endpoint.

    ``timeout``: seconds to wait for the endpoint (30 by default), or the local query's deadline
    (60, or ``RIGHTSGRAPH_QUERY_TIMEOUT``).
    """
    return run_query(_target(graph, endpoint, timeout), name, params)


def sparql(text: str, graph: KnowledgeGraph | None = None, *, endpoint: str | None = None, timeout: float | None = None, allow_service: bool = False) -> QueryResult:
    """Run SPARQL text as it is; a local query with ``SERVICE`` is refused unless ``allow_service``."""
    return run_query(_target(graph, endpoint, timeout, allow_service), parse_query(text, "sparql"))
