"""Export to the HURIDOCS Events Standard Formats: the tables of OpenEvSys, one CSV file each.

Human-rights documentation tools (OpenEvSys, and Uwazi through it) record an *event*, the *acts*
committed in it (one per victim), the *involvement* of each perpetrator with a degree of
involvement, the *information* each source gives, *interventions* and their response, *chains
of events* and *biographic details* linking people. This module writes those tables from the
graph, with every controlled value as the micro-thesaurus key OpenEvSys stores
(``vocab_number``, e.g. ``01020000000018``) and every EDTF date as a date plus a date type.

The codes come from the ontology: a concept or property carries its ESF code as a typed
``skos:notation``. A record number is the record's id when it fits OpenEvSys' 45 characters;
``record-numbers.csv`` maps every number back to its IRI.

>>> import tempfile
>>> from pathlib import Path
>>> from rightsgraph.build import load_graph
>>> kg, _ = load_graph()
>>> with tempfile.TemporaryDirectory() as folder:
...     counts = export_esf(kg, Path(folder))
>>> counts["event"] > 20 and counts["involvement"] >= 3
True
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from rdflib import OWL, RDFS, SKOS, Literal, URIRef
from rdflib.term import Node as RDFNode

from rightsgraph.fsutil import FolderKind
from rightsgraph.graph.dates import parse_edtf
from rightsgraph.graph.iris import PROVENANCE_GRAPH
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.loaders.ftm.tables import Record, collect_records
from rightsgraph.ontology import RG, Vocabulary, vocabulary

TABLES: dict[str, tuple[str, ...]] = {
    "event": ("event_record_number", "event_title", "confidentiality", "initial_date", "initial_date_type", "final_date", "final_date_type", "event_description", "impact_of_event", "remarks", "violation_status", "files", "record_grouping", "event_location_latitude", "event_location_longitude"),
    "person": ("person_record_number", "counting_unit", "person_name", "other_names", "confidentiality", "date_of_birth", "date_of_birth_type", "place_of_birth", "locality_of_birth", "sex", "sexual_orientation", "identification_documents", "civil_status", "dependants", "formal_education", "other_training", "health", "medical_records", "deceased", "date_deceased", "date_deceased_type", "group_description", "number_of_persons_in_group", "religion", "remarks", "reliability_as_source", "reliability_as_intervening_party", "files", "person_location_latitude", "person_location_longitude"),
    "biographic_details": ("biographic_details_record_number", "person", "related_person", "confidentiality", "type_of_relationship", "initial_date", "initial_date_type", "final_date", "final_date_type", "education_and_training", "employment", "affiliation", "position_in_organisation", "rank", "remarks"),
    "act": ("act_record_number", "event", "victim", "confidentiality", "type_of_act", "initial_date", "initial_date_type", "exact_location", "stated_reason", "physical_consequences", "psychological_consequences", "age_at_time_of_victimisation", "final_date", "final_date_type", "exact_location_at_end_of_act", "status_at_end_of_act", "remarks", "type_of_location", "act_location_latitude", "act_location_longitude"),
    "chain_of_events": ("chain_of_events_record_number", "event", "related_event", "type_of_chain_of_events", "remarks"),
    "involvement": ("involvement_record_number", "act", "perpetrator", "event", "confidentiality", "degree_of_involvement", "latest_status_as_perpetrator_in_the_act", "remarks"),
    "information": ("information_record_number", "event", "source", "related_person", "related_event", "confidentiality", "source_connection_to_information", "date_of_source_material", "remarks", "reliability_of_information"),
    "intervention": ("intervention_record_number", "intervening_party", "event", "victim", "confidentiality", "date_of_intervention", "parties_requested", "response", "impact_on_the_situation", "remarks", "intervention_status", "priority", "intervention_location_latitude", "intervention_location_longitude"),
    "mlt_involvement_type_of_perpetrator": ("vocab_number", "record_number"),
    "mlt_intervention_type_of_intervention": ("vocab_number", "record_number"),
}
"""OpenEvSys tables and their columns, in the order of its schema."""

AFFECTED = (RG.victim, RG.detainee, RG.defendant, RG.releasedPerson, RG.statusHolder, RG.affectedPerson)
CHAINS = (RG.precedes, RG.partOf, RG.resultedIn, RG.parallelTo)
MAX_NUMBER = 45
NUMBERS = "record-numbers.csv"
ESF_FOLDER = FolderKind("ESF export folder", ".rightsgraph-esf", re.compile(r"[a-z_]+\.csv"), NUMBERS, manifest=True)
"""What an ESF export folder holds, so that a new export replaces only an earlier one."""
Row = dict[str, str]


def record_number(iri: str) -> str:
    """A stable OpenEvSys record number: the id, shortened with a hash when longer than 45."""
    slug = iri.rstrip("/").rsplit("/", 1)[-1]
    if len(slug) <= MAX_NUMBER:
        return slug
    return f"{slug[: MAX_NUMBER - 9]}-{hashlib.sha1(iri.encode()).hexdigest()[:8]}"


def esf_date(edtf: str | None, vocab: Vocabulary) -> tuple[tuple[str, str], tuple[str, str]]:
    """An EDTF date as ((initial date, type), (final date, type)) in the standard's terms."""
    empty = ("", "")
    if not edtf:
        return empty, empty
    parts = edtf.split("/") if "/" in edtf else [edtf]
    out = []
    for part in parts:
        if part in ("", ".."):
            out.append(empty)
            continue
        parsed = parse_edtf(part)
        if parsed.earliest is None:
            out.append(empty)
            continue
        plain = part.rstrip("?~%")
        if plain != part or "X" in plain:
            kind = RG.DateEstimate
        else:
            kind = {10: RG.DateExact, 7: RG.DateUnknownDay, 4: RG.DateUnknownMonthAndDay}[len(plain)]
        code = vocab.esf_code(kind)
        out.append((parsed.earliest.isoformat(), code.vocab_number if code else ""))
    if len(out) == 1:
        return out[0], empty
    return out[0], out[1]


