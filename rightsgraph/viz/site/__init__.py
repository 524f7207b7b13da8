"""The casebook: a static site of the graph that opens from disk or any static host, offline.

``write_site`` writes, into a folder:

- ``index.html``: contents, counts, charts with their tables, the views, every named query's
  answer, the sources;
- ``records.html`` (with ``records/list-<kind>-<n>.html`` for kinds of many records) and
  ``records/<kind>/<id>.html``: a page for every record (see
  :mod:`rightsgraph.viz.site.pages`), its file name derived from its IRI so it can be cited;
- ``views/``: the overview (of groups of records when they are many, each group with its own
  view in ``views/groups/``, see :mod:`rightsgraph.viz.site.overview`), the relatives of refugees, the timeline, and the network around
  every designated political prisoner (hubs held back, with the wider view beside it);
- ``assets/``: the scripts, one copy per site (vis-network, the views' script, the search and
  its index of every name and alias).

Everything is read through a few batched queries and one projection of the graph; pages are
escaped by Jinja's autoescape and run only their own scripts (a nonce in the page's CSP).

>>> import tempfile
>>> from pathlib import Path
>>> from rightsgraph.build import load_graph
>>> from rightsgraph.graph import summarize
>>> kg, report = load_graph()
>>> folder = Path(tempfile.mkdtemp())
>>> index = write_site(kg, folder, summarize(kg), report)
>>> (folder / "records" / "person" / "iskander-yerimbetov.html").exists()
True
"""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx

from rightsgraph.graph import KnowledgeGraph, Summary, ValidationReport
from rightsgraph.queries import LocalTarget, Target, run_query
from rightsgraph.queries.local import default_timeout
from rightsgraph.viz.html import TEMPLATES, VIS_DIR, script_json
from rightsgraph.viz.network import write_network
from rightsgraph.viz.projection import project
from rightsgraph.viz.site.front import ViewLink, write_front_page, write_record_list
from rightsgraph.viz.site.model import Casebook, collect
from rightsgraph.viz.site.networks import RankedLinks, add_years, ego_network
from rightsgraph.viz.site.overview import write_overview
from rightsgraph.viz.site.pages import write_record_page
from rightsgraph.viz.timeline import write_timeline
from rightsgraph.viz.views import relatives_of_refugees_view

__all__ = ["write_site"]

SITE_QUERY_SECONDS = 1800.0
"""Deadline of each of the site's batched queries: they read the whole graph, and a build is
not an interactive query (``RIGHTSGRAPH_QUERY_TIMEOUT`` applies when it is longer)."""


TIMELINE_PAGE = 1000
"""Events on one page of the timeline of all events (about 0.5 MB)."""


def write_assets(out_dir: Path, book: Casebook) -> None:
    """One copy of each script for the whole site, and the search index."""
    assets = out_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(VIS_DIR / "vis-network.min.js", assets / "vis-network.min.js")
    shutil.copyfile(TEMPLATES / "network.js", assets / "network.js")
    shutil.copyfile(TEMPLATES / "site.js", assets / "site.js")
    entries = []
    for record in sorted(book.records.values(), key=lambda r: (r.name.lower(), r.iri)):
        entries.append([record.name, record.href, record.type])
        entries.extend([record.name, record.href, record.type, alias] for alias in record.aliases)
    # A script, not JSON to fetch: pages opened from disk may not fetch files.
    (assets / "search-index.js").write_text(f"window.rightsgraphIndex = {script_json(entries)};\n", encoding="utf-8")


def _ego_file(href: str) -> str:
    return "ego-" + href.rsplit("/", 1)[-1].removesuffix(".html")


def write_views(
    target: Target, out_dir: Path, book: Casebook, graph: nx.MultiDiGraph, ranked: RankedLinks,
) -> tuple[list[ViewLink], dict[str, str]]:
    """The network and timeline views; returns their links and, per person, their ego view."""
    views = out_dir / "views"
    hrefs = {node: "../" + data["href"] for node, data in graph.nodes(data=True) if data.get("href")}
    common = {"back": "../index.html", "back_label": "casebook", "hrefs": hrefs, "assets": "../assets/"}
    links = [
        ViewLink("Overview", "views/overview.html", "The whole graph: actors, places, events and documents."),
        ViewLink("Relatives of political refugees", "views/relatives-of-refugees.html", "Refugee — kin — prosecuted relative — proceeding — court."),
        ViewLink("Timeline of all events", "views/timeline.html", "Every event in date order, dates as the sources give them."),
        # Written beside the casebook by the build (rightsgraph.viz.ontology_page).
        ViewLink("Ontology", "ontology.html", "Every class, property and controlled value, with its alignments and HURIDOCS codes."),
    ]
    group_common = {**common, "back": "../overview.html", "back_label": "overview", "assets": "../../assets/",
                    "hrefs": {node: "../" + href for node, href in hrefs.items()}}
    write_overview(graph, views, common, group_common)
    relatives = relatives_of_refugees_view(target)
    add_years(relatives.graph, ((n, *graph.nodes[n]["years"]) for n in relatives.graph if n in graph and "years" in graph.nodes[n]))
    write_network(relatives, views / "relatives-of-refugees.html", **common)  # type: ignore[arg-type]
    names = {name: "../" + href for name, href in book.unique_names.items()}
    write_timeline(target, views / "timeline.html", back="../index.html", hrefs=hrefs, names=names, per_page=TIMELINE_PAGE)
    egos: dict[str, str] = {}
    people = run_query(target, "political-prisoners-status").rows
    for iri in sorted({str(row["person"]) for row in people}):
        if iri not in graph or iri not in book.records:
            continue
        name = _ego_file(book.records[iri].href)
        view = ego_network(graph, iri, ranked=ranked)
        if view.notice:
            view.wider = f"{name}-wider.html"
            write_network(ego_network(graph, iri, expand_hubs=True, ranked=ranked), views / f"{name}-wider.html", **common)  # type: ignore[arg-type]
        write_network(view, views / f"{name}.html", **common)  # type: ignore[arg-type]
        egos[iri] = f"views/{name}.html"
    return links, egos


def write_site(kg: KnowledgeGraph, out_dir: Path, summary: Summary, validation: ValidationReport) -> Path:
    """Write the casebook of ``kg`` into ``out_dir``; returns the path of its ``index.html``."""
    target = LocalTarget(kg, timeout=max(default_timeout(), SITE_QUERY_SECONDS))
    book = collect(target)
    graph = project(target)
    for node, data in graph.nodes(data=True):
        record = book.records.get(node)
        if record is not None:
            data["href"] = record.href
            if record.kind == "event" and (record.earliest or record.latest):
                first, last = record.earliest or record.latest, record.latest or record.earliest
                data["years"] = (first.year, last.year)  # type: ignore[union-attr]
    write_assets(out_dir, book)
    ranked = RankedLinks(graph)
    links, egos = write_views(target, out_dir, book, graph, ranked)
    for record in book.records.values():
        write_record_page(out_dir, record, book, graph, egos.get(record.iri), ranked)
    lists = write_record_list(out_dir, book)
    people = sorted(egos)
    ego_links = sorted(((book.records[iri].name, href) for iri, href in egos.items()), key=lambda item: item[0].lower())
    return write_front_page(target, out_dir, book, summary, validation, links, ego_links, people[0] if people else None, lists)
