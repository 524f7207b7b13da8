"""The casebook's front page and its list of all records.

The front page has a table of contents, counts, the charts (each with its table), links to
every view, and the answers of the named queries as short tables: the columns and headers the
query files declare (``#+ columns``), names linked to record pages, dates as people write them
(``#+ dates``), 15 rows at a time. Past :data:`MAX_ROWS` rows a table says how many it leaves out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from rightsgraph import __version__
from rightsgraph.errors import RightsgraphError
from rightsgraph.graph import Summary, ValidationReport
from rightsgraph.graph.dates import humanize_edtf, parse_edtf
from rightsgraph.ontology import RG
from rightsgraph.queries import NamedQuery, Target, load_library, run_query
from rightsgraph.queries.formats import short
from rightsgraph.viz.html import write_page
from rightsgraph.viz.network import STYLE
from rightsgraph.viz.projection import KINDS
from rightsgraph.viz.site.charts import Chart, bar_chart, figures_over_time, stacked_years
from rightsgraph.viz.site.model import Casebook, Record

LIST_PAGE = 1000
"""Records listed on one page of the list of all records (and of one kind)."""
MAX_ROWS = 250
"""Rows of a query's answer on the front page (shown 15 at a time); past this the table says how
many it leaves out. A thousand rows of each of thirty answers made the front page megabytes long."""
PROCEEDINGS = {"detention": RG.Detention, "trial": RG.Trial, "release": RG.Release, "court decision": RG.CourtDecision}


@dataclass
class Cell:
    text: str
    href: str = ""
    parts: list[tuple[str, str]] = field(default_factory=list)
    """For a list of names ("A; B"): each name with its page ("" when it has none)."""


@dataclass
class QueryTable:
    name: str
    summary: str
    description: str
    parameters: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    total: int = 0
    error: str = ""


@dataclass(frozen=True)
class ViewLink:
    title: str
    href: str
    description: str


def _parameters_for(named: NamedQuery, person: str | None) -> dict[str, object] | None:
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


def _names(text: str, book: Casebook) -> Cell:
    """Text that is a name or a "; "-separated list of names links each to its record page,
    when exactly one record bears that name."""
    parts = [(part, book.unique_names.get(part, "")) for part in text.split("; ")]
    if not any(href for _, href in parts):
        return Cell(text)
    if len(parts) == 1:
        return Cell(text, parts[0][1])
    return Cell(text, parts=parts)


def _cell(value: Any, is_date: bool, book: Casebook) -> Cell:
    if isinstance(value, URIRef):
        record = book.records.get(str(value))
        return Cell(record.name, record.href) if record else Cell(book.labels.get(str(value), short(value)))
    if value is None:
        return Cell("")
    text = str(value)
    if isinstance(value, Literal) and value.datatype is not None and str(value.datatype).endswith("#boolean"):
        return Cell("yes" if value.toPython() is True else "no")
    return Cell(humanize_edtf(text)) if is_date and text else _names(text, book)


def query_tables(target: Target, book: Casebook, person: str | None) -> list[QueryTable]:
    """The answer of every named query, as the front page shows it."""
    tables = []
    for named in load_library().values():
        params = _parameters_for(named, person)
        shown = ", ".join(f"{key} = {book.name_of(str(value))}" for key, value in (params or {}).items())
        table = QueryTable(named.name, named.summary, named.description, shown)
        tables.append(table)
        if params is None:
            table.error = "needs parameters the casebook cannot choose; run it with 'rightsgraph query'"
            continue
        try:
            result = run_query(target, named, params)
        except RightsgraphError as err:
            table.error = str(err)
            continue
        columns = list(named.columns) or [(name, name) for name in result.variables]
        columns = [(name, header) for name, header in columns if name in result.variables]
        table.headers = [header for _, header in columns]
        table.total = len(result.rows)
        table.rows = [[_cell(row.get(name), name in named.dates, book) for name, _ in columns] for row in result.rows[:MAX_ROWS]]
    return tables


def charts(target: Target, book: Casebook) -> list[Chart]:
    """Events per year by type; proceedings per year; records by state and place; release
    grounds; figures reported over time."""
    found: list[Chart] = []
    events = [r for r in book.of_kind("event") if r.earliest or r.latest]
    by_type: Counter[tuple[int, str]] = Counter()
    for event in events:
        by_type[((event.earliest or event.latest).year, event.type)] += 1  # type: ignore[union-attr]
    if by_type:
        found.append(stacked_years("Events per year, by type", by_type, "events"))
    proceedings: Counter[tuple[int, str]] = Counter()
    for label, cls in PROCEEDINGS.items():
        for record in book.of_class(cls):
            if record.earliest or record.latest:
                proceedings[((record.earliest or record.latest).year, label)] += 1  # type: ignore[union-attr]
    if proceedings:
        found.append(stacked_years("Detentions, trials, decisions and releases per year", proceedings, "events"))
    places = [(r.name, len({f.target for f in r.incoming})) for r in book.of_kind("state", "country", "place", "detention facility")]
    if any(n for _, n in places):
        found.append(bar_chart("Records linked to each state and place", [p for p in places if p[1]], "linked records"))
    grounds: Counter[str] = Counter()
    for release in book.of_class(RG.Release):
        stated = [f.text for f in release.facts if f.property == str(RG.releaseGround)]
        for ground in stated or ["not stated"]:
            grounds[ground] += 1
    if grounds:
        found.append(bar_chart("Releases by ground", list(grounds.items()), "releases"))
    points = []
    undated = 0
    # Competency question 11's own answer: each figure with what it counts and as of when.
    for row in run_query(target, "aggregate-figures").rows:
        value, when = row.get("value"), row.get("date")
        try:
            number = float(str(value)) if isinstance(value, Literal) else None
            day = parse_edtf(str(when)).earliest if isinstance(when, Literal) else None
        except ValueError:
            number = day = None
        if number is not None and day is not None:
            points.append((day.year + (day.timetuple().tm_yday - 1) / 366, number, str(row.get("what") or "figure")))
        else:
            undated += 1
    if points:
        found.append(figures_over_time("Figures reported by sources over time", points, undated))
    return found


def write_front_page(
    target: Target, out_dir: Path, book: Casebook, summary: Summary, validation: ValidationReport,
    views: list[ViewLink], egos: list[tuple[str, str]], person: str | None, lists: dict[str, str],
) -> Path:
    """``index.html``; ``lists`` is the page listing each kind of record (see :func:`write_record_list`).
    Lists that grow with the graph (the sources, the prisoners' networks) stop at :data:`MAX_ROWS`
    and say where the rest are."""
    counts = Counter(record.kind for record in book.records.values())
    kinds = [(kind, counts[kind], STYLE[kind][0] if kind in STYLE else "#888", lists.get(kind, "records.html")) for kind in (*KINDS, "source") if counts[kind]]
    sources = sorted(book.of_kind("source"), key=lambda r: (r.source_info.get("locator", ""), r.name))
    return write_page(
        out_dir / "index.html",
        "site-index.html.j2",
        title="Casebook",
        root="",
        summary=summary,
        validation=validation,
        kinds=kinds,
        record_count=len(book.records),
        charts=charts(target, book),
        links=views,
        egos=egos[:MAX_ROWS],
        egos_total=len(egos),
        sources=sources[:MAX_ROWS],
        sources_total=len(sources),
        sources_list=lists.get("source", "records.html"),
        tables=query_tables(target, book, person),
        version=__version__,
    )


def _list_slug(kind: str) -> str:
    return kind.replace(" ", "-")


def write_record_list(out_dir: Path, book: Casebook) -> dict[str, str]:
    """``records.html``: every kind of record; the records of a kind listed there while they are
    at most :data:`LIST_PAGE`, else on pages of that many (``records/list-<kind>-<n>.html``), so
    that no list page grows with the graph. Returns the page that lists each kind."""
    groups: list[tuple[str, list[Record]]] = [(kind, book.of_kind(kind)) for kind in (*KINDS, "source")]
    listed: list[dict[str, Any]] = []
    first_page: dict[str, str] = {}
    for kind, records in groups:
        if not records:
            continue
        entry: dict[str, Any] = {"kind": kind, "slug": _list_slug(kind), "count": len(records), "records": [], "pages": [], "per_page": LIST_PAGE}
        listed.append(entry)
        if len(records) <= LIST_PAGE:
            entry["records"] = records
            first_page[kind] = f"records.html#kind-{entry['slug']}"
            continue
        chunks = [records[start : start + LIST_PAGE] for start in range(0, len(records), LIST_PAGE)]
        entry["pages"] = [{"href": f"records/list-{entry['slug']}-{n}.html", "label": f"{chunk[0].name} – {chunk[-1].name}"}
                          for n, chunk in enumerate(chunks, start=1)]
        first_page[kind] = entry["pages"][0]["href"]
        for number, chunk in enumerate(chunks):
            write_page(out_dir / entry["pages"][number]["href"], "site-records.html.j2", title=f"All records: {kind}", root="../",
                       groups=[{**entry, "records": chunk, "page": number}], version=__version__)
    write_page(out_dir / "records.html", "site-records.html.j2", title="All records", root="", groups=listed, version=__version__)
    return first_page
