"""YAML read into a tree that remembers the line of every key and value.

Case files and mapping files are written by people; when something is wrong the error must name
the line. PyYAML's composer keeps positions, so this module composes (never constructs: no
Python objects, no tags run) and converts the node tree into three small types. Scalars stay as
the text the person wrote; the loader interprets them by the ontology's ranges, so
``date: 2020-03-19`` is a date string, not a Python ``date``.

Refused with a located error: invalid UTF-8, YAML syntax errors, duplicate keys, non-text keys,
anchors and aliases (they allow "billion laughs" expansion and are never needed here), tags other
than YAML's own (``!!python/...``), control characters written as escapes (``"\\0"``), and
nesting deeper than :data:`MAX_DEPTH`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import yaml

from rightsgraph.errors import InputError, Problem

MAX_DEPTH = 32
MAX_BYTES = 32 * 1024 * 1024
"""Largest YAML file read; loading and validating a case file holds about 150 bytes per input
byte (``benchmarks/memory_per_byte.py --kind yaml``), so 32 MB stays under about 5 GB."""

_NULL_TAG = "tag:yaml.org,2002:null"
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters (all but tab and line breaks): never wanted in a name or a text."""
# libyaml's parser when it is available: the same events and marks, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Scalar:
    text: str
    line: int
    quoted: bool = False
    is_null: bool = False


@dataclass(frozen=True)
class Sequence:
    items: list[Node]
    line: int


@dataclass(frozen=True)
class Entry:
    key: str
    key_line: int
    value: Node


@dataclass(frozen=True)
class Mapping:
    line: int
    entries: dict[str, Entry] = field(default_factory=dict)

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry.value if entry else None

    def line_of(self, key: str) -> int:
        entry = self.entries.get(key)
        return entry.key_line if entry else self.line

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())


Node = Union[Scalar, Sequence, Mapping]


def describe(node: Node) -> str:
    """A word for the kind of node, for error messages."""
    if isinstance(node, Mapping):
        return "a mapping (key: value pairs)"
    if isinstance(node, Sequence):
        return "a list"
    return "a single value"


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text with an optional byte-order mark; anything else is a located error."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        raise InputError([Problem(name, 1, None, "the file is UTF-16; save it as UTF-8")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            [Problem(name, line, None, f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8")]
        ) from None


class _Converter:
    def __init__(self, name: str) -> None:
        self.name = name
        self.seen: set[int] = set()
        self.problems: list[Problem] = []

    def convert(self, node: yaml.Node, depth: int = 0) -> Node:
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise InputError([Problem(self.name, line, None, f"nesting deeper than {MAX_DEPTH} levels")])
        if id(node) in self.seen:
            raise InputError([Problem(self.name, line, None, "YAML anchors and aliases (&, *) are not supported")])
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise InputError([Problem(self.name, line, None, f"YAML tag '{node.tag}' is not accepted; write plain values")])
        if isinstance(node, yaml.ScalarNode):
            control = CONTROL.search(str(node.value))
            if control:
                self.problems.append(Problem(self.name, line, None, f"contains the control character U+{ord(control.group()):04X}"))
            return Scalar(
                text=str(node.value),
                line=line,
                quoted=node.style in ("'", '"', "|", ">"),
                is_null=node.tag == _NULL_TAG,
            )
        if isinstance(node, yaml.SequenceNode):
            return Sequence([self.convert(item, depth + 1) for item in node.value], line)
        mapping = Mapping(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.name, key_line, None, "a key must be plain text"))
                continue
            key = str(key_node.value)
            if key == "<<":
                raise InputError([Problem(self.name, key_line, key, "YAML merge keys (<<) are not supported")])
            if key in mapping.entries:
                first = mapping.entries[key].key_line
                self.problems.append(Problem(self.name, key_line, key, f"duplicate key (first given on line {first})"))
                continue
            mapping.entries[key] = Entry(key, key_line, self.convert(value_node, depth + 1))
        return mapping


def _has_anchor_or_alias(text: str, name: str) -> None:
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + 1
            raise InputError([Problem(name, line, None, "YAML anchors and aliases (&, *) are not supported")])


def parse_yaml(text: str, name: str) -> Node | None:
    """Parse YAML text into a located tree; ``None`` for an empty document."""
    try:
        # Events first: an alias is refused before the composer could build a shared subtree.
        _has_anchor_or_alias(text, name)
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(part for part in (err.context, err.problem) if part) or "invalid YAML"
        raise InputError([Problem(name, line, None, f"YAML syntax error: {message}")]) from None
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        raise InputError([Problem(name, line, None, f"contains the control character U+{err.character:04X}" if isinstance(err.character, int) else "unreadable character")]) from None
    except yaml.YAMLError as err:
        raise InputError([Problem(name, None, None, f"YAML error: {err}")]) from None
    except RecursionError:
        raise InputError([Problem(name, None, None, f"nesting deeper than {MAX_DEPTH} levels")]) from None
    if root is None:
        return None
    converter = _Converter(name)
    tree = converter.convert(root)
    if converter.problems:
        raise InputError(converter.problems)
    return tree


def read_yaml(path: Path, display_name: str | None = None) -> Node | None:
    """Read and parse a YAML file; errors name ``display_name`` (default: the path)."""
    name = display_name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError([Problem(name, None, None, f"file larger than {MAX_BYTES // (1024 * 1024)} MB")])
        data = path.read_bytes()
    except OSError as err:
        raise InputError([Problem(name, None, None, f"cannot read the file: {err.strerror}")]) from None
    return parse_yaml(decode_text(data, name), name)
