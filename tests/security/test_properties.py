"""Property-based tests (hypothesis): round trips keep every fact, and random text in every field
never crashes the loader, the views or the exports.

- case file → RDF → case file → RDF gives the same quads, and writing again gives the same file;
- FtM entities → RDF → FtM keeps every name, alias, birth date, nationality and family link;
- any unicode text in any text field is either refused with a located error or loaded, and then
  every view and every export of it is written.
"""

from __future__ import annotations

import io
import json
import string
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rightsgraph.build import load_graph
from rightsgraph.errors import InputError, RightsgraphError
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.graph.export import export as export_rdf
from rightsgraph.loaders.casewriter import case_document, write_case_file
from rightsgraph.viz import ego_view, export_network, overview_view, project, write_network, write_timeline

EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Any printable text: every unicode category but surrogates and control characters.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=24).filter(lambda t: t.strip() != "")
DATES = st.sampled_from(["2020-03-19", "2020-03", "2019", "2018?", "2010~", "201X", "2010~/2020", "../2020-03-03", "unknown", "1999-12-31"])
SIBLING_WORDS = ["brother", "sister", "sibling", "half-sister", "wife", "husband", "spouse", "cousin", "uncle", "relative"]
PARENT_WORDS = ["father", "mother", "parent"]
CHILD_WORDS = ["son", "daughter", "child"]


