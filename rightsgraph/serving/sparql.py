"""The SPARQL routes: Oxigraph's server on an internal loopback port, behind the front server.

Every query and update is parsed before it is forwarded; one that would make the engine contact
another server (``SERVICE``, ``LOAD``) is refused with status 403. The token, if any, stays
with the front server; Oxigraph never sees it.
"""

from __future__ import annotations

import http.client
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rightsgraph.errors import QueryError, StoreError
from rightsgraph.graph.serve import oxigraph_binary
from rightsgraph.queries.outbound import Kind, OutboundCallError, refuse_outbound
from rightsgraph.serving.front import HOP_BY_HOP
from rightsgraph.serving.routes import SAFE_METHODS, Request, Response

START_TIMEOUT = 60.0
UPSTREAM_TIMEOUT = 600.0
"""Seconds the front server waits on Oxigraph for each read (queries have their own deadline)."""
DROPPED_HEADERS = HOP_BY_HOP | {"host", "authorization", "content-length", "origin", "referer", "cookie"}


def sparql_texts(request: Request) -> list[tuple[Kind, str]]:
    """Every query and update a request carries, in a parameter or as its body."""
    texts: list[tuple[Kind, str]] = []
    params = request.params()
    texts += [("query", text) for text in params.get("query", [])]
    texts += [("update", text) for text in params.get("update", [])]
    if request.content_type == "application/sparql-query":
        texts.append(("query", request.body.decode("utf-8", "replace")))
    elif request.content_type == "application/sparql-update":
        texts.append(("update", request.body.decode("utf-8", "replace")))
    return texts


def is_sparql_write(request: Request) -> bool:
    """Updates and Graph Store changes write; a POSTed query only reads."""
    return request.method not in SAFE_METHODS and request.path != "/query"


@dataclass
class OxigraphUpstream:
    """``oxigraph serve`` (or ``serve-read-only``) on 127.0.0.1:``port``, started and stopped here."""

    store: Path
    port: int
    writable: bool = False
    query_timeout: float | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def command(self) -> list[str]:
        command = [oxigraph_binary(), "serve" if self.writable else "serve-read-only", "--location", str(self.store), "--bind", f"127.0.0.1:{self.port}"]
        if self.query_timeout:
            command += ["--timeout-s", str(max(1, round(self.query_timeout)))]
        return command

    def start(self) -> OxigraphUpstream:
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = self.process.stderr.read().decode("utf-8", "replace").strip().splitlines() if self.process.stderr else []
                raise StoreError(f"the Oxigraph server did not start: {message[-1] if message else 'status ' + str(self.process.returncode)}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/query?query=ASK%7B%7D", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise StoreError(f"the Oxigraph server did not answer within {START_TIMEOUT:g} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> OxigraphUpstream:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def handle(self, request: Request) -> Response:
        """The route handler: check the SPARQL a request carries, then forward it to Oxigraph."""
        for kind, text in sparql_texts(request):
            try:
                refuse_outbound(text, kind, hint="")
            except OutboundCallError as error:
                return Response.text(403, str(error))
            except QueryError as error:
                return Response.text(400, str(error))
        return self.forward(request)

    def forward(self, request: Request) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=UPSTREAM_TIMEOUT)
        headers = {name: value for name, value in request.headers.items() if name not in DROPPED_HEADERS}
        target = request.path + (f"?{request.query}" if request.query else "")
        connection.request(request.method, target, body=request.body or None, headers=headers)
        answer = connection.getresponse()
        kept = {name: value for name, value in answer.getheaders() if name.lower() not in HOP_BY_HOP | {"content-length"}}

        def stream() -> Iterator[bytes]:
            try:
                while part := answer.read1(64 * 1024):
                    yield part
            finally:
                connection.close()

        return Response(answer.status, kept, stream())
