"""The European Parliament's own identifiers: ELI links derived from the references we hold.

The EP Open Data Portal publishes documents as linked data (the ELI-EP profile) under
``https://data.europarl.europa.eu/eli/dl/``: procedures as ``proc/2019-2610`` (from the procedure
reference 2019/2610(RSP)), adopted texts as ``doc/TA-9-2021-0362`` (from P9_TA(2021)0362),
questions as ``doc/E-9-2022-000043`` (from E-000043/2022 and the parliamentary term of its date).
:func:`derive_links` adds these links to a batch wherever a record carries such a reference —
a ``procedureReference`` or an identifier of the schemes ep-procedure, ep-adopted-text or
ep-question — in the same source graph as the reference: nothing is derived that the reference
does not determine (a question's term needs its date). A document is ``skos:exactMatch`` the
EP's IRI for it (an adopted text, a question) and ``rdfs:seeAlso`` its procedure.

>>> procedure_iri("2019/2610(RSP)")
rdflib.term.URIRef('https://data.europarl.europa.eu/eli/dl/proc/2019-2610')
>>> adopted_text_iri("P9_TA(2021)0362")
rdflib.term.URIRef('https://data.europarl.europa.eu/eli/dl/doc/TA-9-2021-0362')
>>> question_iri("E-000043/2022", dt.date(2022, 1, 6))
rdflib.term.URIRef('https://data.europarl.europa.eu/eli/dl/doc/E-9-2022-000043')
>>> question_iri("E-004139/2019", None) is None   # 2019 had two terms: the date decides
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from rdflib import RDFS, SKOS, Literal, URIRef
from rdflib.term import Node

from rightsgraph.graph.batch import Batch
from rightsgraph.graph.dates import parse_edtf
from rightsgraph.ontology import RG

ELI_DL = "https://data.europarl.europa.eu/eli/dl/"
PROCEDURE = re.compile(r"^(\d{4})/(\d{4})\(([A-Z]{3})\)$")
ADOPTED_TEXT = re.compile(r"^(?:P(\d{1,2})_TA\((\d{4})\)(\d{4})|TA-(\d{1,2})-(\d{4})-(\d{4}))$")
QUESTION = re.compile(r"^([EPO])-(\d{6})/(\d{2}|\d{4})$")
TERM_STARTS = [(dt.date(2004, 7, 20), 6), (dt.date(2009, 7, 14), 7), (dt.date(2014, 7, 1), 8), (dt.date(2019, 7, 2), 9), (dt.date(2024, 7, 16), 10)]
"""The first sitting of each parliamentary term: a question's term follows from its date."""


def procedure_iri(reference: str) -> URIRef | None:
    match = PROCEDURE.match(reference.strip())
    return URIRef(f"{ELI_DL}proc/{match[1]}-{match[2]}") if match else None


def adopted_text_iri(reference: str) -> URIRef | None:
    match = ADOPTED_TEXT.match(reference.strip())
    if not match:
        return None
    term, year, number = (match[1], match[2], match[3]) if match[1] else (match[4], match[5], match[6])
    return URIRef(f"{ELI_DL}doc/TA-{int(term)}-{year}-{number}")


def term_of(day: dt.date) -> int | None:
    terms = [term for start, term in TERM_STARTS if start <= day]
    return terms[-1] if terms else None


def question_iri(reference: str, day: dt.date | None) -> URIRef | None:
    """A question's IRI needs its term, so its date: given only when the date is a known day."""
    match = QUESTION.match(reference.strip())
    if not match or day is None:
        return None
    year = int(match[3]) if len(match[3]) == 4 else 2000 + int(match[3])
    term = term_of(day)
    if term is None or day.year != year:
        return None
    return URIRef(f"{ELI_DL}doc/{match[1]}-{term}-{year}-{match[2]}")


def _day(text: str) -> dt.date | None:
    try:
        parsed = parse_edtf(text)
    except ValueError:
        return None
    return parsed.earliest if parsed.earliest and parsed.earliest == parsed.latest else None


def derive_links(batch: Batch) -> int:
    """Add the EP's IRIs for the references a batch holds; return how many links were added."""
    dates: dict[Node, dt.date] = {}
    identifiers: dict[Node, list[tuple[Node, URIRef]]] = defaultdict(list)
    schemes: dict[Node, Node] = {}
    values: dict[Node, str] = {}
    references: list[tuple[Node, str, URIRef]] = []
    for s, p, o, g in batch.quads:
        if p == RG.dateEDTF and isinstance(o, Literal) and _day(str(o)):
            dates[s] = _day(str(o))  # type: ignore[assignment]
        elif p == RG.procedureReference:
            references.append((s, str(o), g))
        elif p == RG.identifier:
            identifiers[o].append((s, g))
        elif p == RG.identifierScheme:
            schemes[s] = o
        elif p == RG.identifierValue:
            values[s] = str(o)
    links: set[tuple[Node, URIRef, URIRef, URIRef]] = set()
    for record, reference, graph in references:
        iri = procedure_iri(reference)
        if iri is not None:
            links.add((record, RDFS.seeAlso, iri, graph))
    for node, holders in identifiers.items():
        scheme, value = schemes.get(node), values.get(node, "")
        for record, graph in holders:
            if scheme == RG.SchemeEPProcedure and (iri := procedure_iri(value)) is not None:
                links.add((record, RDFS.seeAlso, iri, graph))
            elif scheme == RG.SchemeEPAdoptedText and (iri := adopted_text_iri(value)) is not None:
                links.add((record, SKOS.exactMatch, iri, graph))
            elif scheme == RG.SchemeEPQuestion and (iri := question_iri(value, dates.get(record))) is not None:
                links.add((record, SKOS.exactMatch, iri, graph))
    existing = {(s, p, o, g) for s, p, o, g in batch.quads if p in (RDFS.seeAlso, SKOS.exactMatch)}
    added = sorted(links - existing, key=lambda quad: tuple(str(x) for x in quad))
    for s, p, o, g in added:
        batch.add(s, p, o, g)
    return len(added)
