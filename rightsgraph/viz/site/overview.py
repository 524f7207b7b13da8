"""The casebook's overview: every record while they are few, groups of records when they are many.

Up to :data:`OVERVIEW_MAX` records the overview draws each of them. Past that, thousands of dots
are a grid nobody can read, so the overview groups them:

- the best-connected hubs (states, international bodies, any record with more than
  :data:`HUB_LINKS` links; at most :data:`HUB_NODES_MAX`) are drawn as themselves;
- without those hubs, the graph falls apart into linked pieces (a family and what happened to
  it); each piece goes with the state, place or detention facility among the hubs that its
  records link to most ("by place"), and the pieces of one place are packed into groups of at
  most :data:`GROUP_MAX` records (a piece larger than that is cut in breadth-first order).

Every record is drawn itself or belongs to exactly one group. A group is drawn as one node sized
by its record count and labelled with its place and its best-connected members; a link between
two nodes is weighted by the links between their records. A click on a group opens its view:
its records, the links among them and the hubs they link to, each opening its record page.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("s", label="Kazakhstan", kind="state")
>>> for i in range(3):
...     g.add_node(f"p{i}", label=f"Person {i}", kind="person")
...     _ = g.add_edge(f"p{i}", "s", key="c", label="citizenship")
>>> hubs, groups = group_records(g, group_max=2)
>>> hubs, [(group.title, group.members) for group in groups]
(['s'], [('Kazakhstan, part 1 of 2', ['p0', 'p1']), ('Kazakhstan, part 2 of 2', ['p2'])])
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from rightsgraph.viz.network import GROUP_KIND, NetworkView, write_network
from rightsgraph.viz.site.networks import induced, is_hub

OVERVIEW_MAX = 250
"""Records the overview draws one by one; past this it draws groups. Past a few hundred records
labels overlap whatever the layout."""
GROUP_MAX = 250
"""Records in one group, so that a group's own view stays readable."""
HUB_NODES_MAX = 100
"""Hubs drawn as themselves in a grouped overview (the best-connected); other hubs join groups."""
HUB_LINKS = 10
"""In a grouped overview, a record with more links than this is a hub too (a court or a prison
that many cases pass through): left in the groups, it would glue unrelated families together."""
GROUP_VIEW_HUBS = 10
"""Hubs drawn beside a group's records in its view (those its records link to most)."""
PLACE_KINDS = ("state", "place", "detention facility")
NO_PLACE = "Not linked to a place"
_SLUG = re.compile(r"[\W_]+")
"""What a group's file name leaves out: letters and digits of every script stay (Алматы, 新疆)."""


@dataclass
class Group:
    """Records drawn as one node of the overview."""

    key: str
    title: str
    place: str
    members: list[str]
    slug: str = ""
    kinds: Counter[str] = field(default_factory=Counter)
    best: list[str] = field(default_factory=list)
    """Labels of the best-connected members, best first."""

    @property
    def href(self) -> str:
        """The group's view, relative to the overview."""
        return f"groups/{self.slug}.html"


def _pieces(graph: nx.MultiDiGraph, hubs: set[str], group_max: int) -> list[list[str]]:
    rest = graph.to_undirected(as_view=True).subgraph(n for n in graph if n not in hubs)
    pieces = []
    for component in nx.connected_components(rest):
        if len(component) <= group_max:
            pieces.append(sorted(component))
            continue
        # Too large for one group: cut it in breadth-first order, so that a cut keeps neighbours together.
        root = max(component, key=lambda n: (graph.degree(n), n))
        order = [root, *(v for _, v in nx.bfs_edges(rest, root, sort_neighbors=sorted))]
        pieces.extend(sorted(order[i : i + group_max]) for i in range(0, len(order), group_max))
    return pieces


