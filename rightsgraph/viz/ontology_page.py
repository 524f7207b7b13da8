"""The ontology as one self-contained HTML page: every class, property and concept, with its
definition, its place in the hierarchy and its alignments to outside vocabularies and to the
HURIDOCS Events Standard Formats.

The page is generated from ``rightsgraph.ttl`` alone, through the project's template (autoescape,
Content-Security-Policy, nothing loaded from the network), so it is what a researcher reads to
learn what a term means and how it maps to Wikidata, schema.org, W3C ORG, ELI or ESF. The build
writes it as ``ontology.html``; a static site can include it as is.

>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as folder:
...     page = write_ontology_page(Path(folder) / "ontology.html").read_text(encoding="utf-8")
>>> 'id="Involvement"' in page and "micro-thesaurus 18, term 01-02" in page
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from rightsgraph import __version__
from rightsgraph.ontology import RG, RG_NS, load_ontology, vocabulary
from rightsgraph.ontology.files import ONTOLOGY_IRI
from rightsgraph.viz.html import write_page

SCHEMA_DOMAIN = URIRef("https://schema.org/domainIncludes")
MATCHES = (
    ("exact match", SKOS.exactMatch), ("close match", SKOS.closeMatch), ("broader match", SKOS.broadMatch),
    ("narrower match", SKOS.narrowMatch), ("related match", SKOS.relatedMatch),
)
PREFIXES = {
    "http://www.wikidata.org/prop/direct/": "wdt:", "http://www.wikidata.org/entity/": "wd:", "https://schema.org/": "schema:",
    "http://www.w3.org/ns/org#": "org:", "http://www.w3.org/ns/prov#": "prov:", "http://semanticweb.cs.vu.nl/2009/11/sem/": "sem:",
    "http://data.europa.eu/eli/ontology#": "eli:", "http://data.europa.eu/eli/eli-draft-legislation-ontology#": "eli-dl:",
    "http://purl.org/dc/terms/": "dcterms:", "http://www.w3.org/2004/02/skos/core#": "skos:", "http://xmlns.com/foaf/0.1/": "foaf:",
    "http://www.cidoc-crm.org/cidoc-crm/": "crm:", "http://purl.org/vocab/relationship/": "rel:", "http://purl.org/vocab/bio/0.1/": "bio:",
    "http://linkedevents.org/ontology/": "lode:", "http://www.w3.org/2001/XMLSchema#": "xsd:", RG_NS: "rg:",
}


@dataclass(frozen=True)
class Ref:
    """A term shown by its short name; ``anchor`` for one of ours, ``url`` for an outside one."""

    text: str
    anchor: str | None = None
    url: str | None = None


@dataclass
class Term:
    name: str
    label: str
    definition: str
    comment: str = ""
    facts: list[tuple[str, list[Ref]]] = field(default_factory=list)


@dataclass
class Scheme:
    term: Term
    concepts: list[Term]


def _short(iri: URIRef) -> Ref:
    text = str(iri)
    if text.startswith(RG_NS):
        return Ref(text[len(RG_NS):], anchor=text[len(RG_NS):])
    for base, prefix in PREFIXES.items():
        if text.startswith(base):
            return Ref(prefix + text[len(base):], url=text)
    return Ref(text, url=text)


def _text(graph: Graph, term: URIRef, predicate: URIRef) -> str:
    values = sorted(str(v) for v in graph.objects(term, predicate) if isinstance(v, Literal))
    return " ".join(values)


def _refs(graph: Graph, term: URIRef, predicate: URIRef) -> list[Ref]:
    return sorted((_short(o) for o in graph.objects(term, predicate) if isinstance(o, URIRef)), key=lambda r: r.text)


def _term(graph: Graph, iri: URIRef, extra: list[tuple[str, URIRef]]) -> Term:
    vocab = vocabulary()
    term = Term(str(iri)[len(RG_NS):], vocab.label(iri), _text(graph, iri, SKOS.definition), _text(graph, iri, RDFS.comment))
    for title, predicate in [*extra, *MATCHES]:
        refs = _refs(graph, iri, predicate)
        if refs:
            term.facts.append((title, refs))
    code = vocab.esf_code(iri)
    if code is not None:
        term.facts.append(("HURIDOCS ESF", [Ref(f"micro-thesaurus {code.thesaurus}, term {code.code} ({code.vocab_number})")]))
    words = sorted(str(n) for n in graph.objects(iri, SKOS.notation) if isinstance(n, Literal) and (n.datatype, RG.esfMicroThesaurus, None) not in graph)
    if words:
        term.facts.append(("case-file word", [Ref(w) for w in words]))
    kinship = sorted(str(w) for w in graph.objects(iri, RG.kinshipWord))
    if kinship:
        term.facts.append(("words a source may use", [Ref(w) for w in kinship]))
    return term


def ontology_sections(graph: Graph | None = None) -> tuple[list[Term], list[Term], list[Scheme]]:
    """(classes, properties, concept schemes with their concepts), each in alphabetical order."""
    graph = graph or load_ontology()
    vocab = vocabulary()
    own = lambda items: sorted((i for i in items if isinstance(i, URIRef) and str(i).startswith(RG_NS)), key=lambda i: str(i).lower())  # noqa: E731
    classes = [_term(graph, c, [("subclass of", RDFS.subClassOf)]) for c in own(graph.subjects(RDF.type, OWL.Class))]
    props = own(set(graph.subjects(RDF.type, OWL.ObjectProperty)) | set(graph.subjects(RDF.type, OWL.DatatypeProperty)))
    properties = [
        _term(graph, p, [("sub-property of", RDFS.subPropertyOf), ("used on", SCHEMA_DOMAIN), ("used on", RDFS.domain), ("value", RDFS.range), ("inverse of", OWL.inverseOf)])
        for p in props
    ]
    schemes = []
    for scheme in own(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        concepts = own(graph.subjects(SKOS.inScheme, scheme))
        ranked = sorted(concepts, key=lambda c: (int(str(graph.value(c, RG.scaleRank) or 0)), vocab.label(c).lower()))
        schemes.append(Scheme(_term(graph, scheme, []), [_term(graph, c, [("broader", SKOS.broader)]) for c in ranked]))
    return classes, properties, schemes


def write_ontology_page(path: Path, *, back: str | None = None) -> Path:
    """Write the ontology page to ``path`` (one file, opens from disk, loads nothing)."""
    graph = load_ontology()
    classes, properties, schemes = ontology_sections(graph)
    version = _text(graph, URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    return write_page(
        path, "ontology.html.j2", title="The rightsgraph ontology", classes=classes, properties=properties, schemes=schemes,
        description=_text(graph, URIRef(ONTOLOGY_IRI), URIRef("http://purl.org/dc/terms/description")),
        ontology_version=version, back=back, version=__version__,
    )

