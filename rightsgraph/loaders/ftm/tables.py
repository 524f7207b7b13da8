"""How FollowTheMoney schemata and rightsgraph classes correspond, both ways.

>>> ENTITY_TYPES["Company"]
rdflib.term.URIRef('https://w3id.org/rightsgraph/ns#Organization')
>>> INTERVALS["Employment"].kind
'employment'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, URIRef
from rdflib.term import Node as RDFNode

from rightsgraph.errors import RightsgraphError
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.graph.terms import from_ox
from rightsgraph.ontology import RG, Vocabulary, vocabulary

WIKIDATA = "http://www.wikidata.org/entity/"
PUBLIC_BODIES = (RG.PublicBody, RG.State)
KINSHIP = (RG.siblingOf, RG.spouseOf, RG.parentOf, RG.childOf, RG.relativeOf)
PROCEEDINGS = (RG.LegalProceeding, RG.CourtDecision)
SHORTCUTS = ((RG.memberOf, "Membership", "member", "organization"), (RG.holdsPost, "Occupancy", "holder", "post"))
"""Direct links that FtM models as an entity of their own: (property, schema, from role, to role)."""
PARTY_ROLES = {RG.defendant: "defendant", RG.judge: "judge", RG.prosecutor: "prosecutor", RG.defenceLawyer: "defence lawyer", RG.court: "court"}
ROLE_PROPERTIES = {"defendant": "defendant", "accused": "defendant", "judge": "judge", "prosecutor": "prosecutor", "defence lawyer": "defenceLawyer", "lawyer": "defenceLawyer"}

ENTITY_TYPES: dict[str, URIRef] = {
    "Person": RG.Person,
    "LegalEntity": RG.Organization,
    "Organization": RG.Organization,
    "Company": RG.Organization,
    "PublicBody": RG.PublicBody,
    "CourtCase": RG.LegalProceeding,
    "Event": RG.Event,
    "Document": RG.Document,
    "Position": RG.Post,
    "Sanction": RG.Sanction,
    "Payment": RG.Aid,
}
"""FtM schemata that become records of their own (a Payment only when rightsgraph exported it
from an Aid: FtM has no notion of aid, and a payment is not aid because it is a payment)."""


@dataclass(frozen=True)
class Interval:
    """An FtM interval schema that becomes a rg:Membership: who, in what, and its kind."""

    member: str
    organization: str
    kind: str
    target: URIRef = RG.organization


INTERVALS: dict[str, Interval] = {
    "Membership": Interval("member", "organization", "membership"),
    "Employment": Interval("employee", "employer", "employment"),
    "Directorship": Interval("director", "organization", "directorship"),
    "Occupancy": Interval("holder", "post", "office", RG.post),
}
KIND_SCHEMATA = {interval.kind: schema for schema, interval in INTERVALS.items()}
LINK_SCHEMATA = {"Family", "CourtCaseParty", "Documentation", "UnknownLink"}
"""FtM schemata that become links between records."""

USED: dict[str, set[str]] = {
    "Thing": {"name", "alias", "description", "wikidataId", "sourceUrl", "notes", "country"},
    "Person": {"birthDate", "deathDate", "gender", "nationality", "citizenship", "birthPlace", "address", "position"},
    "PublicBody": {"jurisdiction"},
    "CourtCase": {"fileDate", "date"},
    "Event": {"date", "involved", "organizer"},
    "Document": {"title", "date"},
    "Position": {"organization"},
    "Sanction": {"entity", "authority", "program", "provisions", "reason", "startDate", "endDate", "listingDate"},
    "Family": {"person", "relative", "relationship"},
    "CourtCaseParty": {"case", "party", "role"},
    "Documentation": {"document", "entity", "role"},
    "Payment": {"payer", "beneficiary", "amount", "currency", "purpose", "summary", "date"},
    "UnknownLink": {"subject", "object", "role"},
    **{schema: {i.member, i.organization, "role", "startDate", "endDate"} for schema, i in INTERVALS.items()},
}
"""The properties the importer reads, by schema (plus those of Thing): an invalid value of any
other property is reported, never a reason to leave an entity out."""


def used_properties(schema: str) -> set[str]:
    return USED["Thing"] | USED.get(schema, set()) | (USED["PublicBody"] if schema == "PublicBody" else set())


def model() -> Any:
    try:
        from followthemoney import model as ftm_model
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise RightsgraphError("FollowTheMoney support needs the 'followthemoney' package: pip install 'rightsgraph[ftm]'") from err
    return ftm_model


def registry() -> Any:
    from followthemoney.types import registry as ftm_registry

    return ftm_registry


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


@dataclass(frozen=True)
class Kinship:
    """The source's word for a kinship link, and the FtM id of the Family it came from."""

    wording: str
    ftm_id: str | None


def collect_records(kg: KnowledgeGraph) -> tuple[dict[str, Record], dict[tuple[str, str, str], Kinship]]:
    """Records with their facts, and the wording (and FtM id) of each kinship link."""
    records: dict[str, Record] = {}
    statements: dict[str, dict[URIRef, RDFNode]] = defaultdict(dict)
    for quad in kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        if not isinstance(quad.subject, ox.NamedNode):
            continue
        subject = quad.subject.value
        predicate = URIRef(quad.predicate.value)
        value = from_ox(quad.object)  # type: ignore[arg-type]
        if predicate in (RDF.subject, RDF.predicate, RDF.object, RG.sourceWording) or (predicate == RG.ftmId and "/statement/" in subject):
            statements[subject][predicate] = value
            continue
        record = records.setdefault(subject, Record(subject))
        if predicate == RDF.type and isinstance(value, URIRef):
            record.classes.add(value)
        else:
            record.facts[predicate].append(value)
    wording = {
        (str(s[RDF.subject]), str(s[RDF.predicate]), str(s[RDF.object])): Kinship(str(s[RG.sourceWording]), str(s[RG.ftmId]) if RG.ftmId in s else None)
        for s in statements.values()
        if {RDF.subject, RDF.predicate, RDF.object, RG.sourceWording} <= set(s)
    }
    vocab = vocabulary()
    own = {iri: r for iri, r in records.items() if r.classes & set(vocab.classes.values()) and not any(vocab.is_concept_class(c) for c in r.classes)}
    return own, wording


def is_a(record: Record, cls: URIRef, vocab: Vocabulary) -> bool:
    return any(vocab.is_a(c, cls) for c in record.classes)
