"""Running queries on a remote SPARQL 1.1 endpoint through SPARQLWrapper.

Polite and bounded: a descriptive User-Agent, POST, content negotiation only, a timeout on every
request, HTTP 429 and 503 answered by waiting for ``Retry-After`` (within a bound), a few retries
with backoff for transient 502/503/504, and a clear one-line error for everything else.
Credentials come from the environment (``RIGHTSGRAPH_ENDPOINT_USER`` and
``RIGHTSGRAPH_ENDPOINT_PASSWORD``, or ``RIGHTSGRAPH_ENDPOINT_TOKEN``), never from arguments.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, SPARQLWrapper, TURTLE

from rightsgraph.errors import EndpointError, QueryError
from rightsgraph.http import RETRYABLE, USER_AGENT, NoAnswer, RetryOptions, TooLarge, TooSlow, auth_headers, backoff, connection_failure, fetch, retry_after
from rightsgraph.graph.terms import from_ox
from rightsgraph.queries.binding import has_top_level_limit, has_top_level_order, query_form, selects_distinct, split_prologue
from rightsgraph.queries.results import QueryResult, term_from_json

MAX_RESPONSE_BYTES = 512 * 1024 * 1024


@dataclass
class EndpointOptions(RetryOptions):
    """How to talk to an endpoint. ``max_wait`` bounds the total time spent waiting to retry."""

    page_size: int = 5000
    """SELECT answers are fetched in pages of this many rows (under Virtuoso's 10,000-row cap)."""
    max_pages: int = 2000
    max_rows: int = 1_000_000
    """Rows of one answer held in memory at most (about 1 KB each); more is an error."""
    user_agent: str = USER_AGENT


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
        for header, value in auth_headers().items():
            wrapper.addCustomHttpHeader(header, value)
        return wrapper

    def _fetch(self, text: str, return_format: str) -> bytes:
        """The response body, after bounded retries; raises :class:`EndpointError` or :class:`QueryError`.

        Each request, answer included, must finish within about the timeout. Transient failures
        (429, 502-504, a connection dropped half-way) are retried a few times within ``max_wait``.
        """
        waited = 0.0
        attempt = 0

        def wait_or_fail(delay: float | None, failure: str) -> None:
            nonlocal waited
            delay = backoff(attempt, self.options.backoff) if delay is None else delay
            if attempt > self.options.retries:
                raise EndpointError(f"{self.url}: {failure} (gave up after {attempt} attempts)")
            if waited + delay > self.options.max_wait:
                raise EndpointError(f"{self.url}: {failure}; the endpoint asks to wait {delay:.0f} s, more than the {self.options.max_wait:.0f} s allowed")
            self.options.sleep(delay)
            waited += delay

        while True:
            attempt += 1
            try:
                # SPARQLWrapper builds the request (POST, content negotiation); sending it and
                # reading the answer are bounded here (its own reading is not).
                request = self._wrapper(text, return_format)._createRequest()
                answer = fetch(request, self.options.timeout, MAX_RESPONSE_BYTES)
            except NoAnswer:
                raise EndpointError(f"{self.url}: no answer within {self.options.timeout:g} s") from None
            except TooSlow:
                raise EndpointError(f"{self.url}: the answer did not arrive in full within {self.options.timeout:g} s") from None
            except TooLarge:
                raise EndpointError(f"{self.url}: the answer is larger than {MAX_RESPONSE_BYTES // 2**20} MB") from None
            except urllib.error.URLError as error:
                refused = connection_failure(self.url, error.reason, self.options.timeout)
                if refused is not None:
                    raise refused from None
                wait_or_fail(None, f"the connection broke during the request ({type(error.reason).__name__})")
                continue
            except (http.client.HTTPException, ConnectionError) as error:
                # A connection dropped half-way: reading again is harmless, so try again.
                wait_or_fail(None, f"the connection broke during the answer ({type(error).__name__})")
                continue
            except OSError as error:
                raise EndpointError(f"{self.url}: connection failed ({error})") from None
            if answer.redirect is not None:
                raise EndpointError(f"{self.url}: the endpoint redirects (HTTP {answer.status}) to {answer.redirect}; not followed — give that URL as the endpoint if you trust it")
            if answer.status in RETRYABLE:
                failure = "rate limited (HTTP 429)" if answer.status == 429 else f"HTTP {answer.status} {answer.reason}"
                wait_or_fail(retry_after(answer.headers), failure)
                continue
            if answer.status == 400:
                raise QueryError(f"{self.url} refused the query as malformed: {answer.detail(400)}")
            if answer.status >= 400:
                detail = answer.detail()
                raise EndpointError(f"{self.url}: HTTP {answer.status} {answer.reason}" + (f": {detail}" if detail else ""))
            return answer.body

    def _json(self, text: str) -> dict[str, object]:
        body = self._fetch(text, JSON)
        try:
            document = json.loads(body)
        except ValueError as err:
            raise EndpointError(f"{self.url}: the answer is not SPARQL JSON results ({err})") from None
        if not isinstance(document, dict):
            raise EndpointError(f"{self.url}: the answer is not SPARQL JSON results")
        return document

    def _rows(self, document: dict[str, object]) -> tuple[list[str], list[dict[str, Node]]]:
        try:
            names = list(document["head"]["vars"])  # type: ignore[index]
            rows = [
                {name: term_from_json(value) for name, value in binding.items()}
                for binding in document["results"]["bindings"]  # type: ignore[index]
            ]
        except (ValueError, KeyError, TypeError) as err:
            raise EndpointError(f"{self.url}: the answer is not SPARQL JSON results ({err})") from None
        return names, rows

    def _paged(self, text: str) -> tuple[list[str], list[dict[str, Node]]]:
        """All rows of a SELECT, page by page, so that no server-side cap truncates silently.

        Later pages of an ordered query wrap it in a sub-query, because some engines (Virtuoso)
        refuse to sort past their row cap for a top-level ORDER BY with a large OFFSET.
        """
        size = self.options.page_size

        def page_rows(page_text: str) -> tuple[list[str], list[dict[str, Node]]]:
            names, chunk = self._rows(self._json(page_text))
            if len(chunk) > size:
                raise EndpointError(f"{self.url}: asked for {size} rows, got {len(chunk)}: the endpoint ignores LIMIT, so its answers cannot be paged safely")
            return names, chunk

        names, rows = page_rows(f"{text.rstrip()}\nLIMIT {size} OFFSET 0\n")
        if len(rows) < size:
            return names, rows
        prologue, body = split_prologue(text)
        ordered = has_top_level_order(text)
        for page in range(1, self.options.max_pages):
            if ordered:
                projection = " ".join(f"?{name}" for name in names)
                page_text = f"{prologue}SELECT {projection} WHERE {{\n{{\n{body.rstrip()}\n}}\n}}\nLIMIT {size} OFFSET {page * size}\n"
            else:
                page_text = f"{text.rstrip()}\nLIMIT {size} OFFSET {page * size}\n"
            _, chunk = page_rows(page_text)
            rows.extend(chunk)
            if len(chunk) < size:
                return names, rows
            self._check_rows(len(rows))
        raise EndpointError(f"{self.url}: more than {self.options.max_pages * size:,} rows; add a LIMIT to the query")

    def _check_rows(self, count: int) -> None:
        if count > self.options.max_rows:
            raise EndpointError(f"{self.url}: more than {self.options.max_rows:,} rows; add a LIMIT to the query (or page it yourself)")

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
        if form == "SELECT" and not has_top_level_limit(text):
            names, rows = self._paged(text)
        else:
            document = self._json(text)
            if "boolean" in document:
                return QueryResult(form="ASK", boolean=bool(document["boolean"]))
            names, rows = self._rows(document)
            self._check_rows(len(rows))
        if selects_distinct(text):
            # Some engines (Virtuoso) repeat rows of a DISTINCT query that uses sub-queries.
            unique = {tuple(sorted((k, v.n3()) for k, v in row.items())): row for row in rows}
            rows = list(unique.values())
        return QueryResult(form="SELECT", variables=names, rows=rows)
