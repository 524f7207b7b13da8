"""FollowTheMoney: export the graph as FtM entities (JSON lines), and read FtM entities back.

FtM has people, organisations and public bodies, families, memberships, positions, court cases
and their parties, events and documents, but no detention, verdict or resolution; those become
Events, CourtCases or Documents as fits. Every entity keeps the record's IRI in ``sourceUrl`` so
that a round trip returns the same records, and ids are derived from IRIs, so the same record
always gets the same FtM id (and the same FtM id always becomes the same record).

The ``followthemoney`` library (the ``ftm`` extra) builds, cleans and validates the entities; a
file it does not accept is refused with its line. Importing goes through the case-file checks.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef
from rdflib.term import Node as RDFNode

from rightsgraph.errors import InputError, Problem, RightsgraphError
from rightsgraph.graph.batch import Batch
from rightsgraph.graph.iris import DEFAULT_BASE
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.graph.terms import from_ox
from rightsgraph.loaders.casefile import load_case_documents
from rightsgraph.loaders.mapping import slugify
from rightsgraph.loaders.located_yaml import Entry, Mapping, Node, Scalar, Sequence, decode_text
from rightsgraph.ontology import RG, RG_NS, Vocabulary, vocabulary

WIKIDATA = "http://www.wikidata.org/entity/"
PUBLIC_BODIES = (RG.PublicBody, RG.State)
KINSHIP = (RG.siblingOf, RG.spouseOf, RG.parentOf, RG.childOf, RG.relativeOf)
PROCEEDINGS = (RG.LegalProceeding, RG.CourtDecision)
INTERVALS = ((RG.memberOf, "Membership", "member", "organization"), (RG.holdsPost, "Occupancy", "holder", "post"))
"""Links that FtM models as an entity of their own: (property, schema, from role, to role)."""
MAX_FTM_BYTES = 256 * 1024 * 1024
"""Larger files are better split: every entity is held in memory until validated (as for CSV)."""
PARTY_ROLES = {RG.defendant: "defendant", RG.judge: "judge", RG.prosecutor: "prosecutor", RG.defenceLawyer: "defence lawyer", RG.court: "court"}


def _model() -> Any:
    try:
        from followthemoney import model
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise RightsgraphError("FollowTheMoney support needs the 'followthemoney' package: pip install 'rightsgraph[ftm]'") from err
    return model


def _registry() -> Any:
    from followthemoney.types import registry

    return registry


@dataclass
class Record:
    """A record of the graph with its facts (union of its sources), for mapping to FtM."""

    iri: str
    classes: set[URIRef] = field(default_factory=set)
    facts: dict[URIRef, list[RDFNode]] = field(default_factory=lambda: defaultdict(list))

    def first(self, prop: URIRef) -> RDFNode | None:
        values = self.facts.get(prop)
        return values[0] if values else None

    def texts(self, prop: URIRef) -> list[str]:
        return [str(v) for v in self.facts.get(prop, [])]


def collect_records(kg: KnowledgeGraph) -> tuple[dict[str, Record], dict[tuple[str, str, str], str]]:
    """Records with their facts, and the source's wording of each kinship link."""
    records: dict[str, Record] = {}
    statements: dict[str, dict[URIRef, RDFNode]] = defaultdict(dict)
    for quad in kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        if not isinstance(quad.subject, ox.NamedNode):
            continue
        subject = quad.subject.value
        predicate = URIRef(quad.predicate.value)
        value = from_ox(quad.object)  # type: ignore[arg-type]
        if predicate in (RDF.subject, RDF.predicate, RDF.object, RG.sourceWording):
            statements[subject][predicate] = value
            continue
        record = records.setdefault(subject, Record(subject))
        if predicate == RDF.type and isinstance(value, URIRef):
            record.classes.add(value)
        else:
            record.facts[predicate].append(value)
    wording = {
        (str(s[RDF.subject]), str(s[RDF.predicate]), str(s[RDF.object])): str(s[RG.sourceWording])
        for s in statements.values()
        if {RDF.subject, RDF.predicate, RDF.object, RG.sourceWording} <= set(s)
    }
    vocab = vocabulary()
    own = {iri: r for iri, r in records.items() if r.classes & set(vocab.classes.values()) and not any(vocab.is_concept_class(c) for c in r.classes)}
    return own, wording


