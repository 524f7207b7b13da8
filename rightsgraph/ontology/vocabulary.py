"""A typed, read-only index over the ontology: classes, properties, concepts and kinship words.

Everything here is read from ``rightsgraph.ttl``; nothing restates it. The index is what the
loaders use to check a case file's fields, what inference uses to know which properties are
symmetric or inverse, and what the views use for labels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib import Literal as RdfLiteral

from rightsgraph.ontology.files import load_ontology
from rightsgraph.ontology.namespace import RG, RG_NS, SCHEMA

PropertyKind = Literal["object", "datatype"]


@dataclass(frozen=True)
class TemporalSpec:
    """The properties a date field is written to: typed value, EDTF text and day bounds."""

    typed: URIRef
    edtf: URIRef
    earliest: URIRef | None
    latest: URIRef | None


@dataclass(frozen=True)
class PropertyInfo:
    """What the ontology says about one rightsgraph property."""

    iri: URIRef
    name: str
    label: str
    kind: PropertyKind
    range: URIRef | None
    domains: frozenset[URIRef]
    superproperties: frozenset[URIRef]
    symmetric: bool = False
    irreflexive: bool = False
    """Nothing is linked to itself by it (nobody is their own relative)."""
    acyclic: bool = False
    """No chain of it leads back to where it started (nobody is their own ancestor)."""
    inverse: URIRef | None = None
    temporal: TemporalSpec | None = None
    concept_class: URIRef | None = None
    derived: bool = False
    """Written by the tooling from another field (the EDTF text and bounds of a date)."""


@dataclass(frozen=True)
class EsfCode:
    """A term's code in a micro-thesaurus of the HURIDOCS Events Standard Formats."""

    thesaurus: int
    """The micro-thesaurus number, e.g. 18 for degrees of involvement."""
    code: str
    """The code as written, two digits per level joined by hyphens: '01-02'."""

    @property
    def vocab_number(self) -> str:
        """The key OpenEvSys gives the term: twelve code digits, then the thesaurus number."""
        digits = self.code.replace("-", "")
        return f"{digits:0<12}{self.thesaurus:02d}"


@dataclass(frozen=True)
class KinshipWord:
    """A word a source uses for kinship ('brother') and the property it means."""

    word: str
    property: URIRef


