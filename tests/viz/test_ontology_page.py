"""The ontology page: generated from the Turtle, every term on it with its alignments, offline."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import OWL, RDF, SKOS

from rightsgraph.build import build
from rightsgraph.ontology import RG_NS, load_ontology
from rightsgraph.viz.ontology_page import write_ontology_page


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.loading: list[tuple[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if tag in {"script", "img", "iframe", "link", "object", "embed"} and (values.get("src") or values.get("href")):
            self.loading.append((tag, values.get("src") or values.get("href") or ""))
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, _Page]:
    text = write_ontology_page(tmp_path_factory.mktemp("onto") / "ontology.html").read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(text)
    return text, parsed


def test_every_class_property_and_concept_has_its_own_entry(page: tuple[str, _Page]) -> None:
    _, parsed = page
    onto = load_ontology()
    expected = {
        str(s)[len(RG_NS):]
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme)
        for s in onto.subjects(RDF.type, t)
        if str(s).startswith(RG_NS)
    }
    assert len(expected) > 300
    assert expected <= set(parsed.ids)
    assert len(parsed.ids) == len(set(parsed.ids)), "an anchor is used twice"


def _entry(text: str, name: str) -> str:
    start = text.index(f'id="{name}"')
    return text[start : text.index("</section>", start)]


def test_alignments_and_esf_codes_are_shown(page: tuple[str, _Page]) -> None:
    text, _ = page
    detention = _entry(text, "placeOfDetention")
    assert "close match" in detention and "wdt:P2632" in detention and "exact match" not in detention
    assert "narrower match" in _entry(text, "relativeOf") and "wdt:P1038" in _entry(text, "relativeOf")
    assert "micro-thesaurus 18, term 01-02 (01020000000018)" in _entry(text, "InvolvementOrdered")
    assert "ordered" in _entry(text, "InvolvementOrdered")  # the case-file word
    assert "eli-dl:process_id" in _entry(text, "procedureReference")
    assert '<a href="#RightFairTrial">' in _entry(text, "RightPublicTrial")  # broader


def test_the_page_loads_nothing_and_escapes_what_it_shows(page: tuple[str, _Page]) -> None:
    text, parsed = page
    assert parsed.loading == []
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert all(link.startswith(("#", "http://", "https://")) for link in parsed.links)
    # Definitions come from data: an apostrophe in one is escaped, never raw markup.
    assert "Wikidata&#39;s place of detention" in text
    assert not re.search(r"<script(?![^>]*nonce)", text)


def test_build_writes_the_page_and_the_report_links_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(None, out)
    assert (out / "ontology.html").is_file()
    assert 'href="ontology.html"' in (out / "index.html").read_text(encoding="utf-8")
