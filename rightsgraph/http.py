"""Small shared pieces of polite HTTP: the User-Agent, credentials from the environment, and
how long to wait before retrying (``Retry-After`` or exponential backoff, within a bound)."""

from __future__ import annotations

import email.utils
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from rightsgraph import __version__

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


def retry_after(headers: Mapping[str, str] | None) -> float | None:
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
