"""Checks on RDF files before and after Oxigraph parses them: what a parser should never see.

- **RDF/XML** is scanned with expat first. External entities (``SYSTEM``/``PUBLIC``: XXE) and
  parameter entities are refused; internal entities may only be short plain text (the namespace
  abbreviations ontology editors write), never other entities ("billion laughs"), and the text
  they expand to is bounded. Elements may nest at most :data:`MAX_NESTING` deep.
- **JSON-LD** may nest objects and arrays at most :data:`MAX_NESTING` deep (deeper input can
  overflow the parser's stack). Remote contexts are never fetched: Oxigraph has no loader set.
- After parsing, IRIs with a script scheme (``javascript:``, ``vbscript:``) are refused, and blank
  nodes may nest at most :data:`MAX_NESTING` deep (writers recurse on them).

Every refusal is an :class:`~rightsgraph.errors.InputError` naming the file and, when known, the
line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

import pyoxigraph as ox

from rightsgraph.errors import InputError, Problem
from rightsgraph.loaders.located_yaml import CONTROL

MAX_NESTING = 100
MAX_ENTITIES = 256
MAX_ENTITY_LENGTH = 256
MAX_EXPANSION = 16 * 1024 * 1024
"""Characters internal entities may add to an RDF/XML file, in all."""
SCRIPT_SCHEMES = ("javascript:", "vbscript:")
TRIPLE_TERMS = "RDF 1.2 triple terms (<< ... >>, <<( ... )>>) and annotations ({| ... |}) are not supported; state the fact with a node of its own"
_RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
_CHUNK = 1 << 20


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_rdf_xml(source: bytes | BinaryIO, name: str) -> None:
    """Scan RDF/XML with expat: entities and nesting within bounds (see the module docstring)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    lengths: dict[str, int] = {}
    state = {"depth": 0, "text": 0, "read": 0}

    def entity(entity_name: str, is_parameter: bool, value: str | None, base: str | None, system_id: str | None, public_id: str | None, notation: str | None) -> None:
        if is_parameter:
            raise _Refused(f"parameter entity '%{entity_name};' is not accepted")
        if value is None or system_id or public_id:
            raise _Refused(f"external entity '{entity_name}' is not accepted (it could read local files or the network)")
        if "&" in value or "<" in value:
            raise _Refused(f"entity '{entity_name}' refers to other entities or markup; only plain text is accepted")
        if len(value) > MAX_ENTITY_LENGTH:
            raise _Refused(f"entity '{entity_name}' is longer than {MAX_ENTITY_LENGTH} characters")
        if len(lengths) >= MAX_ENTITIES:
            raise _Refused(f"more than {MAX_ENTITIES} entity declarations")
        lengths[entity_name] = len(value)

    def start(tag: str, attributes: dict[str, str]) -> None:
        state["depth"] += 1
        if state["depth"] > MAX_NESTING:
            raise _Refused(f"elements nested more than {MAX_NESTING} deep")

    def end(tag: str) -> None:
        state["depth"] -= 1

    def skipped(entity_name: str, is_parameter: bool) -> None:
        raise _Refused(f"reference to undeclared entity '{entity_name}'")

    def external(context: str, base: str | None, system_id: str | None, public_id: str | None) -> int:
        raise _Refused("external entities are not accepted (they could read local files or the network)")

    def text(data: str) -> None:
        # Text is at most what was read, plus what entities expanded to: bound the difference.
        state["text"] += len(data)
        if state["text"] > state["read"] + MAX_EXPANSION:
            raise _Refused("entities expand to too much text")

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.SkippedEntityHandler = skipped
    parser.ExternalEntityRefHandler = external
    parser.CharacterDataHandler = text
    try:
        if isinstance(source, bytes):
            state["read"] = len(source)
            parser.Parse(source, True)
        else:
            while block := source.read(_CHUNK):
                state["read"] += len(block)
                parser.Parse(block, False)
            parser.Parse(b"", True)
    except _Refused as refused:
        raise InputError([Problem(name, parser.CurrentLineNumber, None, f"RDF/XML refused: {refused.message}")]) from None
    except expat.ExpatError as err:
        raise InputError([Problem(name, err.lineno, None, f"RDF/XML syntax error: {expat.ErrorString(err.code)}")]) from None


