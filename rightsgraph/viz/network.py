"""Network views: a networkx projection turned into a pyvis network model and one HTML file.

pyvis holds the model (its node and edge lists and vis-network options); the lists are filled
directly, because ``Network.add_node`` checks every existing node and is quadratic. The page is
rendered from the project's own template (see :mod:`rightsgraph.viz.html`). Views stay usable at
any size: past :data:`PHYSICS_LIMIT` nodes, and in a grouped overview (see
:func:`rightsgraph.viz.layout.group_layout`), positions are precomputed and physics is off, and past
:data:`MAX_NODES` the least connected records are left out and the page says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from rightsgraph import __version__
from rightsgraph.viz.html import write_page
from rightsgraph.viz.layout import group_layout, radial_layout
from rightsgraph.viz.projection import KINDS

PHYSICS_LIMIT = 1000
LABELLED_FIRST = 30
"""In a view of more than 150 records, the labels readable before zooming in."""
MAX_NODES = 5000
MAX_EDGES = 20000
RANDOM_SEED = 7
FONT_FACES = "system-ui, 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif"
"""Labels on the canvas: the system's font, then fonts with Chinese, Japanese and Korean glyphs."""
GROUP_KIND = "group of records"
"""The kind of a node that stands for many records (a grouped overview); it has a ``weight``,
the number of its records, which sizes it."""

STYLE: dict[str, tuple[str, str]] = {
    "person": ("#e15759", "dot"),
    "group": ("#ff9da7", "dot"),
    "state": ("#76b7b2", "diamond"),
    "court": ("#edc948", "hexagon"),
    "detention facility": ("#9c755f", "square"),
    "organisation": ("#4e79a7", "square"),
    "country": ("#8cd17d", "diamond"),
    "place": ("#59a14f", "triangle"),
    "event": ("#f28e2b", "triangleDown"),
    "document": ("#b07aa1", "square"),
    "figure": ("#bab0ac", "dot"),
    "post": ("#17becf", "dot"),
    GROUP_KIND: ("#aab6c3", "dot"),
}
"""Colour and vis-network shape for each kind of node (see the legend)."""


@dataclass
class NetworkView:
    """A graph to draw, with the words around it."""

    title: str
    graph: nx.MultiDiGraph
    description: str = ""
    focus: list[str] = field(default_factory=list)
    notice: str = ""
    wider: str = ""
    """Relative link to a wider view of the same records (shown beside the notice)."""
    held_back: list[str] = field(default_factory=list)
    """Names of the hubs drawn but not walked through (an ego view)."""


def limit(graph: nx.MultiDiGraph, max_nodes: int, max_edges: int, keep: list[str] | None = None) -> tuple[nx.MultiDiGraph, str]:
    """The graph cut to the limits (best-connected records kept), and a note saying what was cut."""
    notes = []
    if graph.number_of_nodes() > max_nodes:
        keep_set = set(keep or [])
        ranked = sorted(graph.nodes, key=lambda n: (n not in keep_set, -graph.degree(n), n))
        kept = ranked[:max_nodes]
        notes.append(
            f"Showing {max_nodes:,} of {graph.number_of_nodes():,} records: the "
            f"{graph.number_of_nodes() - max_nodes:,} with the fewest links are left out."
        )
        graph = graph.subgraph(kept).copy()
    if graph.number_of_edges() > max_edges:
        edges = sorted(graph.edges(keys=True), key=lambda e: (-(graph.degree(e[0]) + graph.degree(e[1])), e))
        dropped = edges[max_edges:]
        graph = graph.copy()
        graph.remove_edges_from(dropped)
        notes.append(f"Showing {max_edges:,} of {max_edges + len(dropped):,} links.")
    if notes:
        notes.append("Narrow the view (an ego network, a path or a query) to see everything.")
    return graph, " ".join(notes)


