"""Small shared pieces of polite HTTP: the User-Agent, credentials from the environment, how
long to wait before retrying (``Retry-After`` or exponential backoff, within a bound), and
:func:`fetch`, which sends one request and reads its whole answer within a deadline.

A socket timeout bounds each wait for data, not the answer: a server trickling its headers or
an error body a byte at a time never trips it. :func:`fetch` has a watchdog that cuts the
connection at the deadline, reads error bodies only up to a small bound, and never follows a
redirect — a redirected request would carry the credentials to another host, and a redirected
POST arrives as a body-less GET — so a 3xx is an answer the caller turns into an error.
"""

from __future__ import annotations

import email.utils
import functools
import http.client
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, BinaryIO

from rightsgraph import __version__
from rightsgraph.errors import EndpointError

USER_AGENT = f"rightsgraph/{__version__} (knowledge graph of political persecution cases; +https://w3id.org/rightsgraph)"
RETRYABLE = frozenset({429, 502, 503, 504})
"""Statuses worth another try: rate limited, or a gateway or server briefly unavailable."""


@dataclass
class RetryOptions:
    """Bounds on talking to a server: a timeout per request, a few retries, a total wait."""

    timeout: float = 30.0
    retries: int = 3
    max_wait: float = 60.0
    backoff: float = 0.5
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)


def retry_after(headers: Mapping[str, str] | Message | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), if any."""
    value = (headers or {}).get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, parsed.timestamp() - time.time())


class TooSlow(Exception):
    """The answer did not arrive in full before the deadline."""


class TooLarge(Exception):
    """The answer is larger than allowed."""


def read_within(response: BinaryIO, seconds: float, limit: int, chunk: int = 64 * 1024) -> bytes:
    """Read a whole response body within ``seconds`` (and at most ``limit`` bytes).

    A socket timeout only bounds each wait for data; a server trickling a byte at a time would
    never trip it. Each read still waits at most the socket timeout, so the whole read ends within
    ``seconds`` plus one socket timeout.
    """
    deadline = time.monotonic() + seconds
    parts: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise TooSlow()
        part = response.read1(chunk) if hasattr(response, "read1") else response.read(chunk)
        if not part:
            missing = getattr(response, "length", None)
            if missing:  # the server promised more bytes (Content-Length) than it sent
                raise http.client.IncompleteRead(b"".join(parts), missing)
            return b"".join(parts)
        size += len(part)
        if size > limit:
            raise TooLarge()
        parts.append(part)


def backoff(attempt: int, base: float) -> float:
    """Exponential backoff: ``base``, ``2 * base``, ``4 * base``, ... for attempts 1, 2, 3, ..."""
    return base * 2 ** (attempt - 1)


def auth_headers() -> dict[str, str]:
    """Authorization from the environment, never from arguments: a bearer token, or basic auth."""
    token = os.environ.get("RIGHTSGRAPH_ENDPOINT_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user = os.environ.get("RIGHTSGRAPH_ENDPOINT_USER")
    if user:
        import base64

        password = os.environ.get("RIGHTSGRAPH_ENDPOINT_PASSWORD", "")
        return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")}
    return {}


def connection_failure(url: str, cause: object, timeout: float) -> EndpointError | None:
    """The error for a request that failed before an answer (``URLError.reason``), or None when
    the connection broke half-way and trying again is worth it."""
    if isinstance(cause, (TimeoutError, socket.timeout)):
        return EndpointError(f"{url}: no answer within {timeout:g} s")
    if isinstance(cause, ConnectionError) and not isinstance(cause, ConnectionRefusedError):
        return None
    return EndpointError(f"{url}: cannot connect ({cause})")


MAX_ERROR_BODY = 64 * 1024
"""Bytes of an error answer read (for its message); the rest is not waited for."""


class _Watchdog:
    """Cuts the connections of one request once its deadline has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.sockets: list[socket.socket] = []
        self.fired = False
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="rightsgraph-deadline", daemon=True)

    def connection(self, factory: Callable[..., http.client.HTTPConnection], host: str, **options: Any) -> http.client.HTTPConnection:
        made = factory(host, **options)
        connect = made.connect

        def connect_and_watch() -> None:
            connect()
            # urllib detaches the socket from the connection once headers arrive; keep it here.
            self.sockets.append(made.sock)

        made.connect = connect_and_watch  # type: ignore[method-assign]
        return made

    def _watch(self) -> None:
        if self.done.wait(self.seconds):
            return
        self.fired = True
        while True:  # again and again: a connection may be made after the first cut
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            if self.done.wait(0.1):
                return

    def opener(self) -> urllib.request.OpenerDirector:
        watchdog = self

        class NoRedirects(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None  # urllib then raises the 3xx as an HTTPError

        class Http(urllib.request.HTTPHandler):
            def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
                return self.do_open(functools.partial(watchdog.connection, http.client.HTTPConnection), req)

        class Https(urllib.request.HTTPSHandler):
            def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
                return self.do_open(functools.partial(watchdog.connection, http.client.HTTPSConnection), req, context=self._context)  # type: ignore[attr-defined]

        return urllib.request.build_opener(NoRedirects, Http, Https)


@dataclass
class Answer:
    """A whole HTTP answer: any status (redirects are not followed), its headers and body."""

    status: int
    reason: str
    headers: Message
    body: bytes

    @property
    def redirect(self) -> str | None:
        """Where a 3xx answer points (None for other answers)."""
        return (self.headers.get("Location") or "(no location given)") if 300 <= self.status < 400 else None

    def detail(self, limit: int = 200) -> str:
        """The last non-empty line of the body, shortened, for an error message."""
        lines = [line.strip() for line in self.body.decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1][:limit] if lines else ""


class NoAnswer(TooSlow):
    """Not even the status line and headers arrived before the deadline."""


def fetch(request: urllib.request.Request, seconds: float, limit: int) -> Answer:
    """Send ``request`` and read its whole answer (headers, then at most ``limit`` bytes of body,
    or :data:`MAX_ERROR_BODY` of an error body) within ``seconds``.

    Raises :class:`NoAnswer` or :class:`TooSlow` past the deadline, :class:`TooLarge`, and what
    urllib raises for a failed connection (``URLError``, ``http.client.HTTPException``, ``OSError``).
    """
    watchdog = _Watchdog(seconds)
    watchdog.thread.start()
    answered = False
    try:
        try:
            with watchdog.opener().open(request, timeout=seconds) as response:
                answered = True
                body = read_within(response, seconds, limit)
                return Answer(response.status, response.reason, response.headers, body)
        except urllib.error.HTTPError as error:
            answered = True
            try:
                body = error.read(MAX_ERROR_BODY) if error.fp is not None else b""
            except (OSError, http.client.HTTPException):
                body = b""
            if watchdog.fired:
                raise TooSlow() from None
            return Answer(error.code, str(error.reason), error.headers, body)
        except (OSError, http.client.HTTPException) as error:
            if watchdog.fired or isinstance(error, (TimeoutError, socket.timeout)) or isinstance(getattr(error, "reason", None), (TimeoutError, socket.timeout)):
                raise (TooSlow() if answered else NoAnswer()) from None
            raise
    finally:
        watchdog.done.set()