_JSON_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
"""A whole string (skipped), or a bracket. JSON strings cannot hold a raw line break, so each line
can be scanned on its own."""


def check_json_nesting(source: bytes | BinaryIO, name: str) -> None:
    """Refuse JSON whose objects and arrays nest deeper than :data:`MAX_NESTING` (streamed scan)."""
    depth = 0
    lines: Iterable[bytes] = source.split(b"\n") if isinstance(source, bytes) else source
    for number, line in enumerate(lines, start=1):
        for match in _JSON_TOKENS.finditer(line):
            token = match.group()
            if token in (b"[", b"{"):
                depth += 1
                if depth > MAX_NESTING:
                    raise InputError([Problem(name, number, None, f"JSON nested more than {MAX_NESTING} levels deep")])
            elif token in (b"]", b"}"):
                depth -= 1


def check_terms(quads: Iterable[ox.Quad], name: str, data: bytes | None = None) -> None:
    """After parsing: no script IRIs, no control characters in literals, and blank nodes nested
    at most :data:`MAX_NESTING` deep."""
    children: dict[str, list[str]] = defaultdict(list)
    for quad in quads:
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, ox.Triple):
                marker = "{|" if data is not None and b"{|" in data else "<<"
                raise InputError([Problem(name, _line_of_bytes(data, marker.encode()), None, TRIPLE_TERMS)])
            if isinstance(term, ox.NamedNode) and term.value[:11].lower().startswith(SCRIPT_SCHEMES):
                raise InputError([Problem(name, _line_of(data, term.value), None, f"the IRI '{term.value[:80]}' is a script, not an identifier")])
        if isinstance(quad.object, ox.Literal) and (control := CONTROL.search(quad.object.value)):
            # As in case files: a terminal would obey it, and XML outputs cannot hold it.
            before = quad.object.value[max(0, control.start() - 40) : control.start()]
            raise InputError([Problem(name, _line_of(data, before) if before else None, None, f"contains the control character U+{ord(control.group()):04X}")])
        if isinstance(quad.subject, ox.BlankNode) and isinstance(quad.object, ox.BlankNode) and quad.predicate.value != _RDF_REST:
            children[quad.subject.value].append(quad.object.value)
    if children and _deepest(children) > MAX_NESTING:
        raise InputError([Problem(name, None, None, f"blank nodes nested more than {MAX_NESTING} deep")])


def _deepest(children: dict[str, list[str]]) -> int:
    """The longest chain of blank nodes (iteratively; a cycle counts as too deep)."""
    depth: dict[str, int] = {}
    for root in children:
        if root in depth:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        on_path: set[str] = set()
        while stack:
            node, index = stack.pop()
            kids = children.get(node, [])
            if index == 0:
                on_path.add(node)
            if index < len(kids):
                stack.append((node, index + 1))
                kid = kids[index]
                if kid in on_path:
                    return MAX_NESTING + 1
                if kid not in depth:
                    stack.append((kid, 0))
                    if len(stack) > 2 * (MAX_NESTING + 1):
                        return MAX_NESTING + 1
                continue
            depth[node] = 1 + max((depth[k] for k in kids), default=0)
            on_path.discard(node)
    return max(depth.values(), default=0)


def _line_of(data: bytes | None, text: str) -> int | None:
    return _line_of_bytes(data, text.encode("utf-8"))


def _line_of_bytes(data: bytes | None, text: bytes) -> int | None:
    if data is None:
        return None
    index = data.find(text)
    return data[:index].count(b"\n") + 1 if index >= 0 else None


def check_before_parsing(path: Path, fmt: ox.RdfFormat, name: str, data: bytes | None = None) -> None:
    """The checks that must run before Oxigraph parses ``path`` (or its ``data``)."""
    check = check_rdf_xml if fmt == ox.RdfFormat.RDF_XML else check_json_nesting if fmt == ox.RdfFormat.JSON_LD else None
    if check is None:
        return
    if data is not None:
        check(data, name)
        return
    with path.open("rb") as handle:
        check(handle, name)
