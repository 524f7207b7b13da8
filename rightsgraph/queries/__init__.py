"""The query library and its runner: named SPARQL queries, local or remote, with safe parameters.

>>> from rightsgraph.build import load_graph
>>> from rightsgraph.queries import LocalTarget, run_query
>>> kg, _ = load_graph()
>>> result = run_query(LocalTarget(kg), "relatives-of-refugees-prosecuted")
>>> result.values("relativeName"), result.values("refugeeName")
(['Iskander Yerimbetov'], ['Botagoz Jardemalie'])
"""

from __future__ import annotations

from collections.abc import Mapping

from rightsgraph.graph.store import PREFIXES
from rightsgraph.queries.binding import add_missing_prefixes, bind_values
from rightsgraph.queries.dialect import for_oxigraph
from rightsgraph.queries.library import NamedQuery, Parameter, get_query, load_library, parse_query, read_query_file
from rightsgraph.queries.local import LocalTarget
from rightsgraph.queries.params import Target, bindings_for
from rightsgraph.queries.remote import Endpoint, EndpointOptions
from rightsgraph.queries.results import QueryResult

__all__ = [
    "Endpoint",
    "EndpointOptions",
    "LocalTarget",
    "NamedQuery",
    "Parameter",
    "QueryResult",
    "Target",
    "bind_values",
    "get_query",
    "load_library",
    "parse_query",
    "prepare",
    "read_query_file",
    "run_query",
]


def prepare(target: Target, query: NamedQuery | str, params: Mapping[str, object] | None = None) -> str:
    """The query text with its parameters bound, ready to run on ``target`` (on the local store,
    with its groups marked ``# LATERAL`` run as lateral joins: see :mod:`~rightsgraph.queries.dialect`)."""
    named = get_query(query) if isinstance(query, str) else query
    text = bind_values(add_missing_prefixes(named.text, PREFIXES), bindings_for(target, named, params or {}))
    return for_oxigraph(text) if isinstance(target, LocalTarget) else text


def run_query(target: Target, query: NamedQuery | str, params: Mapping[str, object] | None = None, **kwargs: object) -> QueryResult:
    """Run a named query (by name or object) with parameters given as a mapping or keywords."""
    merged = {**(params or {}), **kwargs}
    return target.run(prepare(target, query, merged))
