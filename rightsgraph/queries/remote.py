"""Running queries on a remote SPARQL 1.1 endpoint through SPARQLWrapper.

Polite and bounded: a descriptive User-Agent, POST, content negotiation only, a timeout on every
request, HTTP 429 and 503 answered by waiting for ``Retry-After`` (within a bound), a few retries
with backoff for transient 502/503/504, and a clear one-line error for everything else.
Credentials come from the environment (``RIGHTSGRAPH_ENDPOINT_USER`` and
``RIGHTSGRAPH_ENDPOINT_PASSWORD``, or ``RIGHTSGRAPH_ENDPOINT_TOKEN``), never from arguments.
"""

from __future__ import annotations

import email.utils
import json
import os
import socket
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph
from SPARQLWrapper import JSON, POST, SPARQLWrapper, TURTLE
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from rightsgraph import __version__
from rightsgraph.errors import EndpointError, QueryError
from rightsgraph.graph.terms import from_ox
from rightsgraph.queries.binding import query_form
from rightsgraph.queries.results import QueryResult, term_from_json

USER_AGENT = f"rightsgraph/{__version__} (knowledge graph of political persecution cases; +https://w3id.org/rightsgraph)"
RETRYABLE = {502, 503, 504}
MAX_RESPONSE_BYTES = 512 * 1024 * 1024


@dataclass
class EndpointOptions:
    """How to talk to an endpoint. ``max_wait`` bounds the total time spent waiting to retry."""

    timeout: float = 30.0
    retries: int = 3
    max_wait: float = 60.0
    backoff: float = 0.5
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)


def _retry_after(error: urllib.error.HTTPError) -> float | None:
    value = error.headers.get("Retry-After") if error.headers else None
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    parsed = email.utils.parsedate_to_datetime(value) if value else None
    if parsed is None:
        return None
    return max(0.0, parsed.timestamp() - time.time())


class Endpoint:
    """A SPARQL 1.1 query endpoint, e.g. ``http://127.0.0.1:7878/query``."""

    def __init__(self, url: str, options: EndpointOptions | None = None) -> None:
        if not url.startswith(("http://", "https://")):
            raise EndpointError(f"'{url}' is not an http(s) endpoint URL")
        self.url = url
        self.options = options or EndpointOptions()

    def describe(self) -> str:
        return self.url

    def _wrapper(self, text: str, return_format: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.url, agent=self.options.user_agent)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)
        wrapper.setTimeout(max(1, round(self.options.timeout)))
        wrapper.setReturnFormat(return_format)
        wrapper.setQuery(text)
        token = os.environ.get("RIGHTSGRAPH_ENDPOINT_TOKEN")
        user = os.environ.get("RIGHTSGRAPH_ENDPOINT_USER")
        if token:
            wrapper.addCustomHttpHeader("Authorization", f"Bearer {token}")
        elif user:
            wrapper.setCredentials(user, os.environ.get("RIGHTSGRAPH_ENDPOINT_PASSWORD", ""))
        return wrapper

    def _fetch(self, text: str, return_format: str) -> bytes:
        """The response body, after bounded retries; raises :class:`EndpointError` or :class:`QueryError`."""
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._wrapper(text, return_format).query().response
                body: bytes = response.read(MAX_RESPONSE_BYTES + 1)
                if len(body) > MAX_RESPONSE_BYTES:
                    raise EndpointError(f"{self.url}: the answer is larger than {MAX_RESPONSE_BYTES // 2**20} MB")
                return body
            except urllib.error.HTTPError as error:
                if error.code in (429, *RETRYABLE) and attempt <= self.options.retries:
                    delay = _retry_after(error)
                    if delay is None:
                        delay = self.options.backoff * 2 ** (attempt - 1)
                    if waited + delay <= self.options.max_wait:
                        self.options.sleep(delay)
                        waited += delay
                        continue
                    raise EndpointError(
                        f"{self.url}: HTTP {error.code}; the endpoint asks to wait {delay:.0f} s, "
                        f"more than the {self.options.max_wait:.0f} s allowed"
                    ) from None
                if error.code == 429:
                    raise EndpointError(f"{self.url}: rate limited (HTTP 429) after {attempt} attempts") from None
                raise EndpointError(f"{self.url}: HTTP {error.code} {error.reason}") from None
            except SPARQLWrapperException as error:
                message = str(error).split("\n")[0]
                if "QueryBadFormed" in type(error).__name__:
                    raise QueryError(f"{self.url} refused the query as malformed: {message}") from None
                raise EndpointError(f"{self.url}: {message}") from None
            except (TimeoutError, socket.timeout):
                raise EndpointError(f"{self.url}: no answer within {self.options.timeout:g} s") from None
            except urllib.error.URLError as error:
                reason = error.reason
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    raise EndpointError(f"{self.url}: no answer within {self.options.timeout:g} s") from None
                raise EndpointError(f"{self.url}: cannot connect ({reason})") from None
            except (ConnectionError, OSError) as error:
                raise EndpointError(f"{self.url}: connection failed ({error})") from None

    def run(self, text: str) -> QueryResult:
        form = query_form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            body = self._fetch(text, TURTLE)
            graph = Graph()
            try:
                for triple in ox.parse(body, format=ox.RdfFormat.TURTLE):
                    graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))  # type: ignore[arg-type]
            except SyntaxError as err:
                raise EndpointError(f"{self.url}: the answer is not valid Turtle ({err})") from None
            return QueryResult(form="CONSTRUCT", graph=graph)
        body = self._fetch(text, JSON)
        try:
            document = json.loads(body)
            if "boolean" in document:
                return QueryResult(form="ASK", boolean=bool(document["boolean"]))
            names = list(document["head"]["vars"])
            rows = [
                {name: term_from_json(value) for name, value in binding.items()}
                for binding in document["results"]["bindings"]
            ]
        except (ValueError, KeyError, TypeError) as err:
            raise EndpointError(f"{self.url}: the answer is not SPARQL JSON results ({err})") from None
        return QueryResult(form="SELECT", variables=names, rows=rows)
