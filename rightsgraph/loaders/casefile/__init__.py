"""Case files: YAML describing sources, actors, places, events, documents and figures.

A case file is for people who are not RDF experts. Each record has an ``id``, a ``type`` (a class
of the ontology, e.g. ``Trial``), a ``name`` and the ``sources`` that support it; its other keys
are the ontology's property names (``defendant``, ``court``, ``date``...). The loader turns the
files into one named graph per source holding the facts that source supports, plus a PROV-O
provenance graph, and reports every problem with its file, line and field. See the README for
the format and an example.

Facts go to the graphs of the record's ``sources``; a single value can name other sources (or be
marked confidential) with the long form ``{value: ..., sources: [...], confidential: true}``.
"""

from rightsgraph.loaders.casefile.context import KNOWN_PREFIXES, RECORD_KEYS, SECTIONS
from rightsgraph.loaders.casefile.facts import identifier_iri
from rightsgraph.loaders.casefile.load import load_case_documents, load_case_files

__all__ = ["KNOWN_PREFIXES", "RECORD_KEYS", "SECTIONS", "identifier_iri", "load_case_documents", "load_case_files"]