@dataclass
class Vocabulary:
    """Index over the ontology graph. Build it with :func:`vocabulary`."""

    graph: Graph
    classes: dict[str, URIRef] = field(default_factory=dict)
    properties: dict[str, PropertyInfo] = field(default_factory=dict)
    _superclasses: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    _segments: dict[URIRef, str] = field(default_factory=dict)
    _concepts: dict[URIRef, dict[str, URIRef]] = field(default_factory=dict)
    _kinship: dict[str, KinshipWord] = field(default_factory=dict)
    _labels: dict[URIRef, str] = field(default_factory=dict)
    _esf: dict[URIRef, EsfCode] = field(default_factory=dict)

    # -- classes -------------------------------------------------------------------------------

    def class_named(self, name: str) -> URIRef | None:
        """The class whose local name is ``name`` (e.g. ``"Trial"``), or None."""
        return self.classes.get(name)

    def superclasses(self, cls: URIRef) -> frozenset[URIRef]:
        """The rightsgraph classes ``cls`` belongs to, itself included (transitive)."""
        return self._superclasses.get(cls, frozenset({cls}))

    def is_a(self, cls: URIRef, ancestor: URIRef) -> bool:
        """True when ``cls`` is ``ancestor`` or one of its subclasses."""
        return ancestor in self.superclasses(cls)

    def subclasses(self, ancestor: URIRef) -> list[URIRef]:
        """Every rightsgraph class that specialises ``ancestor``, itself included."""
        return sorted(cls for cls in self.classes.values() if self.is_a(cls, ancestor))

    def iri_segment(self, cls: URIRef) -> str:
        """Path segment for minting IRIs of instances of ``cls`` (most specific class wins)."""
        return self._segments.get(cls, "resource")

    def most_specific(self, classes: Iterable[URIRef]) -> URIRef | None:
        """The most specific of several rightsgraph classes (ties broken by name), or None."""
        known = sorted(c for c in classes if c in self._superclasses)
        for cls in known:
            if not any(other != cls and self.is_a(other, cls) for other in known):
                return cls
        return None

    def is_concept_class(self, cls: URIRef) -> bool:
        return cls in self._concepts

    # -- properties ----------------------------------------------------------------------------

    def property_named(self, name: str) -> PropertyInfo | None:
        return self.properties.get(name)

    def property_info(self, iri: URIRef) -> PropertyInfo | None:
        if str(iri).startswith(RG_NS):
            return self.properties.get(str(iri)[len(RG_NS) :])
        return None

    def accepts(self, cls: URIRef, prop: PropertyInfo) -> bool:
        """Whether an instance of ``cls`` may carry ``prop`` (its declared domains)."""
        return any(self.is_a(cls, domain) for domain in prop.domains)

    def fields_of(self, cls: URIRef) -> list[PropertyInfo]:
        """The properties an instance of ``cls`` may carry, by name."""
        return sorted((p for p in self.properties.values() if self.accepts(cls, p)), key=lambda p: p.name)

    def symmetric_properties(self) -> list[URIRef]:
        return sorted(p.iri for p in self.properties.values() if p.symmetric)

    def irreflexive_properties(self) -> list[URIRef]:
        return sorted(p.iri for p in self.properties.values() if p.irreflexive)

    def acyclic_properties(self) -> list[URIRef]:
        return sorted(p.iri for p in self.properties.values() if p.acyclic)

    def is_kinship(self, prop: URIRef) -> bool:
        """Whether ``prop`` is ``rg:relativeOf`` or one of its specialisations."""
        info = self.property_info(prop)
        return info is not None and RG_NS + "relativeOf" in {str(p) for p in info.superproperties | {info.iri}}

    def inverse_pairs(self) -> list[tuple[URIRef, URIRef]]:
        return sorted((p.iri, p.inverse) for p in self.properties.values() if p.inverse is not None)

    def subproperty_pairs(self) -> list[tuple[URIRef, URIRef]]:
        """(sub, super) pairs between rightsgraph properties, transitively closed."""
        return sorted(
            (p.iri, sup) for p in self.properties.values() for sup in p.superproperties if sup != p.iri
        )

    def subclass_pairs(self) -> list[tuple[URIRef, URIRef]]:
        """(sub, super) pairs between rightsgraph classes, transitively closed."""
        return sorted((cls, sup) for cls, sups in self._superclasses.items() for sup in sups if sup != cls)

    # -- concepts and words --------------------------------------------------------------------

    def concept(self, concept_class: URIRef, notation: str) -> URIRef | None:
        """The concept of ``concept_class`` whose notation is ``notation`` ('parole')."""
        return self._concepts.get(concept_class, {}).get(notation)

    def notations(self, concept_class: URIRef) -> list[str]:
        return sorted(self._concepts.get(concept_class, {}))

    def notation_of(self, concept: URIRef) -> str | None:
        """The notation of a controlled value ('parole' for rg:ReleaseGroundParole), or None."""
        for notations in self._concepts.values():
            for notation, iri in notations.items():
                if iri == concept:
                    return notation
        return None

    def esf_code(self, term: URIRef) -> EsfCode | None:
        """The ESF micro-thesaurus code a concept or property carries, or None."""
        return self._esf.get(term)

    def concept_with_esf_code(self, concept_class: URIRef, thesaurus: int, code: str) -> URIRef | None:
        """The concept of ``concept_class`` carrying ESF code ``code`` of ``thesaurus``, or None."""
        for concept in self._concepts.get(concept_class, {}).values():
            if self._esf.get(concept) == EsfCode(thesaurus, code):
                return concept
        return None

    def kinship_word(self, word: str) -> KinshipWord | None:
        """The kinship property for a word such as 'brother' or 'Half-Sister'."""
        return self._kinship.get(word.strip().lower())

    def kinship_words(self) -> list[str]:
        return sorted(self._kinship)

    # -- labels --------------------------------------------------------------------------------

    def label(self, iri: URIRef) -> str:
        """The English label of a term, or its local name when it has none."""
        if iri in self._labels:
            return self._labels[iri]
        text = str(iri)
        return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def terms(self) -> Iterator[URIRef]:
        """Every term the ontology defines in its own namespace."""
        for subject in set(self.graph.subjects(RDF.type, None)):
            if isinstance(subject, URIRef) and str(subject).startswith(RG_NS):
                yield subject


def _local(iri: URIRef) -> str:
    return str(iri)[len(RG_NS) :]


def _closure(start: URIRef, parents: dict[URIRef, set[URIRef]]) -> frozenset[URIRef]:
    seen = {start}
    stack = [start]
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return frozenset(seen)


def _own(nodes: Iterable[object]) -> set[URIRef]:
    return {n for n in nodes if isinstance(n, URIRef) and str(n).startswith(RG_NS)}


