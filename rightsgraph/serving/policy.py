"""Who may ask what of the front server: allowed ``Host`` names, who may write, body limits.

- ``Host``: only the names the server was started for. A web page on ``evil.example`` whose
  name is made to resolve to 127.0.0.1 (DNS rebinding) still sends ``Host: evil.example``.
- Writes: a browser sends ``Origin`` (and ``Sec-Fetch-Site``) with a cross-site POST, and a
  plain HTML form can only send ``application/x-www-form-urlencoded``, ``multipart/form-data``
  or ``text/plain``. A write passes with the token, from the server's own origin, or from a
  non-browser client (no ``Origin``) with a SPARQL or RDF media type; everything else is refused.

>>> policy = Policy("127.0.0.1", 7878, writable=True, token="t0ken")
>>> policy.host_allowed("localhost:7878"), policy.host_allowed("evil.example:7878")
(True, False)
>>> policy.write_refusal({"origin": "http://evil.example", "content-type": "application/x-www-form-urlencoded"})
'cross-origin write from http://evil.example refused'
>>> policy.write_refusal({"content-type": "application/sparql-update"}) is None
True
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}
FORM_MEDIA_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
"""What an HTML form (or a "simple" cross-origin request) can send without the browser asking first."""
SAME_SITE_FETCH = frozenset({"same-origin", "none"})

MAX_QUERY_BYTES = 1 << 20
"""Largest body of a request that only reads (a SPARQL query): 1 MiB."""
MAX_UPLOAD_BYTES = 256 << 20
"""Largest body of a write (an update or a Graph Store upload): 256 MiB, held in memory once."""


def _is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def host_name(host: str) -> str:
    """``host`` as written in a URL or ``Host`` header (IPv6 in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def split_host_header(value: str) -> tuple[str, int | None]:
    """``("localhost", 7878)`` from ``"LocalHost:7878"``; the port is None when absent or bad."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value.partition("]")
        name += "]"
        port_text = rest[1:] if rest.startswith(":") else ""
    elif value.count(":") == 1:
        name, _, port_text = value.partition(":")
    else:
        name, port_text = value, ""
    if not port_text:
        return name.rstrip("."), None
    return name.rstrip("."), int(port_text) if port_text.isdigit() else -1


@dataclass(frozen=True)
class Policy:
    """The checks of one front server, bound to ``host``:``port``."""

    host: str
    port: int
    writable: bool = False
    token: str | None = None
    extra_hosts: tuple[str, ...] = ()
    max_query_bytes: int = MAX_QUERY_BYTES
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    _names: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = {host_name(self.host).lower(), *(name.lower() for name in self.extra_hosts)}
        if self.host in LOOPBACK_NAMES or self.host in {"::1", "localhost"} or self.host.startswith("127."):
            names.update(LOOPBACK_NAMES)
        if self.host in WILDCARD_HOSTS:
            names.update(LOOPBACK_NAMES)
            names.update({socket.gethostname().lower(), socket.getfqdn().lower()})
        object.__setattr__(self, "_names", frozenset(names))

    @property
    def base(self) -> str:
        shown = "localhost" if self.host in WILDCARD_HOSTS else host_name(self.host)
        return f"http://{shown}:{self.port}"

    def host_allowed(self, header: str | None) -> bool:
        """Whether a ``Host`` header names this server (a wildcard bind also takes any IP address)."""
        if not header:
            return False
        name, port = split_host_header(header)
        if port not in (self.port, None) or (port is None and self.port != 80):
            return False
        if name in self._names:
            return True
        # An address typed by hand cannot be rebound; only a DNS name can.
        return self.host in WILDCARD_HOSTS and _is_ip_literal(name)

    def origin_allowed(self, origin: str) -> bool:
        scheme, _, rest = origin.strip().partition("://")
        return scheme.lower() == "http" and "/" not in rest and self.host_allowed(rest)

    def token_given(self, headers: Mapping[str, str]) -> bool:
        if not self.token:
            return False
        scheme, _, value = (headers.get("authorization") or "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), self.token.encode())

    def write_refusal(self, headers: Mapping[str, str]) -> str | None:
        """Why a write with these (lower-case) headers is refused, or None when it may pass."""
        if not self.writable:
            return "this server is read-only (start it with --writable to accept writes)"
        if self.token_given(headers):
            return None
        origin = headers.get("origin")
        if origin is not None and not self.origin_allowed(origin):
            return f"cross-origin write from {origin} refused"
        fetch_site = headers.get("sec-fetch-site")
        if fetch_site is not None and fetch_site.lower() not in SAME_SITE_FETCH:
            return f"write from a {fetch_site} page refused"
        media_type = (headers.get("content-type") or "").split(";")[0].strip().lower()
        if origin is None and media_type in FORM_MEDIA_TYPES:
            return f"a {media_type or 'form'} write without Origin needs the token (Authorization: Bearer ...)"
        return None

    def body_limit(self, write: bool) -> int:
        return self.max_upload_bytes if write else self.max_query_bytes
