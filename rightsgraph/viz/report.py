"""The report: ``index.html`` linking every standard view and showing every named query's result.

A user opens one file and sees the whole graph: what it holds, its sources, the standard views
(overview, the relatives of refugees, the timeline, and an ego network and timeline for each
political prisoner) and the answer of every named query on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rightsgraph import __version__
from rightsgraph.errors import RightsgraphError
from rightsgraph.graph import KnowledgeGraph, Summary, ValidationReport
from rightsgraph.queries import LocalTarget, NamedQuery, load_library, run_query
from rightsgraph.queries.formats import short
from rightsgraph.viz.html import write_page
from rightsgraph.viz.network import write_network
from rightsgraph.viz.timeline import write_timeline
from rightsgraph.viz.views import ego_view, overview_view, relatives_of_refugees_view

MAX_ROWS = 200
MAX_PEOPLE = 20


@dataclass
class QueryTable:
    name: str
    summary: str
    description: str
    parameters: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    total: int = 0
    error: str = ""


@dataclass
class ViewLink:
    title: str
    href: str
    description: str


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:80] or "record"


def featured_people(kg: KnowledgeGraph) -> list[tuple[str, str]]:
    """(IRI, name) of the designated political prisoners, the people the report details."""
    result = run_query(LocalTarget(kg), "political-prisoners-status")
    people = [(str(row["person"]), str(row["name"])) for row in result.rows]
    return people[:MAX_PEOPLE]


def _parameters_for(named: NamedQuery, kg: KnowledgeGraph, person: str | None) -> dict[str, object] | None:
    """Example parameters for a query that needs some (None when none can be chosen)."""
    params: dict[str, object] = {}
    for parameter in named.parameters:
        if not parameter.required:
            continue
        if parameter.type in ("person", "record", "actor") and person:
            params[parameter.name] = person
        elif parameter.type == "property":
            params[parameter.name] = "citizenship"
        else:
            return None
    return params


def query_tables(kg: KnowledgeGraph, person: str | None) -> list[QueryTable]:
    tables = []
    for named in load_library().values():
        params = _parameters_for(named, kg, person)
        shown = ", ".join(f"{k} = {v}" for k, v in (params or {}).items())
        table = QueryTable(named.name, named.summary, named.description, shown)
        if params is None:
            table.error = "needs parameters the report cannot choose; run it with 'rightsgraph query'"
            tables.append(table)
            continue
        try:
            result = run_query(LocalTarget(kg), named, params)
        except RightsgraphError as err:
            table.error = str(err)
            tables.append(table)
            continue
        table.columns = list(result.variables)
        table.total = len(result.rows)
        table.rows = [[short(row.get(name)) for name in result.variables] for row in result.rows[:MAX_ROWS]]
        tables.append(table)
    return tables


def write_report(kg: KnowledgeGraph, out_dir: Path, summary: Summary, validation: ValidationReport) -> Path:
    """Write ``index.html`` and the standard views (under ``views/``) into ``out_dir``."""
    views_dir = out_dir / "views"
    back = "../index.html"
    links = [
        ViewLink("Overview", "views/overview.html", "The whole graph: actors, places, events and documents."),
        ViewLink("Relatives of political refugees", "views/relatives-of-refugees.html", "Refugee — kin — prosecuted relative — proceeding — court."),
        ViewLink("Timeline of all events", "views/timeline.html", "Every event in date order, dates as the sources give them."),
        # Written beside the report by the build (rightsgraph.viz.ontology_page).
        ViewLink("Ontology", "ontology.html", "Every class, property and controlled value, with its alignments and HURIDOCS codes."),
    ]
    write_network(overview_view(kg), views_dir / "overview.html", back=back)
    write_network(relatives_of_refugees_view(kg), views_dir / "relatives-of-refugees.html", back=back)
    write_timeline(kg, views_dir / "timeline.html", back=back)
    people = featured_people(kg)
    for iri, name in people:
        slug = _slug(iri.rsplit("/", 1)[-1])
        write_network(ego_view(kg, iri, hops=2), views_dir / f"ego-{slug}.html", back=back)
        write_timeline(kg, views_dir / f"timeline-{slug}.html", iri, back=back)
        links.append(ViewLink(f"{name}: network", f"views/ego-{slug}.html", f"Everything within two links of {name}."))
        links.append(ViewLink(f"{name}: timeline", f"views/timeline-{slug}.html", f"The events {name} takes part in."))
    sources = run_query(LocalTarget(kg), "sources").rows
    return write_page(
        out_dir / "index.html",
        "report.html.j2",
        title="rightsgraph report",
        summary=summary,
        validation=validation,
        links=links,
        sources=sources,
        tables=query_tables(kg, people[0][0] if people else None),
        max_rows=MAX_ROWS,
        version=__version__,
    )
