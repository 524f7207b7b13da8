"""The graph as FollowTheMoney entities (JSON lines) that the ``followthemoney`` library accepts.

Records imported from FtM come back with their own id and schema (a Company stays a Company);
others get an id derived from their IRI, kept in ``sourceUrl``. Memberships become Membership,
Employment, Directorship or Occupancy by their kind (a post held by a person is an Occupancy of
a Position, with its start and end); a role held without an organisation is the person's
``position``; sanctions become Sanctions. Aid between two actors is a Payment (payer,
beneficiary, amount, currency, purpose, date). The role each actor plays in an event
(perpetrator, detainee, ...) and each Involvement (its degree) are UnknownLinks from the actor to
the event, with the role and the violation's status: FtM's ``involved`` alone would put the
police who used force and a president held responsible for a policy on the same footing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from collections import defaultdict
from typing import IO, Any

from rdflib import RDFS, SKOS, URIRef

from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.loaders.ftm.tables import (
    KIND_SCHEMATA,
    INTERVALS,
    KINSHIP,
    PARTY_ROLES,
    PROCEEDINGS,
    PUBLIC_BODIES,
    SHORTCUTS,
    WIKIDATA,
    Record,
    collect_records,
    is_a,
    model,
    registry,
)
from rightsgraph.ontology import RG, vocabulary


class _Exporter:
    def __init__(self, kg: KnowledgeGraph) -> None:
        self.model = model()
        self.registry = registry()
        self.vocab = vocabulary()
        self.records, self.wording = collect_records(kg)
        self.ids: dict[str, str] = {}
        self.by_id: dict[str, Any] = {}
        self.entities: list[Any] = []
        self.positions: dict[str, list[str]] = {}
        """Roles held without an organisation or post, by member: FtM's ``position``."""
        for record in self.records.values():
            if is_a(record, RG.Membership, self.vocab) and not self._interval_ready(record):
                for member in record.texts(RG.member):
                    self.positions.setdefault(member, []).extend(record.texts(RG.roleLabel))

    def label(self, iri: object) -> str:
        record = self.records.get(str(iri))
        return record.texts(RDFS.label)[0] if record and record.texts(RDFS.label) else str(iri)

    def country(self, iri: object) -> str | None:
        """The FtM country code of a country, or of the country of a state."""
        record = self.records.get(str(iri))
        if record is not None and not is_a(record, RG.Country, self.vocab) and record.texts(RG.stateOf):
            iri, record = record.texts(RG.stateOf)[0], self.records.get(record.texts(RG.stateOf)[0])
        if record is None or not (is_a(record, RG.Country, self.vocab) or is_a(record, RG.State, self.vocab)):
            return None
        code: str | None = self.registry.country.clean(self.label(iri))
        return code

    def make(self, schema: str, *key: str, record: Record | None = None) -> Any:
        """An entity of ``schema`` (or of the FtM schema the record was imported as) and its id."""
        kept = record.texts(RG.ftmSchema) if record is not None else []
        chosen = self.model.get(kept[0]) if kept else None
        default = self.model.get(schema)
        if chosen is None or not (chosen.is_a(default) or default.is_a(chosen)):
            chosen = default
        entity = self.model.make_entity(chosen)
        ftm_ids = record.texts(RG.ftmId) if record is not None else []
        if ftm_ids:
            entity.id = ftm_ids[0]
        else:
            entity.make_id("rightsgraph", *key)
        return entity

    def first_text(self, record: Record, prop: URIRef) -> str | None:
        """A plain date as FtM takes it (a typed value), else None: FtM dates have no uncertainty."""
        value = record.first(prop)
        return str(value) if value is not None else None

    def entity_for(self, record: Record) -> Any | None:
        vocab = self.vocab
        if is_a(record, RG.Person, vocab):
            entity = self.make("Person", record.iri, record=record)
            for prop, key in ((RG.birthDate, "birthDate"), (RG.deathDate, "deathDate")):
                entity.add(key, self.first_text(record, prop), quiet=True)
            entity.add("gender", record.texts(RG.gender), quiet=True)
            entity.add("birthPlace", [self.label(p) for p in record.facts.get(RG.birthPlace, [])], quiet=True)
            entity.add("address", [self.label(p) for p in record.facts.get(RG.residence, [])], quiet=True)
            for state in record.facts.get(RG.citizenship, []):
                entity.add("nationality", self.country(state), quiet=True)
        elif is_a(record, RG.Organization, vocab) or is_a(record, RG.Group, vocab):
            public = any(is_a(record, cls, vocab) for cls in PUBLIC_BODIES)
            entity = self.make("PublicBody" if public else "Organization", record.iri, record=record)
            if is_a(record, RG.State, vocab):
                entity.add("jurisdiction", self.country(record.iri), quiet=True)
            for place in record.facts.get(RG.jurisdiction, []):
                entity.add("jurisdiction", self.country(place), quiet=True)
        elif any(is_a(record, cls, vocab) for cls in PROCEEDINGS):
            entity = self.make("CourtCase", record.iri, record=record)
            entity.add("category", self._type_label(record))
            for court in record.facts.get(RG.court, []) + record.facts.get(RG.decidedBy, []):
                entity.add("court", self.label(court))
            self._dates(entity, record, "fileDate")
        elif is_a(record, RG.Sanction, vocab):
            entity = self.make("Sanction", record.iri, record=record)
            entity.add("authority", [self.label(a) for a in record.facts.get(RG.imposedBy, [])])
            entity.add("program", record.texts(RG.sanctionProgram))
            entity.add("provisions", record.texts(RG.measure))
            entity.add("reason", record.texts(RG.reason))
            for prop, key in ((RG.startDate, "startDate"), (RG.endDate, "endDate"), (RG.date, "listingDate")):
                entity.add(key, self.first_text(record, prop), quiet=True)
        elif is_a(record, RG.Membership, vocab):
            if not self._interval_ready(record):
                return None
            kinds = [self.vocab.notation_of(URIRef(k)) for k in record.texts(RG.membershipKind)]
            schema = KIND_SCHEMATA.get(kinds[0] or "", "Membership") if kinds else "Membership"
            people = record.texts(RG.member) and all(m in self.records and is_a(self.records[m], RG.Person, vocab) for m in record.texts(RG.member))
            if record.texts(RG.post) and people:
                schema = "Occupancy"  # a post held by a person, with its period (the Position names the organisation)
            elif (schema == "Occupancy") != bool(record.texts(RG.post)) and not (record.texts(RG.post) and record.texts(RG.organization)):
                # Occupancy is FtM's only schema for a post held; the others need an organisation.
                schema = "Membership" if schema == "Occupancy" else "Occupancy"
            entity = self.make(schema, record.iri, record=record)
            entity.add("role", record.texts(RG.roleLabel), quiet=True)
            for prop, key in ((RG.startDate, "startDate"), (RG.endDate, "endDate")):
                entity.add(key, self.first_text(record, prop), quiet=True)
        elif is_a(record, RG.Aid, vocab) and self._payment_ready(record):
            entity = self.make("Payment", record.iri, record=record)
            entity.add("summary", record.texts(RDFS.label))
            for prop, key in ((RG.amount, "amount"), (RG.currency, "currency"), (RG.purpose, "purpose")):
                entity.add(key, record.texts(prop), quiet=True)
            self._dates(entity, record, "date")
        elif is_a(record, RG.Involvement, vocab):
            entity = self.make("UnknownLink", record.iri, record=record)
            entity.add("summary", record.texts(RDFS.label))
            entity.add("role", [self.vocab.label(URIRef(d)) for d in record.texts(RG.degreeOfInvolvement)])
            entity.add("description", [f"perpetrator type: {self.vocab.label(URIRef(t))}" for t in record.texts(RG.perpetratorType)])
            for event in record.texts(RG.involvedIn):
                entity.add("status", self._violation_status(event))
        elif is_a(record, RG.Event, vocab):
            entity = self.make("Event", record.iri, record=record)
            entity.add("summary", self._type_label(record))
            self._dates(entity, record, "date")
            for place in record.facts.get(RG.place, []):
                entity.add("location", self.label(place))
                entity.add("country", self.country(place), quiet=True)
        elif is_a(record, RG.Document, vocab):
            entity = self.make("Document", record.iri, record=record)
            entity.add("title", record.texts(RG.title) or record.texts(RDFS.label))
            for body in record.facts.get(RG.issuingBody, []):
                entity.add("publisher", self.label(body))
            for author in record.facts.get(RG.author, []):
                entity.add("author", self.label(author))
            self._dates(entity, record, "date")
        elif is_a(record, RG.Post, vocab):
            entity = self.make("Position", record.iri, record=record)
        else:
            return None
        if "name" in entity.schema.properties:
            entity.add("name", record.texts(RDFS.label))
        if "alias" in entity.schema.properties:
            entity.add("alias", record.texts(SKOS.altLabel))
        if "description" in entity.schema.properties:
            entity.add("description", record.texts(RDFS.comment))
        if not record.texts(RG.ftmId):
            entity.add("sourceUrl", record.iri)
        for link in record.texts(SKOS.exactMatch):
            if link.startswith(WIKIDATA) and "wikidataId" in entity.schema.properties:
                entity.add("wikidataId", link[len(WIKIDATA):])
        return entity

    def _interval_ready(self, record: Record) -> bool:
        """A membership with an organisation or a post is an FtM entity; a bare role is the member's position."""
        return bool(record.texts(RG.organization) or record.texts(RG.post))

    def _payment_ready(self, record: Record) -> bool:
        """Aid is a Payment when both its donor and its recipient are actors (FtM needs both)."""
        return all(any(a in self.records and self._is_legal_entity(a) for a in record.texts(prop)) for prop in (RG.donor, RG.recipient))

    def _violation_status(self, event: str) -> list[str]:
        """The status of a violation as its record says; a violation with none is alleged."""
        record = self.records.get(event)
        if record is None:
            return []
        statuses = [URIRef(s) for s in record.texts(RG.violationStatus)]
        if not statuses and is_a(record, RG.RightsViolation, self.vocab):
            statuses = [RG.ViolationAlleged]
        return [self.vocab.label(s) for s in statuses]

    def _roles(self, record: Record) -> list[tuple[str, str]]:
        """(actor, role) for each actor of an event, by its most specific role property."""
        found: dict[str, dict[URIRef, frozenset[URIRef]]] = defaultdict(dict)
        for prop, values in record.facts.items():
            info = self.vocab.property_info(prop)
            if info is not None and RG.hasActor in info.superproperties:
                for actor in map(str, values):
                    if actor in self.ids and self._is_legal_entity(actor):
                        found[actor][prop] = info.superproperties
        return [(actor, self.vocab.label(prop)) for actor, props in sorted(found.items()) for prop in sorted(props)
                if not any(other != prop and prop in supers for other, supers in props.items())]

    def _type_label(self, record: Record) -> str:
        cls = self.vocab.most_specific(record.classes)
        return self.vocab.label(cls) if cls else ""

    def _dates(self, entity: Any, record: Record, prop: str) -> None:
        typed = record.first(RG.date)
        edtf = record.first(RG.dateEDTF)
        if typed is not None:
            entity.add(prop, str(typed))
        elif edtf is not None and str(edtf) != "XXXX":
            # FtM dates have no uncertainty: keep the source's form in the description.
            entity.add("description", f"date as given: {edtf}", quiet=True)

    def run(self) -> Iterator[dict[str, Any]]:
        for iri in sorted(self.records):
            entity = self.entity_for(self.records[iri])
            if entity is not None:
                self.ids[iri] = entity.id
                self.by_id[entity.id] = entity
                self.entities.append(entity)
        for iri in sorted(self.records):
            self._links(self.records[iri])
        for entity in self.entities:
            if entity.schema.name in (*INTERVALS, "Sanction", "Payment", "UnknownLink") and any(not entity.get(prop) for prop in entity.schema.required):
                continue  # a membership or sanction whose member, organisation or target is not exported
            entity.schema.validate(entity.to_dict())
            yield entity.to_dict()

    def _links(self, record: Record) -> None:
        own = self.ids.get(record.iri)
        if own is None:
            return
        for prop in KINSHIP:
            for other in record.texts(prop):
                if other not in self.ids or not self._keep_kinship(record, prop, other):
                    continue
                kinship = self.wording.get((record.iri, str(prop), other)) or self.wording.get((other, str(prop), record.iri))
                family = self.make("Family", record.iri, str(prop), other)
                if kinship is not None and kinship.ftm_id:
                    family.id = kinship.ftm_id
                word = kinship.wording if kinship is not None else self.vocab.label(prop)
                # "the relative is the <relationship> of the person"
                family.add("relative", own)
                family.add("person", self.ids[other])
                family.add("relationship", word)
                self.entities.append(family)
        self._membership_links(record, own)
        for prop, schema, from_role, to_role in SHORTCUTS:
            for other in record.texts(prop):
                if other in self.ids:
                    interval = self.make(schema, record.iri, other)
                    interval.add(from_role, own)
                    interval.add(to_role, self.ids[other])
                    self.entities.append(interval)
        entity = self.by_id[own]
        if entity.schema.name == "Position":
            for organization in record.texts(RG.postIn):
                if organization in self.ids:
                    entity.add("organization", self.ids[organization])
        if entity.schema.name == "CourtCase":
            for prop, role in PARTY_ROLES.items():
                for party in record.texts(prop):
                    if party in self.ids and self._is_legal_entity(party):
                        link = self.make("CourtCaseParty", record.iri, str(prop), party)
                        link.add("case", own)
                        link.add("party", self.ids[party])
                        link.add("role", role)
                        self.entities.append(link)
            for charge in record.texts(RG.charge):
                entity.add("summary", f"charge: {charge}")
        if entity.schema.is_a("Sanction"):
            for target in record.texts(RG.sanctionedActor):
                if target in self.ids:
                    entity.add("entity", self.ids[target])
        if entity.schema.name == "Event":
            for actor in record.texts(RG.hasActor):
                if actor in self.ids and self._is_legal_entity(actor):
                    entity.add("involved", self.ids[actor])
            for actor, role in self._roles(record):
                link = self.make("UnknownLink", record.iri, role, actor)
                link.add("subject", self.ids[actor])
                link.add("object", own)
                link.add("role", role)
                link.add("status", self._violation_status(record.iri))
                self.entities.append(link)
        if entity.schema.name == "Payment":
            for prop, key in ((RG.donor, "payer"), (RG.recipient, "beneficiary")):
                entity.add(key, [self.ids[a] for a in record.texts(prop) if a in self.ids and self._is_legal_entity(a)])
        if is_a(record, RG.Involvement, self.vocab):
            for prop, key in ((RG.involvedActor, "subject"), (RG.involvedIn, "object")):
                entity.add(key, [self.ids[t] for t in record.texts(prop) if t in self.ids])
        if entity.schema.name == "Document":
            for concerned in record.texts(RG.concerns) + record.texts(RG.addressee):
                if concerned in self.ids:
                    documentation = self.make("Documentation", record.iri, concerned)
                    documentation.add("document", own)
                    documentation.add("entity", self.ids[concerned])
                    documentation.add("role", "concerns" if concerned in record.texts(RG.concerns) else "addressee")
                    self.entities.append(documentation)

    def _membership_links(self, record: Record, own: str) -> None:
        """Who and what a membership joins; a role held without either is the person's position."""
        entity = self.by_id[own]
        if is_a(record, RG.Membership, self.vocab):
            interval = next(i for s, i in INTERVALS.items() if entity.schema.is_a(s))
            entity.add(interval.member, [self.ids[m] for m in record.texts(RG.member) if m in self.ids])
            entity.add(interval.organization, [self.ids[o] for o in record.texts(interval.target) if o in self.ids])
        if entity.schema.is_a("Person"):
            entity.add("position", self.positions.get(record.iri, []))

    def _is_legal_entity(self, iri: str) -> bool:
        record = self.records[iri]
        return is_a(record, RG.Actor, self.vocab)

    def _keep_kinship(self, record: Record, prop: URIRef, other: str) -> bool:
        """One Family per pair: the most specific property, one direction."""
        info = self.vocab.property_info(prop)
        assert info is not None
        narrower = [p for p in KINSHIP if p != prop and other in record.texts(p) and prop in (self.vocab.property_info(p) or info).superproperties]
        if narrower:
            return False
        if info.symmetric:
            worded = (record.iri, str(prop), other) in self.wording
            reverse_worded = (other, str(prop), record.iri) in self.wording
            return worded or (not reverse_worded and record.iri < other)
        if info.inverse is not None:
            # parentOf and childOf mirror each other: keep the link the source worded.
            worded = (record.iri, str(prop), other) in self.wording
            if worded != ((other, str(info.inverse), record.iri) in self.wording):
                return worded
        return prop != RG.childOf or record.iri not in self.records[other].texts(RG.parentOf)


def export_ftm(kg: KnowledgeGraph, output: IO[str]) -> int:
    """Write FtM entities as JSON lines; return how many."""
    count = 0
    for entity in _Exporter(kg).run():
        output.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
