"""The on-disk build keeps the union as it writes (no pass that reads every quad back), and its
store holds exactly what the in-memory pipeline (SPARQL updates, union rebuilt) gives."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.generate import generate
from rightsgraph.build import complete, load_asserted, populate
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.graph.terms import to_ox_quads
from rightsgraph.loaders import builtin_files, load_inputs

ALIASES = """\
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rg: <https://w3id.org/rightsgraph/ns#> .
<https://w3id.org/rightsgraph/id/person/yerimbetov-alias> owl:sameAs <https://w3id.org/rightsgraph/id/person/iskander-yerimbetov> ;
    rg:siblingOf <https://w3id.org/rightsgraph/id/person/someone-else> .
"""


def all_quads(kg: KnowledgeGraph) -> set[str]:
    return {f"{q.subject} {q.predicate} {q.object} {q.graph_name}" for q in kg.store.quads_for_pattern(None, None, None, None)}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("union")
    cases = generate(120, folder / "cases", seed=5)
    nquads = folder / "corpus.nq"
    with nquads.open("wb") as handle:
        ox.serialize(to_ox_quads(load_inputs(cases).quads), handle, format=ox.RdfFormat.N_QUADS)
    return [nquads, *builtin_files()]


def reference(paths: list[Path]) -> set[str]:
    """The in-memory pipeline: asserted quads, then updates and a union rebuilt by SPARQL."""
    kg = KnowledgeGraph()
    load_asserted(kg, paths, None)
    complete(kg)
    return all_quads(kg)


def test_the_union_kept_while_writing_equals_the_rebuilt_one(inputs: list[Path], tmp_path: Path) -> None:
    with KnowledgeGraph(tmp_path / "store") as kg:
        populate(kg, inputs, check=False)
        built = all_quads(kg)
        named = {(q.subject, q.predicate, q.object) for q in kg.store.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)}
        default = {(q.subject, q.predicate, q.object) for q in kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert default == named and len(default) > 5000
    assert built == reference(inputs)


def test_merged_identities_rebuild_the_union(inputs: list[Path], tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.ttl"
    aliases.write_text(ALIASES, encoding="utf-8")
    paths = [*inputs, aliases]
    with KnowledgeGraph(tmp_path / "store") as kg:
        populate(kg, paths, check=False)
        built = all_quads(kg)
        assert not kg.ask("ASK { <https://w3id.org/rightsgraph/id/person/yerimbetov-alias> ?p ?o }")
    assert built == reference(paths)
