"""Local queries: no call to another server unless asked (SERVICE), and a deadline for each."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import rightsgraph.api as rg
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import LocalTarget
from rightsgraph.queries.local import QueryTimeout, within_deadline
from rightsgraph.queries.outbound import OutboundCallError, outbound_calls
from tests.servers import Reply, ScriptedHTTPServer

ANSWER = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "from afar"}}]}}).encode()
RESULTS = {"Content-Type": "application/sparql-results+json"}
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def service_query(url: str) -> str:
    return f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?s ?p ?x }} }}"


@pytest.mark.parametrize("command", ["sparql", "query --file", "view query --file"])
def test_service_is_refused_and_nothing_is_sent(command: str, cli: Callable[..., Result], tmp_path: Path) -> None:
    with ScriptedHTTPServer([Reply(200, ANSWER, RESULTS)]) as victim:
        text = service_query(victim.url)
        query_file = tmp_path / "call.rq"
        query_file.write_text(text, encoding="utf-8")
        if command == "sparql":
            result = cli("sparql", text)
        elif command == "query --file":
            result = cli("query", "--file", query_file)
        else:
            result = cli("view", "query", "--file", query_file, "--out", tmp_path / "view.html")
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: SERVICE <{victim.url}>: the query would contact another server, which is refused (allow it with --allow-service)\n"
    assert victim.requests == []
    assert not (tmp_path / "view.html").exists()


def test_service_is_refused_in_the_python_api(builtin_kg: KnowledgeGraph) -> None:
    with ScriptedHTTPServer([Reply(200, ANSWER, RESULTS)]) as victim:
        with pytest.raises(OutboundCallError):
            rg.sparql(service_query(victim.url), builtin_kg)
    assert victim.requests == []


def test_allow_service_calls_the_server_within_the_deadline(cli: Callable[..., Result]) -> None:
    with ScriptedHTTPServer([Reply(200, ANSWER, RESULTS)]) as remote:
        result = cli("sparql", service_query(remote.url), "--allow-service", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["x", "from afar"]
    assert len(remote.requests) == 1


def test_a_trickling_service_is_stopped_at_the_deadline(cli: Callable[..., Result]) -> None:
    with ScriptedHTTPServer([Reply(200, ANSWER, RESULTS, trickle=0.5)]) as slow:
        started = time.monotonic()
        result = cli("sparql", service_query(slow.url), "--allow-service", "--timeout", "2")
        took = time.monotonic() - started
    assert result.exit_code == 2
    assert result.stderr.startswith("error: the query ran longer than 2 s") and result.stderr.count("\n") == 1
    assert took < 10


def test_a_failing_service_is_one_line(cli: Callable[..., Result]) -> None:
    with ScriptedHTTPServer([Reply(500, b"broken", {"Content-Type": "text/plain"})]) as failing:
        result = cli("sparql", service_query(failing.url), "--allow-service")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: query failed: ") and result.stderr.count("\n") == 1 and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "calls"),
    [
        ('SELECT * { ?s ?p "customer service" }', []),
        ("SELECT * { ?s <https://example.org/service> ?o }", []),
        ("SELECT * { \\u0053ERVICE <http://example.org/> { ?s ?p ?o } }", ["SERVICE <http://example.org/>"]),
        ("select * { service silent ?where { ?s ?p ?o } }", ["SERVICE ?where"]),
        ("ASK { FILTER NOT EXISTS { { SELECT * { OPTIONAL { SERVICE <urn:x> { ?s ?p ?o } } } } } }", ["SERVICE <urn:x>"]),
    ],
)
def test_service_is_found_by_parsing(text: str, calls: list[str]) -> None:
    assert outbound_calls(text) == calls


def test_load_in_an_update_is_an_outbound_call() -> None:
    assert outbound_calls("LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <urn:g>", "update") == ["LOAD <http://example.org/data.ttl>"]
    assert outbound_calls("INSERT DATA { <urn:a> <urn:load> 'load' }", "update") == []


def test_a_local_query_has_a_default_deadline(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIGHTSGRAPH_QUERY_TIMEOUT", "1.5")
    started = time.monotonic()
    result = cli("sparql", CROSS_JOIN)
    assert result.exit_code == 2
    assert result.stderr == "error: the query ran longer than 1.5 s and was stopped (allow more with --timeout or RIGHTSGRAPH_QUERY_TIMEOUT)\n"
    assert time.monotonic() - started < 30  # the built-in data loads first


def test_a_streaming_query_stops_at_the_deadline(builtin_kg: KnowledgeGraph) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        LocalTarget(builtin_kg, timeout=1).run("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert time.monotonic() - started < 5


def test_a_bad_deadline_setting_is_one_line(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIGHTSGRAPH_QUERY_TIMEOUT", "soon")
    result = cli("sparql", "ASK {}")
    assert result.exit_code == 2 and result.stderr == "error: RIGHTSGRAPH_QUERY_TIMEOUT='soon' is not a number of seconds above 0\n"


def test_errors_of_the_work_reach_the_caller() -> None:
    def failing(stop: object) -> None:
        raise ValueError("from the worker")

    with pytest.raises(ValueError, match="from the worker"):
        within_deadline(failing, 5)
    assert within_deadline(lambda stop: 42, 5) == 42
