"""What the review files of the linkers share: reading a decision, the reviewer, the decision's source.

A review file ('link wikidata', 'dedupe') proposes; a named person decides; ``link apply`` turns the
decisions into facts of one source graph, attributed to that person (a ``prov:Person``, not an
actor of the graph) on the day of the review.

>>> batch = Batch()
>>> graph = decision_source(batch, "review-x", Path("x.yaml"), "Decisions by A. Reviewer", "2 links", "A. Reviewer", dt.date(2026, 11, 30))
>>> str(graph)
'https://w3id.org/rightsgraph/id/graph/review-x'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import yaml
from rdflib import PROV, RDF, RDFS, Literal, URIRef

from rightsgraph.graph.batch import Batch, Location
from rightsgraph.graph.iris import DEFAULT_BASE, PROVENANCE_GRAPH, mint
from rightsgraph.loaders.cells import slugify
from rightsgraph.loaders.located_yaml import Scalar
from rightsgraph.loaders.sources import describe_source
from rightsgraph.ontology import RG


def scalar_text(node: object) -> str:
    """The stripped text of a YAML scalar; empty for anything else."""
    return node.text.strip() if isinstance(node, Scalar) and not node.is_null else ""


def dump_review(path: Path, header: str, document: Mapping[str, object]) -> None:
    path.write_text(header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def reviewer_agent(batch: Batch, reviewer: str) -> URIRef:
    """The reviewer, a person (PROV-O), in the provenance graph."""
    agent = mint(DEFAULT_BASE, "reviewer", slugify(reviewer))
    batch.add(agent, RDF.type, PROV.Person, PROVENANCE_GRAPH)
    batch.add(agent, RDFS.label, Literal(reviewer), PROVENANCE_GRAPH)
    return agent


def decision_source(batch: Batch, source_id: str, path: Path, label: str, summary: str, reviewer: str, day: dt.date) -> URIRef:
    """Describe the review as a source attributed to its reviewer; return its fact graph."""
    agent = reviewer_agent(batch, reviewer)
    graph = describe_source(batch, source_id, label=label, summary=summary, locator=path.name, day=day, confidence=RG.ConfidenceHigh, source_file=path.name, attributed_to=agent)
    batch.records[graph] = Location(str(path), None)
    return graph
