"""Turning parameter values (as typed by a user) into RDF terms.

A person, actor, state, place or record may be given by name ("Iskander Yerimbetov"), by id
("iskander-yerimbetov") or by IRI; names and ids are looked up in the target itself with a query
whose only variable part is a bound literal, in any case, among records only (never a class,
property or concept of the ontology); when nothing matches, the closest names are suggested. A class or property is a term of the ontology
("Person", "rg:citizenship"). Dates accept partial forms ("2019") and bind their earliest or
latest day as the parameter says.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Protocol

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from rightsgraph.errors import QueryError
from rightsgraph.graph.dates import parse_edtf
from rightsgraph.graph.iris import is_valid_iri
from rightsgraph.ontology import RG, RG_NS, vocabulary
from rightsgraph.queries.binding import bind_values
from rightsgraph.queries.library import NamedQuery, Parameter
from rightsgraph.queries.results import QueryResult

RECORD_CLASSES: dict[str, URIRef | None] = {
    "person": RG.Person,
    "actor": RG.Actor,
    "state": RG.State,
    "country": RG.Country,
    "place": RG.Place,
    "record": None,
}

_ONLY_RECORDS = f'FILTER (isIRI(?record) && !STRSTARTS(STR(?record), "{RG_NS}"))'
"""Records only: never a class, property or concept of the ontology ('victim', 'court')."""
_LOOKUP = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?record ?name WHERE {
  { ?record rdfs:label ?%(label)s } UNION { ?record skos:altLabel ?%(label)s }
  ?record rdfs:label ?name .
  %(restriction)s
  %(condition)s
  """ + _ONLY_RECORDS + """
}
ORDER BY ?record
"""
_NAMES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?name WHERE {
  ?record rdfs:label ?name .
  %(restriction)s
  """ + _ONLY_RECORDS + """
}
LIMIT 200000
"""
"""Every name, read only when nothing matched, to suggest the closest ones (bounded)."""
_EXACT = {"label": "needle", "condition": ""}
"""A name exactly as written: an index lookup, tried first."""
_ANY_CASE = {"label": "match", "condition": 'FILTER (LCASE(STR(?match)) = LCASE(STR(?needle)) || STRENDS(STR(?record), CONCAT("/", STR(?needle))))'}
"""A name in any case, or an id: reads every name (seconds at a million facts)."""


class Target(Protocol):
    """Where queries run: the local store or a remote endpoint."""

    def run(self, text: str) -> QueryResult: ...

    def describe(self) -> str: ...


def resolve_record(target: Target, value: str, kind: str) -> URIRef:
    """The IRI of the record named, identified or given by ``value``."""
    text = value.strip()
    if is_valid_iri(text):
        return URIRef(text)
    if not text:
        raise QueryError(f"an empty {kind} was given")
    cls = RECORD_CLASSES[kind]
    restriction = f"?record a {cls.n3()} ." if cls is not None else ""
    needle = {"needle": Literal(text)}
    exact = target.run(bind_values(_LOOKUP % {**_EXACT, "restriction": restriction}, needle))
    result = exact if exact.rows else target.run(bind_values(_LOOKUP % {**_ANY_CASE, "restriction": restriction}, needle))
    matches = {row["record"]: str(row.get("name", "")) for row in result.rows}
    if not matches:
        names = [str(row["name"]) for row in target.run(_NAMES % {"restriction": restriction}).rows]
        raise QueryError(f"no {kind} named or identified '{text}' in {target.describe()}{_closest(text, names)}")
    if len(matches) > 1:
        listed = "; ".join(f"{name} <{iri}>" for iri, name in sorted(matches.items()))
        raise QueryError(f"'{text}' matches {len(matches)} records ({listed}); give an id or IRI")
    (iri,) = matches
    assert isinstance(iri, URIRef)
    return iri


def _closest(text: str, names: list[str]) -> str:
    """' (did you mean ...?)' with the closest names, compared without regard to case."""
    by_key: dict[str, str] = {}
    for name in sorted(names):
        by_key.setdefault(name.casefold(), name)
    close = difflib.get_close_matches(text.casefold(), list(by_key), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(by_key[c]) for c in close)}?)" if close else ""


def _ontology_term(value: str, kind: str) -> URIRef:
    vocab = vocabulary()
    name = value.strip()
    if name.startswith("rg:"):
        name = name[3:]
    elif name.startswith(RG_NS):
        name = name[len(RG_NS) :]
    elif is_valid_iri(name):
        return URIRef(name)
    prop = vocab.property_named(name)
    found = vocab.class_named(name) if kind == "class" else (prop.iri if prop is not None else None)
    if found is None:
        raise QueryError(f"'{value}' is not a {kind} of the ontology")
    return found


def convert(target: Target, parameter: Parameter, value: object) -> Node:
    """The RDF term for one parameter value."""
    if isinstance(value, (URIRef, Literal)):
        return value
    text = str(value)
    kind = parameter.type
    if kind in RECORD_CLASSES:
        return resolve_record(target, text, kind)
    if kind == "iri":
        if not is_valid_iri(text):
            raise QueryError(f"parameter {parameter.name}: '{text}' is not an absolute IRI")
        return URIRef(text)
    if kind in ("class", "property"):
        return _ontology_term(text, kind)
    if kind == "integer":
        try:
            return Literal(int(text))
        except ValueError:
            raise QueryError(f"parameter {parameter.name}: '{text}' is not a whole number") from None
    if kind == "boolean":
        flag = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(text.strip().lower())
        if flag is None:
            raise QueryError(f"parameter {parameter.name}: '{text}' is not true or false")
        return Literal(flag)
    if kind == "date":
        try:
            parsed = parse_edtf(text)
        except ValueError as err:
            raise QueryError(f"parameter {parameter.name}: {err}") from None
        day = parsed.latest if parameter.bound == "latest" else parsed.earliest
        if day is None:
            raise QueryError(f"parameter {parameter.name}: '{text}' has no {parameter.bound} day")
        return Literal(day.isoformat(), datatype=XSD.date)
    return Literal(text)


def bindings_for(target: Target, query: NamedQuery, given: Mapping[str, object]) -> dict[str, Node]:
    """Check and convert the given parameters (and defaults) of a named query."""
    unknown = sorted(set(given) - {p.name for p in query.parameters})
    if unknown:
        accepted = ", ".join(p.name for p in query.parameters) or "none"
        raise QueryError(f"query '{query.name}' has no parameter {', '.join(unknown)} (it takes: {accepted})")
    bindings: dict[str, Node] = {}
    for parameter in query.parameters:
        value = given.get(parameter.name, parameter.default)
        if value is None:
            if parameter.required:
                raise QueryError(f"query '{query.name}' needs the parameter {parameter.name} ({parameter.description})")
            continue
        bindings[parameter.name] = convert(target, parameter, value)
    return bindings
