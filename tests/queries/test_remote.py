"""The query library on a real Oxigraph server, and the client's behaviour with bad endpoints."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal

from rightsgraph.build import build
from rightsgraph.errors import EndpointError, QueryError
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import Endpoint, EndpointOptions, LocalTarget, QueryResult, load_library, run_query
from tests.servers import OxigraphServer, Reply, ScriptedHTTPServer

PARAMETERS: dict[str, dict[str, object]] = {
    "timeline-of-person": {"person": "Mukhtar Dzhakishev"},
    "actor-profile": {"actor": "Iskander Yerimbetov"},
    "sources-of-fact": {"record": "mukhtar-dzhakishev", "property": "citizenship"},
    "single-source-facts": {"record": "release-of-mukhtar-dzhakishev"},
    "documents-about-country": {"country": "Kazakhstan"},
    "events-in-range": {"from": "2019", "to": "2020-03"},
}


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    workdir = tmp_path_factory.mktemp("oxigraph")
    result = build(None, workdir / "out")
    with OxigraphServer([result.out_dir / "graph.trig", result.out_dir / "graph.ttl"], workdir) as server:
        yield server


def comparable(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows as sorted tuples; GROUP_CONCAT cells compared as sets (their order is not defined)."""
    rows = []
    for row in result.rows:
        cells = []
        for name in result.variables:
            value = row.get(name)
            if isinstance(value, Literal) and "; " in str(value):
                value = Literal("; ".join(sorted(str(value).split("; "))), lang=value.language, datatype=value.datatype)
            cells.append("" if value is None else value.n3())
        rows.append(tuple(cells))
    return sorted(rows)


@pytest.mark.server
@pytest.mark.parametrize("name", sorted(load_library()))
def test_remote_and_local_agree(builtin_kg: KnowledgeGraph, oxigraph: OxigraphServer, name: str) -> None:
    params = PARAMETERS.get(name, {})
    local = run_query(LocalTarget(builtin_kg), name, params)
    remote = run_query(Endpoint(oxigraph.query_url), name, params)
    assert local.variables == remote.variables
    assert len(local.rows) > 0
    assert comparable(remote) == comparable(local)


ALL_FACTS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.server
@pytest.mark.parametrize("order", ["", " ORDER BY ?g ?s ?p ?o"])
def test_paging_over_many_pages_loses_no_row(builtin_kg: KnowledgeGraph, oxigraph: OxigraphServer, order: str) -> None:
    """Ordered or not, small pages return every row once: as many as the server counts, the same as the local graph."""
    (count,) = Endpoint(oxigraph.query_url).run("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    expected = int(count["n"].toPython())
    page_size = 97
    assert expected > 10 * page_size, "the test needs many pages"
    paged = Endpoint(oxigraph.query_url, EndpointOptions(page_size=page_size)).run(ALL_FACTS + order)
    assert len(paged.rows) == expected
    local = LocalTarget(builtin_kg).run(ALL_FACTS + order)
    assert comparable(paged) == comparable(local)
    if order:
        assert [tuple(row.values()) for row in paged.rows] == [tuple(row.values()) for row in local.rows]


@pytest.mark.server
def test_requests_are_polite(oxigraph: OxigraphServer) -> None:
    """POST, a descriptive agent, content negotiation: checked on a recording server."""
    body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}).encode()
    with ScriptedHTTPServer([Reply(200, body, {"Content-Type": "application/sparql-results+json"})]) as server:
        result = Endpoint(server.url).run("SELECT ?x WHERE { ?s ?p ?x }")
    assert result.values("x") == ["1"]
    (seen,) = server.requests
    assert seen.method == "POST"
    assert seen.headers["User-Agent"].startswith("rightsgraph/")
    assert "application/sparql-results+json" in seen.headers["Accept"]
    assert "format=" not in seen.path and b"format=" not in seen.body


def test_429_retry_after_is_honoured() -> None:
    ok = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()
    waits: list[float] = []
    script = [Reply(429, b"slow down", {"Retry-After": "2"}), Reply(200, ok, {"Content-Type": "application/sparql-results+json"})]
    with ScriptedHTTPServer(script) as server:
        result = Endpoint(server.url, EndpointOptions(sleep=waits.append)).run("SELECT ?x WHERE { ?s ?p ?x }")
    assert result.rows == [] and waits == [2.0] and len(server.requests) == 2


