"""The W3C Entity Reconciliation API (version 0.2) over a graph, for OpenRefine and its kin.

OpenRefine cannot reconcile a spreadsheet against a SPARQL endpoint; it speaks this API. The
service matches names to the graph's people and organisations with the project's one matcher
(:mod:`rightsgraph.loaders.matching`: any alphabet, word order, initials; birth date and
citizenship columns as evidence for or against), and offers suggest (auto-complete), preview (a
small HTML card) and data extension (fetch birth dates, citizenship, links... into columns).

Everything here is a pure function of the request's data: :class:`ReconciliationService` answers
JSON-shaped values; :meth:`ReconciliationService.handle` adapts it to the front server's
:class:`~rightsgraph.serving.routes.Request` and adds CORS. It is read-only: it answers from a
snapshot taken when it starts, and never writes. Candidates are proposed, never decided:
``match`` is always false, so a person confirms each one in OpenRefine.

>>> from rightsgraph.build import load_graph
>>> service = ReconciliationService(load_graph()[0])
>>> answer = service.reconcile({"q0": {"query": "Джакишев Мухтар", "type": "Person"}}, "http://127.0.0.1:7878/reconcile")
>>> top = answer["q0"]["result"][0]
>>> top["name"], top["score"] > 90, top["match"]
('Mukhtar Dzhakishev', True, False)
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from rdflib import URIRef

from rightsgraph import __version__
from rightsgraph.graph.dates import parse_edtf
from rightsgraph.graph.iris import DEFAULT_BASE
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.loaders.dedupe import profiles
from rightsgraph.loaders.matching import NameIndex, Profile, compare, latin_tokens
from rightsgraph.ontology import RG_NS, vocabulary
from rightsgraph.serving.routes import Request, Response

DEFAULT_LIMIT = 5
MAX_LIMIT = 50
MAX_QUERIES = 1000
"""Queries in one batch (OpenRefine sends 10 at a time by default)."""

EXTEND_PROPERTIES: dict[str, tuple[str, str]] = {
    "birthDate": ("birth date", "SELECT ?record ?value WHERE { ?record rg:birthDateEDTF ?value }"),
    "deathDate": ("death date", "SELECT ?record ?value WHERE { ?record rg:deathDateEDTF ?value }"),
    "citizenship": ("citizenship", "SELECT ?record ?value ?valueName WHERE { ?record rg:citizenship ?value . ?value rdfs:label ?valueName }"),
    "altNames": ("other names", "SELECT ?record ?value WHERE { ?record skos:altLabel ?value }"),
    "gender": ("gender", "SELECT ?record ?value WHERE { ?record rg:gender ?value }"),
    "relatives": ("relatives", "SELECT ?record ?value ?valueName WHERE { ?record rg:relativeOf ?value . ?value rdfs:label ?valueName }"),
    "memberOf": ("member of", "SELECT ?record ?value ?valueName WHERE { ?record rg:memberOf ?value . ?value rdfs:label ?valueName }"),
    "sameAs": ("same entity elsewhere (Wikidata, FtM, ...)", "SELECT ?record ?value WHERE { ?record skos:exactMatch ?value FILTER (isIRI(?value)) }"),
}
TYPES_QUERY = "SELECT ?record ?class WHERE { ?record a ?class FILTER (STRSTARTS(STR(?class), STR(rg:))) }"
DESCRIPTIONS = "SELECT ?record ?text WHERE { ?record rg:summary|schema:description|rdfs:comment ?text }"


@dataclass
class Entity:
    profile: Profile
    types: list[str]
    values: dict[str, list[dict[str, str]]] = field(default_factory=dict)


class ReconciliationService:
    """Reconciliation, suggest, preview and data extension over a snapshot of ``kg``."""

    def __init__(self, kg: KnowledgeGraph, name: str = "rightsgraph") -> None:
        vocab = vocabulary()
        self.name = name
        self.type_names: dict[str, str] = {}
        classes: dict[str, set[URIRef]] = defaultdict(set)
        for row in kg.select(TYPES_QUERY):
            if isinstance(row["class"], URIRef):
                classes[str(row["record"])].add(row["class"])
        self.entities: dict[str, Entity] = {}
        found = profiles(kg)
        for profile in found:
            owned = classes.get(profile.id, set())
            types = sorted(str(c).removeprefix(RG_NS) for c in owned)
            for cls in owned:
                self.type_names[str(cls).removeprefix(RG_NS)] = vocab.label(cls)
            specific = vocab.most_specific(owned)
            first = [str(specific).removeprefix(RG_NS)] if specific else []
            self.entities[profile.id] = Entity(profile, first + [t for t in types if t not in first])
        for row in kg.select(DESCRIPTIONS):
            entity = self.entities.get(str(row["record"]))
            if entity and not entity.profile.description:
                entity.profile = replace(entity.profile, description=str(row["text"]))
        for pid, (_, query) in EXTEND_PROPERTIES.items():
            for row in kg.select(query):
                entity = self.entities.get(str(row["record"]))
                if entity is not None:
                    value = {"id": str(row["value"]), "name": str(row["valueName"])} if "valueName" in row else {"str": str(row["value"])}
                    entity.values.setdefault(pid, []).append(value)
        self.profiles = [entity.profile for entity in self.entities.values()]
        self.index = NameIndex(self.profiles)

    # -- the API -----------------------------------------------------------------------------

    def manifest(self, base: str) -> dict[str, Any]:
        """The service manifest; ``base`` is the service URL as the client reached it."""
        return {
            "versions": ["0.2"],
            "name": f"{self.name} reconciliation (people and organisations)",
            "identifierSpace": DEFAULT_BASE,
            "schemaSpace": RG_NS,
            "serviceVersion": __version__,
            "defaultTypes": [{"id": t, "name": self.type_names[t]} for t in ("Person", "Organization") if t in self.type_names],
            "view": {"url": "{{id}}"},
            "preview": {"url": f"{base}/preview?id={{{{id}}}}", "width": 400, "height": 160},
            "suggest": {
                "entity": {"service_url": base, "service_path": "/suggest/entity"},
                "type": {"service_url": base, "service_path": "/suggest/type"},
                "property": {"service_url": base, "service_path": "/suggest/property"},
            },
            "extend": {"propose_properties": {"service_url": base, "service_path": "/extend/propose"}},
        }

    def _query_profile(self, query: Mapping[str, Any]) -> Profile:
        births: list[tuple[dt.date, dt.date]] = []
        countries: set[str] = set()
        for prop in query.get("properties") or []:
            values = prop.get("v") if isinstance(prop.get("v"), list) else [prop.get("v")]
            for value in values:
                text = str(value.get("name") or value.get("id") if isinstance(value, dict) else value).strip()
                if prop.get("pid") == "birthDate" and text:
                    try:
                        parsed = parse_edtf(text[:10])
                    except ValueError:
                        continue
                    if parsed.earliest and parsed.latest:
                        births.append((parsed.earliest, parsed.latest))
                elif prop.get("pid") == "citizenship" and text:
                    entity = self.entities.get(text)
                    countries.add(entity.profile.name if entity else text)
        return Profile("query", "", (str(query.get("query") or ""),), tuple(births), frozenset(countries))

    def _candidates(self, query: Mapping[str, Any]) -> list[dict[str, Any]]:
        wanted = query.get("type")
        types = {wanted} if isinstance(wanted, str) else set(wanted or [])
        ours = self._query_profile(query)
        scored: list[dict[str, Any]] = []
        for index in self.index.lookup(ours.names):
            profile = self.profiles[index]
            entity = self.entities[profile.id]
            if types and not types & set(entity.types):
                continue
            comparison = compare(ours, profile)
            features = [{"id": "name", "value": comparison.name.score}]
            features += [{"id": "contradicted", "value": True}] if comparison.contradicted else []
            scored.append({
                "id": profile.id,
                "name": profile.name,
                "description": "; ".join(filter(None, [profile.description, *comparison.supports, *(f"against: {a}" for a in comparison.against)])),
                "score": round(comparison.score * 100, 1),
                "features": features,
                "match": False,
                "type": [{"id": t, "name": self.type_names.get(t, t)} for t in entity.types],
            })
        scored.sort(key=lambda c: (-float(c["score"]), str(c["id"])))
        return scored

    def reconcile(self, queries: Mapping[str, Any], base: str = "") -> dict[str, Any]:
        """Candidates for each query of a batch, best first."""
        answer = {}
        for key, query in queries.items():
            limit = query.get("limit") or DEFAULT_LIMIT
            answer[key] = {"result": self._candidates(query)[: max(1, min(int(limit), MAX_LIMIT))]}
        return answer

    def suggest_entity(self, prefix: str) -> dict[str, Any]:
        """Records with a name or a word of a name beginning with ``prefix``, in any alphabet."""
        start = " ".join(latin_tokens(prefix))
        hits = []
        for profile in self.profiles if start else ():
            if any(" ".join(tokens).startswith(start) or any(t.startswith(start) for t in tokens) for tokens in map(latin_tokens, profile.names)):
                entity = self.entities[profile.id]
                hits.append({"id": profile.id, "name": profile.name, "notable": [{"id": t, "name": self.type_names.get(t, t)} for t in entity.types[:1]]})
        return {"result": sorted(hits, key=lambda h: (h["name"], h["id"]))[: DEFAULT_LIMIT * 2]}

    def suggest_type(self, prefix: str) -> dict[str, Any]:
        low = prefix.casefold()
        return {"result": [{"id": t, "name": n} for t, n in sorted(self.type_names.items()) if low in t.casefold() or low in n.casefold()]}

    def suggest_property(self, prefix: str) -> dict[str, Any]:
        low = prefix.casefold()
        return {"result": [{"id": p, "name": n} for p, (n, _) in EXTEND_PROPERTIES.items() if low in p.casefold() or low in n.casefold()]}

    def propose_properties(self, type_id: str) -> dict[str, Any]:
        return {"type": type_id, "properties": [{"id": p, "name": n} for p, (n, _) in EXTEND_PROPERTIES.items()]}

    def extend(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """Values of the asked properties for each asked record (empty lists where none)."""
        properties = [p["id"] for p in request.get("properties", []) if p.get("id") in EXTEND_PROPERTIES]
        rows = {}
        for record in request.get("ids", []):
            entity = self.entities.get(record)
            rows[record] = {pid: list(entity.values.get(pid, [])) if entity else [] for pid in properties}
        return {"meta": [{"id": pid, "name": EXTEND_PROPERTIES[pid][0]} for pid in properties], "rows": rows}

    def preview(self, record: str) -> str | None:
        """A small HTML card of a record (every text escaped), or None if there is no such record."""
        entity = self.entities.get(record)
        if entity is None:
            return None
        facts = [(self.type_names.get(t, t), "") for t in entity.types[:1]]
        for pid in ("birthDate", "deathDate", "citizenship", "altNames"):
            shown = ", ".join(v.get("name") or v.get("str", "") for v in entity.values.get(pid, []))
            if shown:
                facts.append((EXTEND_PROPERTIES[pid][0], shown))
        items = "".join(f"<li>{html.escape(k)}{': ' + html.escape(v) if v else ''}</li>" for k, v in facts)
        description = f"<p>{html.escape(entity.profile.description)}</p>" if entity.profile.description else ""
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(entity.profile.name)}</title></head>'
                f'<body style="font-family:sans-serif;font-size:0.9em;margin:0.5em"><strong>{html.escape(entity.profile.name)}</strong>'
                f"{description}<ul>{items}</ul></body></html>")

    # -- HTTP ---------------------------------------------------------------------------------

    def handle(self, request: Request, prefix: str = "/reconcile") -> Response:
        """Answer a request routed to ``prefix`` (GET or POST, form-encoded as OpenRefine sends)."""
        if request.method == "OPTIONS":
            return _cors(Response(204, {"Access-Control-Allow-Methods": "GET, POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "86400"}))
        if request.method not in ("GET", "HEAD", "POST"):
            return _cors(Response.text(405, "the reconciliation service only reads: GET or POST"))
        base = f"http://{request.header('host') or '127.0.0.1'}{prefix}"
        path = request.path[len(prefix):].rstrip("/") or "/"
        try:
            answer = self._answer(path, request, base)
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            return _cors(Response.text(400, f"bad request: {error}"))
        return _cors(answer)

    def _answer(self, path: str, request: Request, base: str) -> Response:
        params = request.params()

        def one(name: str) -> str:
            return (params.get(name) or [""])[0]

        if path == "/":
            if one("queries"):
                queries = json.loads(one("queries"))
                if not isinstance(queries, dict) or len(queries) > MAX_QUERIES or not all(isinstance(q, dict) for q in queries.values()):
                    raise ValueError(f"'queries' must be an object of at most {MAX_QUERIES} queries")
                return Response.json(200, self.reconcile(queries, base))
            if one("extend"):
                extend = json.loads(one("extend"))
                if not isinstance(extend, dict):
                    raise ValueError("'extend' must be an object with 'ids' and 'properties'")
                return Response.json(200, self.extend(extend))
            return Response.json(200, self.manifest(base))
        if path == "/preview":
            card = self.preview(one("id"))
            if card is None:
                return Response.text(404, "no such record")
            return Response(200, {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}, card.encode("utf-8"))
        if path.startswith("/suggest/") and path[len("/suggest/"):] in ("entity", "type", "property"):
            kind = path[len("/suggest/"):]
            suggest = {"entity": self.suggest_entity, "type": self.suggest_type, "property": self.suggest_property}[kind]
            return Response.json(200, suggest(one("prefix")))
        if path == "/extend/propose":
            return Response.json(200, self.propose_properties(one("type")))
        return Response.text(404, f"nothing at {request.path}")


def _cors(response: Response) -> Response:
    """Any web page may read the answers: the service only reads, and needs no credentials."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def never_writes(request: Request) -> bool:
    """For the route table: every request of this service only reads (its POSTs are queries)."""
    return False