def build_vocabulary(graph: Graph) -> Vocabulary:
    """Index an ontology graph. Most callers want the cached :func:`vocabulary`."""
    vocab = Vocabulary(graph=graph)
    for subject, label in graph.subject_objects(RDFS.label):
        if isinstance(subject, URIRef):
            vocab._labels[subject] = str(label)

    class_parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for cls in _own(graph.subjects(RDF.type, OWL.Class)):
        vocab.classes[_local(cls)] = cls
        class_parents[cls] |= _own(graph.objects(cls, RDFS.subClassOf))
    for cls in vocab.classes.values():
        vocab._superclasses[cls] = _closure(cls, class_parents)

    # The most specific class with a segment names the instances: walk up breadth-first.
    declared = {cls: str(seg) for cls, seg in graph.subject_objects(RG.iriSegment) if isinstance(cls, URIRef)}
    for cls in vocab.classes.values():
        frontier = [cls]
        while frontier and cls not in vocab._segments:
            hits = sorted(declared[c] for c in frontier if c in declared)
            if hits:
                vocab._segments[cls] = hits[0]
            frontier = sorted({p for c in frontier for p in class_parents.get(c, ())})

    # A notation typed with an ESF datatype is that standard's code; the other is the case-file word.
    esf_lists = {dt: int(str(n)) for dt, n in graph.subject_objects(RG.esfMicroThesaurus) if isinstance(dt, URIRef)}
    case_file_words: dict[URIRef, str] = {}
    for term, notation in graph.subject_objects(SKOS.notation):
        if not isinstance(term, URIRef) or not isinstance(notation, RdfLiteral):
            continue
        if notation.datatype in esf_lists:
            vocab._esf[term] = EsfCode(esf_lists[notation.datatype], str(notation))
        else:
            case_file_words[term] = str(notation)
    concept_classes = {cls for cls in vocab.classes.values() if SKOS.Concept in set(graph.objects(cls, RDFS.subClassOf))}
    for concept_class in concept_classes:
        vocab._concepts[concept_class] = {
            case_file_words[concept]: concept
            for concept in _own(graph.subjects(RDF.type, concept_class))
            if concept in case_file_words
        }

    property_parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    kinds: dict[URIRef, PropertyKind] = {}
    for kind, owl_type in (("object", OWL.ObjectProperty), ("datatype", OWL.DatatypeProperty)):
        for prop in _own(graph.subjects(RDF.type, owl_type)):
            kinds[prop] = kind  # type: ignore[assignment]
            property_parents[prop] |= _own(graph.objects(prop, RDFS.subPropertyOf))

    derived = set(graph.objects(None, RG.edtfProperty)) | set(graph.objects(None, RG.earliestProperty))
    derived |= set(graph.objects(None, RG.latestProperty))
    for prop, kind in kinds.items():
        rng = graph.value(prop, RDFS.range)
        domains = set(graph.objects(prop, RDFS.domain)) | set(graph.objects(prop, SCHEMA.domainIncludes))
        edtf = graph.value(prop, RG.edtfProperty)
        temporal = None
        if isinstance(edtf, URIRef):
            earliest = graph.value(prop, RG.earliestProperty)
            latest = graph.value(prop, RG.latestProperty)
            temporal = TemporalSpec(
                typed=prop,
                edtf=edtf,
                earliest=earliest if isinstance(earliest, URIRef) else None,
                latest=latest if isinstance(latest, URIRef) else None,
            )
        inverse = graph.value(prop, OWL.inverseOf)
        vocab.properties[_local(prop)] = PropertyInfo(
            iri=prop,
            name=_local(prop),
            label=vocab.label(prop),
            kind=kind,
            range=rng if isinstance(rng, URIRef) else None,
            domains=frozenset(d for d in domains if isinstance(d, URIRef)),
            superproperties=_closure(prop, property_parents),
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in graph,
            irreflexive=(prop, RDF.type, OWL.IrreflexiveProperty) in graph,
            acyclic=(prop, RG.acyclic, RdfLiteral(True)) in graph,
            inverse=inverse if isinstance(inverse, URIRef) else None,
            temporal=temporal,
            concept_class=rng if isinstance(rng, URIRef) and rng in concept_classes else None,
            derived=prop in derived,
        )
        for word in graph.objects(prop, RG.kinshipWord):
            vocab._kinship[str(word).lower()] = KinshipWord(word=str(word), property=prop)
    return vocab


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The index over the packaged ontology (built once per process)."""
    return build_vocabulary(load_ontology())
