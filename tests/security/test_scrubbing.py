"""Scrubbing finds a confidential name however it is written, and a confidential id inside a literal.

The public texts of the hostile-corpus file ``confidential-name-variants.yaml`` write the secret name with a no-break space, two spaces, decomposed or
missing accents, upper case and a Cyrillic look-alike letter, put the secret id inside a URL,
and use confidential aliases (of the secret person, and one alias of a public person that only
a confidential value gives). None of them may reach the public copy. The check folds text with
its own, simpler rules (accents stripped, case folded, the one look-alike mapped, anything not a
letter or digit a space) and looks for the folded secrets.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from rdflib import Literal

from rightsgraph.build import load_graph
from rightsgraph.graph.confidential import find_confidential, public_copy

CASE = Path(__file__).resolve().parent / "hostile" / "confidential-name-variants.yaml"
SECRETS = ["aigul secretkyzy", "steppe fox", "night falcon"]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\u0435", "e"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def test_secret_names_and_ids_are_scrubbed_however_written() -> None:
    kg, _ = load_graph([CASE])
    texts = [str(q.object.value) for q in kg.store.quads_for_pattern(None, None, None, None) if hasattr(q.object, "language")]
    assert sum(1 for t in texts if any(s in fold(t) for s in SECRETS)) >= 8, "the control: the secrets are in the texts"
    public = public_copy(kg, find_confidential(kg))
    literals = [Literal(q.object.value) for q in public.store.quads_for_pattern(None, None, None, None) if hasattr(q.object, "language")]
    leaked = [str(t) for t in literals if any(s in fold(str(t)) for s in SECRETS)]
    assert leaked == []
    kept = {fold(str(t)) for t in literals}
    assert "bota publicova" in kept and "withheld detained" not in kept
    assert any(t.startswith("https example org news") for t in kept), "the URL stays, without the id"
    assert any("she met withheld in 2020" == t for t in kept), kept
