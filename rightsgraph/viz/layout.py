"""Fast, deterministic layouts computed in Python, for views the browser's physics would take
long to settle: too large (:func:`radial_layout`) or of a few large, labelled nodes with many
weighted links (:func:`group_layout`, the grouped overview).

Each connected component is laid out radially around its best-connected record (breadth-first
rings, children near their parent), and components are packed in rows, largest first. It is
linear in the size of the graph and gives the same
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
import numpy as np

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


GROUP_SPACING = 170.0
"""Canvas units between neighbouring nodes of a grouped overview (its nodes are large and labelled)."""


def group_layout(graph: nx.Graph, seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """Positions for a grouped overview (a hundred or so large nodes): a force-directed layout
    computed once here, so that the browser draws it still instead of simulating it.

    Hubs linked to every group pull a force-directed layout into a dense knot at its centre,
    so the distances from the centre are then evened out: each node keeps its direction and its
    rank in distance, and the nodes spread over a disc at an even density."""
    simple = nx.Graph(graph.to_undirected(as_view=True)) if graph.is_directed() else nx.Graph(graph)
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    count = max(1, simple.number_of_nodes())
    spread = nx.spring_layout(simple, k=3.0 / math.sqrt(count), iterations=300, seed=seed, weight=None)
    centre_x = sum(float(x) for x, _ in spread.values()) / count
    centre_y = sum(float(y) for _, y in spread.values()) / count
    polar = {node: (math.hypot(float(x) - centre_x, float(y) - centre_y), math.atan2(float(y) - centre_y, float(x) - centre_x)) for node, (x, y) in spread.items()}
    by_distance = sorted(polar, key=lambda n: (polar[n][0], str(n)))
    # A disc holding ``count`` nodes GROUP_SPACING apart has a radius of about spacing * sqrt(count) / 2.
    radius = GROUP_SPACING * math.sqrt(count) / 2 * 1.15
    positions: dict[Hashable, tuple[float, float]] = {}
    for rank, node in enumerate(by_distance):
        distance = radius * math.sqrt((rank + 0.5) / count)
        angle = polar[node][1]
        # Wider than tall, like the screen and like the labels.
        positions[node] = (distance * math.cos(angle) * 1.4, distance * math.sin(angle) / 1.4)
    return _apart(graph, positions)


def _label_boxes(graph: nx.Graph, nodes: list[Hashable]) -> tuple[np.ndarray, np.ndarray]:
    """Size (width, height) in canvas units of each node with its label below it, and how far
    that box's centre lies below the node's: as the view draws them, with the node's radius
    growing with its weight from 10 to 45 units and its label's font from 14 to 26."""
    weights = [float(graph.nodes[n].get("weight", 1)) for n in nodes]
    low, high = min(weights), max(weights)
    sizes, offsets = [], []
    for node, weight in zip(nodes, weights, strict=True):
        share = (weight - low) / (high - low) if high > low else 0.0
        radius, font = 10 + 35 * share, 14 + 12 * share
        lines = str(graph.nodes[node].get("label", node)).split("\n")
        label_height = len(lines) * font * 1.4
        sizes.append((max(2 * radius, max(len(line) for line in lines) * font * 0.55) + 24, 2 * radius + label_height + 16))
        offsets.append((0.0, label_height / 2))
    return np.array(sizes), np.array(offsets)


def _apart(graph: nx.Graph, positions: dict[Hashable, tuple[float, float]], rounds: int = 400) -> dict[Hashable, tuple[float, float]]:
    """Moves nodes whose labels overlap apart, a little at a time, along the axis where they
    overlap least (labels are wide: most pairs part sideways or up and down)."""
    nodes = sorted(positions, key=str)
    xy = np.array([positions[n] for n in nodes], dtype=float)
    sizes, offsets = _label_boxes(graph, nodes)
    half = sizes / 2
    need = half[:, None, :] + half[None, :, :]
    for _ in range(rounds):
        centres = xy + offsets
        delta = centres[:, None, :] - centres[None, :, :]
        overlap = need - np.abs(delta)
        clash = (overlap > 0).all(axis=2)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
        axis = np.argmin(overlap, axis=2)
        push = np.zeros_like(delta)
        sign = np.where(delta >= 0, 1.0, -1.0)
        for dim in (0, 1):
            chosen = clash & (axis == dim)
            push[:, :, dim] = np.where(chosen, sign[:, :, dim] * overlap[:, :, dim] * 0.25, 0.0)
        xy += push.sum(axis=1)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, xy, strict=True)}
