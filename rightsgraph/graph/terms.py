"""Conversion between rdflib terms and pyoxigraph terms (bulk paths bypass rdflib's store API)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} in Oxigraph")


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """The rdflib term; xsd:string literals come back as plain literals, as rdflib writes them."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected Oxigraph term {term!r}")


def to_ox_quads(quads: Iterable[tuple[Node, Node, Node, Node]]) -> Iterator[ox.Quad]:
    for s, p, o, g in quads:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))  # type: ignore[arg-type]


def solution_dicts(solutions: Iterable[ox.QuerySolution], names: list[str]) -> Iterator[dict[str, Node]]:
    """Each solution as a dict of rdflib terms (unbound variables left out). A value repeated in
    many rows (a class, a country, a date) is converted once: building rdflib terms is most of the
    cost of reading an answer of thousands of rows."""
    converted: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}
    for solution in solutions:
        row = {}
        for name in names:
            value = solution[name]
            if value is not None:
                term = converted.get(value)
                if term is None:
                    term = converted[value] = from_ox(value)
                row[name] = term
        yield row


def solution_rows(solutions: ox.QuerySolutions) -> tuple[list[str], list[dict[str, Node]]]:
    """Variable names and rows (dicts of rdflib terms, unbound variables left out) of a SELECT."""
    names = [v.value for v in solutions.variables]
    return names, list(solution_dicts(solutions, names))
