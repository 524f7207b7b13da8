"""FollowTheMoney entities (JSON lines) as records: one source graph for the file.

People keep their dates of birth and death, places of birth, addresses, notes and positions (a
position is a role held, a rg:Membership without an organisation); Membership, Employment,
Directorship and Occupancy become memberships of their kind, with role and period; Sanctions
become sanctions by their authority; Family keeps the source's word for the relationship. Every
record keeps its FtM id and schema. Reading is lenient where FtM itself is: an invalid value of a
property rightsgraph does not import is listed, never a reason to refuse an entity; an invalid
value of a property it imports is a problem (left out, and listed, with ``--rejects``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from rightsgraph.errors import InputError, Problem
from rightsgraph.graph.batch import Batch
from rightsgraph.graph.iris import DEFAULT_BASE
from rightsgraph.loaders.casefile import load_case_documents
from rightsgraph.loaders.ftm.parse import ParsedEntity, parse_entities
from rightsgraph.loaders.ftm.tables import ENTITY_TYPES, INTERVALS, LINK_SCHEMATA, ROLE_PROPERTIES, registry
from rightsgraph.loaders.located_yaml import Entry, Mapping, Node, Scalar, Sequence as YamlSequence, decode_text
from rightsgraph.loaders.mapping import section_for, slugify
from rightsgraph.loaders.rejects import LenientLoad, Rejected
from rightsgraph.ontology import RG, RG_NS, Vocabulary, vocabulary

Check = Callable[[Batch], Sequence[Problem]]
MAX_ROUNDS = 50
MAX_FTM_BYTES = 256 * 1024 * 1024
"""Larger files are better split: every entity is held in memory until validated (as for CSV)."""
REJECT_COLUMNS = ["id", "schema", "entity"]


@dataclass
class FtmImport:
    """What an FtM file became: what loaded and what was left out, and the entities no record fits."""

    load: LenientLoad
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def batch(self) -> Batch:
        return self.load.batch


@dataclass
class _Pending:
    id: str
    cls: URIRef
    line: int
    fields: dict[str, list[Scalar]] = field(default_factory=lambda: defaultdict(list))
    relatives: list[dict[str, str]] = field(default_factory=list)

    def add(self, key: str, value: str | None, line: int) -> None:
        if value:
            self.fields[key].append(Scalar(text=value, line=line))

    def name(self) -> str:
        names = self.fields.get("name")
        return names[0].text if names else self.id


def load_ftm_file(path: Path) -> FtmImport:
    """Read FtM entities, or refuse the file listing every problem (invalid values of properties
    rightsgraph does not import are no problem)."""
    result = read_ftm_file(path)
    result.load.strict()
    return result


def read_ftm_file(path: Path, check: Check | None = None) -> FtmImport:
    """Read FtM entities: what loads, and the values and entities left out (lenient)."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_FTM_BYTES:
            raise InputError([Problem(name, None, None, f"file larger than {MAX_FTM_BYTES // 2**20} MB; split it")])
        text = decode_text(path.read_bytes(), name)
    except OSError as err:
        raise InputError([Problem(name, None, None, f"cannot read the file: {err.strerror}")]) from None
    rejected: list[Rejected] = []
    entities, read = parse_entities(name, text, rejected)
    for _ in range(MAX_ROUNDS):
        converter = _Converter(path, entities, rejected)
        root = converter.document()
        try:
            batch = load_case_documents([(name, root)])
        except InputError as err:
            problems = list(err.problems)
        else:
            problems = list(check(batch)) if check is not None else []
            if not problems:
                batch.inputs.append(name)
                return FtmImport(LenientLoad(batch, rejected, read, "entities", REJECT_COLUMNS), dict(converter.skipped))
        by_line = {entity.line: entity for entity in entities}
        unplaced = [p for p in problems if p.file != name or p.line not in by_line]
        if unplaced:
            raise InputError(unplaced + [r.problem() for r in rejected if not r.ignorable])
        for problem in problems:
            entity = by_line.pop(problem.line, None)  # type: ignore[arg-type]
            if entity is not None:
                rejected.append(Rejected(name, entity.line, None, "", f"{problem.field}: {problem.message}" if problem.field else problem.message, entity.original()))
        entities = [e for e in entities if e.line in by_line]
    raise InputError([r.problem() for r in rejected if not r.ignorable])


