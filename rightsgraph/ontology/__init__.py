"""The rightsgraph ontology, SHACL shapes and JSON-LD context, and a typed index over them.

The Turtle files in this folder are the single source of truth; :func:`vocabulary` reads them
once and answers the questions the loaders, the validator and the views ask (which class a
type name means, which fields a class accepts, which word maps to which kinship property).

>>> from rightsgraph.ontology import vocabulary
>>> vocab = vocabulary()
>>> vocab.kinship_word("brother").property.n3()
'<https://w3id.org/rightsgraph/ns#siblingOf>'
"""

from __future__ import annotations

from rightsgraph.ontology.files import CONTEXT_PATH, ONTOLOGY_PATH, SHAPES_PATH, load_ontology, load_shapes
from rightsgraph.ontology.namespace import RG, RG_NS
from rightsgraph.ontology.vocabulary import EsfCode, KinshipWord, PropertyInfo, Vocabulary, vocabulary

__all__ = [
    "CONTEXT_PATH",
    "ONTOLOGY_PATH",
    "SHAPES_PATH",
    "RG",
    "RG_NS",
    "EsfCode",
    "KinshipWord",
    "PropertyInfo",
    "Vocabulary",
    "load_ontology",
    "load_shapes",
    "vocabulary",
]
