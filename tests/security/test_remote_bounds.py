"""Remote calls: redirects are never followed (no credentials carried away, no write lost), and
every answer — headers, body, error body, pages — is bounded in time and size."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Callable

import pytest
from click.testing import Result

from rightsgraph.errors import EndpointError
from rightsgraph.graph.push import PushOptions, Server
from rightsgraph.queries import Endpoint, EndpointOptions
from tests.servers import Reply, ScriptedHTTPServer, Seen

TOKEN = "a-secret-bearer-token"
JSON_TYPE = {"Content-Type": "application/sparql-results+json"}
EMPTY = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()
CASE = """\
sources:
  - {id: src, title: A test source, summary: A source written for a test., locator: "test, line 1"}
actors:
  - {id: ana, type: Person, name: Ana Example, sources: [src]}
"""


def rows(count: int) -> bytes:
    return json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": str(i)}} for i in range(count)]}}).encode()


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("RIGHTSGRAPH_ENDPOINT_USER", raising=False)
    monkeypatch.setenv("RIGHTSGRAPH_ENDPOINT_TOKEN", TOKEN)
    return TOKEN


def test_a_query_is_not_redirected_and_the_token_stays_home(token: str) -> None:
    with ScriptedHTTPServer([Reply(200, EMPTY, JSON_TYPE)]) as elsewhere:
        with ScriptedHTTPServer([Reply(302, b"", {"Location": elsewhere.url})]) as endpoint:
            with pytest.raises(EndpointError) as raised:
                Endpoint(endpoint.url, EndpointOptions(timeout=5)).run("SELECT ?x WHERE { ?s ?p ?x }")
    assert str(raised.value) == f"{endpoint.url}: the endpoint redirects (HTTP 302) to {elsewhere.url}; not followed — give that URL as the endpoint if you trust it"
    assert elsewhere.requests == []
    assert endpoint.requests[0].headers["Authorization"] == f"Bearer {token}"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_push_through_a_redirect_fails_and_writes_nothing(status: int, token: str, cli: Callable[..., Result], write_case: Callable[[str, str], object]) -> None:
    case = write_case(CASE, "case.yaml")
    with ScriptedHTTPServer([Reply(204)]) as elsewhere:
        with ScriptedHTTPServer([Reply(status, b"", {"Location": elsewhere.url})]) as endpoint:
            result = cli("push", "--update", endpoint.url, "--input", case)
    assert result.exit_code == 2, result.output
    assert f"redirects (HTTP {status}) to {elsewhere.url}" in result.stderr
    assert "Pushed" not in result.stdout
    assert elsewhere.requests == []


def test_trickled_headers_hit_the_deadline() -> None:
    started = time.monotonic()
    with ScriptedHTTPServer([Reply(200, EMPTY, JSON_TYPE, trickle_headers=0.3)]) as slow:
        with pytest.raises(EndpointError, match="no answer within 1 s"):
            Endpoint(slow.url, EndpointOptions(timeout=1)).run("SELECT ?x WHERE { ?s ?p ?x }")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("status", [400, 404, 500])
def test_a_trickled_error_body_hits_the_deadline(status: int) -> None:
    started = time.monotonic()
    with ScriptedHTTPServer([Reply(status, b"error " * 100, trickle=0.3)]) as slow:
        with pytest.raises(EndpointError, match="did not arrive in full within 1 s"):
            Endpoint(slow.url, EndpointOptions(timeout=1)).run("ASK {}")
    assert time.monotonic() - started < 5


def test_a_push_with_a_trickled_error_body_hits_the_deadline() -> None:
    started = time.monotonic()
    with ScriptedHTTPServer([Reply(500, b"error " * 100, trickle=0.3)]) as slow:
        with pytest.raises(EndpointError, match="no complete answer within 1 s"):
            Server(slow.url, None, PushOptions(timeout=1)).put(None, b"<urn:a> <urn:b> <urn:c> .\n")
    assert time.monotonic() - started < 5


def test_a_large_error_body_is_read_only_in_part() -> None:
    with ScriptedHTTPServer([Reply(500, b"x" * 10_000_000 + b"\nthe real reason")]) as server:
        with pytest.raises(EndpointError) as raised:
            Endpoint(server.url, EndpointOptions(timeout=10)).run("ASK {}")
    assert str(raised.value) == f"{server.url}: HTTP 500 Internal Server Error: " + "x" * 200


def test_an_endpoint_that_ignores_limit_is_not_paged() -> None:
    with ScriptedHTTPServer([Reply(200, rows(120), JSON_TYPE)]) as server:
        with pytest.raises(EndpointError, match="asked for 50 rows, got 120: the endpoint ignores LIMIT"):
            Endpoint(server.url, EndpointOptions(page_size=50)).run("SELECT ?x WHERE { ?s ?p ?x }")
    assert len(server.requests) == 1


def test_an_endpoint_that_ignores_offset_stops_at_the_row_cap() -> None:
    """Full pages without end (OFFSET ignored) stop at the row cap, not when memory runs out."""
    with ScriptedHTTPServer([Reply(200, rows(50), JSON_TYPE)]) as server:
        with pytest.raises(EndpointError, match="more than 1,000 rows; add a LIMIT"):
            Endpoint(server.url, EndpointOptions(page_size=50, max_rows=1000)).run("SELECT ?x WHERE { ?s ?p ?x }")
    assert len(server.requests) == 21


def test_pages_within_the_cap_are_all_read() -> None:
    def page(seen: Seen) -> Reply:
        text = urllib.parse.unquote_plus(seen.body.decode())
        return Reply(200, rows(50 if "OFFSET 0" in text or "OFFSET 50" in text else 7), JSON_TYPE)

    with ScriptedHTTPServer(page) as server:
        result = Endpoint(server.url, EndpointOptions(page_size=50, max_rows=1000)).run("SELECT ?x WHERE { ?s ?p ?x }")
    assert len(result.rows) == 107 and len(server.requests) == 3