def _place_of(graph: nx.MultiDiGraph, piece: list[str], places: set[str]) -> str | None:
    """The place among the hubs that the piece's records link to most (ties: a state first)."""
    linked: Counter[str] = Counter()
    for node in piece:
        for other in (*graph.successors(node), *graph.predecessors(node)):
            if other in places:
                linked[other] += 1
    if not linked:
        return None
    return min(linked, key=lambda p: (-linked[p], PLACE_KINDS.index(graph.nodes[p]["kind"]), graph.nodes[p]["label"], p))


def _pack(pieces: list[list[str]], capacity: int) -> list[list[str]]:
    """First-fit decreasing: the pieces of one place in as few groups as they fit."""
    bins: list[list[str]] = []
    for piece in sorted(pieces, key=lambda p: (-len(p), p[0])):
        for members in bins:
            if len(members) + len(piece) <= capacity:
                members.extend(piece)
                break
        else:
            bins.append(list(piece))
    return [sorted(members) for members in bins]


def _slug(text: str, taken: set[str]) -> str:
    base = _SLUG.sub("-", text.lower()).strip("-")[:60] or "group"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def group_records(graph: nx.MultiDiGraph, group_max: int = GROUP_MAX) -> tuple[list[str], list[Group]]:
    """The hubs drawn as themselves and the groups of every other record (see the module)."""
    hubs = sorted((n for n in graph if graph.degree(n) > HUB_LINKS or is_hub(graph, n)), key=lambda n: (-graph.degree(n), n))[:HUB_NODES_MAX]
    hub_set = set(hubs)
    places = {n for n in hubs if graph.nodes[n]["kind"] in PLACE_KINDS}
    by_place: dict[str | None, list[list[str]]] = defaultdict(list)
    for piece in _pieces(graph, hub_set, group_max):
        by_place[_place_of(graph, piece, places)].append(piece)
    groups: list[Group] = []
    taken: set[str] = set()
    for place in sorted(by_place, key=lambda p: (p is None, graph.nodes[p]["label"] if p else "", p or "")):
        name = graph.nodes[place]["label"] if place else NO_PLACE
        packed = _pack(by_place[place], group_max)
        for index, members in enumerate(packed, start=1):
            title = name if len(packed) == 1 else f"{name}, part {index} of {len(packed)}"
            ranked = sorted(members, key=lambda n: (-graph.degree(n), graph.nodes[n]["label"], n))
            groups.append(Group(
                key=f"group:{len(groups)}", title=title, place=name, members=members, slug=_slug(title, taken),
                kinds=Counter(graph.nodes[n]["kind"] for n in members), best=[graph.nodes[n]["label"] for n in ranked[:3]],
            ))
    return hubs, groups


def grouped_graph(graph: nx.MultiDiGraph, hubs: list[str], groups: list[Group]) -> nx.MultiDiGraph:
    """One node per hub and per group; one edge per pair of them, weighted by the links between."""
    unit = {node: node for node in hubs}
    drawn = nx.MultiDiGraph()
    top = max((len(g.members) for g in groups), default=1)
    for hub in hubs:
        drawn.add_node(hub, **graph.nodes[hub], weight=min(graph.degree(hub), top), records=1)
    for group in groups:
        unit.update((member, group.key) for member in group.members)
        kinds = [f"{count:,} {kind}" for kind, count in group.kinds.most_common()]
        drawn.add_node(
            group.key, label=f"{group.title}: {len(group.members):,} records\n{group.best[0]}, …",
            kind=GROUP_KIND, type="group of records", sources=[], links=[],
            facts={"records": [f"{len(group.members):,}"], "kinds": kinds, "best connected": group.best},
            weight=len(group.members), records=len(group.members),
        )
    links: Counter[tuple[str, str]] = Counter()
    labels: dict[tuple[str, str], str] = {}
    for source, target, data in graph.edges(data=True):
        pair = (unit[source], unit[target])
        if pair[0] != pair[1]:
            links[pair] += 1
            labels[pair] = data["label"]
    for (source, target), count in sorted(links.items()):
        label = labels[(source, target)] if count == 1 else f"{count:,} links"
        drawn.add_edge(source, target, key="links", label=label, sources=[], weight=count)
    return drawn


