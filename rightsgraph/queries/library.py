"""The query library: named ``.rq`` files whose metadata lives in grlc-style decorator comments.

A query file starts with lines such as::

    #+ summary: Relatives of political refugees who are prosecuted or detained
    #+ tags: [competency, kinship]
    #+ parameters:
    #+   refugee: {type: person, description: Only this refugee's relatives.}
    #+ columns: {refugee: Refugee, relative: Relative, wording: "Source's word", date: Date}
    #+ dates: [date]

``columns`` gives the columns a published table shows, in order, with headers for people (a
column holding records shows their names); ``dates`` names the columns holding EDTF dates. The
``#+`` lines are YAML; the rest is a complete SPARQL 1.1 query with its own prefixes, so the
file runs as it is in any SPARQL tool. Parameters are variables of the query; they are bound with
a VALUES block of RDF terms (see :mod:`rightsgraph.queries.binding`), never by editing text.
A group whose opening brace is followed by the comment ``# LATERAL`` runs once per row before it
on the local store (see :mod:`rightsgraph.queries.dialect`); elsewhere it is a plain join.

>>> library = load_library()
>>> library["timeline-of-person"].parameters[0].name
'person'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from rightsgraph.errors import QueryError
from rightsgraph.queries.binding import query_form

QUERY_DIR = Path(__file__).resolve().parent
PARAMETER_TYPES = ("person", "actor", "state", "country", "place", "record", "iri", "class", "property", "string", "integer", "date", "boolean")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query: a variable bound to an RDF term."""

    name: str
    type: str
    description: str = ""
    default: Any = None
    required: bool = False
    bound: str = "earliest"
    """For ``date`` parameters: bind the earliest or the latest day of a partial date."""

    def signature(self) -> str:
        text = f"{self.name}:{self.type}"
        if self.default is not None:
            text += f"={self.default}"
        return text if self.required else f"[{text}]"


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library (or a user's query file) with its metadata."""

    name: str
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    path: Path | None = None
    form: str = field(default="SELECT")
    columns: tuple[tuple[str, str], ...] = ()
    """(variable, header) of the columns a published table shows; empty: every variable."""
    dates: tuple[str, ...] = ()
    """Variables holding EDTF dates (published as people write dates)."""

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def _decorators(text: str, origin: str) -> dict[str, Any]:
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[2:].removeprefix(" "))
        elif line.strip() and not line.startswith("#"):
            break
    if not lines:
        return {}
    try:
        metadata = "\n".join(lines)
        # Aliases can expand exponentially ("billion laughs"); decorators never need them.
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(metadata)):
            raise QueryError(f"{origin}: the '#+' decorator lines use YAML aliases (*name), which are not accepted")
        data = yaml.safe_load(metadata)
    except yaml.YAMLError as err:
        raise QueryError(f"{origin}: the '#+' decorator lines are not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise QueryError(f"{origin}: the '#+' decorator lines must be 'key: value' pairs")
    return data


def _parameters(raw: Any, origin: str) -> tuple[Parameter, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise QueryError(f"{origin}: 'parameters' must map each name to its type and description")
    parameters = []
    for name, spec in raw.items():
        spec = spec if isinstance(spec, dict) else {"type": spec}
        kind = spec.get("type", "string")
        if not _NAME.match(str(name)):
            raise QueryError(f"{origin}: parameter name '{name}' must be a SPARQL variable name")
        if kind not in PARAMETER_TYPES:
            raise QueryError(f"{origin}: parameter '{name}' has unknown type '{kind}' (use one of {', '.join(PARAMETER_TYPES)})")
        parameters.append(
            Parameter(
                name=str(name),
                type=kind,
                description=str(spec.get("description", "")),
                default=spec.get("default"),
                required=bool(spec.get("required", False)),
                bound=str(spec.get("bound", "earliest")),
            )
        )
    return tuple(parameters)


def _columns(raw: Any, origin: str) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not all(_NAME.match(str(k)) for k in raw):
        raise QueryError(f"{origin}: 'columns' must map variable names to column headers")
    return tuple((str(k), str(v)) for k, v in raw.items())


def parse_query(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Read a query's text and decorators into a :class:`NamedQuery`."""
    origin = str(path) if path else name
    meta = _decorators(text, origin)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#+"))
    tags = meta.get("tags") or ()
    return NamedQuery(
        name=name,
        text=body.strip() + "\n",
        summary=str(meta.get("summary", "")).strip(),
        description=" ".join(str(meta.get("description", "")).split()),
        tags=tuple(str(t) for t in (tags if isinstance(tags, list) else [tags])),
        parameters=_parameters(meta.get("parameters"), origin),
        path=path,
        form=query_form(body),
        columns=_columns(meta.get("columns"), origin),
        dates=tuple(str(d) for d in (meta.get("dates") or ())),
    )


def read_query_file(path: Path) -> NamedQuery:
    """A user's ``.rq`` file (decorators optional)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"{path}: cannot read the query file: {err}") from None
    return parse_query(text, path.stem, path)


@lru_cache(maxsize=1)
def load_library() -> dict[str, NamedQuery]:
    """Every named query shipped in ``rightsgraph/queries``, by name."""
    return {path.stem: read_query_file(path) for path in sorted(QUERY_DIR.glob("*.rq"))}


def get_query(name: str) -> NamedQuery:
    library = load_library()
    if name not in library:
        import difflib

        close = difflib.get_close_matches(name, list(library), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise QueryError(f"unknown query '{name}'{hint}; 'rightsgraph query list' shows them all")
    return library[name]
