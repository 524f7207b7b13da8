"""How a push answers broken connections and bad settings: a connection reset while the data is
being sent is tried again and the data arrives whole; any other failure of the connection is an
:class:`EndpointError` naming the URL (the CLI's one-line message, exit status 2); the removal of
stale graphs is retried like any other idempotent request; a chunk size that would send no
triples is refused; the default request timeout is the documented one.

Quick tests, in process (see ``test_push_protocol.py`` for the server they push to).
"""

from __future__ import annotations

import errno
import re
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from rightsgraph.errors import EndpointError
from rightsgraph.graph import push as push_module
from rightsgraph.graph.push import PushOptions, Server, push
from tests.security.test_push_protocol import EX, FACTS_A, FakeServer, assert_holds, small_graph
from tests.servers import DroppingProxy, Reply, Seen

README = Path(__file__).resolve().parents[2] / "README.md"
LARGE = 24 * 1024
"""Triples of about 1 kB each: a request that cannot sit whole in the sockets' buffers (a few MB
on loopback), so a reset reaches the client while it is still sending."""


def large_graph() -> bytes:
    return "".join(f'<{EX}s> <{EX}p> "{i} {"x" * 1000}" .\n' for i in range(LARGE)).encode()


def test_a_connection_reset_while_sending_is_tried_again_and_the_data_arrives() -> None:
    slept: list[float] = []
    with FakeServer() as server, DroppingProxy(server.http.port, cut=lambda n: n == 1, keep=0) as proxy:
        Server(f"{proxy.base}/store", None, PushOptions(sleep=slept.append)).put(FACTS_A, large_graph())
        assert (proxy.connections, proxy.cuts) == (2, 1)
    assert slept == [0.5], "one wait, as the backoff prescribes for a first retry"
    assert sum(1 for _ in server.store.quads_for_pattern(None, None, None, ox.NamedNode(str(FACTS_A)))) == LARGE


def test_a_connection_reset_while_sending_stops_the_push_once_retries_are_spent() -> None:
    with FakeServer() as server, DroppingProxy(server.http.port, cut=lambda n: True, keep=0) as proxy:
        with pytest.raises(EndpointError, match=r"/store\?graph=.*: the connection broke during the request \((ConnectionResetError|BrokenPipeError)\), 1 attempt\(s\)$"):
            Server(f"{proxy.base}/store", None, PushOptions(retries=0, sleep=lambda s: None)).put(FACTS_A, large_graph())
        assert proxy.connections == 1
    assert server.graphs() == set()


@pytest.mark.parametrize("failure", [OSError(errno.EHOSTUNREACH, "No route to host"), OSError("the TLS connection ended abruptly")])
def test_any_other_failure_of_the_connection_is_an_endpoint_error_naming_the_url(monkeypatch: pytest.MonkeyPatch, failure: OSError) -> None:
    """An OS error that is neither a reset nor a timeout (a host unreachable half-way, a TLS
    failure) is not retried and reaches the user as one line naming the endpoint, not a traceback."""
    tried: list[str] = []

    def failing_fetch(request: urllib.request.Request, seconds: float, limit: int) -> None:
        tried.append(request.full_url)
        raise failure

    monkeypatch.setattr(push_module, "fetch", failing_fetch)
    with pytest.raises(EndpointError, match=rf"^http://127\.0\.0\.1:9/update: the connection failed \({re.escape(str(failure))}\)$"):
        Server(None, "http://127.0.0.1:9/update", PushOptions(sleep=lambda s: None)).update("CLEAR ALL")
    assert tried == ["http://127.0.0.1:9/update"], "tried once"


def test_the_removal_of_stale_graphs_is_retried_like_any_idempotent_request() -> None:
    """Removing the same stale graphs twice leaves the server as removing them once does, so a
    transient failure of that request must not stop a push whose fact graphs are already new."""
    kg = small_graph()
    deletes: list[int] = []

    def refuse_the_first_removal(seen: Seen, n: int) -> Reply | None:
        if b"DELETE" in seen.body:
            deletes.append(n)
            return Reply(503) if len(deletes) == 1 else None
        return None

    slept: list[float] = []
    with FakeServer(refuse_the_first_removal) as server:
        server.store.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("old"), ox.NamedNode(EX + "graph/stale")))
        server.store.add(ox.Quad(ox.NamedNode(EX + "graph/stale"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(str(push_module.RG.FactGraph)), ox.NamedNode(str(push_module.PROVENANCE_GRAPH))))
        report = push(kg, Server(server.store_url, server.update_url, PushOptions(sleep=slept.append)))
    assert len(deletes) == 2 and slept == [0.5]
    assert report.removed_stale
    assert_holds(server, kg)


@pytest.mark.parametrize("chunk", [0, -1])
def test_a_chunk_size_that_sends_no_triples_is_refused_before_anything_is_sent(chunk: int) -> None:
    """A chunk of 0 once sent every graph as empty INSERT DATA requests, and the MOVE then replaced
    the server's graph with nothing."""
    with FakeServer() as server:
        with pytest.raises(EndpointError, match=rf"^at least one triple per SPARQL Update request \(chunk {chunk}\)$"):
            push(small_graph(), Server(None, server.update_url, PushOptions(chunk=chunk)))
    assert server.http.requests == []


def test_a_chunk_of_one_triple_is_accepted() -> None:
    kg = small_graph()
    with FakeServer() as server:
        push(kg, Server(None, server.update_url, PushOptions(chunk=1)), graphs=[FACTS_A, URIRef(str(push_module.PROVENANCE_GRAPH))])
    assert server.graphs() == {str(FACTS_A), str(push_module.PROVENANCE_GRAPH)}


def test_the_default_request_timeout_is_the_documented_one() -> None:
    """The README tells users how long a push waits for each answer; the library's default and the
    command's ``--timeout`` default are that value."""
    from rightsgraph.cli.serve import push as push_command

    readme = " ".join(README.read_text(encoding="utf-8").split())
    documented = re.search(r"Each request of a push waits at most (\d+) s for its whole answer \(`--timeout`\)", readme)
    assert documented is not None, "the README documents the push's timeout"
    option = next(param for param in push_command.params if param.name == "timeout")
    assert PushOptions().timeout == option.default == float(documented.group(1))
