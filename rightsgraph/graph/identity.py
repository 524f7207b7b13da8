"""One node per real-world entity: records that are the same are merged, sources kept.

Two records are the same when a source says so (``owl:sameAs``, from a case file's ``sameAs``) or
when both are confirmed to be the same entity elsewhere (the same ``skos:exactMatch`` target: a
Wikidata item, an FtM entity). Each group gets one canonical IRI (the smallest, so the choice is
stable); facts about the others are rewritten onto it inside their own source graphs, so every
source still supports what it said, and ``canonical owl:sameAs other`` is kept where each other
IRI was used, so it can still be found.

>>> from rdflib import OWL, URIRef
>>> sorted(groups([(URIRef("urn:b"), URIRef("urn:a")), (URIRef("urn:c"), URIRef("urn:b"))]).items())
[(rdflib.term.URIRef('urn:b'), rdflib.term.URIRef('urn:a')), (rdflib.term.URIRef('urn:c'), rdflib.term.URIRef('urn:a'))]
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from rightsgraph.graph.iris import SYSTEM_GRAPHS
from rightsgraph.graph.store import KnowledgeGraph

_KEEP = "FILTER (?g NOT IN (" + ", ".join(g.n3() for g in sorted(SYSTEM_GRAPHS)) + "))"

SAME_PAIRS = f"""
SELECT DISTINCT ?a ?b WHERE {{
  {{ GRAPH ?g {{ ?a <http://www.w3.org/2002/07/owl#sameAs> ?b }} {_KEEP} }}
  UNION
  {{ GRAPH ?g {{ ?a <http://www.w3.org/2004/02/skos/core#exactMatch> ?x }} {_KEEP}
     GRAPH ?h {{ ?b <http://www.w3.org/2004/02/skos/core#exactMatch> ?x }}
     FILTER (?h NOT IN ({", ".join(g.n3() for g in sorted(SYSTEM_GRAPHS))}))
     FILTER (STR(?a) < STR(?b)) }}
  FILTER (isIRI(?a) && isIRI(?b) && ?a != ?b)
}}
"""


def groups(pairs: Iterable[tuple[URIRef, URIRef]]) -> dict[URIRef, URIRef]:
    """Map each non-canonical IRI to its group's canonical (smallest) IRI."""
    parent: dict[URIRef, URIRef] = {}

    def find(node: URIRef) -> URIRef:
        root = node
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(node, node) != root:
            parent[node], node = root, parent[node]
        return root

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            parent[high] = low
            parent.setdefault(low, low)
    return {node: find(node) for node in parent if find(node) != node}


def merge_identities(kg: KnowledgeGraph) -> dict[URIRef, URIRef]:
    """Rewrite every alias onto its canonical IRI in the fact graphs; return alias → canonical."""
    rows = kg.select(SAME_PAIRS)
    aliases = groups((row["a"], row["b"]) for row in rows if isinstance(row["a"], URIRef) and isinstance(row["b"], URIRef))
    for alias, canonical in sorted(aliases.items()):
        a, c = alias.n3(), canonical.n3()
        kg.update(f"""
            INSERT {{ GRAPH ?g {{ {c} <http://www.w3.org/2002/07/owl#sameAs> {a} }} }}
            WHERE {{ SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {{ {a} ?p ?o }} UNION {{ ?s ?p {a} }} }} {_KEEP} }} }};
            DELETE {{ GRAPH ?g {{ {a} ?p ?o }} }} INSERT {{ GRAPH ?g {{ {c} ?p ?o }} }}
            WHERE {{ GRAPH ?g {{ {a} ?p ?o }} {_KEEP} }};
            DELETE {{ GRAPH ?g {{ ?s ?p {a} }} }} INSERT {{ GRAPH ?g {{ ?s ?p {c} }} }}
            WHERE {{ GRAPH ?g {{ ?s ?p {a} }} FILTER (?p != <http://www.w3.org/2002/07/owl#sameAs>) {_KEEP} }};
            DELETE WHERE {{ GRAPH ?g {{ ?x <http://www.w3.org/2002/07/owl#sameAs> ?x }} }}
        """)
    return aliases