class _Converter:
    """Turns the entities kept so far into one case document."""

    def __init__(self, path: Path, entities: list[ParsedEntity], rejected: list[Rejected]) -> None:
        self.name = str(path)
        self.file_name = path.name
        self.entities = entities
        self.rejected = rejected
        self.vocab = vocabulary()
        self.registry = registry()
        self.pending: dict[str, _Pending] = {}
        self.extra: dict[str, _Pending] = {}
        """Records made from values: states, places, authorities, roles held."""
        self.skipped: dict[str, int] = defaultdict(int)
        self.dangling: set[tuple[int, str, str]] = set()

    def extra_record(self, record_id: str, cls: URIRef, name: str, line: int) -> str:
        if record_id not in self.extra:
            record = _Pending(record_id, cls, line)
            record.add("name", name, line)
            self.extra[record_id] = record
        return record_id

    def state(self, code: str, line: int) -> str:
        caption = self.registry.country.caption(code) or code
        return self.extra_record(slugify(caption), RG.Country, caption, line)

    def place(self, text: str, line: int) -> str:
        return self.extra_record(f"place-{slugify(text)}", RG.Place, text, line)

    def target(self, entity: ParsedEntity, key: str, ftm_id: str) -> str:
        record = self.pending.get(ftm_id)
        if record is not None:
            return record.id
        if (entity.line, key, ftm_id) not in self.dangling:
            self.dangling.add((entity.line, key, ftm_id))
            self.rejected.append(Rejected(self.name, entity.line, key, ftm_id,
                                          f"refers to entity '{ftm_id}', which is not in the file (or is of a kind rightsgraph does not import)", entity.original()))
        return ""

    def document(self) -> Mapping:
        for entity in self.entities:
            schema = entity.schema
            if schema == "Payment" and not _from_rightsgraph(entity.data):
                self.skipped[schema] += 1
            elif schema in ENTITY_TYPES or schema in INTERVALS:
                self.record(entity)
            elif schema not in LINK_SCHEMATA:
                self.skipped[schema] += 1
        for entity in self.entities:
            self.links(entity)
        return self.root()

    def record(self, entity: ParsedEntity) -> None:
        props, line, vocab = entity.props, entity.line, self.vocab
        cls = RG.Membership if entity.schema in INTERVALS else ENTITY_TYPES[entity.schema]
        record_id, cls = _record_id(entity.data, cls, vocab)
        record = _Pending(record_id, cls, line)
        names = props.get("name", []) or props.get("title", []) or props.get("summary", [])[:1]
        record.add("name", names[0] if names else None, line)
        for alias in names[1:] + props.get("alias", []):
            record.add("altNames", alias, line)
        for description in props.get("description", []) + props.get("notes", []):
            record.add("description", description, line)
        for qid in props.get("wikidataId", []):
            record.add("links", f"wd:{qid}", line)
        record.add("ftmId", entity.data["id"], line)
        record.add("ftmSchema", entity.schema, line)
        if entity.schema == "Person":
            for key in ("birthDate", "deathDate"):
                for value in props.get(key, [])[:1]:
                    record.add(key, _day(value), line)
            for value in props.get("gender", []):
                record.add("gender", value, line)
            for code in props.get("nationality", []) + props.get("citizenship", []):
                record.add("citizenship", self.state(code, line), line)
            for place in props.get("birthPlace", [])[:1]:
                record.add("birthPlace", self.place(place, line), line)
            for address in props.get("address", []):
                record.add("residence", self.place(address, line), line)
            for position in props.get("position", []):
                self.position(record, position, line)
        if vocab.is_a(cls, RG.PublicBody):
            for code in props.get("jurisdiction", []):
                record.add("jurisdiction", self.state(code, line), line)
        if vocab.is_a(cls, RG.Sanction):
            for authority in props.get("authority", []):
                record.add("imposedBy", self.extra_record(f"authority-{slugify(authority)}", RG.Organization, authority, line), line)
            for key, target in (("program", "sanctionProgram"), ("provisions", "measure"), ("reason", "reason")):
                for value in props.get(key, []):
                    record.add(target, value, line)
        if vocab.is_a(cls, RG.Membership):
            record.add("membershipKind", INTERVALS[entity.schema].kind, line)
            for role in props.get("role", []):
                record.add("roleLabel", role, line)
        if vocab.is_a(cls, RG.Membership) or vocab.is_a(cls, RG.Sanction):
            for key in ("startDate", "endDate"):
                record.add(key, _day((props.get(key) or [""])[0]), line)
        if vocab.is_a(cls, RG.Event):
            record.add("date", _day((props.get("date", []) + props.get("fileDate", []) + props.get("listingDate", []) + props.get("startDate", []) or [""])[0]), line)
        if vocab.is_a(cls, RG.Aid):
            for key in ("amount", "currency", "purpose"):
                for value in props.get(key, []):
                    record.add(key, value, line)
        if vocab.is_a(cls, RG.Document):
            record.add("title", (props.get("title") or [""])[0], line)
            record.add("date", _day((props.get("date") or [""])[0]), line)
        self.pending[entity.data["id"]] = record

    def position(self, person: _Pending, position: str, line: int) -> None:
        """A position held, as FtM says it without an organisation: a membership with its role."""
        role = _Pending(f"{person.id}-position-{slugify(position)}", RG.Membership, line)
        role.add("name", f"{person.name()}: {position}", line)
        role.add("member", person.id, line)
        role.add("roleLabel", position, line)
        role.add("membershipKind", "office", line)
        self.extra[role.id] = role

    def links(self, entity: ParsedEntity) -> None:
        props, line, schema = entity.props, entity.line, entity.schema
        own = self.pending.get(entity.data["id"])

        def add(owner: _Pending | None, key: str, prop: str) -> None:
            for ftm_id in props.get(prop, []):
                target = self.target(entity, prop, ftm_id)
                if owner is not None and target:
                    owner.add(key, target, line)

        if schema == "Family":
            word = (props.get("relationship") or ["relative"])[0]
            relation = self.kinship(word)
            for relative in props.get("relative", []):
                relative_record = self.pending.get(relative)
                for person in props.get("person", []):
                    other = self.target(entity, "person", person)
                    if relative_record is None:
                        self.target(entity, "relative", relative)
                    elif other:
                        entry = {"relation": relation, "person": other, "ftmId": entity.data["id"]}
                        relative_record.relatives.append({**entry, "wording": word} if relation != word else entry)
        elif schema in INTERVALS and own is not None:
            interval = INTERVALS[schema]
            add(own, "member", interval.member)
            add(own, "post" if interval.target == RG.post else "organization", interval.organization)
            members = [self.pending[m].name() for m in props.get(interval.member, []) if m in self.pending]
            places = [self.pending[o].name() for o in props.get(interval.organization, []) if o in self.pending]
            what = (props.get("role") or [interval.kind])[0]
            own.add("name", f"{', '.join(members)}: {what}" + (f", {', '.join(places)}" if places else ""), line)
        elif schema == "Sanction" and own is not None:
            add(own, "sanctionedActor", "entity")
            if "name" not in own.fields:
                targets = [self.pending[t].name() for t in props.get("entity", []) if t in self.pending]
                own.add("name", f"Sanction against {', '.join(targets) or 'an unnamed entity'}", line)
        elif schema == "Position":
            add(own, "postIn", "organization")
        elif schema == "CourtCaseParty":
            role = (props.get("role") or [""])[0].strip().lower()
            for case in props.get("case", []):
                add(self.pending.get(case), ROLE_PROPERTIES.get(role, "hasActor"), "party")
        elif schema == "Documentation":
            for document in props.get("document", []):
                add(self.pending.get(document), "concerns", "entity")
        elif schema == "Event":
            add(own, "hasActor", "involved")
            add(own, "hasActor", "organizer")
        elif schema == "Payment":
            add(own, "donor", "payer")
            add(own, "recipient", "beneficiary")
        elif schema == "UnknownLink":
            self.role_link(entity, add)
        if own is not None and "name" not in own.fields:
            own.add("name", entity.data["id"], line)

    def role_link(self, entity: ParsedEntity, add: Callable[[_Pending | None, str, str], None]) -> None:
        """An actor's role in an event ('perpetrator', 'released person'), as rightsgraph exports it.
        An event read from FtM is a plain Event: a role its class does not take becomes the nearest
        broader role it does take (a perpetrator is a responsible actor, a detainee an affected person)."""
        events = [self.pending[e] for e in entity.props.get("object", []) if e in self.pending and self.vocab.is_a(self.pending[e].cls, RG.Event)]
        if not events or not entity.props.get("subject"):
            self.skipped["UnknownLink"] += 1  # not an actor's role in an event of the file
            return
        role = (entity.props.get("role") or [""])[0].strip().lower()
        named = [p for p in self.vocab.properties.values() if role in (p.name.lower(), p.label.lower()) and RG.hasActor in p.superproperties]
        broader = named[0].superproperties if named else frozenset({RG.hasActor})
        for event in events:
            taken = [p for p in self.vocab.fields_of(event.cls) if p.iri in broader]
            add(event, max(taken, key=lambda p: len(p.superproperties)).name, "subject")

    def kinship(self, word: str) -> str:
        """The kinship word a family's relationship means: itself, 'child' for 'child of', or 'relative'."""
        for candidate in (word, word.strip().removesuffix(" of").removesuffix(" Of")):
            if self.vocab.kinship_word(candidate) is not None:
                return candidate
        return "relative"

    def root(self) -> Mapping:
        source_id = f"ftm-{slugify(self.file_name)}"
        root = Mapping(1)
        source = Mapping(1)
        for key, value in (("id", source_id), ("title", f"FtM entities from {self.file_name}"),
                           ("summary", f"FollowTheMoney entities read from {self.file_name}"), ("locator", self.file_name), ("file", self.file_name)):
            source.entries[key] = Entry(key, 1, Scalar(text=value, line=1))
        root.entries["sources"] = Entry("sources", 1, YamlSequence([source], 1))
        # A state named by a nationality code may also be an entity of the file: one record.
        defined = {record.id for record in self.pending.values()}
        for record in [*(r for r in self.extra.values() if r.id not in defined), *self.pending.values()]:
            node = _record_node(record, source_id)
            section = section_for(record.cls, self.vocab)
            section_entry = root.entries.setdefault(section, Entry(section, 1, YamlSequence([], 1)))
            section_entry.value.items.append(node)  # type: ignore[union-attr]
        return root


