"""Faults: a server that is down, refuses, is slow, rate-limits or drops the connection half-way
through a push or a query; a build interrupted with Ctrl-C. Clear errors, bounded retries, no
partial graph on the server, no hang, the previous output intact. Servers are on 127.0.0.1."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result
from rdflib import Literal, URIRef

from rightsgraph.build import build, load_graph
from rightsgraph.errors import EndpointError
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.graph.push import PushOptions, Server, push, push_order
from rightsgraph.graph.store import open_store
from rightsgraph.queries import Endpoint
from tests.servers import DroppingProxy, OxigraphServer, Reply, ScriptedHTTPServer, free_port


def graph_sizes(url: str) -> dict[str, int]:
    rows = Endpoint(url).run("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    return {str(r["g"]): int(r["n"].toPython()) for r in rows}


def local_sizes(kg: KnowledgeGraph) -> dict[str, int]:
    return {str(g): sum(1 for _ in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(str(g)))) for g in kg.graphs()}


def grown(kg: KnowledgeGraph) -> KnowledgeGraph:
    """``kg`` with a few more facts in every fact graph: the "new" version of each graph."""
    extra = [(URIRef(f"https://example.org/x/{i}"), URIRef("https://example.org/p"), Literal(i), g) for g in kg.fact_graphs() for i in range(40)]
    kg.add_quads(extra)
    return kg


def one_line_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    return result.stderr


def test_push_to_a_server_that_is_down(cli: Callable[..., Result]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    stderr = one_line_error(cli("push", "--endpoint", f"{url}/store", "--update", f"{url}/update", "--timeout", "2"))
    assert "cannot connect" in stderr and "graphs already replaced are new, the others are as they were" in stderr


@pytest.mark.parametrize("status", [500, 503, 429])
def test_push_to_a_failing_server_retries_a_bounded_number_of_times(status: int) -> None:
    kg, _ = load_graph()
    waits: list[float] = []
    with ScriptedHTTPServer([Reply(status, b"no", {"Retry-After": "1"} if status == 429 else {})]) as server:
        target = Server(server.url, None, PushOptions(retries=2, sleep=waits.append))
        with pytest.raises(EndpointError, match=f"HTTP {status}"):
            push(kg, target)
    expected = 1 if status == 500 else 3  # 500 is not transient; 503 and 429 are tried 1 + 2 times
    assert len(server.requests) == expected
    assert waits == ([] if status == 500 else [1.0, 1.0] if status == 429 else [0.5, 1.0])


def test_push_to_a_slow_server_times_out_and_a_trickling_one_too() -> None:
    kg, _ = load_graph()
    for reply in (Reply(204, b"", delay=5), Reply(200, b"x" * 40, trickle=0.3)):
        started = time.monotonic()
        with ScriptedHTTPServer([reply]) as server:
            with pytest.raises(EndpointError, match="no (complete )?answer within 1 s"):
                push(kg, Server(server.url, None, PushOptions(timeout=1, retries=0)))
        assert time.monotonic() - started < 8


def test_push_through_a_connection_cut_once_is_retried_and_completes(tmp_path: Path) -> None:
    kg, _ = load_graph()
    with OxigraphServer(None, tmp_path, writable=True) as server:
        with DroppingProxy(server.port, cut=lambda n: n == 3, keep=200) as proxy:
            push(kg, Server(f"{proxy.base}/store", f"{proxy.base}/update", PushOptions(sleep=lambda s: None)))
            assert proxy.cuts == 1
        sizes = graph_sizes(server.query_url)
    assert sizes == local_sizes(kg)


@pytest.mark.parametrize("keep", [200, 3000])
def test_push_cut_for_good_half_way_leaves_every_graph_old_or_new(tmp_path: Path, keep: int) -> None:
    """From the 7th connection on, the network fails; some graphs are new, the others old."""
    old, _ = load_graph()
    with OxigraphServer(None, tmp_path, writable=True) as server:
        push(old, Server(server.store_url, server.update_url))
        before = graph_sizes(server.query_url)
        new = grown(load_graph()[0])
        with DroppingProxy(server.port, cut=lambda n: n >= 7, keep=keep) as proxy:
            with pytest.raises(EndpointError, match="connection broke|cannot connect"):
                push(new, Server(f"{proxy.base}/store", f"{proxy.base}/update", PushOptions(retries=2, sleep=lambda s: None)))
        after = graph_sizes(server.query_url)
    new_sizes = local_sizes(new)
    replaced = {g for g in after if after[g] == new_sizes.get(g) != before.get(g)}
    # connections 1-6 carried the first three graphs (an upload and a move each)
    facts, _ = push_order(new.graphs(), union=True)
    changed_among_first = {str(g) for g in facts[:3] if new_sizes[str(g)] != before.get(str(g))}
    assert changed_among_first and replaced == changed_among_first
    for graph, size in after.items():
        assert size in (before.get(graph), new_sizes.get(graph)), graph
    if keep == 200:  # the cut uploads never reached the server whole: nothing of them is left
        assert not any(g.startswith("urn:rightsgraph:push:") for g in after)


def test_query_through_a_dropped_connection_then_a_dead_server(cli: Callable[..., Result], tmp_path: Path) -> None:
    kg, _ = load_graph()
    with OxigraphServer([_trig(kg, tmp_path)], tmp_path, union_default_graph=True) as server:
        with DroppingProxy(server.port, cut=lambda n: n == 1, keep=50) as proxy:
            result = cli("query", "sources", "--endpoint", f"{proxy.base}/query", "--format", "csv")
            assert result.exit_code == 0, result.output
            assert len(result.stdout.strip().splitlines()) == 19  # a header and the 18 sources
        with DroppingProxy(server.port, cut=lambda n: True, keep=50) as proxy:
            stderr = one_line_error(cli("query", "sources", "--endpoint", f"{proxy.base}/query"))
            assert "connection broke during the" in stderr and proxy.connections == 4


def _trig(kg: KnowledgeGraph, folder: Path) -> Path:
    path = folder / "graph.trig"
    with path.open("wb") as handle:
        kg.dump(handle, ox.RdfFormat.TRIG)
    return path


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_interrupted_by_ctrl_c_keeps_the_previous_folder_and_store(tmp_path: Path) -> None:
    out, store = tmp_path / "out", tmp_path / "store"
    build(None, out, store=store)
    before = _digest(out)
    with open_store(store, read_only=True) as kg:
        facts = kg.quad_count()
    # A large input, so that the build is still running when Ctrl-C comes.
    big = tmp_path / "big.nt"
    with big.open("w", encoding="utf-8") as handle:
        for i in range(400_000):
            handle.write(f"<https://example.org/r/{i}> <http://www.w3.org/2000/01/rdf-schema#label> \"record {i}\" .\n")
    command = [sys.executable, "-m", "rightsgraph.cli", "build", str(big), "--out", str(out), "--store", str(store)]
    # A suite started in the background (nohup, `make test &`) passes an ignored SIGINT on to its
    # children, and Python then never raises KeyboardInterrupt: the build ran to its end. A
    # terminal's Ctrl-C reaches a process with the default action, so the child starts with it.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".store.new-*")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before it could be interrupted"
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert b"Traceback" not in stderr, stderr.decode()
    assert _digest(out) == before
    with open_store(store, read_only=True) as kg:
        assert kg.quad_count() == facts
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.nt", "out", "store"]
