"""Record pages: one HTML file per record, with its facts and citations, kinship in the source's
own words, a timeline, a small network, links elsewhere and what links here.

Every name on a page links to that record's page; citations are numbered and resolve to the
source's page. Lists of links to a hub can run to thousands: past :data:`MAX_LIST` rows the page
says how many it leaves out.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import URIRef

from rightsgraph import __version__
from rightsgraph.ontology import vocabulary
from rightsgraph.viz.html import write_page
from rightsgraph.viz.network import NetworkView, to_pyvis
from rightsgraph.viz.site.model import Casebook, Citation, Fact, Record
from rightsgraph.viz.site.networks import RankedLinks, record_network

MAX_LIST = 500
"""Rows of the timeline, of "what links here" and of a source's facts shown on one page: a hub
(a state, a court) is linked to a share of the whole graph, and its page would grow with it."""


@dataclass
class Cites:
    """The numbered sources of one page."""

    book: Casebook
    root: str
    numbers: dict[str, int] = field(default_factory=dict)
    listed: list[dict[str, Any]] = field(default_factory=list)

    def refs(self, citations: list[Citation]) -> list[int]:
        numbers = []
        for citation in citations:
            if citation.source not in self.numbers:
                self.numbers[citation.source] = len(self.numbers) + 1
                source = self.book.records.get(citation.source)
                self.listed.append({
                    "title": citation.title,
                    "href": self.root + citation.href if citation.href else "",
                    "info": source.source_info if source else {},
                })
            numbers.append(self.numbers[citation.source])
        return sorted(set(numbers))


def relative_root(href: str) -> str:
    """From a page at ``href`` (relative to the site) back to the site's folder."""
    depth = href.count("/")
    return "../" * depth


def _row(fact: Fact, book: Casebook, root: str, cites: Cites) -> dict[str, Any]:
    target = book.records.get(fact.target or "")
    return {
        "label": fact.label, "text": fact.text, "wording": fact.wording,
        "href": root + target.href if target else "", "refs": cites.refs(fact.citations),
    }


def _timeline(record: Record, book: Casebook, root: str) -> list[dict[str, str]]:
    """The record's own date (for an event) and the events linked to it, in date order."""
    events: dict[str, str] = {}
    if record.kind == "event":
        events[record.iri] = ""
    for fact in record.incoming + record.facts:
        other = book.records.get(fact.target or "")
        if other is not None and other.kind == "event" and other.iri not in events:
            events[other.iri] = fact.label
    ordered = sorted((book.records[iri] for iri in events), key=lambda r: r.sort_key)
    return [{"when": e.when, "edtf": e.edtf, "name": e.name, "href": root + e.href, "type": e.type, "role": events[e.iri]} for e in ordered]


def _network(record: Record, graph: nx.MultiDiGraph | None, root: str, ranked: RankedLinks | None) -> tuple[dict[str, Any] | None, int]:
    if graph is None or record.iri not in graph:
        return None, 0
    small, left_out = record_network(graph, record.iri, ranked)
    if small.number_of_nodes() < 2:
        return None, 0
    hrefs = {node: root + href for node in small if (href := graph.nodes[node].get("href"))}
    net = to_pyvis(NetworkView(record.name, small, focus=[record.iri]), hrefs)
    nodes, edges, _, _, _, _ = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": net.options}, left_out


def write_record_page(
    out_dir: Path, record: Record, book: Casebook, graph: nx.MultiDiGraph | None, wider: str | None = None, ranked: RankedLinks | None = None,
) -> Path:
    """Write the page of one record at ``out_dir / record.href``."""
    vocab = vocabulary()
    root = relative_root(record.href)
    cites = Cites(book, root)
    facts: list[dict[str, Any]] = []
    kin: list[dict[str, Any]] = []
    for fact in record.facts:
        row = _row(fact, book, root, cites)
        is_kin = fact.wording or (fact.property and vocab.is_kinship(URIRef(fact.property)))
        (kin if is_kin and row["href"] else facts).append(row)
    incoming = [_row(f, book, root, cites) for f in record.incoming[:MAX_LIST]]
    supports = []
    for fact in record.supports[:MAX_LIST]:
        row = _row(fact, book, root, cites)
        subject = book.records.get(fact.target or "")
        row.update(subject=subject.name if subject else "", subject_href=root + subject.href if subject else "")
        row["href"] = ""
        supports.append(row)
    network, left_out = _network(record, graph, root, ranked)
    timeline = _timeline(record, book, root)
    return write_page(
        out_dir / record.href,
        "site-record.html.j2",
        title=record.name,
        record=record,
        root=root,
        facts=facts,
        kin=kin,
        timeline=timeline[:MAX_LIST],
        timeline_total=len(timeline),
        network=network,
        left_out=left_out,
        wider=posixpath.join(root, wider) if wider else "",
        incoming=incoming,
        incoming_total=len(record.incoming),
        incoming_cut=len(record.incoming) > MAX_LIST,
        supports=supports,
        supports_total=len(record.supports),
        supports_cut=len(record.supports) > MAX_LIST,
        cites=cites.listed,
        version=__version__,
    )
