"""The inferences queries rely on, materialised inside each source's own graph.

From the ontology: symmetric properties (siblingOf, spouseOf, relativeOf), inverse pairs
(parentOf/childOf), and the sub-property and sub-class closure within the rightsgraph namespace
(a sibling is a relative, a defendant an affected person, a Trial a LegalProceeding). Entailed
triples are written into the same graph as the triple they follow from, so every fact, inferred
or not, still has the source that supports it.

Every rule derives one triple from one triple, so the closure is computed on the ontology first:
for each property, every (property, direction) a triple of it entails, through any chain of
inverse, symmetric and sub-property steps. Two SPARQL updates (properties, classes) then write the
whole closure in one pass; a fixpoint loop would need a last round only to find nothing new.

>>> from rightsgraph.ontology import RG, vocabulary
>>> (RG.relativeOf, True) in entailed(vocabulary(), RG.parentOf)
True
"""

from __future__ import annotations

from collections import deque

from rdflib import URIRef

from rightsgraph.graph.iris import SYSTEM_GRAPHS
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.ontology import Vocabulary, vocabulary

def _values(pairs: list[tuple[URIRef, URIRef]]) -> str:
    return " ".join(f"({a.n3()} {b.n3()})" for a, b in pairs)


def _outside_system_graphs() -> str:
    return "FILTER (?g NOT IN (" + ", ".join(g.n3() for g in sorted(SYSTEM_GRAPHS)) + "))"


def _rule(insert: str, values: str, pattern: str) -> str:
    """One rule as an update: within each fact graph, ``pattern`` implies ``insert``."""
    keep = _outside_system_graphs()
    return f"INSERT {{ GRAPH ?g {{ {insert} }} }} WHERE {{ VALUES {values} GRAPH ?g {{ {pattern} }} {keep} }}"


def inference_updates(vocab: Vocabulary) -> list[str]:
    """The rules one by one, one update per rule family (to be repeated until nothing is new):
    the plain statement of what :func:`closure_updates` writes in one pass."""
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


def entailed(vocab: Vocabulary, prop: URIRef) -> set[tuple[URIRef, bool]]:
    """Every (property, reversed) that ``s prop o`` entails: ``s q o``, or ``o q s`` when reversed."""
    inverse = dict(vocab.inverse_pairs())
    symmetric = set(vocab.symmetric_properties())
    supers: dict[URIRef, list[URIRef]] = {}
    for sub, sup in vocab.subproperty_pairs():
        supers.setdefault(sub, []).append(sup)
    start = (prop, False)
    seen = {start}
    queue = deque([start])
    while queue:
        current, flipped = queue.popleft()
        steps = [(sup, flipped) for sup in supers.get(current, [])]
        if current in symmetric:
            steps.append((current, not flipped))
        if current in inverse:
            steps.append((inverse[current], not flipped))
        for step in steps:
            if step not in seen:
                seen.add(step)
                queue.append(step)
    return seen - {start}


def closure_updates(vocab: Vocabulary) -> list[str]:
    """The two SPARQL updates that write the whole closure in one pass."""
    properties = {p for pair in vocab.inverse_pairs() + vocab.subproperty_pairs() for p in pair} | set(vocab.symmetric_properties())
    forward: list[tuple[URIRef, URIRef]] = []
    backward: list[tuple[URIRef, URIRef]] = []
    for prop in sorted(properties):
        for target, flipped in sorted(entailed(vocab, prop)):
            (backward if flipped else forward).append((prop, target))
    updates = []
    keep = _outside_system_graphs()
    if forward or backward:
        parts = []
        if forward:
            parts.append(f"{{ VALUES (?p ?q) {{ {_values(forward)} }} GRAPH ?g {{ ?s ?p ?o }} BIND (?s AS ?x) BIND (?o AS ?y) }}")
        if backward:
            parts.append(f"{{ VALUES (?p ?q) {{ {_values(backward)} }} GRAPH ?g {{ ?s ?p ?o }} BIND (?o AS ?x) BIND (?s AS ?y) }}")
        updates.append(f"INSERT {{ GRAPH ?g {{ ?x ?q ?y }} }} WHERE {{ {' UNION '.join(parts)} {keep} }}")
    if sub_classes := vocab.subclass_pairs():
        updates.append(_rule("?s a ?super", f"(?sub ?super) {{ {_values(sub_classes)} }}", "?s a ?sub"))
    return updates


def infer(kg: KnowledgeGraph, vocab: Vocabulary | None = None) -> int:
    """Write the closure of the rules; return how many quads were added."""
    start = kg.quad_count()
    for update in closure_updates(vocab or vocabulary()):
        kg.update(update)
    return kg.quad_count() - start
