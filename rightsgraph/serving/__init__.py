"""Serving a store over HTTP: a checking front server, with SPARQL behind it and room for more.

The front server (:mod:`~rightsgraph.serving.front`) answers on the address a user chose and
checks every request (``Host``, body size, who may write; see :mod:`~rightsgraph.serving.policy`)
before the route owning its path (:mod:`~rightsgraph.serving.routes`) sees it. :func:`sparql_server`
mounts Oxigraph's SPARQL server, running on an internal loopback port, at ``/``; another service
mounts its own prefix on the same :class:`RouteTable` before the server starts:

>>> import urllib.request
>>> from rightsgraph.build import build
>>> import tempfile, pathlib
>>> store = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> _ = build(None, None, store=store)
>>> with sparql_server(store, Policy("127.0.0.1", 0)) as front:
...     urllib.request.urlopen(front.policy.base + "/query?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D").read()
b'{"head":{},"boolean":true}'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rightsgraph.serving.front import FrontServer
from rightsgraph.serving.policy import Policy
from rightsgraph.serving.routes import Handler, Request, Response, Route, RouteTable
from rightsgraph.serving.sparql import OxigraphUpstream, is_sparql_write

__all__ = ["FrontServer", "Handler", "OxigraphUpstream", "Policy", "Request", "Response", "Route", "RouteTable", "free_loopback_port", "sparql_server"]


def free_loopback_port() -> int:
    """A port free on 127.0.0.1 now (for the internal Oxigraph server)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def sparql_server(store: Path, policy: Policy, routes: RouteTable | None = None, *, query_timeout: float | None = None) -> Iterator[FrontServer]:
    """Oxigraph serving ``store`` behind a front server with ``policy``, running until the block ends.

    ``routes`` may already hold other services; SPARQL takes ``/`` (every path no other route owns).
    """
    table = routes if routes is not None else RouteTable()
    with OxigraphUpstream(store, free_loopback_port(), writable=policy.writable, query_timeout=query_timeout) as upstream:
        table.mount("/", upstream.handle, is_write=is_sparql_write)
        with FrontServer(table, policy) as front:
            yield front
