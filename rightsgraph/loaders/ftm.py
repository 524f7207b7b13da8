"""FollowTheMoney import: read FtM entities (JSON lines) into a batch of case-file records.

People, organisations, public bodies, court cases, events, documents and positions become
records; families, memberships, occupancies, court-case parties and documentation become the
links between them. An entity that came from rightsgraph keeps its record's IRI (``sourceUrl``),
so exporting (:mod:`rightsgraph.loaders.ftm_export`) and importing again returns the same records.

The ``followthemoney`` library (the ``ftm`` extra) builds, cleans and validates the entities; a
file it does not accept is refused with its line. Importing goes through the case-file checks.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from rightsgraph.errors import InputError, Problem, RightsgraphError
from rightsgraph.graph.batch import Batch
from rightsgraph.graph.iris import DEFAULT_BASE
from rightsgraph.loaders.casefile import load_case_documents
from rightsgraph.loaders.mapping import slugify
from rightsgraph.loaders.located_yaml import Entry, Mapping, Node, Scalar, Sequence, decode_text
from rightsgraph.ontology import RG, RG_NS, Vocabulary, vocabulary

MAX_FTM_BYTES = 256 * 1024 * 1024
"""Larger files are better split: every entity is held in memory until validated (as for CSV)."""


def ftm_model() -> Any:
    """The FollowTheMoney model, or a clear error when the package is missing."""
    try:
        from followthemoney import model
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise RightsgraphError("FollowTheMoney support needs the 'followthemoney' package: pip install 'rightsgraph[ftm]'") from err
    return model


def ftm_registry() -> Any:
    from followthemoney.types import registry

    return registry


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
    "Payment": ("events", RG.Aid),
}
_SECTIONS_BY_ROOT = ((RG.Actor, "actors"), (RG.Place, "places"), (RG.Event, "events"), (RG.Document, "documents"), (RG.Post, "posts"))
_LINK_SCHEMATA = {"Family", "Membership", "Occupancy", "CourtCaseParty", "Documentation", "UnknownLink"}
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
    model = ftm_model()
    registry = ftm_registry()
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
        names = props.get("name", []) or props.get("title", []) or props.get("summary", []) or [data["id"]]
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
        if vocab.is_a(cls, RG.Aid):
            for key in ("amount", "currency", "purpose"):
                for value in props.get(key, []):
                    record.add(key, value, line)
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
        elif schema == "Payment":
            _link_field(pending, [data["id"]], "donor", [target(p, line, "payer") for p in props.get("payer", [])], line, problems, name)
            _link_field(pending, [data["id"]], "recipient", [target(b, line, "beneficiary") for b in props.get("beneficiary", [])], line, problems, name)
        elif schema == "UnknownLink":
            # A role on an event, as rightsgraph's export writes it ("perpetrator: carried out the act").
            events = [pending[o] for o in props.get("object", []) if o in pending and vocab.is_a(pending[o].cls, RG.Event)]
            if not events:
                skipped[schema] += 1
                continue
            for event in events:
                for role in props.get("role", []) or ["has actor"]:
                    key = _actor_property(role, event.cls, vocab)
                    _link_field(pending, [k for k, v in pending.items() if v is event], key, [target(s, line, "subject") for s in props.get("subject", [])], line, problems, name)
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


def _actor_property(role: str, cls: URIRef, vocab: Vocabulary) -> str:
    """The role property an exported role label names ('perpetrator: ordered the act' -> perpetrator)."""
    label = role.split(":", 1)[0].strip().lower()
    for prop in vocab.fields_of(cls):
        if prop.label.lower() == label and RG.hasActor in prop.superproperties:
            return prop.name
    return "hasActor"