@st.composite
def case_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case file: sources, people with kinship (parents always earlier: no cycles),
    places inside earlier places, detentions and ill-treatment, per-value sources, confidentiality."""
    n_sources = draw(st.integers(1, 3))
    source_ids = [f"s{i}" for i in range(n_sources)]
    sources = []
    for source_id in source_ids:
        source: dict[str, Any] = {"id": source_id, "title": draw(TEXT), "summary": draw(TEXT), "locator": draw(TEXT)}
        if draw(st.booleans()):
            source["quote"] = draw(TEXT)
        if draw(st.booleans()):
            source["url"] = "https://example.org/" + draw(st.text(string.ascii_letters + string.digits + "-._~%", min_size=1, max_size=12))
        source["confidence"] = draw(st.sampled_from(["high", "medium", "low"]))
        if draw(st.booleans()):
            source["date"] = draw(DATES)
        if n_sources > 1 and draw(st.integers(0, 4)) == 0:
            source["confidential"] = True
        sources.append(source)

    def some_sources() -> list[str]:
        return sorted(draw(st.sets(st.sampled_from(source_ids), min_size=1)))

    def value(text: Any) -> Any:
        """A value, sometimes in the long form with its own sources or confidential."""
        if draw(st.integers(0, 3)) == 0:
            long: dict[str, Any] = {"value": text, "sources": some_sources()}
            if draw(st.booleans()):
                long["confidential"] = True
            return long
        return text

    n_people = draw(st.integers(1, 4))
    people = []
    for i in range(n_people):
        person: dict[str, Any] = {"id": f"person-{i}", "type": "Person", "name": draw(TEXT)}
        if draw(st.booleans()):
            person["altNames"] = [value(draw(TEXT)) for _ in range(draw(st.integers(1, 2)))]
        if draw(st.booleans()):
            person["description"] = value(draw(TEXT))
        if draw(st.booleans()):
            person["birthDate"] = value(draw(DATES))
        relatives = []
        for j in range(n_people):
            if j == i or draw(st.integers(0, 2)) != 0:
                continue
            words = SIBLING_WORDS + (PARENT_WORDS if i < j else CHILD_WORDS)
            relative: dict[str, Any] = {"relation": draw(st.sampled_from(words)), "person": f"person-{j}"}
            if draw(st.integers(0, 3)) == 0:
                relative["confidential"] = True
            relatives.append(relative)
        if relatives:
            person["relatives"] = relatives
        if draw(st.integers(0, 4)) == 0:
            person["confidential"] = True
        person["sources"] = some_sources()
        people.append(person)

    places = []
    for i in range(draw(st.integers(0, 2))):
        place: dict[str, Any] = {"id": f"place-{i}", "type": "Place", "name": draw(TEXT), "sources": some_sources()}
        if i > 0 and draw(st.booleans()):
            place["locatedIn"] = f"place-{i - 1}"
        places.append(place)

    events = []
    for i in range(draw(st.integers(0, 3))):
        person_id = f"person-{draw(st.integers(0, n_people - 1))}"
        if draw(st.booleans()):
            event: dict[str, Any] = {"id": f"event-{i}", "type": "Detention", "name": draw(TEXT), "detainee": person_id, "date": value(draw(DATES))}
            if places and draw(st.booleans()):
                event["place"] = f"place-{draw(st.integers(0, len(places) - 1))}"
        else:
            event = {"id": f"event-{i}", "type": "IllTreatment", "name": draw(TEXT), "victim": person_id,
                     "treatmentType": draw(st.sampled_from(["torture", "use-of-force", "denial-of-medical-care"])), "consequence": value(draw(TEXT))}
        event["sources"] = some_sources()
        events.append(event)

    document: dict[str, Any] = {"sources": sources, "actors": people}
    if places:
        document["places"] = places
    if events:
        document["events"] = events
    return document


def fact_quads(kg: KnowledgeGraph) -> set[tuple[str, str, str, str]]:
    """Every quad of the named graphs but the ontology (the default graph is their union)."""
    return {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in kg.store.quads_for_pattern(None, None, None, None)
        if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.endswith("/graph/ontology")
    }


def load_document(document: dict[str, Any], path: Path) -> KnowledgeGraph:
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    kg, report = load_graph([path])
    assert report.conforms
    return kg


@EXAMPLES
@given(document=case_documents())
def test_case_file_to_rdf_to_case_file_keeps_every_fact(document: dict[str, Any], tmp_path: Path) -> None:
    first = load_document(document, tmp_path / "first.yaml")
    written = io.StringIO()
    write_case_file(first, written)
    (tmp_path / "second.yaml").write_text(written.getvalue(), encoding="utf-8")
    second, _ = load_graph([tmp_path / "second.yaml"])
    assert fact_quads(second) == fact_quads(first)
    assert case_document(second) == case_document(first)


def test_the_built_in_dataset_round_trips(builtin_kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "builtin.yaml"
    with path.open("w", encoding="utf-8") as handle:
        write_case_file(builtin_kg, handle)
    again, _ = load_graph([path])
    assert fact_quads(again) == fact_quads(builtin_kg)
    assert len(fact_quads(builtin_kg)) > 500


# -- FollowTheMoney ------------------------------------------------------------------------------

NAME = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Lo")), min_size=1, max_size=12)
COUNTRIES = st.sampled_from(["kz", "ru", "de", "us", "fr"])
PARENT_WORDS = ("mother", "father", "parent of")
"""Words that make the relative the parent ("parent of" is how the export words an unworded link)."""
CHILD_WORDS = ("son", "daughter", "child of")


@st.composite
def ftm_entities(draw: st.DrawFn) -> list[dict[str, Any]]:
    from followthemoney import model

    entities = []
    people = []
    for i in range(draw(st.integers(1, 4))):
        person = model.make_entity("Person")
        person.id = f"person-{i}"
        person.add("name", " ".join(draw(st.lists(NAME, min_size=1, max_size=3))))
        for alias in draw(st.lists(NAME, max_size=2)):
            person.add("alias", alias)
        if draw(st.booleans()):
            person.add("birthDate", draw(st.dates(min_value=__import__("datetime").date(1900, 1, 1), max_value=__import__("datetime").date(2010, 12, 31))).isoformat())
        if draw(st.booleans()):
            person.add("nationality", draw(COUNTRIES))
        people.append(person)
        entities.append(person)
    for i in range(draw(st.integers(0, 3))):
        a, b = draw(st.sampled_from(people)), draw(st.sampled_from(people))
        if a.id == b.id:
            continue
        word = draw(st.sampled_from(["brother", "sister", "wife", "cousin", *PARENT_WORDS, *CHILD_WORDS]))
        # Parents always come earlier in the list than their children: no one is their own ancestor.
        earlier, later = sorted((a, b), key=people.index)
        person, relative = (later, earlier) if word in PARENT_WORDS else (earlier, later) if word in CHILD_WORDS else (a, b)
        family = model.make_entity("Family")
        family.id = f"family-{i}"
        family.add("person", person.id)
        family.add("relative", relative.id)
        family.add("relationship", word)
        entities.append(family)
    return [e.to_dict() for e in entities]


def people_facts(entities: list[dict[str, Any]], iri_of: dict[str, str]) -> dict[str, tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]]:
    """Per person (by record IRI): all names, birth dates, nationalities."""
    out = {}
    for entity in entities:
        if entity["schema"] != "Person":
            continue
        props = entity["properties"]
        key = iri_of.get(entity["id"], entity["id"])
        out[key] = (frozenset(props.get("name", []) + props.get("alias", [])), tuple(sorted(props.get("birthDate", []))), tuple(sorted(props.get("nationality", []))))
    return out


def family_facts(entities: list[dict[str, Any]], iri_of: dict[str, str]) -> tuple[set[frozenset[str]], set[tuple[str, str]]]:
    """Family links as unordered pairs of records (siblings and spouses are mutual), and the
    (parent, child) pairs read as FtM defines Family: the relative is the <relationship> of the person."""
    pairs, parents = set(), set()
    for entity in entities:
        if entity["schema"] != "Family":
            continue
        props = entity["properties"]
        person, relative, word = iri_of.get(props["person"][0], props["person"][0]), iri_of.get(props["relative"][0], props["relative"][0]), props["relationship"][0]
        pairs.add(frozenset((person, relative)))
        if word in PARENT_WORDS:
            parents.add((relative, person))
        elif word in CHILD_WORDS:
            parents.add((person, relative))
    return pairs, parents


@EXAMPLES
@given(entities=ftm_entities())
def test_ftm_to_rdf_to_ftm_keeps_people_and_families(entities: list[dict[str, Any]], tmp_path: Path) -> None:
    from rightsgraph.build import graph_from_batch
    from rightsgraph.loaders.ftm import export_ftm, load_ftm_file

    path = tmp_path / "in.ftm.json"
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n", encoding="utf-8")
    kg, report = graph_from_batch(load_ftm_file(path).batch)
    assert report.conforms
    out = io.StringIO()
    export_ftm(kg, out)
    exported = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    # Imported entities come back with their own ids: matched by id, not through sourceUrl.
    assert people_facts(exported, {}) == people_facts(entities, {})
    assert family_facts(exported, {}) == family_facts(entities, {})
    assert {e["id"] for e in exported if e["schema"] == "Family"} <= {e["id"] for e in entities if e["schema"] == "Family"}


# -- random text everywhere ----------------------------------------------------------------------

PRINTABLE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
ANY_TEXT = st.text(min_size=1, max_size=40)
"""Any unicode at all but lone surrogates (not encodable), control characters included."""


@st.composite
def fuzzed_documents(draw: st.DrawFn) -> dict[str, Any]:
    text = draw(st.sampled_from([PRINTABLE_TEXT, ANY_TEXT]))  # one document in two may load
    return {
        "sources": [{"id": "s", "title": draw(text), "summary": draw(text), "locator": draw(text), "quote": draw(text)}],
        "actors": [
            {"id": "a", "type": "Person", "name": draw(text), "altNames": [draw(text)], "description": draw(text), "relatives": [{"relation": "brother", "person": "b"}], "sources": ["s"]},
            {"id": "b", "type": "Person", "name": draw(text), "sources": ["s"]},
        ],
        "events": [{"id": "e", "type": "IllTreatment", "name": draw(text), "victim": "a", "consequence": draw(text), "date": "2020-03", "sources": ["s"]}],
    }


@EXAMPLES
@given(document=fuzzed_documents())
def test_random_text_never_crashes_the_loader_views_or_exports(document: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        kg, _ = load_graph([path])
    except InputError as refused:
        assert all(p.file == str(path) and p.line is not None for p in refused.problems), refused.problems
        event("refused")
        return
    event("loaded")
    write_network(overview_view(kg), tmp_path / "overview.html")
    write_network(ego_view(kg, "https://w3id.org/rightsgraph/id/person/a", hops=2), tmp_path / "ego.html")
    write_timeline(kg, tmp_path / "timeline.html")
    for fmt in ("trig", "turtle", "nquads", "jsonld"):
        export_rdf(kg, tmp_path / f"out.{fmt}", fmt)
    graph = project(kg)
    for fmt in ("gexf", "graphml"):
        export_network(graph, tmp_path / f"out.{fmt}", fmt)
    from rightsgraph.loaders.ftm import export_ftm

    export_ftm(kg, io.StringIO())
    written = io.StringIO()
    write_case_file(kg, written)
    assert fact_quads(load_document(yaml.safe_load(written.getvalue()), tmp_path / "again.yaml")) == fact_quads(kg)
