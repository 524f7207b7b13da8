"""The route table of the front server: path prefixes mapped to handlers.

A handler takes a :class:`Request` (already checked: allowed ``Host``, bounded body, and for a
write an allowed origin or the token) and returns a :class:`Response`. Other services mount
themselves on the same server by adding a route:

>>> table = RouteTable()
>>> table.mount("/hello", lambda request: Response.text(200, f"hello {request.param('name')}"))
>>> route = table.find("/hello/there")
>>> route.prefix, route.handler(Request("GET", "/hello", "name=you", {}, b"")).body
('/hello', b'hello you\\n')
>>> table.find("/helloworld") is None
True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Request:
    """One HTTP request as a handler sees it; header names are lower case."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def content_type(self) -> str:
        """The media type of the body, lower case, without parameters (``""`` if none)."""
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def params(self) -> dict[str, list[str]]:
        """Parameters from the URL query string and, for a form body, from the body."""
        found = parse_qs(self.query, keep_blank_values=True)
        if self.content_type == "application/x-www-form-urlencoded":
            for name, values in parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True).items():
                found.setdefault(name, []).extend(values)
        return found

    def param(self, name: str) -> str | None:
        values = self.params().get(name)
        return values[0] if values else None


@dataclass
class Response:
    """What a handler answers: a status, headers, and a body (bytes, or chunks to stream)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""

    @classmethod
    def text(cls, status: int, message: str) -> Response:
        return cls(status, {"Content-Type": "text/plain; charset=utf-8"}, (message.rstrip("\n") + "\n").encode("utf-8"))

    @classmethod
    def json(cls, status: int, value: object) -> Response:
        return cls(status, {"Content-Type": "application/json"}, json.dumps(value, ensure_ascii=False).encode("utf-8"))


Handler = Callable[[Request], Response]


def writes_unless_safe_method(request: Request) -> bool:
    """The default notion of a write: any method but GET, HEAD and OPTIONS."""
    return request.method not in SAFE_METHODS


@dataclass(frozen=True)
class Route:
    """A handler for every path equal to ``prefix`` or below it (``prefix/...``).

    ``is_write`` tells the server which requests change data: those need an allowed origin or
    the token, and are refused outright on a read-only server. A service whose POSTs only read
    (a reconciliation API, say) passes ``is_write=lambda request: False``.
    """

    prefix: str
    handler: Handler
    is_write: Callable[[Request], bool] = writes_unless_safe_method


class RouteTable:
    """Routes by path prefix; the longest matching prefix wins, ``"/"`` catches the rest."""

    def __init__(self) -> None:
        self._routes: dict[str, Route] = {}

    def mount(self, prefix: str, handler: Handler, *, is_write: Callable[[Request], bool] = writes_unless_safe_method) -> None:
        if not prefix.startswith("/"):
            raise ValueError(f"a route prefix starts with '/': {prefix!r}")
        prefix = prefix.rstrip("/") or "/"
        if prefix in self._routes:
            raise ValueError(f"a route is already mounted at {prefix}")
        self._routes[prefix] = Route(prefix, handler, is_write)

    def find(self, path: str) -> Route | None:
        for prefix in sorted(self._routes, key=len, reverse=True):
            if prefix == "/" or path == prefix or path.startswith(prefix + "/"):
                return self._routes[prefix]
        return None

    @property
    def prefixes(self) -> list[str]:
        return sorted(self._routes)
