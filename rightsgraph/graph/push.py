"""Pushing the graph to a SPARQL 1.1 server, one named graph at a time, each replaced atomically.

Each graph is first uploaded to a fresh temporary graph — by the Graph Store Protocol (``PUT``)
or, where the server lacks it, by SPARQL Update ``INSERT DATA`` in chunks — and then switched
into place with one ``MOVE`` request. A push interrupted at any point therefore leaves every
graph on the server either as it was or as it is here, never half-written; the temporary graph
of an interrupted upload is dropped when possible. With only a Graph Store endpoint, each graph
is replaced by a single ``PUT`` (one transaction on servers such as Oxigraph).

Requests are bounded: a timeout on each, a few retries for 429/502/503/504 honouring
``Retry-After`` within a total wait, and credentials from the environment (see
:mod:`rightsgraph.http`), never from the command line.
"""

from __future__ import annotations

import http.client
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from rightsgraph.errors import EndpointError
from rightsgraph.graph.iris import PROVENANCE_GRAPH, SYSTEM_BASE, SYSTEM_GRAPHS
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.ontology import RG
from rightsgraph.http import RETRYABLE, USER_AGENT, NoAnswer, RetryOptions, TooLarge, TooSlow, auth_headers, backoff, connection_failure, fetch, retry_after

_CODEPOINT_ESCAPE = re.compile(rb"\\\\[uU]")
MAX_ANSWER_BYTES = 1024 * 1024
"""Servers answer writes with a status and a short message; anything longer is not read."""


@dataclass
class PushOptions(RetryOptions):
    timeout: float = 60.0
    chunk: int = 20_000
    """Triples per INSERT DATA request, when SPARQL Update carries the data."""
    union: bool = True
    """Also replace the server's default graph with the union (as the local store has it)."""


@dataclass
class PushedGraph:
    graph: str
    triples: int


@dataclass
class PushReport:
    pushed: list[PushedGraph] = field(default_factory=list)
    removed_stale: bool = False
    """Whether graphs rightsgraph had pushed before and this push does not include were removed."""


TEMPORARY_PREFIX = "urn:rightsgraph:push:"
DEFAULT = None
"""Stands for the server's default graph in :meth:`Server.put`."""


class Server:
    """The write side of a SPARQL server: a Graph Store endpoint and/or an Update endpoint."""

    def __init__(self, graph_store: str | None, update: str | None, options: PushOptions | None = None) -> None:
        if not graph_store and not update:
            raise EndpointError("give a Graph Store endpoint (--endpoint) or an Update endpoint (--update)")
        for url in (graph_store, update):
            if url and not url.startswith(("http://", "https://")):
                raise EndpointError(f"'{url}' is not an http(s) URL")
        self.graph_store = graph_store
        self.update_url = update
        self.options = options or PushOptions()
        if self.options.chunk < 1:
            # range() would then step by at least 1 but slice nothing: every graph sent empty.
            raise EndpointError(f"at least one triple per SPARQL Update request (chunk {self.options.chunk})")

    def _send(self, method: str, url: str, body: bytes, content_type: str, *, retry: bool = True) -> None:
        """One request, retried (when ``retry``) on 429/502-504 and dropped connections, within bounds."""
        waited = 0.0
        attempt = 0
        headers = {"Content-Type": content_type, "User-Agent": USER_AGENT, **auth_headers()}

        def again(delay: float | None) -> bool:
            nonlocal waited
            delay = backoff(attempt, self.options.backoff) if delay is None else delay
            if not retry or attempt > self.options.retries or waited + delay > self.options.max_wait:
                return False
            self.options.sleep(delay)
            waited += delay
            return True

        while True:
            attempt += 1
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                answer = fetch(request, self.options.timeout, MAX_ANSWER_BYTES)
            except NoAnswer:
                raise EndpointError(f"{url}: no answer within {self.options.timeout:g} s") from None
            except TooSlow:
                raise EndpointError(f"{url}: no complete answer within {self.options.timeout:g} s") from None
            except TooLarge:
                raise EndpointError(f"{url}: the answer is larger than {MAX_ANSWER_BYTES} bytes") from None
            except urllib.error.URLError as error:
                failure = connection_failure(url, error.reason, self.options.timeout)
                if failure is not None:
                    raise failure from None
                if not again(None):
                    raise EndpointError(f"{url}: the connection broke during the request ({type(error.reason).__name__}), {attempt} attempt(s)") from None
                continue
            except (http.client.HTTPException, ConnectionError) as error:
                if not again(None):
                    raise EndpointError(f"{url}: the connection broke during the request ({type(error).__name__}), {attempt} attempt(s)") from None
                continue
            except OSError as error:
                raise EndpointError(f"{url}: the connection failed ({error})") from None
            if answer.redirect is not None:
                # Followed, the write would lose its body (POST becomes GET) or carry credentials away.
                raise EndpointError(f"{url}: the server redirects (HTTP {answer.status}) to {answer.redirect}; a write is never redirected — give that URL if you trust it")
            if answer.status >= 400:
                if answer.status in RETRYABLE and again(retry_after(answer.headers)):
                    continue
                detail = answer.detail()
                raise EndpointError(f"{url}: HTTP {answer.status} {answer.reason}" + (f": {detail}" if detail else ""))
            return

    def put(self, graph: URIRef | None, ntriples: bytes) -> None:
        """Replace a graph (or the default graph) by the Graph Store Protocol."""
        assert self.graph_store is not None
        query = "default" if graph is None else "graph=" + urllib.parse.quote(str(graph), safe="")
        self._send("PUT", f"{self.graph_store}{'&' if '?' in self.graph_store else '?'}{query}", ntriples, "application/n-triples")

    def update(self, text: str, *, retry: bool = True) -> None:
        assert self.update_url is not None
        body = urllib.parse.urlencode({"update": text}).encode("utf-8")
        self._send("POST", self.update_url, body, "application/x-www-form-urlencoded", retry=retry)

    def insert_data(self, graph: URIRef, lines: list[bytes]) -> None:
        """Add N-Triples lines to a graph with SPARQL Update, in chunks."""
        for line in lines:
            # SPARQL expands \u escapes in the whole request before parsing, strings included.
            if _CODEPOINT_ESCAPE.search(line):
                raise EndpointError("a literal contains a \\u sequence, which SPARQL Update cannot carry safely; push with the Graph Store Protocol (--endpoint)")
        # Blank nodes must arrive in one request (each request makes new ones), and that request
        # is not retried: if its answer were lost, a second one would add a second copy.
        blank = any(line.startswith(b"_:") or b" _:" in line for line in lines)
        chunk = len(lines) if blank else self.options.chunk
        for start in range(0, len(lines), chunk):
            body = b"\n".join(lines[start : start + chunk]).decode("utf-8")
            self.update(f"INSERT DATA {{ GRAPH {graph.n3()} {{\n{body}\n}} }}", retry=not blank)

    def replace(self, graph: URIRef | None, ntriples: bytes) -> None:
        """Replace one graph atomically (see the module docstring)."""
        if self.update_url is None:
            self.put(graph, ntriples)
            return
        temporary = URIRef(f"{TEMPORARY_PREFIX}{uuid.uuid4()}")
        try:
            if self.graph_store is not None:
                self.put(temporary, ntriples)
            else:
                self.insert_data(temporary, [line for line in ntriples.splitlines() if line.strip()])
        except BaseException:
            self._drop_quietly(temporary)
            raise
        destination = "DEFAULT" if graph is None else f"GRAPH {graph.n3()}"
        # Not retried: if the answer is lost the switch may have happened; the graph is then new.
        self.update(f"MOVE SILENT GRAPH {temporary.n3()} TO {destination}", retry=False)

    def _drop_quietly(self, graph: URIRef) -> None:
        try:
            self.update(f"DROP SILENT GRAPH {graph.n3()}", retry=False)
        except EndpointError:
            pass


