"""``enrich --europarl``: title, date, authors and subjects from the EP's own linked data.

Reads ELI-EP data as the EP Open Data Portal serves it (Turtle, JSON-LD, RDF/XML) from a local
file or a URL, and brings what it says of our documents — those linked to an EP IRI (see
:mod:`rightsgraph.loaders.europarl`) — into a source graph of its own citing the file or URL:
the title (English first), the document's date (a day in Brussels time, as the EP dates it),
its authors (MEPs, as people linked to their EP IRIs) and its subjects (``eli:is_about``). A
document linked only to its procedure gets the facts of the adopted text the data ties to it.
"""

from __future__ import annotations

import datetime as dt
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

import pyoxigraph as ox
from rdflib import DCTERMS, RDF, RDFS, SKOS, XSD, Literal, URIRef

from rightsgraph.errors import EndpointError, InputError, Problem, RightsgraphError
from rightsgraph.graph.batch import Batch
from rightsgraph.graph.iris import DEFAULT_BASE, mint
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.http import RETRYABLE, USER_AGENT, RetryOptions, TooLarge, TooSlow, backoff, read_within, retry_after
from rightsgraph.loaders.europarl import ELI_DL
from rightsgraph.loaders.rdfchecks import check_before_parsing, check_terms
from rightsgraph.loaders.rdffile import RDF_FORMATS
from rightsgraph.loaders.sources import describe_source
from rightsgraph.ontology import RG, vocabulary
from rightsgraph.ontology.namespace import ELI

ELI_DL_ONTOLOGY = "http://data.europa.eu/eli/eli-draft-legislation-ontology#"
EP_PERSON = "https://data.europarl.europa.eu/person/"
AUTHOR_ROLE = "http://publications.europa.eu/resource/authority/role/AUT"
BRUSSELS = ZoneInfo("Europe/Brussels")
MAX_BYTES = 64 * 1024 * 1024
MEDIA_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/n-triples": ox.RdfFormat.N_TRIPLES}

LINKED = f"""
SELECT DISTINCT ?record ?link ?how WHERE {{
  {{ ?record <{SKOS.exactMatch}> ?link BIND ("same" AS ?how) }} UNION {{ ?record <{RDFS.seeAlso}> ?link BIND ("procedure" AS ?how) }}
  ?record a rg:Document .
  FILTER (STRSTARTS(STR(?link), "{ELI_DL}"))
}}
"""


def _fetch(url: str, options: RetryOptions) -> tuple[bytes, ox.RdfFormat]:
    """GET ``url`` politely (User-Agent, timeout, a few retries honouring Retry-After)."""
    accept = "text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.8"
    waited = 0.0
    for attempt in range(1, options.retries + 2):
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=options.timeout) as response:
                media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                fmt = MEDIA_TYPES.get(media)
                if fmt is None:
                    raise EndpointError(f"{url}: answered {media or 'no media type'}, not Turtle, JSON-LD or RDF/XML")
                return read_within(response, options.timeout, MAX_BYTES), fmt
        except urllib.error.HTTPError as error:
            if error.code not in RETRYABLE or attempt > options.retries:
                raise EndpointError(f"{url}: HTTP {error.code} {error.reason}") from None
            delay = retry_after(error.headers) or backoff(attempt, options.backoff)
            if waited + delay > options.max_wait:
                raise EndpointError(f"{url}: HTTP {error.code}; asked to wait {delay:.0f} s, more than allowed") from None
            waited += delay
            options.sleep(delay)
        except (TooSlow, TimeoutError):
            raise EndpointError(f"{url}: no full answer within {options.timeout:g} s") from None
        except TooLarge:
            raise EndpointError(f"{url}: the answer is larger than {MAX_BYTES // 2**20} MB") from None
        except urllib.error.URLError as error:
            raise EndpointError(f"{url}: cannot connect ({error.reason})") from None
    raise EndpointError(f"{url}: gave up")  # not reached: the last attempt raises


def read_europarl(source: str, options: RetryOptions | None = None) -> ox.Store:
    """The EP data of a local file or a URL, parsed with Oxigraph (nothing else is fetched)."""
    if source.startswith(("http://", "https://")):
        data, fmt = _fetch(source, options or RetryOptions())
        path = Path("download")
    else:
        path = Path(source)
        fmt = RDF_FORMATS.get(path.suffix.lower())  # type: ignore[assignment]
        if fmt is None:
            raise InputError([Problem(source, None, None, f"unknown RDF file extension '{path.suffix}'")])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError([Problem(source, None, None, f"cannot read the file: {error.strerror}")]) from None
    check_before_parsing(path, fmt, source, data)
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=source if "://" in source else path.resolve().as_uri()))
    except (SyntaxError, ValueError) as error:
        raise InputError([Problem(source, None, None, f"not valid RDF: {error}")]) from None
    check_terms(quads, source, data)
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return store


def _objects(store: ox.Store, subject: ox.NamedNode, predicate: str) -> list[ox.NamedNode | ox.Literal | ox.BlankNode]:
    return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]  # type: ignore[misc]


def _label(store: ox.Store, node: ox.NamedNode) -> str | None:
    for predicate in (str(RDFS.label), str(SKOS.prefLabel), "http://xmlns.com/foaf/0.1/name"):
        found = [o for o in _objects(store, node, predicate) if isinstance(o, ox.Literal)]
        if found:
            return str(_preferred(found).value)
    return None