def _is(record: Record, cls: URIRef, vocab: Vocabulary) -> bool:
    return any(vocab.is_a(c, cls) for c in record.classes)


# -- export ------------------------------------------------------------------------------------


class _Exporter:
    def __init__(self, kg: KnowledgeGraph) -> None:
        self.model = _model()
        self.registry = _registry()
        self.vocab = vocabulary()
        self.records, self.wording = collect_records(kg)
        self.ids: dict[str, str] = {}
        self.by_id: dict[str, Any] = {}
        self.entities: list[Any] = []

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
        if entity.schema.name == "Document":
            for concerned in record.texts(RG.concerns) + record.texts(RG.addressee):
                if concerned in self.ids:
                    documentation = self.make("Documentation", record.iri, concerned)
                    documentation.add("document", own)
                    documentation.add("entity", self.ids[concerned])
                    documentation.add("role", "concerns" if concerned in record.texts(RG.concerns) else "addressee")
                    self.entities.append(documentation)

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


# -- import ------------------------------------------------------------------------------------

_ENTITY_TYPES: dict[str, tuple[str, URIRef]] = {
    "Person": ("actors", RG.Person),
    "LegalEntity": ("actors", RG.Organization),
    "Organization": ("actors", RG.Organization),
    "Company": ("actors", RG.Organization),
    "PublicBody": ("actors", RG.PublicBody),
    "CourtCase": ("events", RG.LegalProceeding),
    "Event": ("events", RG.Event),
    "Document": ("documents", RG.Document),
    "Position": ("posts", RG.Post),
}
_SECTIONS_BY_ROOT = ((RG.Actor, "actors"), (RG.Place, "places"), (RG.Event, "events"), (RG.Document, "documents"), (RG.Post, "posts"))
_LINK_SCHEMATA = {"Family", "Membership", "Occupancy", "CourtCaseParty", "Documentation"}
_ROLE_PROPERTIES = {"defendant": "defendant", "accused": "defendant", "judge": "judge", "prosecutor": "prosecutor", "defence lawyer": "defenceLawyer", "lawyer": "defenceLawyer"}


@dataclass
class FtmImport:
    """What an FtM file became: the batch, and the entities no rightsgraph record fits."""

    batch: Batch
    skipped: dict[str, int] = field(default_factory=dict)


@dataclass
class _Pending:
    id: str
    section: str
    cls: URIRef
    line: int
    fields: dict[str, list[Scalar]] = field(default_factory=lambda: defaultdict(list))
    relatives: list[tuple[str, str, int]] = field(default_factory=list)

    def add(self, key: str, value: str, line: int) -> None:
        if value:
            self.fields[key].append(Scalar(text=value, line=line))


def _record_id(entity: dict[str, Any], default_cls: URIRef, vocab: Vocabulary) -> tuple[str, URIRef]:
    """Keep a rightsgraph IRI (from sourceUrl) when the entity came from rightsgraph."""
    for url in entity.get("properties", {}).get("sourceUrl", []):
        if not (isinstance(url, str) and url.startswith(DEFAULT_BASE)):
            continue
        segment, _, slug = url[len(DEFAULT_BASE):].partition("/")
        by_segment = [c for c in vocab.classes.values() if vocab.iri_segment(c) == segment]
        cls = min(by_segment, key=lambda c: (len(vocab.superclasses(c)), str(c)), default=None)
        if cls is None or not slug or "/" in slug or _section(cls, vocab) != _section(default_cls, vocab):
            continue
        # The FtM schema may be more specific than the segment (PublicBody under 'organization').
        return slug, default_cls if vocab.is_a(default_cls, cls) else cls
    return f"ftm-{slugify(str(entity['id']))}", default_cls


def _section(cls: URIRef, vocab: Vocabulary) -> str:
    return next((section for root, section in _SECTIONS_BY_ROOT if vocab.is_a(cls, root)), "actors")


