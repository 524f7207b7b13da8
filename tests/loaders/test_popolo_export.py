"""The Popolo export against Popolo's own JSON schemas (vendored in tests/fixtures/popolo).

The schemas (draft 03) allow any extra key, so the test also holds every object to the keys its
schema names, and checks that every *_id points at an object of the document.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.loaders.popolo import export_popolo

SCHEMAS = Path(__file__).parents[1] / "fixtures" / "popolo"
COLLECTIONS = {"persons": "person", "organizations": "organization", "areas": "area", "posts": "post", "memberships": "membership"}


def _schemas() -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMAS.glob("*.json")}


@pytest.fixture(scope="module")
def document(builtin_kg: KnowledgeGraph) -> dict[str, list[dict[str, Any]]]:
    buffer = io.StringIO()
    export_popolo(builtin_kg, buffer)
    loaded: dict[str, list[dict[str, Any]]] = json.loads(buffer.getvalue())
    return loaded


def test_every_object_is_valid_against_its_popolo_schema(document: dict[str, list[dict[str, Any]]]) -> None:
    schemas = _schemas()
    # One schema names itself without "www."; the others refer to all of them with it.
    registry: Registry = Registry().with_resources(
        (schema["id"].replace("http://popoloproject.com", "http://www.popoloproject.com"), Resource(contents=schema, specification=DRAFT3))
        for schema in schemas.values()
    )
    assert set(document) == set(COLLECTIONS)
    for collection, name in COLLECTIONS.items():
        schema = schemas[name]
        validator = Draft3Validator(schema, registry=registry)
        assert document[collection], collection
        for item in document[collection]:
            errors = [e.message for e in validator.iter_errors(item)]
            assert errors == [], (collection, item["id"], errors)
            assert set(item) <= set(schema["properties"]), (collection, set(item) - set(schema["properties"]))
            for link in item.get("sources", []):
                assert set(link) <= set(schemas["link"]["properties"])


def test_the_schema_check_can_fail() -> None:
    schema = _schemas()["person"]
    assert list(Draft3Validator(schema).iter_errors({"name": 3, "birth_date": "March 2020"}))


def test_every_reference_points_into_the_document(document: dict[str, list[dict[str, Any]]]) -> None:
    ids = {collection: {item["id"] for item in items} for collection, items in document.items()}
    for collection, items in document.items():
        assert len(ids[collection]) == len(items), collection
    for organization in document["organizations"]:
        assert organization.get("parent_id", next(iter(ids["organizations"]))) in ids["organizations"]
        assert organization.get("area_id", next(iter(ids["areas"]))) in ids["areas"]
    for area in document["areas"]:
        assert area.get("parent_id", area["id"]) in ids["areas"]
    for post in document["posts"]:
        assert post.get("organization_id", next(iter(ids["organizations"]))) in ids["organizations"]
    for membership in document["memberships"]:
        member = membership.get("person_id") or membership["member"]["id"]
        assert member in ids["persons"] | ids["organizations"]
        assert membership.get("organization_id", next(iter(ids["organizations"]))) in ids["organizations"]
        assert membership.get("post_id", next(iter(ids["posts"]))) in ids["posts"]


def test_contents_follow_the_statements(document: dict[str, list[dict[str, Any]]]) -> None:
    by_id = {item["id"].rsplit("/", 1)[-1]: item for items in document.values() for item in items}
    # Statement 10: André Gattolin, French senator and member of the French delegation to the Council of Europe.
    memberships = {(m.get("person_id", "").rsplit("/", 1)[-1], m.get("organization_id", "").rsplit("/", 1)[-1], m.get("post_id", "").rsplit("/", 1)[-1]) for m in document["memberships"]}
    assert ("andre-gattolin", "french-delegation-to-the-council-of-europe", "") in memberships
    assert ("andre-gattolin", "french-senate", "member-of-the-french-senate") in memberships
    # Statement 1: President Tokayev; the post is the state's, whose area is the country.
    assert ("tokayev", "state-of-kazakhstan", "president-of-kazakhstan") in memberships
    assert by_id["state-of-kazakhstan"]["area_id"].endswith("/country/kazakhstan")
    assert by_id["kazakhstan"] in document["areas"] and by_id["russia"] in document["organizations"]
    assert by_id["pace"]["parent_id"].endswith("/council-of-europe")
    assert {"name": "PACE"} in by_id["pace"]["other_names"]
    assert by_id["semey"]["parent_id"].endswith("/kazakhstan")
    gattolin = by_id["andre-gattolin"]
    assert [s["url"].rsplit("/", 1)[-1] for s in gattolin["sources"]] == ["s10"]
    for membership in document["memberships"]:
        assert membership["sources"], membership["id"]


def test_cli_exports_popolo(cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "popolo.json"
    result = cli("export", "--format", "popolo", "--out", target)
    assert result.exit_code == 0, result.output
    assert len(json.loads(target.read_text(encoding="utf-8"))["persons"]) == 7
