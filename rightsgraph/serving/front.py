"""The front server: checks every request, then hands it to the route that owns its path.

Before any handler runs, a request must name this server in ``Host``, declare its body length
(no chunked uploads) within the policy's limit, and, if it writes, pass the write check of
:class:`~rightsgraph.serving.policy.Policy`. Refusals are plain-text lines with a 4xx status.

>>> from rightsgraph.serving.routes import Response, RouteTable
>>> import urllib.request
>>> table = RouteTable()
>>> table.mount("/ping", lambda request: Response.text(200, "pong"))
>>> with FrontServer(table, Policy("127.0.0.1", 0)) as front:
...     urllib.request.urlopen(front.policy.base + "/ping").read()
b'pong\\n'
"""

from __future__ import annotations

import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from rightsgraph.serving.policy import Policy
from rightsgraph.serving.routes import Request, Response, Route, RouteTable

CLIENT_TIMEOUT = 30.0
"""Seconds a client may stay silent while sending a request (slow clients hold a thread)."""
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers", "transfer-encoding", "upgrade"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], front: FrontServer) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.front = front
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = CLIENT_TIMEOUT
    server_version = "rightsgraph"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        pass  # requests are not logged: queries may name people

    def _send(self, response: Response) -> None:
        body = response.body
        self.send_response(response.status)
        for name, value in response.headers.items():
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        if isinstance(body, bytes):
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if isinstance(body, bytes):
            self.wfile.write(body)
            return
        for part in body:
            self.wfile.write(part)

    def _handle(self) -> None:
        self.close_connection = True
        try:
            self._send(self._answer())
        except (BrokenPipeError, ConnectionResetError, TimeoutError, socket.timeout):
            pass  # the client went away or stalled; nothing to answer
        except Exception as error:  # a bug in a handler must not kill the server or leak a traceback
            print(f"rightsgraph serve: internal error on {self.command} {urlsplit(self.path).path}: {type(error).__name__}: {error}", file=sys.stderr)
            try:
                self._send(Response.text(500, "internal error"))
            except OSError:
                pass

    def _answer(self) -> Response:
        headers = {name.lower(): value for name, value in self.headers.items()}
        parts = urlsplit(self.path)
        head = Request(self.command, parts.path or "/", parts.query, headers, b"")
        route, limit = self.server.front.admit(head)
        if isinstance(route, Response):
            return route
        if "chunked" in (headers.get("transfer-encoding") or "").lower():
            return Response.text(411, "chunked request bodies are not accepted; send Content-Length")
        length_text = headers.get("content-length") or "0"
        if not length_text.isdigit():
            return Response.text(400, "bad Content-Length")
        length = int(length_text)
        if length > limit:
            return Response.text(413, f"request body of {length} bytes is over the limit of {limit} bytes")
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            return Response.text(400, "request body shorter than its Content-Length")
        return route.handler(Request(head.method, head.path, head.query, headers, body))

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _handle


class FrontServer:
    """Serves ``routes`` on ``policy.host``:``policy.port`` (port 0: a free one) in a thread."""

    def __init__(self, routes: RouteTable, policy: Policy) -> None:
        self.routes = routes
        self.httpd = _Server((policy.host, policy.port), self)
        if policy.port == 0:  # the real port must be in the policy, or Host checks fail
            from dataclasses import replace

            policy = replace(policy, port=int(self.httpd.server_address[1]))
        self.policy = policy
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="rightsgraph-front", daemon=True)

    def admit(self, head: Request) -> tuple[Route | Response, int]:
        """The route for a request (seen without its body) and its body limit, or the refusal."""
        if not self.policy.host_allowed(head.header("host")):
            return Response.text(421, f"unknown Host {head.header('host')!r}: this server answers only to {self.policy.base}"), 0
        route = self.routes.find(head.path)
        if route is None:
            return Response.text(404, f"nothing at {head.path}"), 0
        write = route.is_write(head)
        if write:
            refusal = self.policy.write_refusal(head.headers)
            if refusal:
                return Response.text(403, refusal), 0
        return route, self.policy.body_limit(write)

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def start(self) -> FrontServer:
        self.thread.start()
        return self

    def close(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FrontServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
