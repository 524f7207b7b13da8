"""Two real engines: push the built graph to the Oxigraph server and to Virtuoso, run the whole
query library on each, and compare with the local answers."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from rightsgraph.build import build, load_graph
from rightsgraph.errors import EndpointError
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.graph.push import PushOptions, Server, push
from rightsgraph.queries import Endpoint, LocalTarget, QueryResult, load_library, run_query
from tests.queries.test_remote import PARAMETERS
from tests.scale.corpus import comparable
from tests.servers import OxigraphServer, VirtuosoServer, free_port
from tests.queries.test_deaths import EMPTY_ON_THE_BUILT_IN_DATA

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory, builtin_kg: KnowledgeGraph) -> Iterator[OxigraphServer]:
    with OxigraphServer(None, tmp_path_factory.mktemp("oxigraph-push"), writable=True) as server:
        report = push(builtin_kg, Server(server.store_url, server.update_url))
        assert len(report.pushed) == len(builtin_kg.graphs()) + 1  # every graph, and the union
        yield server


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, builtin_kg: KnowledgeGraph) -> Iterator[VirtuosoServer]:
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")) as server:
        # Virtuoso's default graph is already the union of all graphs.
        push(builtin_kg, Server(server.store_url, server.update_url, PushOptions(union=False)))
        yield server


@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
@pytest.mark.parametrize("name", sorted(load_library()))
def test_engine_agrees_with_local(builtin_kg: KnowledgeGraph, request: pytest.FixtureRequest, engine: str, name: str) -> None:
    server = request.getfixturevalue(engine)
    params = PARAMETERS.get(name, {})
    local = run_query(LocalTarget(builtin_kg), name, params)
    remote = run_query(Endpoint(server.query_url), name, params)
    assert (len(local.rows) > 0) != (name in EMPTY_ON_THE_BUILT_IN_DATA)
    assert comparable(remote) == comparable(local)


def big_graph(triples: int) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    graph = URIRef("https://example.org/graph/big")
    kg.add_quads((URIRef(f"https://example.org/s/{i:06d}"), URIRef("https://example.org/p"), Literal(i), graph) for i in range(triples))
    return kg


def test_virtuoso_row_cap_never_truncates_silently(virtuoso: VirtuosoServer) -> None:
    kg = big_graph(12_500)
    push(kg, Server(virtuoso.store_url, virtuoso.update_url, PushOptions(union=False)))
    query = "SELECT ?s ?o WHERE { GRAPH <https://example.org/graph/big> { ?s ?p ?o } } ORDER BY ?s"
    raw = urllib.request.urlopen(urllib.request.Request(
        virtuoso.query_url, data=("query=" + urllib.parse.quote(query)).encode(),
        headers={"Accept": "application/sparql-results+json"})).read()
    assert raw.count(b'"s":') == 10_000, "the server itself caps the answer"
    result = Endpoint(virtuoso.query_url).run(query)
    assert len(result.rows) == 12_500
    assert [int(row["o"].toPython()) for row in result.rows] == list(range(12_500))


def test_push_replaces_graphs_and_is_repeatable(tmp_path: Path) -> None:
    kg, _ = load_graph()
    with OxigraphServer(None, tmp_path, writable=True) as server:
        target = Server(server.store_url, server.update_url)
        push(kg, target)
        push(kg, target)
        count = run_query(Endpoint(server.query_url), "sources")
        assert len(count.rows) == 18
        leftovers = Endpoint(server.query_url).run("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER STRSTARTS(STR(?g), 'urn:rightsgraph:push:') }")
        assert leftovers.rows == []


def graph_sizes(url: str) -> dict[str, int]:
    rows = Endpoint(url).run("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    return {str(r["g"]): int(r["n"].toPython()) for r in rows}


def test_interrupted_push_leaves_each_graph_old_or_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, _ = load_graph()
    with OxigraphServer(None, tmp_path, writable=True) as server:
        push(old, Server(server.store_url, server.update_url))
        before = graph_sizes(server.query_url)
        new = big_graph(300)
        new.add_quads([(URIRef(f"https://example.org/x/{i}"), URIRef("https://example.org/p"), Literal(i), g) for g in old.fact_graphs()[:6] for i in range(3)])
        target = Server(server.store_url, server.update_url)
        calls = {"n": 0}
        real_put = Server.put

        def failing_put(self: Server, graph: URIRef | None, data: bytes) -> None:
            calls["n"] += 1
            if calls["n"] == 4:
                raise EndpointError("connection dropped half-way through the upload")
            real_put(self, graph, data)

        monkeypatch.setattr(Server, "put", failing_put)
        with pytest.raises(EndpointError):
            push(new, target)
        after = graph_sizes(server.query_url)
        new_sizes = {str(g): len(list(new.store.quads_for_pattern(None, None, None, __import__("pyoxigraph").NamedNode(str(g))))) for g in new.graphs()}
        for graph, size in after.items():
            assert size in (before.get(graph), new_sizes.get(graph)), graph
        assert not any(g.startswith("urn:rightsgraph:push:") for g in after), "no temporary graph is left behind"
        replaced = [g for g in after if after[g] == new_sizes.get(g) and after[g] != before.get(g)]
        assert len(replaced) == 3


def test_serve_command(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build(None, None, store=store)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "rightsgraph.cli", "serve", "--store", str(store), "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/query"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        answer = run_query(Endpoint(url), "relatives-of-refugees-prosecuted")
        assert answer.values("relativeName") == ["Iskander Yerimbetov"]
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/update", data=b"update=CLEAR%20ALL", method="POST"), timeout=5)
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode()
    assert f"SPARQL query endpoint: http://127.0.0.1:{port}/query" in output and "read-only" in output
