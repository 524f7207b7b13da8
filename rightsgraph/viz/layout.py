"""A fast, deterministic layout for views too large for the browser's physics.

Each connected component is laid out radially around its best-connected record (breadth-first
rings, children near their parent), and components are packed in rows, largest first. It is
linear in the size of the graph, needs nothing beyond the standard library, and gives the same
positions on every run.

>>> import networkx as nx
>>> positions = radial_layout(nx.path_graph(3))
>>> sorted(positions) == [0, 1, 2]
True
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx

RING = 120.0
"""Distance between rings, in vis-network canvas units."""


def _component_layout(graph: nx.Graph, nodes: list[Hashable]) -> dict[Hashable, tuple[float, float]]:
    root = max(nodes, key=lambda n: (graph.degree(n), str(n)))
    parent: dict[Hashable, Hashable | None] = {root: None}
    levels: list[list[Hashable]] = [[root]]
    while True:
        nxt: list[Hashable] = []
        for node in levels[-1]:
            for neighbour in sorted(graph.neighbors(node), key=str):
                if neighbour not in parent:
                    parent[neighbour] = node
                    nxt.append(neighbour)
        if not nxt:
            break
        levels.append(nxt)
    positions: dict[Hashable, tuple[float, float]] = {root: (0.0, 0.0)}
    angle: dict[Hashable, float] = {root: 0.0}
    for depth, level in enumerate(levels[1:], start=1):
        # Children follow their parents' angular order, so branches stay together.
        level.sort(key=lambda n: (angle[parent[n]], str(n)))
        step = 2 * math.pi / len(level)
        for index, node in enumerate(level):
            theta = index * step
            angle[node] = theta
            positions[node] = (depth * RING * math.cos(theta), depth * RING * math.sin(theta))
    return positions


def radial_layout(graph: nx.Graph) -> dict[Hashable, tuple[float, float]]:
    """Positions for every node of ``graph`` (directed graphs are laid out as undirected)."""
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    components = sorted((sorted(c, key=str) for c in nx.connected_components(undirected)), key=lambda c: (-len(c), str(c[0])))
    positions: dict[Hashable, tuple[float, float]] = {}
    row_width = max(2000.0, math.sqrt(graph.number_of_nodes()) * RING * 2)
    x = y = row_height = 0.0
    for component in components:
        local = _component_layout(undirected, component)
        radius = max((math.hypot(px, py) for px, py in local.values()), default=0.0) + RING / 2
        if x + 2 * radius > row_width and x > 0:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in local.items():
            positions[node] = (round(x + radius + px, 1), round(y + radius + py, 1))
        x += 2 * radius
        row_height = max(row_height, 2 * radius)
    return positions