def graph_ntriples(kg: KnowledgeGraph, graph: URIRef | None) -> tuple[bytes, int]:
    """A graph of the store (or its default graph, the union) as N-Triples, and its size."""
    name = ox.DefaultGraph() if graph is None else ox.NamedNode(str(graph))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kg.store.quads_for_pattern(None, None, None, name)]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", len(triples)


def stale_graphs_update(kept: Iterable[URIRef]) -> str:
    """An update emptying the graphs rightsgraph owns on a server that are not in ``kept``.

    rightsgraph owns its system graphs, its temporary push graphs, and every graph the server's
    provenance graph describes as a fact graph (a previous push put them there); any other
    graph on the server is someone else's and is left alone.
    """
    keep = ", ".join(g.n3() for g in sorted(set(kept))) or "<urn:rightsgraph:none>"
    return f"""
        DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }}
        WHERE {{
          GRAPH ?g {{ ?s ?p ?o }}
          FILTER (?g NOT IN ({keep}))
          FILTER (STRSTARTS(STR(?g), "{SYSTEM_BASE}") || STRSTARTS(STR(?g), "{TEMPORARY_PREFIX}")
                  || EXISTS {{ GRAPH {PROVENANCE_GRAPH.n3()} {{ ?g a {RG.FactGraph.n3()} }} }})
        }}"""


def push(kg: KnowledgeGraph, server: Server, graphs: Iterable[URIRef] | None = None, progress: Callable[[str, int], None] | None = None) -> PushReport:
    """Send every named graph (and the union, as the default graph), one at a time.

    A whole push (``graphs`` not given) through an Update endpoint then removes the graphs
    rightsgraph had pushed that this push does not include (see :func:`stale_graphs_update`), once
    the new fact graphs are in place and before the provenance graph that names them is replaced.
    """
    report = PushReport()
    named: list[URIRef] = list(graphs if graphs is not None else kg.graphs())
    facts, last = push_order(named, server.options.union)
    for fact_graph in facts:
        _send_graph(kg, server, fact_graph, report, progress)
    if graphs is None and server.update_url is not None:
        # Retried: removing the same graphs a second time leaves the server as once does.
        server.update(stale_graphs_update(named))
        report.removed_stale = True
    for graph in last:
        _send_graph(kg, server, graph, report, progress)
    return report


def push_order(graphs: list[URIRef], union: bool) -> tuple[list[URIRef], list[URIRef | None]]:
    """The fact graphs, sent first; then the system graphs and the default graph (``None``)."""
    last: list[URIRef | None] = [g for g in graphs if g in SYSTEM_GRAPHS]
    return [g for g in graphs if g not in SYSTEM_GRAPHS], last + ([DEFAULT] if union else [])


def _send_graph(kg: KnowledgeGraph, server: Server, graph: URIRef | None, report: PushReport, progress: Callable[[str, int], None] | None) -> None:
    data, size = graph_ntriples(kg, graph)
    if size == 0:
        return
    server.replace(graph, data)
    label = "the default graph (union)" if graph is None else str(graph)
    report.pushed.append(PushedGraph(label, size))
    if progress:
        progress(label, size)
