"""Confidential records in RDF input: pseudonyms of any IRI shape, blank nodes, plain "true", relative IRIs.

- A pseudonym keeps only the part of an IRI before the record's own name: an IRI ending in ``/``
  or a ``urn:`` IRI must not keep the name in its pseudonym.
- Facts on blank nodes that only a withheld record reaches (its address, say) are withheld too.
- ``rg:confidential "true"`` written as a plain string is honoured like the boolean (so is "1").
- Relative IRIs are resolved against a neutral base, never against the file's path on the machine
  (which names the user and their folders).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from rightsgraph.build import load_graph
from rightsgraph.graph.confidential import find_confidential, public_copy

TURTLE = (Path(__file__).resolve().parent / "hostile" / "rdf-confidential-shapes.ttl").read_text(encoding="utf-8")
SECRETS = ["slashsecret", "urnsecret", "stringsecret", "Birch Lane", "Hiddenfloor"]


def test_rdf_secrets_of_every_shape_are_withheld(tmp_path: Path) -> None:
    path = tmp_path / "home-of-a-user" / "data.ttl"
    path.parent.mkdir()
    path.write_text(TURTLE, encoding="utf-8")
    kg, _ = load_graph([path])
    found = find_confidential(kg)
    assert len(found.records) == 3, found.records
    public = public_copy(kg, found)
    text = "\n".join(f"{q.subject} {q.predicate} {q.object} {q.graph_name}" for q in public.store.quads_for_pattern(None, None, None, None))
    assert [s for s in SECRETS if s.lower() in text.lower()] == []
    assert "Public One" in text and "Relative One" in text
    siblings = public.select("SELECT ?s WHERE { <https://example.org/person/public-one> rg:siblingOf ?s }")
    kept = sorted(re.sub(r"withheld-[0-9a-f]+$", "", str(r["s"])) for r in siblings)
    assert kept == ["https://example.org/person/", "https://example.org/person/", "urn:person:"]


def test_relative_iris_do_not_name_the_users_folders(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "home-of-a-user" / "data.ttl"
    path.parent.mkdir()
    path.write_text(TURTLE, encoding="utf-8")
    result = cli("build", path, "--out", tmp_path / "out", "--no-views")
    assert result.exit_code == 0, result.output
    for name in ("graph.trig", "graph.ttl", "graph.jsonld"):
        data = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert "relative-one" in data
        assert "file:" not in data and "home-of-a-user" not in data and str(tmp_path) not in data, name
