"""FollowTheMoney export: the graph as FtM entities (JSON lines).

FtM has people, organisations and public bodies, families, memberships, positions, court cases
and their parties, payments, events and documents, but no detention, verdict or resolution;
those become Events, CourtCases or Documents as fits. Every entity keeps the record's IRI in
``sourceUrl`` and ids are derived from IRIs, so that importing the file back
(:mod:`rightsgraph.loaders.ftm`) returns the same records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from rdflib import RDFS, SKOS, URIRef

from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.loaders.ftm import ftm_model, ftm_registry
from rightsgraph.loaders.records import Record, collect_records
from rightsgraph.loaders.records import is_a as _is
from rightsgraph.ontology import RG, vocabulary

WIKIDATA = "http://www.wikidata.org/entity/"
PUBLIC_BODIES = (RG.PublicBody, RG.State)
KINSHIP = (RG.siblingOf, RG.spouseOf, RG.parentOf, RG.childOf, RG.relativeOf)
PROCEEDINGS = (RG.LegalProceeding, RG.CourtDecision)
INTERVALS = ((RG.memberOf, "Membership", "member", "organization"), (RG.holdsPost, "Occupancy", "holder", "post"))
"""Links that FtM models as an entity of their own: (property, schema, from role, to role)."""
PARTY_ROLES = {RG.defendant: "defendant", RG.judge: "judge", RG.prosecutor: "prosecutor", RG.defenceLawyer: "defence lawyer", RG.court: "court"}
MEMBERSHIP_SCHEMATA = {
    "Membership": ("member", "organization"), "Employment": ("employee", "employer"),
    "Directorship": ("director", "organization"), "Occupancy": ("holder", "post"),
}
"""FtM's schema for a membership node, with its (member, organisation or post) properties."""