class _Export:
    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.vocab = vocabulary()
        self.records, _ = collect_records(kg)
        self.tables: dict[str, list[Row]] = defaultdict(list)
        self.people: dict[str, Record] = {}
        self.numbers: dict[str, str] = {}
        self.sources = self._sources()
        # Indexes built once, so that no step scans every record for each record (quadratic).
        self.acts_by_event: dict[str, list[str]] = defaultdict(list)
        self.realized_by: dict[str, list[str]] = defaultdict(list)
        self.memberships_of: dict[str, list[Record]] = defaultdict(list)
        for record in self.records.values():
            for intervention in record.texts(RG.realizes):
                self.realized_by[intervention].append(self.label(record.iri))
            if RG.member in record.facts and self.is_a(record, RG.Membership):
                for member in record.texts(RG.member):
                    self.memberships_of[member].append(record)

    # -- helpers --------------------------------------------------------------------------------

    def number(self, iri: str) -> str:
        number = record_number(iri)
        self.numbers[number] = iri
        return number

    def is_a(self, record: Record, cls: URIRef) -> bool:
        return any(self.vocab.is_a(c, cls) for c in record.classes)

    def label(self, iri: object) -> str:
        record = self.records.get(str(iri))
        return min(record.texts(RDFS.label), default=str(iri)) if record else str(iri)

    def code(self, term: object) -> str:
        found = self.vocab.esf_code(term) if isinstance(term, URIRef) else None
        return found.vocab_number if found else ""

    def class_code(self, record: Record) -> str:
        """The ESF code of the most specific class of the record that has one."""
        for cls in sorted(record.classes, key=lambda c: -len(self.vocab.superclasses(c))):
            if self.vocab.esf_code(cls) is not None:
                return self.code(cls)
        return ""

    def confidentiality(self, record: Record) -> str:
        return "y" if Literal(True) in record.facts.get(RG.confidential, []) else "n"

    def person(self, iri: object) -> str:
        """The person table number of an actor, adding it to the table on first use."""
        record = self.records.get(str(iri))
        if record is None or not self.is_a(record, RG.Actor):
            return ""
        self.people[record.iri] = record
        return self.number(record.iri)

    def _sources(self) -> dict[str, list[tuple[str, Record | None]]]:
        """Each record's sources: (source IRI, source record) pairs."""
        provenance = PROVENANCE_GRAPH.n3()
        rows = self.kg.select(
            f"SELECT DISTINCT ?record ?source WHERE {{ GRAPH ?g {{ ?record a ?c }} "
            f"GRAPH {provenance} {{ ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?source }} }}"
        )
        found: dict[str, list[tuple[str, Record | None]]] = defaultdict(list)
        described = self.kg.select(f"SELECT ?source ?p ?o WHERE {{ GRAPH {provenance} {{ ?source a rg:Source ; ?p ?o }} }}")
        meta: dict[str, Record] = {}
        for row in described:
            record = meta.setdefault(str(row["source"]), Record(str(row["source"])))
            assert isinstance(row["p"], URIRef)
            record.facts[row["p"]].append(row["o"])
        for row in rows:
            found[str(row["record"])].append((str(row["source"]), meta.get(str(row["source"]))))
        for pairs in found.values():
            pairs.sort(key=lambda pair: pair[0])
        return found

    def source_titles(self, iri: str) -> str:
        titles = [min(s.texts(RDFS.label), default=i) if s else i for i, s in self.sources.get(iri, [])]
        return "; ".join(f"Source: {t}" for t in titles)

    # -- tables ---------------------------------------------------------------------------------

    def run(self) -> dict[str, list[Row]]:
        events = {iri: r for iri, r in self.records.items() if self.is_a(r, RG.Event) and not self.is_a(r, RG.Intervention)}
        for iri, record in sorted(events.items()):
            self.event(record)
        involved = self.involvements(events)
        for iri, record in sorted(events.items()):
            self.acts(record, force=iri in involved)
        self.involvement_rows(events)
        self.chains(events)
        for record in sorted((r for r in self.records.values() if self.is_a(r, RG.Intervention)), key=lambda r: r.iri):
            self.intervention(record, events)
        self.biographic_details()
        for record in sorted(self.people.values(), key=lambda r: r.iri):
            self.person_row(record)
        return self.tables

    def event(self, record: Record) -> None:
        (start, start_type), (end, end_type) = esf_date(next(iter(record.texts(RG.dateEDTF)), None), self.vocab)
        status = record.first(RG.violationStatus)
        if status is None and self.is_a(record, RG.RightsViolation):
            status = RG.ViolationAlleged
        number = self.number(record.iri)
        self.tables["event"].append({
            "event_record_number": number, "event_title": self.label(record.iri), "confidentiality": self.confidentiality(record),
            "initial_date": start, "initial_date_type": start_type, "final_date": end, "final_date_type": end_type,
            "event_description": "; ".join(record.texts(RDFS.comment)),
            "impact_of_event": "; ".join(record.texts(RG.consequence)),
            "remarks": "; ".join([f"Type: {self.vocab.label(self.vocab.most_specific(record.classes) or RG.Event)}", f"IRI: {record.iri}"]),
            "violation_status": self.code(status),
        })
        for source_iri, source in self.sources.get(record.iri, []):
            self.information(number, record, source_iri, source)

    def information(self, event: str, record: Record, source_iri: str, source: Record | None) -> None:
        facts = source.facts if source else {}
        role = next(iter(facts.get(RG.sourceRole, [])), None)
        confidence = next(iter(facts.get(RG.confidence, [])), None)
        source_date = next((v for v in facts.get(RG.earliestDate, []) if isinstance(v, Literal)), None)
        title = min((str(v) for v in facts.get(RDFS.label, [])), default=source_iri)
        locator = min((str(v) for v in facts.get(RG.locator, [])), default="")
        self.tables["information"].append({
            "information_record_number": self.number(f"{record.iri}--{record_number(source_iri)}"),
            "event": event, "confidentiality": "y" if Literal(True) in facts.get(RG.confidential, []) else "n",
            "source_connection_to_information": self.code(role),
            "date_of_source_material": source_date.toPython().isoformat() if source_date is not None and isinstance(source_date.toPython(), date) else "",
            "remarks": "; ".join(x for x in (title, locator, f"IRI: {source_iri}") if x),
            "reliability_of_information": self.code(confidence),
        })

    def involvements(self, events: dict[str, Record]) -> set[str]:
        return {str(r.first(RG.involvedIn)) for r in self.records.values() if self.is_a(r, RG.Involvement)} & set(events)

    def acts(self, record: Record, *, force: bool) -> None:
        violation = self.is_a(record, RG.RightsViolation) or self.is_a(record, RG.Detention) or RG.violationStatus in record.facts
        if not (violation or force):
            return
        victims = sorted({str(v) for p in AFFECTED for v in record.facts.get(p, []) if self.person(v)})
        (start, start_type), (end, end_type) = esf_date(next(iter(record.texts(RG.dateEDTF)), None), self.vocab)
        for victim in victims or [""]:
            act = self.number(f"{record.iri}--act--{record_number(victim) if victim else 'no-victim'}")
            self.acts_by_event[record.iri].append(act)
            self.tables["act"].append({
                "act_record_number": act,
                "event": self.number(record.iri), "victim": self.person(victim) if victim else "",
                "confidentiality": self.confidentiality(record), "type_of_act": self.class_code(record),
                "initial_date": start, "initial_date_type": start_type, "final_date": end, "final_date_type": end_type,
                "exact_location": "; ".join(sorted(self.label(p) for p in record.facts.get(RG.place, []))),
                "physical_consequences": "; ".join(record.texts(RG.consequence)),
                "remarks": self.label(record.iri),
            })

    def _acts_of(self, event: str) -> list[str]:
        return self.acts_by_event.get(event, [])

    def involvement_rows(self, events: dict[str, Record]) -> None:
        covered: set[tuple[str, str]] = set()
        for record in sorted((r for r in self.records.values() if self.is_a(r, RG.Involvement)), key=lambda r: r.iri):
            event, actor = str(record.first(RG.involvedIn)), str(record.first(RG.involvedActor))
            if event not in events:
                continue
            covered.add((event, actor))
            types = record.facts.get(RG.perpetratorType) or self.records.get(actor, Record(actor)).facts.get(RG.perpetratorType, [])
            self._involvement(record.iri, event, actor, record.first(RG.degreeOfInvolvement), types, self.confidentiality(record), self.label(record.iri))
        # A perpetrator named without an involvement record still is one, of unknown degree.
        for event, record in sorted(events.items()):
            for actor in sorted(str(a) for a in record.facts.get(RG.perpetrator, [])):
                if (event, actor) not in covered:
                    types = self.records.get(actor, Record(actor)).facts.get(RG.perpetratorType, [])
                    self._involvement(f"{event}--involvement--{record_number(actor)}", event, actor, None, types, self.confidentiality(record), "degree of involvement not recorded")

    def _involvement(self, iri: str, event: str, actor: str, degree: RDFNode | None, types: Iterable[RDFNode], confidentiality: str, remarks: str) -> None:
        number = self.number(iri)
        for act in self._acts_of(event):
            self.tables["involvement"].append({
                "involvement_record_number": number, "act": act, "perpetrator": self.person(actor), "event": self.number(event),
                "confidentiality": confidentiality, "degree_of_involvement": self.code(degree), "remarks": remarks,
            })
        for kind in sorted({self.code(t) for t in types} - {""}):
            self.tables["mlt_involvement_type_of_perpetrator"].append({"vocab_number": kind, "record_number": number})

    def chains(self, events: dict[str, Record]) -> None:
        seen: set[tuple[str, str]] = set()
        for prop in CHAINS:
            info = self.vocab.property_info(prop)
            for subject in sorted(events):
                for other in sorted(str(o) for o in events[subject].facts.get(prop, [])):
                    if other not in events:
                        continue
                    # The standard records the larger event encompassing the smaller one.
                    first, second = (other, subject) if prop == RG.partOf else (subject, other)
                    key = (first, second)
                    if key in seen or (info is not None and info.symmetric and (second, first) in seen):
                        continue
                    seen.add(key)
                    self.tables["chain_of_events"].append({
                        "chain_of_events_record_number": self.number(f"{first}--{prop.rsplit('#', 1)[-1]}--{record_number(second)}"),
                        "event": self.number(first), "related_event": self.number(second),
                        "type_of_chain_of_events": self.code(prop), "remarks": self.vocab.label(prop),
                    })

    def intervention(self, record: Record, events: dict[str, Record]) -> None:
        number = self.number(record.iri)
        parties = sorted(str(p) for p in record.facts.get(RG.interveningParty, []))
        concerned = sorted(str(e) for e in record.facts.get(RG.concerns, []) if str(e) in events)
        victims = sorted(str(v) for v in record.facts.get(RG.onBehalfOfVictim, []))
        documents = sorted(self.realized_by.get(record.iri, []))
        response = record.first(RG.response)
        (when, _), _ = esf_date(next(iter(record.texts(RG.dateEDTF)), None), self.vocab)
        remarks = [self.label(record.iri)]
        remarks += [f"Also intervening: {self.label(p)}" for p in parties[1:]]
        remarks += [f"Document: {d}" for d in documents]
        if response is not None and not self.code(response):
            remarks.append(f"Response: {self.vocab.label(response)}")  # type: ignore[arg-type]
        self.tables["intervention"].append({
            "intervention_record_number": number, "intervening_party": self.person(parties[0]) if parties else "",
            "event": self.number(concerned[0]) if concerned else "", "victim": self.person(victims[0]) if victims else "",
            "confidentiality": self.confidentiality(record), "date_of_intervention": when,
            "parties_requested": "; ".join(sorted(self.label(p) for p in record.facts.get(RG.requestedOf, []))),
            "response": self.code(response), "impact_on_the_situation": self.code(record.first(RG.impact)),
            "remarks": "; ".join(remarks),
        })
        for kind in sorted({self.code(t) for t in record.facts.get(RG.interventionType, [])} - {""}):
            self.tables["mlt_intervention_type_of_intervention"].append({"vocab_number": kind, "record_number": number})

    def biographic_details(self) -> None:
        kinship = sorted((p for p in self.vocab.properties.values() if self.vocab.is_kinship(p.iri)), key=lambda p: p.name)
        seen: set[tuple[str, str]] = set()
        for record in sorted(self.records.values(), key=lambda r: r.iri):
            if not self.is_a(record, RG.Person):
                continue
            for prop in kinship:
                for other in sorted(str(o) for o in record.facts.get(prop.iri, [])):
                    # Only the most specific kinship link of a pair, once: "sibling", not also "relative".
                    narrower = [p for p in kinship if prop.iri in p.superproperties and p.iri != prop.iri and URIRef(other) in record.facts.get(p.iri, [])]
                    pair = (record.iri, other)
                    if narrower or pair in seen or (prop.symmetric and (other, record.iri) in seen) or (prop.inverse and (other, record.iri) in seen):
                        continue
                    seen.add(pair)
                    self._bio(f"{other}--{prop.name}--{record_number(record.iri)}", other, record.iri, relationship=self.code(prop.iri), remarks=self.vocab.label(prop.iri))
            for membership in sorted(self.memberships_of.get(record.iri, []), key=lambda r: r.iri):
                in_org, in_post = membership.first(RG.organization), membership.first(RG.post)
                (start, start_type), _ = esf_date(next(iter(membership.texts(RG.startDateEDTF)), None), self.vocab)
                (end, end_type), _ = esf_date(next(iter(membership.texts(RG.endDateEDTF)), None), self.vocab)
                self._bio(membership.iri, record.iri, None, affiliation=self.label(in_org) if in_org else "",
                          position=self.label(in_post) if in_post else "; ".join(membership.texts(RG.roleLabel)),
                          remarks=self.label(membership.iri), dates=(start, start_type, end, end_type))
            for member_of in sorted(str(o) for o in record.facts.get(RG.memberOf, [])):
                self._bio(f"{record.iri}--memberOf--{record_number(member_of)}", record.iri, None, affiliation=self.label(member_of), remarks="member of")
            for post in sorted(str(p) for p in record.facts.get(RG.holdsPost, [])):
                post_in = self.records.get(post, Record(post)).first(RG.postIn)
                self._bio(f"{record.iri}--holdsPost--{record_number(post)}", record.iri, None, affiliation=self.label(post_in) if post_in else "", position=self.label(post), remarks="holds post")

    def _bio(self, iri: str, person: str, related: str | None, *, relationship: str = "", affiliation: str = "", position: str = "", remarks: str = "",
             dates: tuple[str, str, str, str] = ("", "", "", "")) -> None:
        self.tables["biographic_details"].append({
            "initial_date": dates[0], "initial_date_type": dates[1], "final_date": dates[2], "final_date_type": dates[3],
            "biographic_details_record_number": self.number(iri), "person": self.person(person),
            "related_person": self.person(related) if related else "", "confidentiality": "n",
            "type_of_relationship": relationship, "affiliation": affiliation, "position_in_organisation": position, "remarks": remarks,
        })

    def person_row(self, record: Record) -> None:
        (born, born_type), _ = esf_date(next(iter(record.texts(RG.birthDateEDTF)), None), self.vocab)
        group = not self.is_a(record, RG.Person)
        count = record.first(RG.numberOfPeople)
        self.tables["person"].append({
            "person_record_number": self.number(record.iri), "person_name": self.label(record.iri),
            "other_names": "; ".join(sorted(record.texts(SKOS.altLabel))), "confidentiality": self.confidentiality(record),
            "date_of_birth": born, "date_of_birth_type": born_type,
            "group_description": self.vocab.label(self.vocab.most_specific(record.classes) or RG.Actor) if group else "",
            "number_of_persons_in_group": str(count) if group and count is not None else "",
            "remarks": "; ".join([f"IRI: {record.iri}", *(f"Same as: {v}" for v in sorted(record.texts(OWL.sameAs) + record.texts(SKOS.exactMatch)))]),
        })


def esf_tables(kg: KnowledgeGraph) -> tuple[dict[str, list[Row]], dict[str, str]]:
    """The rows of each OpenEvSys table, and the IRI behind each record number."""
    export = _Export(kg)
    tables = export.run()
    return {name: tables.get(name, []) for name in TABLES}, export.numbers


def export_esf(kg: KnowledgeGraph, folder: Path) -> dict[str, int]:
    """Write one CSV per OpenEvSys table (and record-numbers.csv) into ``folder``; rows per table."""
    tables, numbers = esf_tables(kg)
    for name, columns in TABLES.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="raise")
            writer.writeheader()
            for row in tables[name]:
                writer.writerow({column: row.get(column, "") for column in columns})
    with (folder / NUMBERS).open("w", encoding="utf-8", newline="") as handle:
        pairs = csv.writer(handle)
        pairs.writerow(["record_number", "iri"])
        pairs.writerows(sorted(numbers.items()))
    return {name: len(rows) for name, rows in tables.items()}
