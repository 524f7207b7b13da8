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
from collections.abc import Iterator

import pyoxigraph as ox

from rdflib import RDF, URIRef

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


Rule = tuple[str, str, str, str]
"""An entailment as (subject, predicate, object, where): within graph ``?g`` of ``where``'s
solutions, the triple of the first three (variables, or ``a``) holds."""


def closure_rules(vocab: Vocabulary) -> list[Rule]:
    """The whole closure as two rules (properties, classes), each drawn in one pass."""
    properties = {p for pair in vocab.inverse_pairs() + vocab.subproperty_pairs() for p in pair} | set(vocab.symmetric_properties())
    forward: list[tuple[URIRef, URIRef]] = []
    backward: list[tuple[URIRef, URIRef]] = []
    for prop in sorted(properties):
        for target, flipped in sorted(entailed(vocab, prop)):
            (backward if flipped else forward).append((prop, target))
    rules = []
    keep = _outside_system_graphs()
    if forward or backward:
        parts = []
        if forward:
            parts.append(f"{{ VALUES (?p ?q) {{ {_values(forward)} }} GRAPH ?g {{ ?s ?p ?o }} BIND (?s AS ?x) BIND (?o AS ?y) }}")
        if backward:
            parts.append(f"{{ VALUES (?p ?q) {{ {_values(backward)} }} GRAPH ?g {{ ?s ?p ?o }} BIND (?o AS ?x) BIND (?s AS ?y) }}")
        rules.append(("?x", "?q", "?y", f"{' UNION '.join(parts)} {keep}"))
    if sub_classes := vocab.subclass_pairs():
        rules.append(("?s", "a", "?super", f"VALUES (?sub ?super) {{ {_values(sub_classes)} }} GRAPH ?g {{ ?s a ?sub }} {keep}"))
    return rules


def closure_updates(vocab: Vocabulary) -> list[str]:
    """The two SPARQL updates that write the whole closure in one pass."""
    return [f"INSERT {{ GRAPH ?g {{ {s} {p} {o} }} }} WHERE {{ {where} }}" for s, p, o, where in closure_rules(vocab)]


def entailed_quads(kg: KnowledgeGraph, vocab: Vocabulary | None = None) -> Iterator[ox.Quad]:
    """Every quad the closure holds (those already stated too), read with SELECTs."""
    for subject, predicate, obj, where in closure_rules(vocab or vocabulary()):
        variables = [v for v in (subject, predicate, obj) if v.startswith("?")]
        solutions = kg.store.query(f"SELECT ?g {' '.join(variables)} WHERE {{ {where} }}")
        assert isinstance(solutions, ox.QuerySolutions)
        fixed = None if predicate.startswith("?") else ox.NamedNode(str(RDF.type))
        for row in solutions:
            yield ox.Quad(row[subject[1:]], fixed or row[predicate[1:]], row[obj[1:]], row["g"])  # type: ignore[arg-type]


def infer(kg: KnowledgeGraph, vocab: Vocabulary | None = None, *, union: bool = False) -> None:
    """Write the closure of the rules into each fact graph.

    In memory, by SPARQL updates. On disk, the entailed quads are read with SELECTs and written
    by the bulk writer (a transactional update costs several times more there); with ``union``
    each is also written to the default graph, which then stays the union without a rebuild.
    """
    vocab = vocab or vocabulary()
    if kg.path is None and not union:
        for update in closure_updates(vocab):
            kg.update(update)
        return
    kg.bulk_add(entailed_quads(kg, vocab), union=union)
