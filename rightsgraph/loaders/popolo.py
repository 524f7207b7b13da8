"""Export to Popolo JSON: persons, organizations, areas, posts and memberships, with sources.

Popolo (popoloproject.com) is the shared format of parliamentary and political-actor data, close
to the W3C ORG ontology. Persons are the graph's people; organizations its organisations and
groups (a group has the classification "group"); areas its places, countries among them (a
state is an organization whose area is its country; a State record that is its own country is
both, with the same id); posts its posts. A membership is written for each
``memberOf`` link and for each post a person holds. Every object lists the sources that support
it, as links to the source's IRI with the source's title as the note.

>>> import io, json
>>> from rightsgraph.build import load_graph
>>> kg, _ = load_graph()
>>> buffer = io.StringIO()
>>> counts = export_popolo(kg, buffer)
>>> sorted(json.loads(buffer.getvalue()))
['areas', 'memberships', 'organizations', 'persons', 'posts']
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import IO, Any

from rdflib import RDFS, SKOS, URIRef

from rightsgraph.graph.iris import PROVENANCE_GRAPH
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.loaders.ftm.tables import Record, collect_records
from rightsgraph.ontology import RG, vocabulary

_POPOLO_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}){0,2}$")
Json = dict[str, Any]


class _Export:
    def __init__(self, kg: KnowledgeGraph) -> None:
        self.vocab = vocabulary()
        self.records, _ = collect_records(kg)
        self.sources = self._sources(kg)
        self.fact_sources = self._fact_sources(kg)

    def _sources(self, kg: KnowledgeGraph) -> dict[str, list[Json]]:
        provenance = PROVENANCE_GRAPH.n3()
        rows = kg.select(
            f"SELECT DISTINCT ?record ?source ?title WHERE {{ GRAPH ?g {{ ?record ?p ?o }} "
            f"GRAPH {provenance} {{ ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?source . OPTIONAL {{ ?source rdfs:label ?title }} }} }}"
        )
        found: dict[str, dict[str, str | None]] = defaultdict(dict)
        for row in rows:
            found[str(row["record"])][str(row["source"])] = str(row["title"]) if "title" in row else None
        return {record: [{"url": url, "note": note} for url, note in sorted(links.items())] for record, links in found.items()}

    def membership_nodes(self, organizations: set[str], posts: set[str]) -> list[Json]:
        """Membership records (ORG/Popolo): role, organisation, post, on whose behalf, period."""
        out: list[Json] = []
        for record in self.of(RG.Membership):
            item: Json = {"id": record.iri}
            for member in record.texts(RG.member)[:1]:
                member_record = self.records.get(member)
                item.update({"person_id": member} if member_record is not None and self.is_a(member_record, RG.Person) else {"member": {"@type": "Organization", "id": member}})
            role = record.texts(RG.roleLabel) or record.texts(RDFS.label)
            item["role"] = role[0]
            for prop, key, known in ((RG.organization, "organization_id", organizations), (RG.post, "post_id", posts), (RG.onBehalfOf, "on_behalf_of_id", organizations)):
                value = next((v for v in record.texts(prop) if v in known), None)
                if value is not None:
                    item[key] = value
            for prop, key in ((RG.startDateEDTF, "start_date"), (RG.endDateEDTF, "end_date")):
                when = next(iter(record.texts(prop)), None)
                if when and _POPOLO_DATE.match(when):
                    item[key] = when
            item["sources"] = self.sources.get(record.iri, [])
            out.append(item)
        return out

    def _fact_sources(self, kg: KnowledgeGraph) -> dict[tuple[str, str, str], list[Json]]:
        """The sources of each membership fact (memberOf and holdsPost links)."""
        rows = kg.select(
            f"SELECT DISTINCT ?s ?p ?o ?source ?title WHERE {{ VALUES ?p {{ {RG.memberOf.n3()} {RG.holdsPost.n3()} }} GRAPH ?g {{ ?s ?p ?o }} "
            f"GRAPH {PROVENANCE_GRAPH.n3()} {{ ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?source . OPTIONAL {{ ?source rdfs:label ?title }} }} }}"
        )
        found: dict[tuple[str, str, str], list[Json]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: str(r["source"])):
            found[(str(row["s"]), str(row["p"]), str(row["o"]))].append({"url": str(row["source"]), "note": str(row["title"]) if "title" in row else None})
        return found

    def is_a(self, record: Record, cls: URIRef) -> bool:
        return any(self.vocab.is_a(c, cls) for c in record.classes)

    def label(self, record: Record) -> str:
        return min(record.texts(RDFS.label), default=record.iri)

    def kind(self, record: Record) -> str:
        return self.vocab.label(self.vocab.most_specific(record.classes) or RG.Actor)

    def common(self, record: Record, name_key: str = "name") -> Json:
        out: Json = {"id": record.iri, name_key: self.label(record)}
        if name_key == "name" and record.texts(SKOS.altLabel):
            out["other_names"] = [{"name": name} for name in sorted(record.texts(SKOS.altLabel))]
        links = sorted(record.texts(SKOS.exactMatch))
        if links:
            out["links"] = [{"url": link} for link in links]
        out["sources"] = self.sources.get(record.iri, [])
        return out

    def of(self, cls: URIRef, unless: URIRef | None = None) -> list[Record]:
        return sorted((r for r in self.records.values() if self.is_a(r, cls) and not (unless and self.is_a(r, unless))), key=lambda r: r.iri)

    def person(self, record: Record) -> Json:
        out = self.common(record)
        for prop, key in ((RG.birthDateEDTF, "birth_date"), (RG.deathDateEDTF, "death_date")):
            when = next(iter(record.texts(prop)), None)
            if when and _POPOLO_DATE.match(when):
                out[key] = when
        gender = next(iter(record.texts(RG.gender)), None)
        if gender:
            out["gender"] = gender
        return out

    def organization(self, record: Record) -> Json:
        out = self.common(record)
        out["classification"] = self.kind(record)
        parent = record.first(RG.subOrganizationOf)
        if parent is not None:
            out["parent_id"] = str(parent)
        area = record.first(RG.stateOf) or record.first(RG.jurisdiction) or record.first(RG.locatedIn)
        if self.is_a(record, RG.State) and self.is_a(record, RG.Country):
            area = URIRef(record.iri)  # a state and its country in one record
        if area is not None:
            out["area_id"] = str(area)
        return out

    def area(self, record: Record) -> Json:
        out = self.common(record)
        out.pop("other_names", None)  # Popolo areas have one name
        out["classification"] = self.kind(record)
        parent = record.first(RG.locatedIn)
        if parent is not None:
            out["parent_id"] = str(parent)
        return out

    def post(self, record: Record) -> Json:
        out = self.common(record, "label")
        organization = record.first(RG.postIn)
        if organization is not None:
            out["organization_id"] = str(organization)
        return out

    def memberships(self, organizations: set[str]) -> list[Json]:
        out: list[Json] = []
        for record in self.of(RG.Actor):
            member = {"person_id": record.iri} if self.is_a(record, RG.Person) else {"member": {"@type": "Organization", "id": record.iri}}
            for org in sorted(str(o) for o in record.facts.get(RG.memberOf, [])):
                if org in organizations:
                    out.append({"id": f"{record.iri}--member-of--{org.rsplit('/', 1)[-1]}", **member,
                                "organization_id": org, "role": "member", "sources": self.fact_sources[(record.iri, str(RG.memberOf), org)]})
            for post_iri in sorted(str(p) for p in record.facts.get(RG.holdsPost, [])):
                post = self.records.get(post_iri)
                if post is None:
                    continue
                item: Json = {"id": f"{record.iri}--holds--{post_iri.rsplit('/', 1)[-1]}", **member, "post_id": post_iri,
                              "role": self.label(post), "sources": self.fact_sources[(record.iri, str(RG.holdsPost), post_iri)]}
                organization = post.first(RG.postIn)
                if organization is not None and str(organization) in organizations:
                    item["organization_id"] = str(organization)
                out.append(item)
        return out

    def run(self) -> Json:
        organizations = [self.organization(r) for r in self.of(RG.Organization)] + [self.organization(r) for r in self.of(RG.Group)]
        organizations.sort(key=lambda o: o["id"])
        org_ids = {o["id"] for o in organizations}
        return {
            "persons": [self.person(r) for r in self.of(RG.Person)],
            "organizations": organizations,
            "areas": [self.area(r) for r in self.of(RG.Place, unless=RG.DetentionFacility)],
            "posts": [self.post(r) for r in self.of(RG.Post)],
            "memberships": self.memberships(org_ids) + self.membership_nodes(org_ids, {r.iri for r in self.of(RG.Post)}),
        }


def popolo_document(kg: KnowledgeGraph) -> Json:
    """The graph's people, organisations, places, posts and memberships as one Popolo document."""
    return _Export(kg).run()


def export_popolo(kg: KnowledgeGraph, output: IO[str]) -> dict[str, int]:
    """Write the Popolo document as JSON; returns the number of objects per collection."""
    document = popolo_document(kg)
    json.dump(document, output, ensure_ascii=False, indent=2)
    output.write("\n")
    return {name: len(items) for name, items in document.items()}

