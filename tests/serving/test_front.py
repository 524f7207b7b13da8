"""The front server of ``serve``: Host checks, no outbound calls, guarded writes, size limits,
and a route table other services can extend — each tried against a real Oxigraph behind it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from rightsgraph.build import build
from rightsgraph.serving import FrontServer, Policy, Request, Response, RouteTable, sparql_server
from tests.servers import Reply, ScriptedHTTPServer, free_port, stop_process

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def call(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def quad_count(base: str) -> int:
    status, body = call(f"{base}/query?" + urllib.parse.urlencode({"query": COUNT}), headers={"Accept": "text/csv"})
    assert status == 200, body
    return int(body.decode().split()[1])


def form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serving") / "store"
    build(None, None, store=path)
    return path


@pytest.fixture
def writable_copy(store: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    return copy


@pytest.fixture(scope="module")
def served(store: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``rightsgraph serve --writable`` as a user starts it, with a token from the environment."""
    port = free_port()
    environment = {**os.environ, "RIGHTSGRAPH_SERVE_TOKEN": "a-token-for-tests"}
    process = subprocess.Popen([sys.executable, "-m", "rightsgraph.cli", "serve", "--store", str(store), "--port", str(port), "--writable"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
    yield base, process
    stop_process(process, grace=20)


def test_serve_answers_only_to_its_own_host_names(served: tuple[str, subprocess.Popen[bytes]]) -> None:
    base, _ = served
    ask = "/query?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
    port = base.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST.:{port}"):
        assert call(base + ask, headers={"Host": host}) == (200, b'{"head":{},"boolean":true}')
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{int(port) + 1}", f"localhost.evil.example:{port}"):
        status, body = call(base + ask, headers={"Host": host})
        assert status == 421 and b"unknown Host" in body, host


@pytest.mark.parametrize("kind", ["GET", "POST form", "POST body"])
def test_serve_refuses_service_and_contacts_nobody(kind: str, served: tuple[str, subprocess.Popen[bytes]]) -> None:
    base, _ = served
    with ScriptedHTTPServer([Reply(200, b'{"head":{"vars":[]},"results":{"bindings":[]}}', {"Content-Type": "application/sparql-results+json"})]) as victim:
        query = f"SELECT * WHERE {{ SERVICE <{victim.url}> {{ ?s ?p ?o }} }}"
        if kind == "GET":
            status, body = call(f"{base}/query?" + urllib.parse.urlencode({"query": query}))
        elif kind == "POST form":
            status, body = call(f"{base}/query", data=form(query=query))
        else:
            status, body = call(f"{base}/query", data=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 403, body
    assert body.decode().startswith(f"SERVICE <{victim.url}>: the query would contact another server")
    assert victim.requests == []


def test_serve_refuses_load_from_a_url_even_with_the_token(served: tuple[str, subprocess.Popen[bytes]]) -> None:
    base, _ = served
    with ScriptedHTTPServer([Reply(200, b"<a:b> <a:c> <a:d> .", {"Content-Type": "application/n-triples"})]) as victim:
        status, body = call(f"{base}/update", data=f"LOAD <{victim.url}>".encode(), headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer a-token-for-tests"})
    assert status == 403 and b"LOAD" in body
    assert victim.requests == []


def test_forged_cross_origin_drop_all_leaves_the_store_intact(served: tuple[str, subprocess.Popen[bytes]]) -> None:
    base, _ = served
    before = quad_count(base)
    assert before > 1000
    forged = [
        {"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"},
        {"Origin": "null", "Content-Type": "application/x-www-form-urlencoded"},
        {"Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "text/plain"},
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Bearer a-wrong-token"},
    ]
    for headers in forged:
        status, body = call(f"{base}/update", data=form(update="DROP ALL"), headers=headers)
        assert status == 403, (headers, body)
    status, body = call(f"{base}/store?default", data=b"", headers={"Origin": "http://evil.example"}, method="DELETE")
    assert status == 403, body
    assert quad_count(base) == before


def test_same_origin_and_token_writes_pass(served: tuple[str, subprocess.Popen[bytes]]) -> None:
    base, _ = served
    before = quad_count(base)
    insert = "INSERT DATA { GRAPH <urn:test:g> { <urn:test:a> <urn:test:p> 'x' } }"
    status, body = call(f"{base}/update", data=form(update=insert), headers={"Origin": base, "Sec-Fetch-Site": "same-origin"})
    assert status == 204, body
    assert quad_count(base) == before + 1
    status, body = call(f"{base}/update", data=form(update="DROP GRAPH <urn:test:g>"), headers={"Authorization": "Bearer a-token-for-tests"})
    assert status == 204, body
    assert quad_count(base) == before


def test_a_read_only_server_refuses_writes_at_the_front(store: Path) -> None:
    with sparql_server(store, Policy("127.0.0.1", 0)) as front:
        status, body = call(front.policy.base + "/update", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body


def test_request_bodies_are_bounded(writable_copy: Path) -> None:
    with sparql_server(writable_copy, Policy("127.0.0.1", 0, writable=True, max_query_bytes=1000, max_upload_bytes=5000)) as front:
        base = front.policy.base
        big_query = "ASK { ?s ?p ?o } #" + "x" * 2000
        status, body = call(f"{base}/query", data=big_query.encode(), headers={"Content-Type": "application/sparql-query"})
        assert status == 413, body
        upload = b'<urn:a> <urn:b> "c" .\n' * 1000
        status, body = call(f"{base}/store?graph=urn:test:g", data=upload, headers={"Content-Type": "application/n-triples"}, method="PUT")
        assert status == 413, body
        status, body = call(f"{base}/store?graph=urn:test:g", data=upload[: 22 * 100], headers={"Content-Type": "application/n-triples"}, method="PUT")
        assert status in (201, 204), body


def test_other_services_mount_routes_with_the_same_checks(store: Path) -> None:
    """A service whose POSTs only read (as a reconciliation API) says so, and runs on a read-only server."""
    seen: list[Request] = []

    def reconcile(request: Request) -> Response:
        seen.append(request)
        return Response.json(200, {"queries": request.param("queries")})

    routes = RouteTable()
    routes.mount("/reconcile", reconcile, is_write=lambda request: False)
    with sparql_server(store, Policy("127.0.0.1", 0), routes) as front:
        base = front.policy.base
        assert call(f"{base}/reconcile", data=form(queries='{"q0": {"query": "Dzhakishev"}}')) == (200, b'{"queries": "{\\"q0\\": {\\"query\\": \\"Dzhakishev\\"}}"}')
        assert call(f"{base}/reconcile/preview?id=x")[0] == 200
        assert call(f"{base}/reconcile", headers={"Host": "evil.example"})[0] == 421
        assert call(f"{base}/query?query=ASK%7B%7D")[0] == 200  # SPARQL still owns the rest
    assert [r.path for r in seen] == ["/reconcile", "/reconcile/preview"]


def test_a_failing_handler_answers_500_without_details() -> None:
    def broken(request: Request) -> Response:
        raise RuntimeError("secret detail")

    routes = RouteTable()
    routes.mount("/broken", broken)
    with FrontServer(routes, Policy("127.0.0.1", 0)) as front:
        assert call(front.policy.base + "/broken") == (500, b"internal error\n")
        assert call(front.policy.base + "/elsewhere")[0] == 404


def test_route_prefixes_are_unique_and_absolute() -> None:
    routes = RouteTable()
    routes.mount("/a/", lambda request: Response.text(200, "a"))
    with pytest.raises(ValueError):
        routes.mount("/a", lambda request: Response.text(200, "again"))
    with pytest.raises(ValueError):
        routes.mount("b", lambda request: Response.text(200, "b"))
    assert routes.prefixes == ["/a"]


@pytest.mark.parametrize(
    ("bound", "header", "allowed"),
    [
        ("127.0.0.1", "127.0.0.1:7878", True),
        ("127.0.0.1", "[::1]:7878", True),
        ("127.0.0.1", "localhost", False),  # port 80 implied
        ("127.0.0.1", "127.0.0.1:7878:1", False),
        ("::1", "[::1]:7878", True),
        ("0.0.0.0", "192.0.2.7:7878", True),  # a typed address cannot be rebound
        ("0.0.0.0", "rebind.example:7878", False),
        ("192.0.2.7", "192.0.2.7:7878", True),
        ("192.0.2.7", "localhost:7878", False),
        ("127.0.0.1", "", False),
    ],
)
def test_host_header_names(bound: str, header: str, allowed: bool) -> None:
    assert Policy(bound, 7878).host_allowed(header) is allowed
