"""Inference: symmetric and inverse kinship, sub-property and class closure, inside each source graph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, URIRef

from rightsgraph.build import load_graph
from rightsgraph.graph import KnowledgeGraph, infer
from rightsgraph.graph.inference import inference_updates
from rightsgraph.ontology import vocabulary
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
    # The state acts, its country is a place: two records (places-and-institutions.yaml).
    assert builtin_kg.ask("ASK { <https://w3id.org/rightsgraph/id/state/state-of-kazakhstan> a rg:Actor ; rg:stateOf ?c . ?c a rg:Place, rg:Country }")
    assert not builtin_kg.ask("ASK { <https://w3id.org/rightsgraph/id/country/kazakhstan> a rg:Actor }")
    # No inference crosses into the ontology or provenance graphs.
    assert not builtin_kg.ask("ASK { GRAPH <https://w3id.org/rightsgraph/graph/ontology> { ?s rg:relativeOf ?o } }")


def fixpoint(kg: KnowledgeGraph) -> None:
    """The rules one by one, repeated until nothing is new: the plain statement of inference."""
    updates = inference_updates(vocabulary())
    before = -1
    while kg.quad_count() != before:
        before = kg.quad_count()
        for update in updates:
            kg.update(update)


def quads(kg: KnowledgeGraph) -> set[tuple[str, ...]]:
    return {tuple(str(t) for t in (q.subject, q.predicate, q.object, q.graph_name)) for q in kg.store.quads_for_pattern(None, None, None, None)}


@pytest.mark.parametrize("on_disk", [False, True])
def test_one_pass_closure_equals_the_rules_to_a_fixpoint(tmp_path: Path, on_disk: bool) -> None:
    """Every property and class of the ontology, used once: the two-update closure (on disk: its
    rows written by the bulk writer) writes exactly what repeating the rules one by one writes."""
    vocab = vocabulary()
    facts = [(URIRef(f"https://example.org/s{i}"), prop, URIRef(f"https://example.org/o{i}"), graph("g"))
             for i, prop in enumerate(sorted(p.iri for p in vocab.properties.values()))]
    facts += [(URIRef(f"https://example.org/c{i}"), RDF.type, cls, graph("g")) for i, cls in enumerate(sorted({c for pair in vocab.subclass_pairs() for c in pair}))]
    by_rules, in_one_pass = KnowledgeGraph(), KnowledgeGraph(tmp_path / "store" if on_disk else None)
    for kg in (by_rules, in_one_pass):
        kg.load_ontology()
        kg.add_quads(facts)
    fixpoint(by_rules)
    before = in_one_pass.quad_count()
    infer(in_one_pass)
    assert in_one_pass.quad_count() - before > 100  # the closure really adds (symmetric, inverse, super-properties, classes)
    assert quads(in_one_pass) == quads(by_rules)


def test_one_pass_closure_on_the_built_in_data(builtin_kg: KnowledgeGraph) -> None:
    """The built-in data after the build's one pass: repeating the rules adds nothing."""
    by_rules = KnowledgeGraph()
    by_rules.store.extend([q for q in builtin_kg.store.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)])
    named = quads(by_rules)
    fixpoint(by_rules)
    assert len(named) > 1000 and quads(by_rules) == named
