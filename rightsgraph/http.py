"""Small shared pieces of polite HTTP: the User-Agent, credentials from the environment, and
how long to wait before retrying (``Retry-After`` or exponential backoff, within a bound)."""

from __future__ import annotations

import email.utils
import http.client
import os
import socket
import time
from collections.abc import Callable, Mapping
from email.message import Message
from typing import BinaryIO
from dataclasses import dataclass, field

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
