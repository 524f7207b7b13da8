"""Inference: symmetric and inverse kinship, sub-property and class closure, inside each source graph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import URIRef

from rightsgraph.build import load_graph
from rightsgraph.graph.iris import DEFAULT_BASE
from rightsgraph.ontology import RG
from tests.conftest import MINIMAL_SOURCE

FAMILY = MINIMAL_SOURCE + """
  - id: other
    title: Another source
    summary: Another test source.
    locator: test, line 2
actors:
  - id: ana
    type: Person
    name: Ana
    relatives:
      - {relation: father, person: bo}
      - {relation: half-sister, person: cy, sources: [other]}
    sources: [src]
  - id: bo
    type: Person
    name: Bo
    sources: [src]
  - id: cy
    type: Person
    name: Cy
    sources: [other]
"""


def person(slug: str) -> URIRef:
    return URIRef(f"{DEFAULT_BASE}person/{slug}")


def graph(slug: str) -> URIRef:
    return URIRef(f"{DEFAULT_BASE}graph/{slug}")


def test_kinship_closure_stays_in_the_supporting_source(write_case: Callable[..., Path]) -> None:
    kg, _ = load_graph([write_case(FAMILY)])
    rows = kg.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(isIRI(?o) && CONTAINS(STR(?o), '/person/')) } }")
    facts = {(r["g"], r["s"], r["p"], r["o"]) for r in rows}
    ana, bo, cy = person("ana"), person("bo"), person("cy")
    src, other = graph("src"), graph("other")
    expected = {
        (src, ana, RG.parentOf, bo), (src, bo, RG.childOf, ana),
        (src, ana, RG.relativeOf, bo), (src, bo, RG.relativeOf, ana),
        (other, ana, RG.siblingOf, cy), (other, cy, RG.siblingOf, ana),
        (other, ana, RG.relativeOf, cy), (other, cy, RG.relativeOf, ana),
    }
    kinship = {f for f in facts if f[2] in {RG.parentOf, RG.childOf, RG.siblingOf, RG.relativeOf, RG.spouseOf}}
    assert kinship == expected


def test_class_and_role_closure(builtin_kg) -> None:  # type: ignore[no-untyped-def]
    decision = URIRef(f"{DEFAULT_BASE}event/parole-decision-mukhtar-dzhakishev")
    assert builtin_kg.ask(f"ASK {{ {decision.n3()} a rg:Event ; rg:responsibleActor ?court ; rg:affectedPerson ?p }}")
    assert builtin_kg.ask("ASK { <https://w3id.org/rightsgraph/id/state/kazakhstan> a rg:Actor, rg:Place }")
    # No inference crosses into the ontology or provenance graphs.
    assert not builtin_kg.ask("ASK { GRAPH <https://w3id.org/rightsgraph/graph/ontology> { ?s rg:relativeOf ?o } }")