def to_pyvis(view: NetworkView, hrefs: Mapping[str, str] | None = None) -> Network:
    """The pyvis model of a view: nodes, edges and options, in a stable order.

    ``hrefs`` maps node ids to the pages a click opens. A node's ``years`` attribute (first and
    last year it can denote) lets the page's date-range control hide it.
    """
    graph = view.graph
    large = graph.number_of_nodes() > PHYSICS_LIMIT
    grouped = any(data.get("kind") == GROUP_KIND for _, data in graph.nodes(data=True))
    # A grouped overview is laid out here, not by the browser's physics: its few large nodes and
    # hundreds of weighted links took vis-network 26 s to settle at 10,000 records.
    positions = radial_layout(graph) if large else group_layout(graph, RANDOM_SEED) if grouped else {}
    fixed = large or grouped
    focus = set(view.focus)
    net = Network(directed=True, cdn_resources="in_line", heading=view.title)
    degrees = dict(graph.degree())
    # Labels and sizes follow the rank of a node's links, not their count: one hub with
    # hundreds of links would otherwise shrink every other label out of sight.
    ranked = sorted(degrees, key=lambda n: degrees[n])
    crowded = graph.number_of_nodes() > 150
    # Past 150 records, fewer labels: only the best-connected are drawn until one zooms in.
    rank = {node: index / max(1, len(ranked) - 1) for index, node in enumerate(ranked)}
    if crowded:
        # Only the best-connected LABELLED_FIRST keep a label readable at first sight; the others'
        # labels appear on zooming in (a hundred labels of one size covered each other).
        best = set(ranked[-LABELLED_FIRST:])
        rank = {node: (share if node in best else 0.0) for node, share in rank.items()}
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        color, shape = STYLE[data["kind"]]
        entry: dict[str, Any] = {
            "id": node,
            "label": data["label"],
            "group": data["kind"],
            "shape": shape,
            "color": color,
            "size": 14 + min(degrees.get(node, 0), 20) + (10 if node in focus else 0),
            # Labels scale with links: when zoomed out only the best-connected stay readable.
            "value": 100 if node in focus else round(100 * rank.get(node, 0) ** (3 if crowded else 2)),
            "borderWidth": 4 if node in focus else 1,
            "info": {"type": data["type"], "facts": data["facts"], "sources": data["sources"], "links": data["links"]},
        }
        if "weight" in data:
            # A node standing for several records (a group of the overview): sized by their number.
            entry["value"], entry["records"] = data["weight"], data["records"]
        if hrefs and node in hrefs:
            entry["href"] = hrefs[node]
        if data.get("years"):
            entry["years"] = list(data["years"])
        if fixed:
            entry["x"], entry["y"] = positions[node]
        net.nodes.append(entry)
        net.node_ids.append(node)
    for index, (source, target, key) in enumerate(sorted(graph.edges(keys=True))):
        data = graph.edges[source, target, key]
        edge = {
            "id": f"e{index}", "from": source, "to": target, "label": data["label"],
            "arrows": "to", "info": {"sources": data["sources"]},
        }
        if "weight" in data:
            # Links between groups: as wide as they are many; their count shows on hovering,
            # not as a label (hundreds of "12 links" would cover the drawing).
            edge["value"] = data["weight"]
            edge["info"]["label"] = edge.pop("label")
        net.edges.append(edge)
    # The more records, the further the view zooms out to show them all: the best-connected
    # labels get larger so that they stay readable at that zoom.
    # A small view is drawn large: long labels (events are named by sentences) at 30 units ran
    # into each other, so they stay smaller there.
    label_max = 26 if grouped else round(min(90, 30 * max(0.75, (graph.number_of_nodes() / 50) ** 0.5)))
    net.options = {
        "autoResize": True,
        "layout": {"randomSeed": RANDOM_SEED, "improvedLayout": graph.number_of_nodes() <= 150},
        "nodes": {"font": {"size": 13, "face": FONT_FACES},
                  "scaling": {"min": 10, "max": 45, "label": {"enabled": True, "min": 14 if grouped else 11, "max": label_max, "drawThreshold": 8 if crowded else 5, "maxVisible": 30}}},
        "edges": {"font": {"size": 10, "align": "middle", "color": "#555"}, "color": {"color": "#9aa4ae"},
                  "scaling": {"min": 1, "max": 10, "label": {"enabled": False}},
                  "smooth": False if fixed else {"type": "dynamic"}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large},
        "physics": {
            "enabled": not fixed,
            "solver": "barnesHut",
            # Group nodes are large: more room between them, so that their labels do not overlap.
            "barnesHut": {"gravitationalConstant": -12000 if grouped else -6000, "springLength": 200 if grouped or graph.number_of_nodes() <= 40 else 140,
                          "avoidOverlap": 0.6 if grouped else 0.2},
            "stabilization": {"enabled": True, "iterations": 400 if graph.number_of_nodes() <= 150 else 200, "fit": True},
        },
    }
    return net


def legend(graph: nx.MultiDiGraph) -> list[dict[str, str]]:
    present = {data["kind"] for _, data in graph.nodes(data=True)}
    return [{"label": kind, "color": STYLE[kind][0], "shape": STYLE[kind][1]} for kind in (*KINDS, GROUP_KIND) if kind in present]


def write_network(
    view: NetworkView,
    path: Path,
    *,
    back: str | None = None,
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
    hrefs: Mapping[str, str] | None = None,
    assets: str | None = None,
    back_label: str = "report",
    groups: list[dict[str, Any]] | None = None,
    groups_note: str = "",
) -> Path:
    """Write a view as one HTML file (at most ``max_nodes`` and ``max_edges``).

    Scripts are inlined (the file stands alone) unless ``assets`` gives the relative folder
    where a site keeps one shared copy of them. ``hrefs`` makes nodes open their pages.
    ``groups`` lists, below the drawing, the groups a grouped view's nodes stand for (title,
    href, count, best: their best-connected members), after ``groups_note`` (how they are made).
    """
    graph, cut = limit(view.graph, max_nodes, max_edges, keep=view.focus)
    shown = NetworkView(view.title, graph, view.description, view.focus, " ".join(filter(None, [view.notice, cut])), view.wider)
    net = to_pyvis(shown, hrefs)
    nodes, edges, heading, _, _, _ = net.get_network_data()
    return write_page(
        path,
        "network.html.j2",
        title=heading,
        description=shown.description,
        notice=shown.notice,
        legend=legend(graph),
        node_count=len(nodes),
        edge_count=len(edges),
        data={"nodes": nodes, "edges": edges, "options": net.options},
        back=back,
        back_label=back_label,
        assets_href=assets,
        wider=view.wider,
        groups=groups or [],
        groups_note=groups_note,
        version=__version__,
    )