def load_ftm_file(path: Path) -> FtmImport:
    """Read FtM entities (JSON lines) into a batch: one source graph for the file."""
    model = _model()
    registry = _registry()
    vocab = vocabulary()
    name = str(path)
    try:
        if path.stat().st_size > MAX_FTM_BYTES:
            raise InputError([Problem(name, None, None, f"file larger than {MAX_FTM_BYTES // 2**20} MB; split it")])
        text = decode_text(path.read_bytes(), name)
    except OSError as err:
        raise InputError([Problem(name, None, None, f"cannot read the file: {err.strerror}")]) from None
    problems: list[Problem] = []
    entities: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            problems.append(Problem(name, number, None, f"not a JSON object: {err.msg}"))
            continue
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("schema"), str):
            problems.append(Problem(name, number, None, "an FtM entity is a JSON object with 'id', 'schema' and 'properties'"))
            continue
        schema = model.get(data["schema"])
        if schema is None:
            problems.append(Problem(name, number, "schema", f"unknown FtM schema '{data['schema']}'"))
            continue
        properties = data.get("properties", {})
        if not isinstance(properties, dict) or not all(isinstance(v, list) for v in properties.values()):
            problems.append(Problem(name, number, "properties", "must map each property to a list of values"))
            continue
        unknown = sorted(set(properties) - set(schema.properties))
        if unknown:
            problems.append(Problem(name, number, unknown[0], f"not a property of an FtM {schema.name}"))
            continue
        try:
            schema.validate(data)
        except Exception as err:  # followthemoney.exc.InvalidData
            detail = getattr(err, "errors", None) or str(err)
            problems.append(Problem(name, number, None, f"FtM refuses this {data['schema']}: {detail}"))
            continue
        entities.append((number, data))
    if problems:
        raise InputError(problems)

    source_id = f"ftm-{slugify(path.name)}"
    pending: dict[str, _Pending] = {}
    states: dict[str, _Pending] = {}
    skipped: dict[str, int] = defaultdict(int)

    def state(code: str, line: int) -> str:
        caption = registry.country.caption(code) or code
        state_id = slugify(caption)
        if state_id not in states:
            record = _Pending(state_id, "places", RG.State, line)
            record.add("name", caption, line)
            states[state_id] = record
        return state_id

    for line, data in entities:
        schema = data["schema"]
        props: dict[str, list[str]] = data.get("properties", {})
        if schema in _LINK_SCHEMATA:
            continue
        if schema not in _ENTITY_TYPES:
            skipped[schema] += 1
            continue
        section, default_cls = _ENTITY_TYPES[schema]
        record_id, cls = _record_id(data, default_cls, vocab)
        record = _Pending(record_id, _section(cls, vocab), cls, line)
        names = props.get("name", []) or props.get("title", []) or [data["id"]]
        record.add("name", names[0], line)
        for alias in names[1:] + props.get("alias", []):
            record.add("altNames", alias, line)
        for description in props.get("description", []):
            record.add("description", description, line)
        for qid in props.get("wikidataId", []):
            record.add("links", f"wd:{qid}", line)
        if schema == "Person":
            for value in props.get("birthDate", []):
                record.add("birthDate", value, line)
            for value in props.get("gender", []):
                record.add("gender", value, line)
            for code in props.get("nationality", []) + props.get("citizenship", []):
                record.add("citizenship", state(code, line), line)
        if vocab.is_a(cls, RG.PublicBody):
            for code in props.get("jurisdiction", []):
                record.add("jurisdiction", state(code, line), line)
        if vocab.is_a(cls, RG.Event):
            for value in props.get("date", []) + props.get("fileDate", []):
                record.add("date", value, line)
                break
        if vocab.is_a(cls, RG.Document):
            for value in props.get("title", [])[:1]:
                record.add("title", value, line)
            for value in props.get("date", [])[:1]:
                record.add("date", value, line)
        pending[data["id"]] = record

    def target(ftm_id: str, line: int, key: str) -> str:
        record = pending.get(ftm_id)
        if record is None:
            problems.append(Problem(name, line, key, f"refers to entity '{ftm_id}', which is not in the file (or is of a kind rightsgraph does not import)"))
            return ""
        return record.id

    for line, data in entities:
        schema, props = data["schema"], data.get("properties", {})
        if schema == "Family":
            for relative in props.get("relative", []):
                for person in props.get("person", []):
                    word = (props.get("relationship") or ["relative"])[0]
                    kinship = vocab.kinship_word(word)
                    relative_record = pending.get(relative)
                    other = target(person, line, "person")
                    if relative_record is None:
                        target(relative, line, "relative")
                    elif other:
                        relative_record.relatives.append((word if kinship else "relative", other, line))
        elif schema == "Membership":
            _link_field(pending, props.get("member", []), "memberOf", [target(o, line, "organization") for o in props.get("organization", [])], line, problems, name)
        elif schema == "Occupancy":
            _link_field(pending, props.get("holder", []), "holdsPost", [target(p, line, "post") for p in props.get("post", [])], line, problems, name)
        elif schema == "Position":
            _link_field(pending, [data["id"]], "postIn", [target(o, line, "organization") for o in props.get("organization", [])], line, problems, name)
        elif schema == "CourtCaseParty":
            role = (props.get("role") or [""])[0].strip().lower()
            _link_field(pending, props.get("case", []), _ROLE_PROPERTIES.get(role, "hasActor"), [target(p, line, "party") for p in props.get("party", [])], line, problems, name)
        elif schema == "Documentation":
            _link_field(pending, props.get("document", []), "concerns", [target(e, line, "entity") for e in props.get("entity", [])], line, problems, name)
        elif schema == "Event":
            _link_field(pending, [data["id"]], "hasActor", [target(a, line, "involved") for a in props.get("involved", []) + props.get("organizer", [])], line, problems, name)
    if problems:
        raise InputError(problems)

    root = Mapping(1)
    source = Mapping(1)
    for key, value in (("id", source_id), ("title", f"FtM entities from {path.name}"), ("summary", f"FollowTheMoney entities read from {path.name}"), ("locator", path.name), ("file", path.name)):
        source.entries[key] = Entry(key, 1, Scalar(text=value, line=1))
    root.entries["sources"] = Entry("sources", 1, Sequence([source], 1))
    # A state named by a nationality code may also be an entity of the file: one record.
    defined = {record.id for record in pending.values()}
    for record in [*(s for s in states.values() if s.id not in defined), *pending.values()]:
        node = Mapping(record.line)
        for key, value in (("id", record.id), ("type", str(record.cls)[len(RG_NS):])):
            node.entries[key] = Entry(key, record.line, Scalar(text=value, line=record.line))
        node.entries["sources"] = Entry("sources", record.line, Sequence([Scalar(text=source_id, line=record.line)], record.line))
        for key, values in record.fields.items():
            unique = list({v.text: v for v in values}.values())
            value_node: Node = unique[0] if len(unique) == 1 and key == "name" else Sequence(list(unique), unique[0].line)
            node.entries[key] = Entry(key, unique[0].line, value_node)
        if record.relatives:
            items: list[Node] = []
            for word, other, line in record.relatives:
                item = Mapping(line)
                item.entries["relation"] = Entry("relation", line, Scalar(text=word, line=line))
                item.entries["person"] = Entry("person", line, Scalar(text=other, line=line))
                items.append(item)
            node.entries["relatives"] = Entry("relatives", record.line, Sequence(items, record.line))
        section_entry = root.entries.setdefault(record.section, Entry(record.section, 1, Sequence([], 1)))
        section_entry.value.items.append(node)  # type: ignore[union-attr]
    batch = load_case_documents([(name, root)])
    batch.inputs.append(name)
    return FtmImport(batch, dict(skipped))


def _link_field(pending: dict[str, _Pending], owners: list[str], key: str, targets: list[str], line: int, problems: list[Problem], name: str) -> None:
    for owner in owners:
        record = pending.get(owner)
        if record is None:
            problems.append(Problem(name, line, key, f"refers to entity '{owner}', which is not in the file"))
            continue
        for value in targets:
            if value:
                record.add(key, value, line)
