"""Query results, the same shape whether they came from the local store or a remote endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

if TYPE_CHECKING:  # pragma: no cover
    import pandas


def normalize(term: Node) -> Node:
    """One form per term: ``xsd:string`` literals as plain literals (as SPARQL JSON writes them)."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


@dataclass
class QueryResult:
    """Rows of a SELECT (dicts of rdflib terms, unbound variables absent), a graph, or a boolean."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Node]] = field(default_factory=list)
    graph: Graph | None = None
    boolean: bool | None = None

    def __len__(self) -> int:
        if self.graph is not None:
            return len(self.graph)
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Node]]:
        return iter(self.rows)

    def column(self, name: str) -> list[Node | None]:
        return [row.get(name) for row in self.rows]

    def values(self, name: str) -> list[str]:
        """The column as strings ('' when unbound): handy in tests and notebooks."""
        return [str(row[name]) if name in row else "" for row in self.rows]

    def to_python(self) -> list[dict[str, Any]]:
        """Rows with literals as Python values (int, Decimal, date, str) and IRIs as strings."""
        out = []
        for row in self.rows:
            out.append({
                name: (value.toPython() if isinstance(value, Literal) else str(value))
                for name, value in row.items()
            })
        return out

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (install the ``pandas`` extra)."""
        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe needs pandas: pip install 'rightsgraph[pandas]'") from err
        return pd.DataFrame(self.to_python(), columns=self.variables)

    def sorted_rows(self) -> list[tuple[str, ...]]:
        """Rows as tuples of N3 strings, sorted: to compare results from two engines."""
        return sorted(tuple(row[v].n3() if v in row else "" for v in self.variables) for row in self.rows)


def term_from_json(binding: dict[str, str]) -> Node:
    """An rdflib term from a SPARQL 1.1 JSON results binding."""
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        if "datatype" in binding:
            return normalize(Literal(value, datatype=URIRef(binding["datatype"])))
        return Literal(value)
    raise ValueError(f"unknown binding type {kind!r}")


def term_to_json(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out
