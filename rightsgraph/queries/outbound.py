"""Finding the parts of a SPARQL text that make the engine reach out to the network.

``SERVICE <url>`` in a query (or an update's WHERE) makes Oxigraph send the pattern to any URL,
with no timeout; ``LOAD <url>`` in an update makes it download one. Neither is ever needed to
query a rightsgraph store, so both are refused unless a caller asks for them.

The text is parsed (with rdflib's SPARQL grammar), not searched: ``"customer service"`` in a
string is no call, and ``\\u0053ERVICE`` is one. A text the parser cannot read is refused, so
a difference between two parsers can only refuse too much, never let a call through.

>>> outbound_calls("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
['SERVICE <http://example.org/sparql>']
>>> outbound_calls('SELECT * { ?s ?p "customer service" }')
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from rightsgraph.errors import QueryError

Kind = Literal["query", "update"]

_OUTBOUND = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
MAX_CHECKED_LENGTH = 1_000_000
"""Longest SPARQL text checked (characters); longer texts are refused rather than parsed."""


def expand_codepoints(text: str) -> str:
    """Apply SPARQL's ``\\uXXXX``/``\\UXXXXXXXX`` escapes, which count before parsing (as Oxigraph does)."""

    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(f"the query holds an invalid escape {match.group(0)}")
        return chr(code)

    return _CODEPOINT.sub(expand, text)


class OutboundCallError(QueryError):
    """A query or update would contact another server, and nobody allowed it."""


def _nodes(tree: object) -> Iterator[CompValue]:
    """Every parse node of ``tree``, without recursion (queries can nest deeply)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _target(node: CompValue) -> str:
    term = node.get("term") if node.name == "ServiceGraphPattern" else node.get("iri")
    return f" {term.n3()}" if hasattr(term, "n3") else ""


def outbound_calls(text: str, kind: Kind = "query") -> list[str]:
    """The SERVICE (and, in updates, LOAD) calls in ``text``, e.g. ``['SERVICE <http://...>']``.

    Raises :class:`QueryError` when the text cannot be checked (malformed, or too large or
    deeply nested for the parser): such a text is not run.
    """
    expanded = expand_codepoints(text)
    folded = expanded.lower()
    # Keywords are spelled out once escapes are applied: without the word there is no call,
    # and the (slow) parse is needed only when it appears.
    if "service" not in folded and (kind == "query" or "load" not in folded):
        return []
    if len(text) > MAX_CHECKED_LENGTH:
        raise QueryError(f"the {kind} is longer than {MAX_CHECKED_LENGTH} characters")
    try:
        tree = parseQuery(expanded) if kind == "query" else parseUpdate(expanded)
    except ParseException as err:
        raise QueryError(f"SPARQL syntax error: line {err.lineno}, column {err.col}: {err.msg}") from None
    except RecursionError:
        raise QueryError(f"the {kind} is nested too deeply to be checked") from None
    return [f"{_OUTBOUND[node.name]}{_target(node)}" for node in _nodes(tree) if node.name in _OUTBOUND]


def refuse_outbound(text: str, kind: Kind = "query", hint: str = " (allow it with --allow-service)") -> None:
    """Raise :class:`QueryError` naming the first outbound call in ``text``, if there is one."""
    calls = outbound_calls(text, kind)
    if calls:
        raise OutboundCallError(f"{calls[0]}: the {kind} would contact another server, which is refused{hint}")