def _day(value: str) -> str:
    """FtM dates may carry a time of day; a record's dates are days (or coarser)."""
    return value[:10]


def _record_node(record: _Pending, source_id: str) -> Mapping:
    node = Mapping(record.line)
    for key, value in (("id", record.id), ("type", str(record.cls)[len(RG_NS):])):
        node.entries[key] = Entry(key, record.line, Scalar(text=value, line=record.line))
    node.entries["sources"] = Entry("sources", record.line, YamlSequence([Scalar(text=source_id, line=record.line)], record.line))
    for key, values in record.fields.items():
        unique = list({v.text: v for v in values}.values())
        single = key in ("name", "ftmId", "ftmSchema") or len(unique) == 1
        value_node: Node = unique[0] if single else YamlSequence(list(unique), unique[0].line)
        node.entries[key] = Entry(key, unique[0].line, value_node)
    if record.relatives:
        items: list[Node] = []
        for relative in record.relatives:
            item = Mapping(record.line)
            for key, value in relative.items():
                item.entries[key] = Entry(key, record.line, Scalar(text=value, line=record.line))
            items.append(item)
        node.entries["relatives"] = Entry("relatives", record.line, YamlSequence(items, record.line))
    return node


def _from_rightsgraph(entity: dict[str, Any]) -> bool:
    return any(isinstance(url, str) and url.startswith(DEFAULT_BASE) for url in entity.get("properties", {}).get("sourceUrl", []))


def _record_id(entity: dict[str, Any], default_cls: URIRef, vocab: Vocabulary) -> tuple[str, URIRef]:
    """Keep a rightsgraph IRI (from sourceUrl) when the entity came from rightsgraph."""
    for url in entity.get("properties", {}).get("sourceUrl", []):
        if not (isinstance(url, str) and url.startswith(DEFAULT_BASE)):
            continue
        segment, _, slug = url[len(DEFAULT_BASE):].partition("/")
        by_segment = [c for c in vocab.classes.values() if vocab.iri_segment(c) == segment]
        cls = min(by_segment, key=lambda c: (len(vocab.superclasses(c)), str(c)), default=None)
        if cls is None or not slug or "/" in slug or section_for(cls, vocab) != section_for(default_cls, vocab):
            continue
        # The FtM schema may be more specific than the segment (PublicBody under 'organization').
        return slug, default_cls if vocab.is_a(default_cls, cls) else cls
    return f"ftm-{slugify(str(entity['id']))}", default_cls
