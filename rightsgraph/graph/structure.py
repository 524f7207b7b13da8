"""Checks the shapes cannot express: self-links and cycles of properties that forbid them.

The ontology marks kinship and part-whole properties ``owl:IrreflexiveProperty`` (nobody is their
own brother) and some of them ``rg:acyclic`` (nobody is their own grandparent; no place lies
within a place inside itself). Such data is most often a typing slip — a wrong id, or one person
merged with a relative — and would make paths and views go round in circles, so it is refused
where it was written. The checks run in Oxigraph over the union graph, after identities are
merged and inferences drawn, so cycles across files and sources are found too.

>>> from rightsgraph.build import load_graph
>>> kg, _ = load_graph()
>>> structure_problems(kg)
[]
"""

from __future__ import annotations

import networkx as nx
from rdflib import URIRef
from rdflib.term import Node

from rightsgraph.errors import Problem
from rightsgraph.graph.batch import Batch, Location
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.ontology import Vocabulary, vocabulary


def _name(kg: KnowledgeGraph, node: Node) -> str:
    rows = kg.select(f"SELECT ?label WHERE {{ {node.n3()} rdfs:label ?label }} ORDER BY ?label LIMIT 1") if isinstance(node, URIRef) else []
    return str(rows[0]["label"]) if rows else str(node).rsplit("/", 1)[-1]


def _problem(location: Location | None, subject: Node, field: str, message: str) -> Problem:
    if location is None:
        return Problem(f"<{subject}>", None, field, message)
    return Problem(location.file, location.line, location.field or field, message)


def _self_links(kg: KnowledgeGraph, batch: Batch | None, vocab: Vocabulary) -> list[Problem]:
    found: dict[Node, tuple[URIRef, Location | None]] = {}
    for prop in vocab.irreflexive_properties():
        for row in kg.select(f"SELECT DISTINCT ?a WHERE {{ ?a {prop.n3()} ?a }}"):
            record = row["a"]
            location = batch.fields.get((record, prop)) if batch is not None else None
            if record not in found or (found[record][1] is None and location is not None):
                found[record] = (prop, location)
    problems = []
    for record, (prop, location) in found.items():
        label = vocab.label(prop)
        problems.append(_problem(location, record, vocab.properties[str(prop).rsplit("#", 1)[-1]].name, f"'{_name(kg, record)}' is linked to itself by '{label}'; check the id (or two records merged as the same entity)"))
    return problems


def _cycles(kg: KnowledgeGraph, batch: Batch | None, vocab: Vocabulary) -> list[Problem]:
    problems = []
    for prop in vocab.acyclic_properties():
        rows = kg.select(f"SELECT DISTINCT ?a ?b WHERE {{ ?a {prop.n3()} ?b . ?b {prop.n3()}+ ?a FILTER (?a != ?b) }}")
        if not rows:
            continue
        graph = nx.DiGraph((row["a"], row["b"]) for row in rows)
        info = vocab.properties[str(prop).rsplit("#", 1)[-1]]
        for component in nx.strongly_connected_components(graph):
            cycle = [edge[0] for edge in nx.find_cycle(graph.subgraph(component))]
            located = [(a, batch.fields[(a, prop)]) for a in cycle if batch is not None and (a, prop) in batch.fields]
            if batch is not None and not located:
                continue  # only inferred links (the inverse of a cycle already reported)
            subject, location = located[0] if located else (cycle[0], None)
            names = " → ".join(_name(kg, node) for node in [*cycle, cycle[0]])
            problems.append(_problem(location, subject, info.name, f"'{info.label}' links go round in a cycle: {names}"))
    return problems


def structure_problems(kg: KnowledgeGraph, batch: Batch | None = None) -> list[Problem]:
    """Self-links of irreflexive properties and cycles of acyclic ones, located through ``batch``."""
    vocab = vocabulary()
    return _self_links(kg, batch, vocab) + _cycles(kg, batch, vocab)
