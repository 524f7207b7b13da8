"""What a batch of case files is converted with: the format's sections and keys, and the state
shared while converting (records and sources by id, the problems found).

    >>> from rightsgraph.loaders.casefile.context import SECTIONS
    >>> sorted(SECTIONS)[:3]
    ['actors', 'documents', 'events']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import URIRef

from rightsgraph.errors import Problem
from rightsgraph.graph.batch import Batch
from rightsgraph.loaders.located_yaml import Mapping, Scalar
from rightsgraph.ontology import RG, Vocabulary

SECTIONS: dict[str, URIRef] = {
    "actors": RG.Actor,
    "places": RG.Place,
    "events": RG.Event,
    "documents": RG.Document,
    "figures": RG.Figure,
    "posts": RG.Post,
    "memberships": RG.Membership,
    "involvements": RG.Involvement,
}
TOP_LEVEL = {"base", "sources", *SECTIONS}
RECORD_KEYS = {"id", "type", "name", "altNames", "description", "sources", "confidential", "sameAs", "links", "relatives", "identifiers"}
SOURCE_KEYS = {"id", "title", "summary", "locator", "file", "lines", "url", "quote", "confidence", "role", "date", "publisher", "confidential"}
VALUE_KEYS = {"value", "sources", "confidential"}
RELATIVE_KEYS = {"relation", "person", "wording", "ftmId", "sources", "confidential"}
"""``wording``: the source's own word when no kinship word fits it ('Family member of'), kept as is."""
IDENTIFIER_KEYS = {"scheme", "value", "sources", "confidential"}
MAX_QUOTE = 300

KNOWN_PREFIXES = {"wd": "http://www.wikidata.org/entity/"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Item:
    """One value of a field, with the sources and confidentiality it carries."""

    scalar: Scalar
    sources: tuple[str, ...] | None
    confidential: bool


@dataclass(frozen=True)
class _Record:
    file: str
    base: str
    section: str
    node: Mapping
    id: str
    cls: URIRef
    iri: URIRef
    also: tuple[URIRef, ...] = ()
    """More classes of the record: a State without 'stateOf' is also its own Country."""

    @property
    def classes(self) -> tuple[URIRef, ...]:
        return (self.cls, *self.also)


@dataclass(frozen=True)
class _Source:
    file: str
    base: str
    node: Mapping
    id: str
    iri: URIRef
    graph: URIRef


@dataclass
class _Context:
    """State shared while converting one batch of files."""

    vocab: Vocabulary
    batch: Batch = field(default_factory=Batch)
    problems: list[Problem] = field(default_factory=list)
    records: dict[str, _Record] = field(default_factory=dict)
    sources: dict[str, _Source] = field(default_factory=dict)
    described: set[tuple[URIRef, URIRef]] = field(default_factory=set)
    confidential_graphs: set[URIRef] = field(default_factory=set)

    def problem(self, file: str, line: int | None, field_name: str | None, message: str) -> None:
        self.problems.append(Problem(file, line, field_name, message))
