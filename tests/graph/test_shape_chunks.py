"""Shapes checked in chunks give exactly what one pySHACL run over the whole data graph gives."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.term import Node

from benchmarks.generate import generate
from rightsgraph.build import complete, load_graph
from rightsgraph.graph import KnowledgeGraph, validate
from rightsgraph.graph.shape_chunks import SH, shape_results
from rightsgraph.graph.validation import data_graph
from rightsgraph.loaders import load_inputs
from rightsgraph.ontology import RG, load_shapes
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

Result = tuple[Node, ...]
FIELDS = (SH.focusNode, SH.resultPath, SH.value, SH.sourceShape, SH.sourceConstraintComponent, SH.resultSeverity, SH.resultMessage)


def described(results: Graph, result: Node) -> Result:
    """A result by what it says (its own node is a blank node, different in every run)."""
    values = tuple(results.value(result, field) for field in FIELDS)
    shape = values[3]
    # a property shape written as a blank node: name it by its path and message instead
    return values if isinstance(shape, URIRef) else (*values[:3], None, *values[4:])


def whole(kg: KnowledgeGraph) -> Counter[Result]:
    _, results, _ = shacl_validate(data_graph(kg), shacl_graph=load_shapes(), inference="none", abort_on_first=False, allow_warnings=True, advanced=False)
    assert isinstance(results, Graph)
    return Counter(described(results, r) for r in results.subjects(predicate=SH.focusNode))


def chunked(kg: KnowledgeGraph, size: int) -> Counter[Result]:
    return Counter(described(results, r) for results, r in shape_results(kg, size))


def broken_corpus(folder: Path, seed: int = 3) -> KnowledgeGraph:
    """A generated corpus with statements dropped, values pointed at the wrong kind of record and
    literals of the wrong type: something for nearly every shape to find."""
    rng = random.Random(seed)
    quads = load_inputs(generate(80, folder, seed=seed)).quads
    records = sorted({s for s, _, _, _ in quads if isinstance(s, URIRef)})
    mutated = []
    for s, p, o, g in quads:
        roll = rng.random()
        if roll < 0.08:
            continue
        if roll < 0.16 and isinstance(o, URIRef):
            o = rng.choice(records)
        elif roll < 0.24 and isinstance(o, Literal):
            o = rng.choice([Literal("soon"), Literal("2020-13-45", datatype=XSD.date), Literal("-3", datatype=XSD.integer), Literal("")])
        mutated.append((s, p, o, g))
    # identifiers (focus nodes as objects of a property), stated in a graph of their own or not at all
    graphs = sorted({g for _, _, _, g in quads})
    for i, record in enumerate(records[:12]):
        identifier = URIRef(f"https://w3id.org/rightsgraph/id/identifier/id-{i}")
        mutated.append((record, RG.identifier, identifier, graphs[0]))
        if i % 3:
            mutated.append((identifier, RG.identifierScheme, RG.SchemeEPProcedure, graphs[-1]))
            mutated.append((identifier, RG.identifierValue, Literal("2019/2610(RSP)" if i % 2 else "bad"), graphs[-1]))
    kg = KnowledgeGraph()
    kg.add_quads(mutated)
    complete(kg)
    return kg


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    return broken_corpus(tmp_path_factory.mktemp("broken"))


@pytest.mark.parametrize("size", [50, 100_000])
def test_chunks_give_the_whole_runs_results_on_broken_data(broken: KnowledgeGraph, size: int) -> None:
    expected = whole(broken)
    kinds = {(r[4], r[6]) for r in expected}  # the constraint and the shape's message
    assert sum(expected.values()) > 100 and len(kinds) > 12, "the data must break many kinds of shape"
    assert chunked(broken, size) == expected


@pytest.mark.parametrize("name", [None, "confidential.yaml", "confidential-identity.yaml"])
def test_chunks_give_the_whole_runs_results_on_real_data(name: str | None) -> None:
    kg, _ = load_graph([FIXTURES / name] if name else None)
    expected = whole(kg)
    assert chunked(kg, 50) == expected


def test_validate_in_chunks_reports_what_one_run_reports(broken: KnowledgeGraph) -> None:
    one_run = validate(broken)
    assert len(one_run.findings) > 100
    assert sorted(map(repr, validate(broken, chunk_size=23).findings)) == sorted(map(repr, one_run.findings))