def _preferred(literals: Iterable[ox.Literal]) -> ox.Literal:
    ordered = sorted(literals, key=lambda lit: (lit.language != "en", lit.language or "", lit.value))
    return ordered[0]


def _brussels_day(value: ox.Literal) -> str:
    text = value.value
    if "T" not in text:
        return text[:10]
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (moment.astimezone(BRUSSELS) if moment.tzinfo else moment).date().isoformat()


def _authors(store: ox.Store, work: ox.NamedNode) -> list[ox.NamedNode]:
    found = [o for o in _objects(store, work, str(DCTERMS.creator)) if isinstance(o, ox.NamedNode) and o.value.startswith(EP_PERSON)]
    for activity in store.quads_for_pattern(None, ox.NamedNode(ELI_DL_ONTOLOGY + "created_a_realization_of"), work):
        for participation in _objects(store, activity.subject, ELI_DL_ONTOLOGY + "had_participation"):  # type: ignore[arg-type]
            roles = {str(getattr(r, "value", "")) for r in _objects(store, participation, ELI_DL_ONTOLOGY + "participation_role")}  # type: ignore[arg-type]
            if AUTHOR_ROLE in roles:
                found += [p for p in _objects(store, participation, ELI_DL_ONTOLOGY + "had_participant_person") if isinstance(p, ox.NamedNode)]  # type: ignore[arg-type]
    return sorted(set(found), key=lambda n: n.value)


def _works_of_procedure(store: ox.Store, procedure: str) -> list[ox.NamedNode]:
    """Adopted texts the data ties to a procedure (by any property)."""
    return sorted({q.subject for q in store.quads_for_pattern(None, None, ox.NamedNode(procedure)) if isinstance(q.subject, ox.NamedNode) and "/doc/TA-" in q.subject.value}, key=lambda n: n.value)  # type: ignore[misc]


def enrich_europarl(kg: KnowledgeGraph, source: str, *, options: RetryOptions | None = None, retrieved: dt.date | None = None) -> Batch:
    """Facts of the EP data about our linked documents, attributed to the file or URL they came from."""
    store = read_europarl(source, options)
    linked = kg.select(LINKED)
    if not linked:
        raise RightsgraphError("no document of the graph is linked to a European Parliament IRI (give it an ep-procedure, ep-adopted-text or ep-question identifier)")
    day = retrieved or dt.date.today()
    batch = Batch(inputs=[source])
    graph = describe_source(
        batch,
        f"europarl-{day.isoformat()}",
        label=f"European Parliament linked data, retrieved {day.isoformat()} from {source}",
        summary="Titles, dates, authors and subjects of documents linked to the European Parliament's own identifiers",
        locator=source,
        day=day,
        confidence=RG.ConfidenceHigh,
        url=source if "://" in source else None,
    )
    vocab = vocabulary()
    for row in linked:
        record, link = row["record"], str(row["link"])
        assert isinstance(record, URIRef)
        works = [ox.NamedNode(link)] if str(row["how"]) == "same" else _works_of_procedure(store, link)
        for work in works:
            if not any(True for _ in store.quads_for_pattern(work, None, None)):
                continue
            ours = kg.select(f"SELECT ?c ?n WHERE {{ {record.n3()} a ?c ; rdfs:label ?n }}")
            batch.add(record, RDF.type, vocab.most_specific(r["c"] for r in ours if isinstance(r["c"], URIRef)) or RG.Document, graph)
            if str(row["how"]) != "same":
                batch.add(record, SKOS.exactMatch, URIRef(work.value), graph)
            titles = [o for p in (str(DCTERMS.title), str(ELI.title)) for o in _objects(store, work, p) if isinstance(o, ox.Literal)]
            titles += [o for e in _objects(store, work, str(ELI.is_realized_by)) if isinstance(e, ox.NamedNode) for o in _objects(store, e, str(ELI.title)) if isinstance(o, ox.Literal)]
            if titles:
                title = str(_preferred(titles).value).strip()
                batch.add(record, RG.title, Literal(title), graph)
            # The record is named in this source as the EP names it (its title), or as we do.
            batch.add(record, RDFS.label, Literal(title if titles else str(ours[0]["n"]) if ours else link), graph)
            dates = [o for p in ("date_document", "date_adoption", "date_publication") for o in _objects(store, work, str(ELI) + p) if isinstance(o, ox.Literal)]
            if dates:
                when = _brussels_day(dates[0])
                batch.add(record, RG.dateEDTF, Literal(when), graph)
                batch.add(record, RG.date, Literal(when, datatype=XSD.date), graph)
            for author in _authors(store, work):
                person = mint(DEFAULT_BASE, "person", "ep-" + author.value.rsplit("/", 1)[-1])
                batch.add(person, RDF.type, RG.Person, graph)
                batch.add(person, RDFS.label, Literal(_label(store, author) or f"Member of the European Parliament no. {author.value.rsplit('/', 1)[-1]}"), graph)
                batch.add(person, SKOS.exactMatch, URIRef(author.value), graph)
                batch.add(record, RG.author, person, graph)
            for subject in _objects(store, work, str(ELI.is_about)):
                if isinstance(subject, ox.NamedNode):
                    batch.add(record, DCTERMS.subject, URIRef(subject.value), graph)
                    name = _label(store, subject)
                    if name:
                        batch.add(URIRef(subject.value), SKOS.prefLabel, Literal(name), graph)
    return batch
