"""Writing a graph back as a case file: the inverse of :mod:`rightsgraph.loaders.casefile`.

Every asserted fact of the fact graphs is written under the key the loader reads it from, with
the sources (named graphs) it came from: a record lists the sources that describe it, and a value
found in other graphs takes the long form ``{value, sources, confidential}``. What inference
added (super-classes, super-properties, the inverse or mirror of a kinship link) and what the
loader derives (date bounds and typed dates) is left out, so loading the written file gives the
same graph again. Records must have the IRIs the loader mints (``<base><segment>/<id>``), under
one base.

>>> import io
>>> from rightsgraph.build import load_graph
>>> kg, _ = load_graph()
>>> text = io.StringIO(); write_case_file(kg, text)
>>> "id: iskander-yerimbetov" in text.getvalue()
True
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO, Any

import pyoxigraph as ox
import yaml
from rdflib import OWL, PROV, RDF, RDFS, SKOS, Literal, URIRef
from rdflib.term import Node

from rightsgraph.errors import RightsgraphError
from rightsgraph.graph.iris import CONFIDENTIAL_SUFFIX, ONTOLOGY_GRAPH, PROVENANCE_GRAPH
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.graph.terms import from_ox
from rightsgraph.loaders.casefile import KNOWN_PREFIXES, SECTIONS
from rightsgraph.loaders.europarl import procedure_iri
from rightsgraph.ontology import RG, Vocabulary, vocabulary

SOURCE_FIELDS = (("title", RDFS.label), ("summary", RG.summary), ("locator", RG.locator), ("file", RG.sourceFile), ("url", RG.sourceURL), ("quote", RG.supportingPhrase))
RECORD_TEXT_FIELDS = (("altNames", SKOS.altLabel), ("description", RDFS.comment))
PLAIN_PREDICATES = frozenset({RDF.type, RDFS.label, SKOS.altLabel, RDFS.comment, OWL.sameAs, SKOS.exactMatch, RG.confidential})


@dataclass
class _Subject:
    """Everything said about one subject, per predicate: value → graphs."""

    facts: dict[URIRef, dict[Node, set[URIRef]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))

    def values(self, predicate: URIRef) -> dict[Node, set[URIRef]]:
        return self.facts.get(predicate, {})


class _Writer:
    def __init__(self, kg: KnowledgeGraph, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.subjects: dict[Node, _Subject] = defaultdict(_Subject)
        self.provenance: dict[Node, _Subject] = defaultdict(_Subject)
        for quad in kg.store.quads_for_pattern(None, None, None, None):
            if not isinstance(quad.graph_name, ox.NamedNode) or quad.graph_name.value == str(ONTOLOGY_GRAPH):
                continue
            graph = URIRef(quad.graph_name.value)
            subject, predicate, obj = from_ox(quad.subject), URIRef(quad.predicate.value), from_ox(quad.object)  # type: ignore[arg-type]
            table = self.provenance if graph == PROVENANCE_GRAPH else self.subjects
            table[subject].facts[predicate][obj].add(graph)
        self.sources = {s for s, d in self.provenance.items() if RG.Source in d.values(RDF.type)}
        self.graph_source: dict[URIRef, URIRef] = {}
        for described_graph, described in self.provenance.items():
            for source in described.values(PROV.wasDerivedFrom):
                if isinstance(described_graph, URIRef) and isinstance(source, URIRef):
                    self.graph_source[described_graph] = source
        self.base = self._base()
        self.records: dict[URIRef, URIRef] = {}
        for subject in self.subjects:
            cls = self._class_of(subject)
            if isinstance(subject, URIRef) and cls is not None:
                self.records[subject] = cls
        self.ids = {record: self._id(record) for record in self.records}

    # -- identifiers ---------------------------------------------------------------------------

    def _base(self) -> str:
        bases = {str(s).rsplit("/source/", 1)[0] + "/" for s in self.sources if "/source/" in str(s)}
        if len(bases) > 1:
            raise RightsgraphError(f"the sources are under several bases ({', '.join(sorted(bases))}); a case file has one")
        return bases.pop() if bases else ""

    def _class_of(self, subject: Node) -> URIRef | None:
        if not isinstance(subject, URIRef):
            return None
        classes = [c for c in self.subjects[subject].values(RDF.type) if isinstance(c, URIRef)]
        if RG.State in classes and RG.Country in classes:
            return RG.State  # a state that is its own country: written under 'places', read back as both
        cls = self.vocab.most_specific(classes)
        if cls is None or self.vocab.is_concept_class(cls) or not any(self.vocab.is_a(cls, root) for root in SECTIONS.values()):
            return None
        return cls

    def _id(self, record: URIRef) -> str:
        cls = self.records[record]
        assert cls is not None
        prefix = f"{self.base}{self.vocab.iri_segment(cls)}/"
        if not self.base or not str(record).startswith(prefix) or "/" in str(record)[len(prefix) :]:
            raise RightsgraphError(f"<{record}> is not an IRI a case file can give (expected {prefix or '<base><segment>/'}<id>)")
        return str(record)[len(prefix) :]

    def source_id(self, graph: URIRef) -> str:
        source = self.graph_source.get(URIRef(str(graph).removesuffix(CONFIDENTIAL_SUFFIX)))
        if source is None or "/source/" not in str(source):
            raise RightsgraphError(f"the graph <{graph}> comes from no source a case file can name")
        return str(source).rsplit("/source/", 1)[1]

    def reference(self, node: Node) -> str:
        if isinstance(node, URIRef) and node in self.ids:
            return self.ids[node]
        text = str(node)
        for prefix, namespace in KNOWN_PREFIXES.items():
            if text.startswith(namespace) and "/" not in text[len(namespace) :]:
                return f"{prefix}:{text[len(namespace):]}"
        return text

    # -- values --------------------------------------------------------------------------------

    def text(self, node: Node) -> Any:
        if isinstance(node, Literal):
            python = node.toPython()
            if isinstance(python, bool):
                return "true" if python else "false"
            return str(node)
        if isinstance(node, URIRef):
            notation = self.vocab.notation_of(node)
            return notation if notation is not None else self.reference(node)
        raise RightsgraphError(f"a blank node cannot be written in a case file ({node})")

    def item(self, value: Any, graphs: set[URIRef], record_graphs: set[URIRef]) -> Any:
        """A value, or its long form when it has other sources or is confidential."""
        confidential = {g for g in graphs if str(g).endswith(CONFIDENTIAL_SUFFIX)}
        plain = graphs - confidential
        if plain == record_graphs and not confidential:
            return value
        items = []
        if plain:
            items.append({"value": value, "sources": sorted(self.source_id(g) for g in plain)})
        if confidential:
            items.append({"value": value, "sources": sorted(self.source_id(g) for g in confidential), "confidential": True})
        return items[0] if len(items) == 1 else items

    def values(self, pairs: list[tuple[Any, set[URIRef]]], record_graphs: set[URIRef]) -> Any:
        written: list[Any] = []
        for value, graphs in sorted(pairs, key=lambda p: str(p[0])):
            item = self.item(value, graphs, record_graphs)
            written.extend(item if isinstance(item, list) else [item])
        return written[0] if len(written) == 1 else written

    # -- records -------------------------------------------------------------------------------

    def inferred(self, subject: Node, predicate: URIRef, obj: Node, graphs: set[URIRef]) -> set[URIRef]:
        """The graphs in which this fact only follows from another (sub-property, mirror, inverse)."""
        facts = self.subjects[subject]
        out: set[URIRef] = set()
        for graph in graphs:
            for other, values in facts.facts.items():
                info = self.vocab.property_info(other)
                if other != predicate and info is not None and predicate in info.superproperties and graph in values.get(obj, set()):
                    out.add(graph)
        return out

    def record(self, record: URIRef) -> dict[str, Any]:
        cls = self.records[record]
        assert cls is not None
        facts = self.subjects[record]
        described = {g for g in facts.values(RDF.type).get(cls, set()) if not str(g).endswith(CONFIDENTIAL_SUFFIX)}
        flagged = {g for g in facts.values(RG.confidential).get(Literal(True), set())}
        record_graphs = flagged or described
        names = sorted(str(n) for n in facts.values(RDFS.label))
        out: dict[str, Any] = {"id": self.ids[record], "type": str(cls).rsplit("#", 1)[-1]}
        if names:
            out["name"] = names[0]
        extra_names = [(Literal(n), facts.values(RDFS.label)[Literal(n)]) for n in names[1:]]
        for key, predicate in RECORD_TEXT_FIELDS:
            pairs = [(self.text(v), g) for v, g in facts.values(predicate).items()]
            if key == "altNames":
                pairs += [(str(v), g) for v, g in extra_names]
            if pairs:
                out[key] = self.values(pairs, record_graphs)
        for key, predicate in (("sameAs", OWL.sameAs), ("links", SKOS.exactMatch)):
            pairs = [(self.reference(v), g) for v, g in facts.values(predicate).items()]
            if pairs:
                out[key] = self.values(pairs, record_graphs)
        relatives = self.relatives(record, record_graphs)
        if relatives:
            out["relatives"] = relatives
        identifiers = self.identifiers(record, record_graphs)
        if identifiers:
            out["identifiers"] = identifiers
        for info in self.vocab.fields_of(cls):
            if info.derived or info.iri in (RG.confidential, RG.identifier) or self.vocab.is_kinship(info.iri):
                continue
            if info.temporal is not None:
                pairs = [(str(v), g) for v, g in facts.values(info.temporal.edtf).items()]
            else:
                pairs = [(self.text(v), g - self.inferred(record, info.iri, v, g)) for v, g in facts.values(info.iri).items()]
                pairs = [(v, g) for v, g in pairs if g]
            if pairs:
                out[info.name] = self.values(pairs, record_graphs)
        self.check_complete(record, cls)
        if flagged:
            out["confidential"] = True
        out["sources"] = sorted(self.source_id(g) for g in record_graphs)
        return out

    def check_complete(self, record: URIRef, cls: URIRef) -> None:
        """Refuse to drop a fact silently: every asserted predicate must have a key."""
        accepted = {info.iri for info in self.vocab.fields_of(cls)}
        for predicate, values in self.subjects[record].facts.items():
            info = self.vocab.property_info(predicate)
            if predicate == RDFS.seeAlso and set(values) <= self.derived_procedure_links(record):
                continue  # loading the case file derives them again from the procedure reference
            if predicate in PLAIN_PREDICATES or predicate in accepted or (info is not None and (info.derived or self.vocab.is_kinship(predicate))):
                continue
            if info is not None and all(not (graphs - self.inferred(record, predicate, value, graphs)) for value, graphs in values.items()):
                continue  # only ever inferred from a more specific property
            raise RightsgraphError(f"<{record}> has facts of <{predicate}>, which a case file for a {self.vocab.label(cls)} cannot hold")

    def derived_procedure_links(self, record: URIRef) -> set[Node]:
        """The EP procedure IRIs its procedure references give (see loaders.europarl)."""
        facts = self.subjects[record]
        references = [str(v) for v in facts.values(RG.procedureReference)]
        for node in facts.values(RG.identifier):
            if RG.SchemeEPProcedure in self.subjects[node].values(RG.identifierScheme):
                references += [str(v) for v in self.subjects[node].values(RG.identifierValue)]
        return {iri for iri in map(procedure_iri, references) if iri is not None}

    def identifiers(self, record: URIRef, record_graphs: set[URIRef]) -> list[dict[str, Any]]:
        """Identifiers as {scheme, value}, with sources of their own when they differ."""
        out = []
        for node, graphs in sorted(self.subjects[record].values(RG.identifier).items(), key=lambda p: str(p[0])):
            facts = self.subjects[node]
            scheme = next(iter(facts.values(RG.identifierScheme)), None)
            value = next(iter(facts.values(RG.identifierValue)), None)
            if scheme is None or value is None:
                raise RightsgraphError(f"the identifier <{node}> of <{record}> has no scheme or no value")
            entry: dict[str, Any] = {"scheme": self.text(scheme), "value": str(value)}
            item = self.item(entry, graphs, record_graphs)
            for written in item if isinstance(item, list) else [item]:
                out.append({**written.pop("value"), **written} if "sources" in written else written)
        return out

    def relatives(self, record: URIRef, record_graphs: set[URIRef]) -> list[dict[str, Any]]:
        """Kinship as the sources worded it, from the reified statements the loader keeps."""
        found: dict[tuple[str, str, str, str], set[URIRef]] = defaultdict(set)
        for statement, facts in self.subjects.items():
            if record not in facts.values(RDF.subject) or RDF.Statement not in facts.values(RDF.type):
                continue
            ftm_id = next((str(v) for v in facts.values(RG.ftmId)), "")
            for kin_property in facts.values(RDF.predicate):
                for wording, graphs in facts.values(RG.sourceWording).items():
                    for person in facts.values(RDF.object):
                        found[(str(wording), self.reference(person), str(kin_property), ftm_id)] |= graphs
        out = []
        for (word, relative, predicate, ftm_id), graphs in sorted(found.items()):
            entry: dict[str, Any] = {"relation": word, "person": relative}
            if self.vocab.kinship_word(word) is None:  # the source's own word, kept beside the link
                entry = {"relation": self.vocab.label(URIRef(predicate)).removesuffix(" of"), "person": relative, "wording": word}
            if ftm_id:
                entry["ftmId"] = ftm_id
            confidential = {g for g in graphs if str(g).endswith(CONFIDENTIAL_SUFFIX)}
            plain = graphs - confidential
            if confidential:
                out.append({**entry, "sources": sorted(self.source_id(g) for g in confidential), "confidential": True})
            if plain and plain != record_graphs:
                out.append({**entry, "sources": sorted(self.source_id(g) for g in plain)})
            elif plain:
                out.append(entry)
        return out

    # -- sources -------------------------------------------------------------------------------

    def source(self, source: URIRef) -> dict[str, Any]:
        facts = self.provenance[source]
        out: dict[str, Any] = {"id": str(source).rsplit("/source/", 1)[1]}

        def one(predicate: URIRef) -> Node | None:
            values = sorted(facts.values(predicate), key=str)
            return values[0] if values else None

        for key, predicate in SOURCE_FIELDS:
            value = one(predicate)
            if value is not None:
                out[key] = str(value)
        lines = sorted(int(v.toPython()) for v in facts.values(RG.lineNumber) if isinstance(v, Literal))
        if lines:
            out["lines"] = lines
        for key, predicate in (("confidence", RG.confidence), ("role", RG.sourceRole)):
            concept = one(predicate)
            if isinstance(concept, URIRef):
                out[key] = self.vocab.notation_of(concept)
        date = one(RG.dateEDTF)
        if date is not None:
            out["date"] = str(date)
        publisher = one(PROV.wasAttributedTo)
        if publisher is not None:
            out["publisher"] = self.reference(publisher)
        if Literal(True) in facts.values(RG.confidential):
            out["confidential"] = True
        return out

    def document(self) -> dict[str, Any]:
        document: dict[str, Any] = {}
        if self.base and self.base != "https://w3id.org/rightsgraph/id/":
            document["base"] = self.base
        document["sources"] = [self.source(s) for s in sorted(self.sources, key=str) if isinstance(s, URIRef) and "/source/" in str(s)]
        sections: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record in sorted(self.records, key=lambda r: self.ids[r]):
            cls = self.records[record]
            assert cls is not None
            section = next(name for name, root in SECTIONS.items() if self.vocab.is_a(cls, root))
            if cls == RG.State and RG.Country in set(self.subjects[record].values(RDF.type)):
                section = "places"
            sections[section].append(self.record(record))  # type: ignore[arg-type]
        for section in SECTIONS:
            if sections[section]:
                document[section] = sections[section]
        return document


def case_document(kg: KnowledgeGraph) -> dict[str, Any]:
    """The case file of a graph, as the YAML structure (sources, then one list per section)."""
    return _Writer(kg, vocabulary()).document()


def write_case_file(kg: KnowledgeGraph, output: IO[str]) -> None:
    """Write the graph as a case file (YAML) that loads back to the same facts."""
    yaml.safe_dump(case_document(kg), output, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


__all__ = ["case_document", "write_case_file"]
