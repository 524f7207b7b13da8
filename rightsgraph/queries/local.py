"""Running query text on the local store (Oxigraph); its default graph is the union of all graphs.

Every query has a deadline (60 s unless ``RIGHTSGRAPH_QUERY_TIMEOUT`` or the caller says
otherwise). Oxigraph cannot cancel a query, so it runs in a worker thread (Oxigraph releases the
GIL while it works) and the caller stops waiting at the deadline. A query that streams rows stops
at the next row; one that must finish a sort or a grouping first is abandoned: it keeps one core
until it ends or the process exits (the command line exits at once). The thread costs about
half a millisecond per query (median over the library, ``benchmarks/query_deadline.py``).

Queries that would contact another server (``SERVICE``) are refused unless ``allow_service``.

>>> from rightsgraph.graph import KnowledgeGraph
>>> LocalTarget(KnowledgeGraph()).run("ASK { }").boolean
True
>>> LocalTarget(KnowledgeGraph()).run("SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }")
Traceback (most recent call last):
rightsgraph.queries.outbound.OutboundCallError: SERVICE <http://example.org/>: the query would contact another server, which is refused (allow it with --allow-service)
"""

from __future__ import annotations

import os
import threading
import traceback
from collections.abc import Callable
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph

from rightsgraph.errors import QueryError
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.graph.terms import from_ox, solution_dicts
from rightsgraph.queries.outbound import refuse_outbound
from rightsgraph.queries.results import QueryResult

TIMEOUT_VARIABLE = "RIGHTSGRAPH_QUERY_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
"""Seconds a local query may run unless told otherwise."""
CHECK_EVERY = 1024
"""Rows read between two looks at the deadline."""

T = TypeVar("T")


class QueryTimeout(QueryError):
    """A query ran past its deadline."""


class _Stopped(Exception):
    pass


def default_timeout() -> float:
    """The deadline from ``RIGHTSGRAPH_QUERY_TIMEOUT`` (seconds), else :data:`DEFAULT_TIMEOUT`."""
    value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise QueryError(f"{TIMEOUT_VARIABLE}={value!r} is not a number of seconds above 0")
    return seconds


def within_deadline(work: Callable[[threading.Event], T], seconds: float) -> T:
    """``work(stop)`` in a worker thread; :class:`QueryTimeout` if it is not done in ``seconds``.

    ``stop`` is set at the deadline, for work that can look at it between steps.
    """
    stop = threading.Event()
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work(stop)
        except BaseException as error:  # handed to the waiting thread, which raises it
            # Oxigraph's answers may only be freed by the thread that made them: drop the
            # frames (and so the answer) here, not later in the thread that raises the error.
            cause: BaseException | None = error
            while cause is not None:
                if cause.__traceback__ is not None:
                    traceback.clear_frames(cause.__traceback__)
                cause = cause.__context__
            outcome["error"] = error

    worker = threading.Thread(target=run, name="rightsgraph-query", daemon=True)
    worker.start()
    try:
        worker.join(seconds)
    finally:
        stop.set()  # on timeout, and on Ctrl-C while waiting
    if worker.is_alive() or isinstance(outcome.get("error"), _Stopped):
        raise QueryTimeout(f"the query ran longer than {seconds:g} s and was stopped (allow more with --timeout or {TIMEOUT_VARIABLE})")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


class LocalTarget:
    """Runs queries in a :class:`KnowledgeGraph`, each within ``timeout`` seconds."""

    def __init__(self, kg: KnowledgeGraph, *, timeout: float | None = None, allow_service: bool = False) -> None:
        self.kg = kg
        self.timeout = default_timeout() if timeout is None else timeout
        self.allow_service = allow_service

    def describe(self) -> str:
        return "the local graph" if self.kg.path is None else f"the store at {self.kg.path}"

    def run(self, text: str) -> QueryResult:
        if not self.allow_service:
            refuse_outbound(text)
        return within_deadline(lambda stop: self._evaluate(text, stop), self.timeout)

    def _evaluate(self, text: str, stop: threading.Event) -> QueryResult:
        try:
            answer = self.kg.store.query(text)
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult(form="ASK", boolean=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                names = [v.value for v in answer.variables]
                rows = []
                for count, row in enumerate(solution_dicts(answer, names), 1):
                    if count % CHECK_EVERY == 0 and stop.is_set():
                        raise _Stopped()
                    rows.append(row)
                return QueryResult(form="SELECT", variables=names, rows=rows)
            graph = Graph()
            for count, triple in enumerate(answer, 1):
                if count % CHECK_EVERY == 0 and stop.is_set():
                    raise _Stopped()
                graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))  # type: ignore[arg-type]
            return QueryResult(form="CONSTRUCT", graph=graph)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {str(err).splitlines()[0]}") from None
        except (OSError, ValueError, RuntimeError) as err:
            # SERVICE calls (when allowed) fail here too: a refused connection, a bad answer
            raise QueryError(f"query failed: {str(err).splitlines()[0] if str(err) else type(err).__name__}") from None
