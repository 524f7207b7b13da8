"""Timeline view: the dated events of one person or of the whole graph, as one HTML file.

Dates are shown as the sources give them: "March 2020", "19 October 2017 (uncertain)",
"about 2010 – 2020", "on or before 3 March 2020"; events are ordered by the earliest day they
can denote, and events without a known date are listed apart. Deaths are marked (a death in
custody says so), including a person's date of death that no Death event describes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Literal, URIRef

from rightsgraph import __version__
from rightsgraph.graph.dates import humanize_edtf, parse_edtf
from rightsgraph.ontology import RG, vocabulary
from rightsgraph.queries.params import resolve_record
from rightsgraph.viz.html import write_page
from rightsgraph.viz.projection import GraphSource, as_target, run_view_query, violation_status_label


@dataclass(frozen=True)
class TimelineEntry:
    event: str
    name: str
    kind: str
    edtf: str
    when: str
    earliest: date | None
    latest: date | None
    actors: str
    sources: str
    status: str = ""
    """The violation status shown with the event ('alleged' for a violation that has none)."""
    involvements: str = ""
    in_custody: bool = False
    death: bool = False

    @property
    def sort_key(self) -> tuple[date, int, date, str]:
        anchor = self.earliest or self.latest or date.max
        return (anchor, 1 if self.earliest else 0, self.latest or date.max, self.name)

    @property
    def year(self) -> str:
        anchor = self.earliest or self.latest
        return str(anchor.year) if anchor else ""


def timeline_entries(kg: GraphSource, person: URIRef | None = None) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """(dated, undated) events, the dated ones in order."""
    vocab = vocabulary()
    restriction = _restriction(kg, person)
    rows = run_view_query(kg, "timeline", restriction).rows if restriction != {"event": []} else []
    entries = []
    for row in rows:
        classes = [URIRef(c) for c in str(row.get("classes", "")).split()]
        edtf = str(row.get("date", ""))
        earliest, latest = row.get("earliest"), row.get("latest")
        entries.append(TimelineEntry(
            event=str(row["event"]),
            name=str(row["name"]),
            kind=vocab.label(vocab.most_specific(classes) or RG.Event),
            edtf=edtf,
            when=humanize_edtf(edtf) if edtf else "date unknown",
            earliest=earliest.toPython() if isinstance(earliest, Literal) else None,
            latest=latest.toPython() if isinstance(latest, Literal) else None,
            actors=str(row.get("actors", "")),
            sources=str(row.get("sources", "")),
            status=violation_status_label(classes, str(row["status"]) if "status" in row else None, vocab) or "",
            involvements=str(row.get("involvements", "")),
            in_custody=_true(row.get("inCustody")),
            death=RG.Death in classes,
        ))
    entries.extend(_deaths_without_event(kg, person))
    dated = sorted((e for e in entries if e.earliest or e.latest), key=lambda e: e.sort_key)
    undated = sorted((e for e in entries if not (e.earliest or e.latest)), key=lambda e: e.name)
    return dated, undated


PERSON_EVENTS_BOUND = 2_000
"""A person in more events than this is filtered in one pass over every event instead."""


def _restriction(kg: GraphSource, person: URIRef | None) -> dict[str, URIRef | list[URIRef]] | None:
    """The bindings of the timeline query: for a person, their events first (Oxigraph then reads
    those events only; given the person alone, it reads every event of the graph and tests each:
    1.5 s instead of 4 ms at a million facts). ``{"event": []}``: the person has no events."""
    if person is None:
        return None
    events = [URIRef(str(row["event"])) for row in run_view_query(kg, "person-events", {"person": person}).rows]
    if not events:
        return {"event": []}
    if len(events) > PERSON_EVENTS_BOUND:
        return {"person": person}
    return {"event": events, "person": person}


def _true(value: object) -> bool:
    return isinstance(value, Literal) and value.toPython() is True


def _deaths_without_event(kg: GraphSource, person: URIRef | None) -> list[TimelineEntry]:
    """A person's date of death is drawn even when no source describes the death as an event."""
    entries = []
    for row in run_view_query(kg, "deaths", {"person": person} if person is not None else None).rows:
        edtf = str(row["date"])
        try:
            parsed = parse_edtf(edtf)
        except ValueError:
            continue  # the shapes refuse such a date; an unvalidated store may still hold one
        entries.append(TimelineEntry(
            event=f"{row['person']}#death", name=f"Death of {row['name']}", kind=vocabulary().label(RG.Death),
            edtf=parsed.text, when=humanize_edtf(parsed.text), earliest=parsed.earliest, latest=parsed.latest,
            actors=str(row["name"]), sources=str(row.get("sources", "")), death=True,
        ))
    return entries


def write_timeline(
    kg: GraphSource, path: Path, person: str | None = None, *, back: str | None = None,
    hrefs: Mapping[str, str] | None = None, names: Mapping[str, str] | None = None, per_page: int | None = None,
) -> Path:
    """Write the timeline of ``person`` (a name, id or IRI), or of every event, to ``path``.

    With ``per_page``, a longer timeline is written in pages of that many events (``path``,
    then ``<stem>-2.html``...), each linking the others by the years they cover, so that no page
    grows with the graph.

    ``hrefs`` maps event IRIs to their pages (relative to ``path``): event names link there;
    ``names`` maps the names of actors and sources to their pages.
    """
    target = as_target(kg)
    iri = resolve_record(target, person, "record") if person else None
    dated, undated = timeline_entries(target, iri)
    if iri is not None:
        rows = target.run(f"SELECT ?l WHERE {{ {iri.n3()} <http://www.w3.org/2000/01/rdf-schema#label> ?l }} LIMIT 1").rows
        label = str(rows[0]["l"]) if rows else str(person)
        title = f"Timeline of {label}"
    else:
        title = "Timeline of all events"
    entries = [*dated, *undated]
    size = per_page if per_page and len(entries) > per_page else max(1, len(entries))
    chunks = [entries[start : start + size] for start in range(0, len(entries), size)] or [[]]
    names_of = [path.name] + [f"{path.stem}-{number}{path.suffix}" for number in range(2, len(chunks) + 1)]
    pages = [{"href": name, "label": _span(chunk)} for name, chunk in zip(names_of, chunks, strict=True)] if len(chunks) > 1 else []
    for number, chunk in enumerate(chunks):
        years: list[tuple[str, list[TimelineEntry]]] = []
        for entry in chunk:
            if entry.earliest or entry.latest:
                if not years or years[-1][0] != entry.year:
                    years.append((entry.year, []))
                years[-1][1].append(entry)
        write_page(path.with_name(names_of[number]), "timeline.html.j2", title=title, years=years,
                   undated=[e for e in chunk if not (e.earliest or e.latest)], count=len(entries), shown=len(chunk),
                   first=number * size + 1, size=size, pages=pages, page=number, back=back, hrefs=hrefs or {}, names=names or {}, version=__version__)
    return path


def _span(chunk: list[TimelineEntry]) -> str:
    """The years a page of the timeline covers ("2011–2014", "date unknown")."""
    years = [e.year for e in chunk if e.year]
    first, last = (years[0], years[-1]) if years else ("", "")
    span = first if first == last else f"{first}–{last}"
    return ", ".join(filter(None, [span, "date unknown" if len(years) < len(chunk) else ""]))
