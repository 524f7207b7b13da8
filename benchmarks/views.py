"""Benchmark: building a large network view (HTML written), rightsgraph vs pyvis' stock path.

Baseline, measured in the same run: the same graph put into pyvis with ``Network.add_node`` /
``add_edge`` and written with pyvis' own ``write_html`` (quadratic ``add_node``, stock template).
Reports the median of several repeats and the ratio baseline / rightsgraph.

    .venv/bin/python benchmarks/views.py --nodes 2000 --repeats 5
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from rightsgraph.viz import NetworkView, write_network


def synthetic_view(nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """A projection-shaped graph: people and events, about two links per record."""
    skeleton = nx.barabasi_albert_graph(nodes, 2, seed=seed)
    graph = nx.MultiDiGraph()
    for node in skeleton.nodes:
        kind = "person" if node % 3 else "event"
        graph.add_node(f"https://example.org/id/{node}", label=f"Record {node}", kind=kind, type=kind,
                       facts={"date": ["March 2020"]}, sources=["Source A"], links=[])
    for a, b in skeleton.edges:
        graph.add_edge(f"https://example.org/id/{a}", f"https://example.org/id/{b}", key="p", label="relative of", property="p", sources=["Source A"])
    return graph


def rightsgraph_view(graph: nx.MultiDiGraph, folder: Path) -> None:
    write_network(NetworkView("Benchmark", graph), folder / "rightsgraph.html")


def pyvis_stock(graph: nx.MultiDiGraph, folder: Path) -> None:
    net = Network(directed=True, cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        net.add_node(node, label=data["label"], title=data["type"])
    for source, target, data in graph.edges(data=True):
        net.add_edge(source, target, label=data["label"])
    net.toggle_physics(False)
    net.write_html(str(folder / "pyvis.html"))


def median_seconds(run: Callable[[nx.MultiDiGraph, Path], None], graph: nx.MultiDiGraph, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            run(graph, Path(folder))
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(nodes: int, repeats: int) -> dict[str, float]:
    graph = synthetic_view(nodes)
    ours = median_seconds(rightsgraph_view, graph, repeats)
    stock = median_seconds(pyvis_stock, graph, repeats)
    return {"nodes": nodes, "edges": graph.number_of_edges(), "rightsgraph_s": ours, "pyvis_stock_s": stock, "speedup": stock / ours}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print("| nodes | edges | rightsgraph (median s) | pyvis add_node + write_html (median s) | speed-up |")
    print("|---:|---:|---:|---:|---:|")
    for nodes in args.nodes:
        row = measure(nodes, args.repeats)
        print(f"| {row['nodes']:,} | {row['edges']:,} | {row['rightsgraph_s']:.3f} | {row['pyvis_stock_s']:.3f} | {row['speedup']:.1f}× |")


if __name__ == "__main__":
    main()
