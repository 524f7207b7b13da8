"""The inferences queries rely on, materialised inside each source's own graph.

From the ontology: symmetric properties (siblingOf, spouseOf, relativeOf), inverse pairs
(parentOf/childOf), and the sub-property and sub-class closure within the rightsgraph namespace
(a sibling is a relative, a defendant an affected person, a Trial a LegalProceeding). Entailed
triples are written into the same graph as the triple they follow from, so every fact, inferred
or not, still has the source that supports it. The rules run as SPARQL updates inside Oxigraph
until nothing new appears.
"""

from __future__ import annotations

from rdflib import URIRef

from rightsgraph.graph.iris import SYSTEM_GRAPHS
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.ontology import Vocabulary, vocabulary

MAX_ROUNDS = 8


def _values(pairs: list[tuple[URIRef, URIRef]]) -> str:
    return " ".join(f"({a.n3()} {b.n3()})" for a, b in pairs)


def _outside_system_graphs() -> str:
    return "FILTER (?g NOT IN (" + ", ".join(g.n3() for g in sorted(SYSTEM_GRAPHS)) + "))"


def _rule(insert: str, values: str, pattern: str) -> str:
    """One rule as an update: within each fact graph, ``pattern`` implies ``insert``."""
    keep = _outside_system_graphs()
    return f"INSERT {{ GRAPH ?g {{ {insert} }} }} WHERE {{ VALUES {values} GRAPH ?g {{ {pattern} }} {keep} }}"


def inference_updates(vocab: Vocabulary) -> list[str]:
    """The SPARQL updates, one per rule family, generated from the ontology."""
    updates = []
    if inverse := vocab.inverse_pairs():
        updates.append(_rule("?o ?q ?s", f"(?p ?q) {{ {_values(inverse)} }}", "?s ?p ?o"))
    if symmetric := vocab.symmetric_properties():
        updates.append(_rule("?o ?p ?s", f"?p {{ {' '.join(p.n3() for p in symmetric)} }}", "?s ?p ?o"))
    if sub_properties := vocab.subproperty_pairs():
        updates.append(_rule("?s ?super ?o", f"(?sub ?super) {{ {_values(sub_properties)} }}", "?s ?sub ?o"))
    if sub_classes := vocab.subclass_pairs():
        updates.append(_rule("?s a ?super", f"(?sub ?super) {{ {_values(sub_classes)} }}", "?s a ?sub"))
    return updates


def infer(kg: KnowledgeGraph, vocab: Vocabulary | None = None) -> int:
    """Apply the rules until a fixpoint; return how many quads were added."""
    updates = inference_updates(vocab or vocabulary())
    start = before = kg.quad_count()
    for _ in range(MAX_ROUNDS):
        for update in updates:
            kg.update(update)
        after = kg.quad_count()
        if after == before:
            break
        before = after
    return kg.quad_count() - start