def how_grouped(hubs: list[str]) -> str:
    return (
        f"The {len(hubs)} best-connected hubs (states, international bodies, records with more than {HUB_LINKS} links) are "
        "drawn as themselves. Without them, the graph falls apart into pieces of linked records (a family and what happened "
        "to it); each piece goes with the state, place or detention facility among the hubs that its records link to most, "
        f"and the pieces of one place are packed into groups of at most {GROUP_MAX} records (a larger piece is cut). "
        "Every record is drawn itself or is in exactly one group; a link between two nodes is as wide as the links "
        "between their records are many."
    )


def describe_grouping(records: int, hubs: list[str], groups: list[Group]) -> str:
    return (
        f"{records:,} records, too many to draw one by one: the {len(hubs)} best-connected hubs are drawn as themselves, "
        f"every other record is in one of {len(groups)} groups (sized by their records). Click a group to open it; "
        "the list of groups and how they are made is below the drawing."
    )


def write_overview(graph: nx.MultiDiGraph, views: Path, common: Mapping[str, Any], group_common: Mapping[str, Any]) -> None:
    """``views/overview.html``, and past :data:`OVERVIEW_MAX` records one view per group in
    ``views/groups/``. ``common`` and ``group_common`` are :func:`write_network`'s options for
    a page in ``views/`` and in ``views/groups/``."""
    description = "Every actor, place, event and document, with the links between them."
    if graph.number_of_nodes() <= OVERVIEW_MAX:
        write_network(NetworkView("Overview of the graph", graph, description), views / "overview.html", **common)
        return
    hubs, groups = group_records(graph)
    hrefs = {**common.get("hrefs", {}), **{group.key: group.href for group in groups}}
    listing = [{"title": g.title, "href": g.href, "count": len(g.members), "best": ", ".join(g.best)} for g in groups]
    overview = NetworkView("Overview of the graph", grouped_graph(graph, hubs, groups), description, notice=describe_grouping(graph.number_of_nodes(), hubs, groups))
    write_network(overview, views / "overview.html", **{**common, "hrefs": hrefs}, groups=listing, groups_note=how_grouped(hubs))
    hub_set = set(hubs)
    for group in groups:
        write_network(group_view(graph, group, hub_set), views / group.href, **group_common)


def group_view(graph: nx.MultiDiGraph, group: Group, hubs: set[str]) -> NetworkView:
    """A group's records and the links among them, with the hubs they link to most (not expanded)."""
    members = set(group.members)
    linked: Counter[str] = Counter()
    outside = 0
    for node in group.members:
        for other in (*graph.successors(node), *graph.predecessors(node)):
            if other in hubs:
                linked[other] += 1
            elif other not in members:
                outside += 1
    shown = sorted(linked, key=lambda h: (-linked[h], h))[:GROUP_VIEW_HUBS]
    notes = [f"{len(members):,} records of the overview's group “{group.title}”."]
    if shown:
        names = ", ".join(graph.nodes[h]["label"] for h in shown)
        notes.append(f"Also drawn, not expanded: the hub{'s' if len(shown) > 1 else ''} they link to{' most' if len(linked) > len(shown) else ''}: {names}.")
    if len(linked) > len(shown):
        notes.append(f"{len(linked) - len(shown):,} more hubs they link to are left out of this drawing.")
    if outside:
        notes.append(f"{outside:,} links lead to records in other groups; each record's page lists all its links.")
    about = "Records linked to no place among the hubs" if group.place == NO_PLACE else f"Records linked to {group.place} above all"
    return NetworkView(f"Overview group: {group.title}", induced(graph, members | set(shown)), f"{about}, with the links among them.", notice=" ".join(notes))
