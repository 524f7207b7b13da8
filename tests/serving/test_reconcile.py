"""The reconciliation service: the spec's own JSON schemas, OpenRefine-shaped batches, CORS, serving."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from rightsgraph.build import build, load_graph
from rightsgraph.serving import Policy, Request, RouteTable, sparql_server
from rightsgraph.serving.reconcile import ReconciliationService, never_writes

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "reconciliation"
PEOPLE = Path(__file__).resolve().parents[1] / "fixtures" / "dedupe" / "people.yaml"
BASE = "https://w3id.org/rightsgraph/id/person/"


def validator(name: str) -> Draft7Validator:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json")}
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7))
        for schema in schemas.values()
    )
    return Draft7Validator(schemas[name], registry=registry)


def valid(name: str, document: object) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in validator(name).iter_errors(document)]
    assert errors == [], errors


@pytest.fixture(scope="module")
def service() -> ReconciliationService:
    return ReconciliationService(load_graph([PEOPLE])[0])


def call(service: ReconciliationService, method: str, path: str, fields: dict[str, str] | None = None, host: str = "127.0.0.1:7878") -> tuple[int, dict[str, str], bytes]:
    body = urllib.parse.urlencode(fields or {}).encode() if method == "POST" else b""
    query = urllib.parse.urlencode(fields or {}) if method == "GET" else ""
    headers = {"host": host, "content-type": "application/x-www-form-urlencoded"}
    response = service.handle(Request(method, path, query, headers, body))
    assert isinstance(response.body, bytes)
    return response.status, response.headers, response.body


# What OpenRefine 3.x posts: a form field 'queries' with a JSON object of up to 10 queries,
# each with the cell's text, the chosen type, type_strict "should", a limit, and the columns
# the user matched to properties.
OPENREFINE_BATCH = {
    "q0": {"query": "Джакишев Мухтар", "type": "Person", "type_strict": "should", "limit": 6, "properties": [{"pid": "birthDate", "v": "1962"}]},
    "q1": {"query": "Serikzhan Bilash", "type": "Person", "type_strict": "should"},
    "q2": {"query": "刘晓波", "type": ["Person"], "limit": 3, "properties": [{"pid": "citizenship", "v": {"id": "https://w3id.org/rightsgraph/id/state/cn", "name": "China"}}]},
    "q3": {"query": "Nobody Atall", "type": "Person", "type_strict": "should"},
}


def test_manifest_passes_the_spec_schema(service: ReconciliationService) -> None:
    status, headers, body = call(service, "GET", "/reconcile")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    manifest = json.loads(body)
    valid("manifest.json", manifest)
    assert manifest["preview"]["url"] == "http://127.0.0.1:7878/reconcile/preview?id={{id}}"
    assert "Person" in {t["id"] for t in manifest["defaultTypes"]}
    assert list(validator("manifest.json").iter_errors({"name": "no versions", "identifierSpace": "x", "schemaSpace": "y"})), "the schema can fail"


def test_an_openrefine_batch_finds_people_across_alphabets(service: ReconciliationService) -> None:
    valid("reconciliation-query-batch.json", OPENREFINE_BATCH)
    status, _, body = call(service, "POST", "/reconcile", {"queries": json.dumps(OPENREFINE_BATCH)})
    assert status == 200
    answer = json.loads(body)
    valid("reconciliation-result-batch.json", answer)
    assert set(answer) == set(OPENREFINE_BATCH)
    found = {c["id"].removeprefix(BASE): c for c in answer["q0"]["result"]}
    assert {"a-dzhakishev", "b-dzhakishev", "c-jakishev", "c-djakishev", "c-dzhakishev-junior"} <= set(found)
    junior = found["c-dzhakishev-junior"]
    born_1962 = [found[k]["score"] for k in ("a-dzhakishev", "b-dzhakishev", "c-djakishev")]
    assert junior["score"] < min(born_1962), "a birth year given in the spreadsheet counts against a namesake"
    assert {"id": "contradicted", "value": True} in junior["features"] and "against: born" in junior["description"]
    assert all(c["match"] is False for q in answer.values() for c in q["result"]), "proposed, never decided"
    assert [c["id"].removeprefix(BASE) for c in answer["q1"]["result"]][:3] == sorted(["a-bilash", "b-bilash", "c-bilash"])
    assert answer["q2"]["result"][0]["id"] == BASE + "a-liu" and "citizenship: China (both)" in answer["q2"]["result"][0]["description"]
    assert answer["q3"]["result"] == []


def test_a_birth_date_column_picks_the_right_namesake(service: ReconciliationService) -> None:
    answer = service.reconcile({"q": {"query": "Mukhtar Dzhakishev", "properties": [{"pid": "birthDate", "v": "1990"}]}})
    assert answer["q"]["result"][0]["id"] == BASE + "c-dzhakishev-junior"


def test_suggest_and_data_extension_pass_the_spec_schemas(service: ReconciliationService) -> None:
    status, _, body = call(service, "GET", "/reconcile/suggest/entity", {"prefix": "Dzhak"})
    suggestions = json.loads(body)
    valid("suggest-entities-response.json", suggestions)
    assert {BASE + "a-dzhakishev", BASE + "b-dzhakishev"} <= {s["id"] for s in suggestions["result"]}
    query = {"ids": [BASE + "a-dzhakishev", BASE + "a-mamay", "https://example.org/unknown"], "properties": [{"id": "birthDate"}, {"id": "citizenship"}, {"id": "relatives"}]}
    valid("data-extension-query.json", query)
    status, _, body = call(service, "POST", "/reconcile", {"extend": json.dumps(query)})
    extended = json.loads(body)
    valid("data-extension-response.json", extended)
    actors = {a["id"]: a for a in yaml.safe_load(PEOPLE.read_text(encoding="utf-8"))["actors"]}
    row = extended["rows"][BASE + "a-dzhakishev"]
    assert row["birthDate"] == [{"str": str(actors["a-dzhakishev"]["birthDate"])}]
    assert row["citizenship"] == [{"id": "https://w3id.org/rightsgraph/id/state/kz", "name": "Kazakhstan"}]
    assert extended["rows"][BASE + "a-mamay"]["relatives"] == [{"id": BASE + "a-aidos", "name": "Aidos Sadykov"}]
    assert extended["rows"]["https://example.org/unknown"] == {"birthDate": [], "citizenship": [], "relatives": []}
    proposed = json.loads(call(service, "GET", "/reconcile/extend/propose", {"type": "Person"})[2])
    assert {"id": "birthDate", "name": "birth date"} in proposed["properties"]


def test_preview_escapes_everything(write_case: Callable[..., Path]) -> None:
    hostile = '<img src=x onerror="alert(1)">'
    case = write_case(f"""
        sources:
          - {{id: s, title: t, summary: s, locator: l, confidence: low}}
        actors:
          - id: x
            type: Person
            name: '{hostile}'
            description: '<script>alert(2)</script>'
            sources: [s]
        """)
    service = ReconciliationService(load_graph([case])[0])
    status, headers, body = call(service, "GET", "/reconcile/preview", {"id": BASE + "x"})
    text = body.decode()
    assert status == 200 and "<img" not in text and "<script" not in text and "&lt;img" in text
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert call(service, "GET", "/reconcile/preview", {"id": "https://example.org/nothing"})[0] == 404


def test_cors_preflight_and_bad_requests(service: ReconciliationService) -> None:
    status, headers, _ = call(service, "OPTIONS", "/reconcile")
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*" and "POST" in headers["Access-Control-Allow-Methods"]
    status, headers, body = call(service, "POST", "/reconcile", {"queries": "{not json"})
    assert status == 400 and body.startswith(b"bad request") and headers["Access-Control-Allow-Origin"] == "*"
    assert call(service, "POST", "/reconcile", {"queries": "[1, 2]"})[0] == 400
    assert call(service, "DELETE", "/reconcile")[0] == 405


@pytest.mark.server
def test_served_beside_sparql_on_a_read_only_server(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([PEOPLE], None, store=store)
    snapshot_service = ReconciliationService(load_graph([PEOPLE])[0])
    routes = RouteTable()
    routes.mount("/reconcile", snapshot_service.handle, is_write=never_writes)
    with sparql_server(store, Policy("127.0.0.1", 0), routes) as front:
        base = front.policy.base
        data = urllib.parse.urlencode({"queries": json.dumps({"q0": {"query": "Jakishev Mukhtar"}})}).encode()
        request = urllib.request.Request(f"{base}/reconcile", data=data, headers={"Origin": "https://openrefine.example"})
        with urllib.request.urlopen(request, timeout=10) as response:
            answer: dict[str, Any] = json.loads(response.read())
            assert response.headers["Access-Control-Allow-Origin"] == "*"
        valid("reconciliation-result-batch.json", answer)
        assert BASE + "c-jakishev" in {c["id"] for c in answer["q0"]["result"]}
        assert urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=10).read() == b'{"head":{},"boolean":true}'
        spoofed = urllib.request.Request(f"{base}/reconcile", headers={"Host": "evil.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(spoofed, timeout=10)
        assert refused.value.code == 421


@pytest.mark.server
def test_rightsgraph_serve_mounts_the_service_and_prints_its_url(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    from tests.servers import free_port, stop_process

    store = tmp_path / "store"
    build([PEOPLE], None, store=store)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "rightsgraph.cli", "serve", "--store", str(store), "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            try:
                manifest = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/reconcile", timeout=2).read())
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        valid("manifest.json", manifest)
    finally:
        stop_process(process, grace=20)
    assert process.stdout is not None
    assert f"reconciliation service (paste into OpenRefine): http://127.0.0.1:{port}/reconcile" in process.stdout.read().decode()