def test_429_asking_too_long_a_wait_fails_at_once() -> None:
    waits: list[float] = []
    with ScriptedHTTPServer([Reply(429, b"", {"Retry-After": "3600"})]) as server:
        with pytest.raises(EndpointError, match="asks to wait 3600 s"):
            Endpoint(server.url, EndpointOptions(sleep=waits.append, max_wait=60)).run("ASK {}")
    assert waits == [] and len(server.requests) == 1


def test_503_is_retried_a_bounded_number_of_times() -> None:
    waits: list[float] = []
    with ScriptedHTTPServer([Reply(503, b"busy")]) as server:
        with pytest.raises(EndpointError, match="HTTP 503"):
            Endpoint(server.url, EndpointOptions(sleep=waits.append, retries=3)).run("ASK {}")
    assert len(server.requests) == 4 and waits == [0.5, 1.0, 2.0]


def test_refused_connection(tmp_path: Path) -> None:
    from tests.servers import free_port

    with pytest.raises(EndpointError, match="cannot connect"):
        Endpoint(f"http://127.0.0.1:{free_port()}/sparql", EndpointOptions(timeout=2)).run("ASK {}")


def test_server_error_and_bad_query() -> None:
    with ScriptedHTTPServer([Reply(500, b"internal error")]) as server:
        with pytest.raises(EndpointError, match="500|Internal"):
            Endpoint(server.url).run("ASK {}")
    with ScriptedHTTPServer([Reply(400, b"Parse error at line 1")]) as server:
        with pytest.raises(QueryError, match="malformed"):
            Endpoint(server.url).run("ASK {}")


def test_slow_endpoint_times_out() -> None:
    with ScriptedHTTPServer([Reply(200, b"{}", delay=3)]) as server:
        with pytest.raises(EndpointError, match="no answer within 1 s"):
            Endpoint(server.url, EndpointOptions(timeout=1)).run("ASK {}")


def test_not_sparql_json() -> None:
    with ScriptedHTTPServer([Reply(200, b"<html>hello</html>", {"Content-Type": "text/html"})]) as server:
        with pytest.raises(EndpointError, match="not SPARQL JSON"):
            Endpoint(server.url).run("SELECT ?x WHERE { ?s ?p ?x }")


SELECT_OK = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "v"}}]}}).encode()
JSON_TYPE = {"Content-Type": "application/sparql-results+json"}


def test_connection_dropped_half_way_is_retried() -> None:
    waits: list[float] = []
    script = [Reply(200, SELECT_OK, JSON_TYPE, drop=True), Reply(200, SELECT_OK, JSON_TYPE)]
    with ScriptedHTTPServer(script) as server:
        result = Endpoint(server.url, EndpointOptions(sleep=waits.append)).run("SELECT ?x WHERE { ?s ?p ?x }")
    assert [str(r["x"]) for r in result.rows] == ["v"]
    assert len(server.requests) == 2 and waits == [0.5]


def test_connection_dropped_every_time_fails_after_bounded_attempts() -> None:
    waits: list[float] = []
    with ScriptedHTTPServer([Reply(200, SELECT_OK, JSON_TYPE, drop=True)]) as server:
        with pytest.raises(EndpointError, match=r"connection broke during the answer \(IncompleteRead\) \(gave up after 3 attempts\)"):
            Endpoint(server.url, EndpointOptions(sleep=waits.append, retries=2)).run("SELECT ?x WHERE { ?s ?p ?x }")
    assert len(server.requests) == 3 and waits == [0.5, 1.0]


def test_trickling_answer_hits_the_deadline() -> None:
    """A server sending a byte every 0.2 s never trips a 1 s socket timeout; the deadline stops it."""
    started = time.monotonic()
    with ScriptedHTTPServer([Reply(200, SELECT_OK, JSON_TYPE, trickle=0.2)]) as server:
        with pytest.raises(EndpointError, match="did not arrive in full within 1 s"):
            Endpoint(server.url, EndpointOptions(timeout=1)).run("SELECT ?x WHERE { ?s ?p ?x }")
    assert time.monotonic() - started < 5
