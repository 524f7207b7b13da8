"""Where the ontology's data files live, and cached parsed copies of them."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Graph

HERE = Path(__file__).resolve().parent
ONTOLOGY_PATH = HERE / "rightsgraph.ttl"
SHAPES_PATH = HERE / "shapes.ttl"
CONTEXT_PATH = HERE / "context.jsonld"

ONTOLOGY_IRI = "https://w3id.org/rightsgraph/ns"


@lru_cache(maxsize=1)
def _parsed(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


def load_ontology() -> Graph:
    """The ontology as an rdflib graph (a fresh copy: callers may add to it)."""
    copy = Graph()
    for prefix, namespace in _parsed(ONTOLOGY_PATH).namespaces():
        copy.bind(prefix, namespace)
    copy += _parsed(ONTOLOGY_PATH)
    return copy


def load_shapes() -> Graph:
    """The SHACL shapes graph (shared, do not modify)."""
    return _parsed(SHAPES_PATH)


@lru_cache(maxsize=1)
def load_context() -> dict[str, Any]:
    """The JSON-LD context document shipped with the package."""
    with CONTEXT_PATH.open(encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document