class _Exporter:
    def __init__(self, kg: KnowledgeGraph) -> None:
        self.model = ftm_model()
        self.registry = ftm_registry()
        self.vocab = vocabulary()
        self.records, self.wording = collect_records(kg)
        self.ids: dict[str, str] = {}
        self.by_id: dict[str, Any] = {}
        self.entities: list[Any] = []
        self.involvements: dict[str, list[Record]] = {}
        for record in self.records.values():
            if _is(record, RG.Involvement, self.vocab):
                for event in record.texts(RG.involvedIn):
                    self.involvements.setdefault(event, []).append(record)

    def label(self, iri: object) -> str:
        record = self.records.get(str(iri))
        return record.texts(RDFS.label)[0] if record and record.texts(RDFS.label) else str(iri)

    def country(self, iri: object) -> str | None:
        record = self.records.get(str(iri))
        if record is None or not _is(record, RG.State, self.vocab):
            return None
        code: str | None = self.registry.country.clean(self.label(iri))
        return code

    def make(self, schema: str, *key: str) -> Any:
        entity = self.model.make_entity(schema)
        entity.make_id("rightsgraph", *key)
        return entity

    def entity_for(self, record: Record) -> Any | None:
        vocab = self.vocab
        if _is(record, RG.Person, vocab):
            entity = self.make("Person", record.iri)
            birth = record.first(RG.birthDate)
            if birth is not None:
                entity.add("birthDate", str(birth))
            entity.add("gender", record.texts(RG.gender), quiet=True)
            for state in record.facts.get(RG.citizenship, []):
                entity.add("nationality", self.country(state), quiet=True)
        elif _is(record, RG.Organization, vocab) or _is(record, RG.Group, vocab):
            public = any(_is(record, cls, vocab) for cls in PUBLIC_BODIES)
            entity = self.make("PublicBody" if public else "Organization", record.iri)
            if _is(record, RG.State, vocab):
                entity.add("jurisdiction", self.country(record.iri), quiet=True)
            for place in record.facts.get(RG.jurisdiction, []):
                entity.add("jurisdiction", self.country(place), quiet=True)
        elif _is(record, RG.Membership, vocab):
            entity = self._membership(record)
        elif _is(record, RG.Aid, vocab):
            entity = self.make("Payment", record.iri)
            entity.add("amount", record.texts(RG.amount))
            entity.add("currency", record.texts(RG.currency), quiet=True)
            entity.add("purpose", record.texts(RG.purpose))
            entity.add("summary", record.texts(RDFS.label))
            self._dates(entity, record, "date")
        elif any(_is(record, cls, vocab) for cls in PROCEEDINGS):
            entity = self.make("CourtCase", record.iri)
            entity.add("category", self._type_label(record))
            for court in record.facts.get(RG.court, []) + record.facts.get(RG.decidedBy, []):
                entity.add("court", self.label(court))
            self._dates(entity, record, "fileDate")
        elif _is(record, RG.Event, vocab):
            entity = self.make("Event", record.iri)
            entity.add("summary", self._type_label(record))
            self._dates(entity, record, "date")
            for place in record.facts.get(RG.place, []):
                entity.add("location", self.label(place))
                entity.add("country", self.country(place), quiet=True)
        elif _is(record, RG.Document, vocab):
            entity = self.make("Document", record.iri)
            entity.add("title", record.texts(RG.title) or record.texts(RDFS.label))
            for body in record.facts.get(RG.issuingBody, []):
                entity.add("publisher", self.label(body))
            for author in record.facts.get(RG.author, []):
                entity.add("author", self.label(author))
            self._dates(entity, record, "date")
        elif _is(record, RG.Post, vocab):
            entity = self.make("Position", record.iri)
        else:
            return None
        if "name" in entity.schema.properties:
            entity.add("name", record.texts(RDFS.label))
        if "alias" in entity.schema.properties:
            entity.add("alias", record.texts(SKOS.altLabel))
        if "description" in entity.schema.properties:
            entity.add("description", record.texts(RDFS.comment))
        entity.add("sourceUrl", record.iri)
        for link in record.texts(SKOS.exactMatch):
            if link.startswith(WIKIDATA) and "wikidataId" in entity.schema.properties:
                entity.add("wikidataId", link[len(WIKIDATA):])
        return entity

    def _membership(self, record: Record) -> Any:
        """A membership node as FtM's Occupancy (with a post), Employment, Directorship or Membership."""
        kind = record.first(RG.membershipKind)
        if record.first(RG.post) is not None:
            schema = "Occupancy"
        else:
            schema = {RG.MembershipEmployment: "Employment", RG.MembershipDirectorship: "Directorship"}.get(kind, "Membership")  # type: ignore[call-overload]
        entity = self.make(schema, record.iri)
        role = record.texts(RG.roleLabel)
        entity.add("role" if "role" in entity.schema.properties else "description", role)
        for prop, key in ((RG.startDate, "startDate"), (RG.endDate, "endDate")):
            typed = record.first(prop)
            if typed is not None:
                entity.add(key, str(typed))
        for edtf_prop, key in ((RG.startDateEDTF, "began"), (RG.endDateEDTF, "ended")):
            edtf = record.first(edtf_prop)
            if edtf is not None and record.first(RG.startDate if key == "began" else RG.endDate) is None and str(edtf) != "XXXX":
                entity.add("description", f"{key}: {edtf}")
        return entity

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
                family = self.make("Family", record.iri, str(prop), other)
                word = self.wording.get((record.iri, str(prop), other)) or self.wording.get((other, str(prop), record.iri)) or self.vocab.label(prop)
                # "the relative is the <relationship> of the person"
                family.add("relative", own)
                family.add("person", self.ids[other])
                family.add("relationship", word)
                self.entities.append(family)
        for prop, schema, from_role, to_role in INTERVALS:
            for other in record.texts(prop):
                if other in self.ids:
                    interval = self.make(schema, record.iri, other)
                    interval.add(from_role, own)
                    interval.add(to_role, self.ids[other])
                    self.entities.append(interval)
        entity = self.by_id[own]
        if entity.schema.name in MEMBERSHIP_SCHEMATA:
            member_key, other_key = MEMBERSHIP_SCHEMATA[entity.schema.name]
            for member in record.texts(RG.member):
                if member in self.ids:
                    entity.add(member_key, self.ids[member])
            for other in record.texts(RG.post if other_key == "post" else RG.organization):
                if other in self.ids:
                    entity.add(other_key, self.ids[other])
        if entity.schema.name == "Payment":
            for prop, key in ((RG.donor, "payer"), (RG.recipient, "beneficiary")):
                for party in record.texts(prop):
                    if party in self.ids and self._is_legal_entity(party):
                        entity.add(key, self.ids[party])
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
        if entity.schema.name == "Event":
            for actor in record.texts(RG.hasActor):
                if actor in self.ids and self._is_legal_entity(actor):
                    entity.add("involved", self.ids[actor])
            self._roles(record, own)
        if entity.schema.name == "Document":
            for concerned in record.texts(RG.concerns) + record.texts(RG.addressee):
                if concerned in self.ids:
                    documentation = self.make("Documentation", record.iri, concerned)
                    documentation.add("document", own)
                    documentation.add("entity", self.ids[concerned])
                    documentation.add("role", "concerns" if concerned in record.texts(RG.concerns) else "addressee")
                    self.entities.append(documentation)

    def _roles(self, record: Record, own: str) -> None:
        """FtM's Event knows only 'involved': each actor's role (and degree of involvement) is kept
        on an UnknownLink from the actor to the event."""
        roles: dict[str, list[str]] = {}
        for prop in sorted(p for p in record.facts if (info := self.vocab.property_info(p)) is not None and RG.hasActor in info.superproperties and p != RG.hasActor):
            for actor in record.texts(prop):
                narrower = [p for p in record.facts if p != prop and actor in record.texts(p) and prop in (self.vocab.property_info(p) or self.vocab.properties["hasActor"]).superproperties]
                if actor in self.ids and self._is_legal_entity(actor) and not narrower:
                    roles.setdefault(actor, []).append(self.vocab.label(prop))
        for involvement in self.involvements.get(record.iri, []):
            degree = involvement.first(RG.degreeOfInvolvement)
            for actor in involvement.texts(RG.involvedActor):
                if actor in self.ids and degree is not None:
                    roles.setdefault(actor, []).append(f"{self.vocab.label(RG.perpetrator)}: {self.vocab.label(degree)}")  # type: ignore[arg-type]
        for actor, labels in sorted(roles.items()):
            if any(label.startswith(f"{self.vocab.label(RG.perpetrator)}: ") for label in labels):
                labels = [label for label in labels if label != self.vocab.label(RG.perpetrator)]
            link = self.make("UnknownLink", record.iri, "role", actor)
            link.add("subject", self.ids[actor])
            link.add("object", own)
            link.add("role", sorted(set(labels)))
            self.entities.append(link)

    def _is_legal_entity(self, iri: str) -> bool:
        record = self.records[iri]
        return _is(record, RG.Actor, self.vocab)

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
        return prop != RG.childOf or record.iri not in self.records[other].texts(RG.parentOf)


def export_ftm(kg: KnowledgeGraph, output: IO[str]) -> int:
    """Write FtM entities as JSON lines; return how many."""
    count = 0
    for entity in _Exporter(kg).run():
        output.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


