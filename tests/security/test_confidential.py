"""Confidentiality: nothing marked confidential reaches any byte of a public output.

The fixture (``tests/fixtures/confidential.yaml``) has a confidential person (Zarina Hiddenova),
a confidential source (an interview naming Marat Secretov) and a confidential value (Dana
Openova's hiding place). Every public output is built from it through the CLI and searched, in
raw, JSON-escaped, XML-escaped and URL-encoded form, for every secret listed below.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import RDFS, Literal, URIRef

from rightsgraph.build import load_graph
from rightsgraph.graph.confidential import KEY_VARIABLE, find_confidential, is_withheld, public_copy
from rightsgraph.graph.iris import DEFAULT_BASE
from rightsgraph.ontology import RG
from tests.servers import OxigraphServer, Reply, ScriptedHTTPServer, free_port

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "confidential.yaml"

SECRETS = [
    # the confidential person: names, ids, description, birth date, link
    "Zarina Hiddenova", "Зарина Хидденова", "zarina-hiddenova", "A schoolteacher who spoke to the press", "1990-04-02", "Q99000999",
    # the confidential source: its id, title, URL, locator, summary, quote, and who it names
    "witness-interview", "Notes of an interview", "interview-notes-7", "interview notebook", "A former guard", "they beat her every night",
    "Marat Secretov", "marat-secretov", "beating-of-dana-openova", "Night beatings",
    # the confidential value
    "Quiet Lane",
]
PUBLIC = "Dana Openova"
"""What stays: a public output that lost it would pass the secrets check by being empty."""


def _forms(secret: str) -> set[bytes]:
    forms = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], html.escape(secret), urllib.parse.quote(secret)}
    forms |= {f.replace(" ", "%20") for f in forms}
    return {f.encode("utf-8") for f in forms} | {secret.encode("utf-16-le")}


def leaks(data: bytes) -> list[str]:
    """The secrets found in ``data`` (case-insensitive, in any of the forms above)."""
    lowered = data.lower()
    return [s for s in SECRETS if any(form.lower() in lowered for form in _forms(s))]


def assert_public(path: Path) -> None:
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    assert files, f"nothing was written at {path}"
    for file in files:
        assert leaks(file.read_bytes()) == [], file
    assert any(PUBLIC.encode() in f.read_bytes() or json.dumps(PUBLIC).encode()[1:-1] in f.read_bytes() for f in files), path


@pytest.fixture(scope="module")
def confidential_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working (not public) store of the fixture."""
    from rightsgraph.build import build

    store = tmp_path_factory.mktemp("working") / "store"
    build([FIXTURE], None, store=store)
    return store


def test_the_secrets_are_in_the_data(tmp_path: Path, cli: Callable[..., Result]) -> None:
    """The control: without --public every secret is written, and the CLI warns."""
    result = cli("build", FIXTURE, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "warning: the outputs include data marked confidential (1 record, 1 source, 2 graphs of facts)" in result.stderr
    assert set(leaks((tmp_path / "out" / "graph.trig").read_bytes())) == set(SECRETS)
    export = cli("export", "--format", "ftm", "--out", tmp_path / "e.ftm.json", "--input", FIXTURE)
    assert "warning: the output includes data marked confidential" in export.stderr
    assert "Zarina Hiddenova" in leaks((tmp_path / "e.ftm.json").read_bytes())


@pytest.mark.parametrize("validate", [[], ["--no-validate"]], ids=["validated", "not-validated"])
def test_public_build_folder_and_store(tmp_path: Path, cli: Callable[..., Result], validate: list[str]) -> None:
    result = cli("build", FIXTURE, "--out", tmp_path / "out", "--store", tmp_path / "store", "--public", *validate)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    assert "Public build: left out or pseudonymised what is marked confidential" in result.output
    names = {p.name for p in (tmp_path / "out").rglob("*")}
    assert {"graph.trig", "graph.ttl", "graph.jsonld", "index.html", "overview.html", "timeline.html"} <= names
    assert_public(tmp_path / "out")
    # the store holds the public copy too: read it back through every export
    for fmt in ("trig", "nquads"):
        cli("export", "--format", fmt, "--out", tmp_path / f"store.{fmt}", "--store", tmp_path / "store")
        assert_public(tmp_path / f"store.{fmt}")


UNDATED_DECISION = """
  - id: decision-on-dana-openova
    type: CourtDecision
    name: Decision on Dana Openova
    defendant: dana-openova
    sources: [public-statement]
"""
"""A decision without court or date: two validation warnings, located in the file."""


@pytest.mark.parametrize("where", [["--out"], ["--store"], ["--out", "--store"]])
def test_public_build_scrubs_its_validation_messages(tmp_path: Path, cli: Callable[..., Result], where: list[str]) -> None:
    """Warnings name their file; a file named after a confidential record must not leak it."""
    case = tmp_path / "zarina-hiddenova.yaml"
    case.write_text(FIXTURE.read_text(encoding="utf-8") + UNDATED_DECISION, encoding="utf-8")
    folders = {"--out": tmp_path / "out", "--store": tmp_path / "store"}
    args = [arg for option in where for arg in (option, folders[option])]
    control = cli("build", case, *args)
    assert "with 2 warning(s)" in control.stdout and "zarina-hiddenova" in leaks(control.stdout.encode())
    result = cli("build", case, *args, "--public")
    assert result.exit_code == 0, result.output
    assert "with 2 warning(s)" in result.stdout
    assert leaks(result.stdout.encode() + result.stderr.encode()) == []
    if "--out" in where:
        report = (tmp_path / "out" / "index.html").read_bytes()
        assert b"Name the court that took this decision" in report
        assert leaks(report) == []


@pytest.mark.parametrize("fmt", ["trig", "turtle", "nquads", "jsonld", "gexf", "graphml", "ftm", "yaml"])
def test_public_exports(fmt: str, confidential_store: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    out = tmp_path / f"export.{fmt}"
    result = cli("export", "--format", fmt, "--out", out, "--store", confidential_store, "--public")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    assert_public(out)


@pytest.mark.parametrize(
    "args",
    [
        ["overview"],
        ["ego", "Dana Openova", "--hops", "3"],
        ["timeline"],
        ["timeline", "Dana Openova"],
        ["query", "actors-by-type", "-p", "type=Person"],
        ["path", "Dana Openova", "Detention of Dana Openova"],
        ["query", "actor-profile", "-p", "actor=Dana Openova"],
    ],
)
def test_public_views(args: list[str], confidential_store: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    out = tmp_path / "view.html"
    result = cli("view", *args, "--store", confidential_store, "--out", out, "--public")
    assert result.exit_code == 0, result.output
    assert_public(out)


def test_public_query_and_analysis_output(confidential_store: Path, cli: Callable[..., Result]) -> None:
    for args in (["query", "sources", "--format", "json"], ["sparql", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv"], ["analyze"]):
        result = cli(*args, "--store", confidential_store, "--public")
        assert result.exit_code == 0, result.output
        assert leaks(result.stdout.encode()) == [], args
    control = cli("sparql", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv", "--store", confidential_store)
    assert "Marat Secretov" in leaks(control.stdout.encode())


def test_public_push_to_a_real_server(confidential_store: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    with OxigraphServer(None, tmp_path, writable=True) as server:
        result = cli("push", "--endpoint", server.store_url, "--update", server.update_url, "--store", confidential_store, "--public")
        assert result.exit_code == 0, result.output
        request = urllib.request.Request(server.store_url, headers={"Accept": "application/n-quads"})
        dump = urllib.request.urlopen(request, timeout=30).read()
    assert PUBLIC.encode() in dump
    assert leaks(dump) == []


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def test_public_serve(confidential_store: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "rightsgraph.cli", "serve", "--store", str(confidential_store), "--port", str(port), "--public"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(f"http://127.0.0.1:{port}/query", process)
        query = urllib.parse.urlencode({"query": "SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"})
        request = urllib.request.Request(f"http://127.0.0.1:{port}/query?{query}", headers={"Accept": "text/csv"})
        answer = urllib.request.urlopen(request, timeout=30).read()
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode()
    assert "Serving the public copy" in output
    assert PUBLIC.encode() in answer
    assert leaks(answer) == []


def test_the_wikidata_linker_sends_nothing_confidential(tmp_path: Path, cli: Callable[..., Result]) -> None:
    empty = json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": []}}).encode()
    with ScriptedHTTPServer([Reply(200, empty, {"Content-Type": "application/sparql-results+json"})]) as server:
        result = cli("link", "wikidata", "--input", FIXTURE, "--endpoint", server.url, "--pause", "0", "--review", tmp_path / "review.yaml")
        assert result.exit_code == 0, result.output
    sent = b"".join(urllib.parse.unquote_to_bytes(r.body.replace(b"+", b" ")) + r.path.encode() for r in server.requests)
    assert b"Dana Openova" in sent
    assert leaks(sent) == []
    assert leaks((tmp_path / "review.yaml").read_bytes()) == []


def test_structure_kept_with_stable_keyed_pseudonyms(monkeypatch: pytest.MonkeyPatch) -> None:
    kg, _ = load_graph([FIXTURE])
    found = find_confidential(kg)
    monkeypatch.setenv(KEY_VARIABLE, "a secret kept by the publisher")
    first, second = public_copy(kg, found), public_copy(kg, found)
    dana = URIRef(DEFAULT_BASE + "person/dana-openova")
    sisters = [row["s"] for row in first.select(f"SELECT ?s WHERE {{ {dana.n3()} rg:siblingOf ?s }}")]
    assert len(sisters) == 1 and is_withheld(sisters[0]) and str(sisters[0]).startswith(DEFAULT_BASE + "person/withheld-")
    assert first.select(f"SELECT ?l WHERE {{ {sisters[0].n3()} rdfs:label ?l }}")[0]["l"] == Literal("withheld person")
    assert [row["s"] for row in second.select(f"SELECT ?s WHERE {{ {dana.n3()} rg:siblingOf ?s }}")] == sisters
    # the detention of the withheld person stays an event of a withheld person, with its date
    detained = first.select("SELECT ?e ?label ?date WHERE { ?e rg:detainee ?p ; rdfs:label ?label ; rg:dateEDTF ?date FILTER CONTAINS(STR(?p), '/withheld-') }")
    assert [(str(r["label"]), str(r["date"])) for r in detained] == [("Detention of [withheld]", "2021-05")]
    monkeypatch.setenv(KEY_VARIABLE, "another key")
    third = public_copy(kg, found)
    assert [row["s"] for row in third.select(f"SELECT ?s WHERE {{ {dana.n3()} rg:siblingOf ?s }}")] != sisters
    assert not any(True for _ in first.store.quads_for_pattern(None, None, None, None) if "confidential" in str(_.predicate))
    assert (dana, RDFS.comment, Literal("A journalist from Taraz.")) in {(r["s"], r["p"], r["o"]) for r in first.select(f"SELECT ?s ?p ?o WHERE {{ BIND({dana.n3()} AS ?s) ?s ?p ?o }}")}
    assert RG.confidential not in {r["p"] for r in first.select("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }")}


def test_graph_names_carrying_a_withheld_id_are_pseudonymised() -> None:
    """A public source named after a confidential person (rfe-2021-zarina-hiddenova) keeps its facts under a pseudonym."""
    kg, _ = load_graph([FIXTURE])
    public = public_copy(kg, find_confidential(kg))
    named = DEFAULT_BASE + "graph/rfe-2021-zarina-hiddenova"
    assert URIRef(named) in kg.graphs()
    graphs = [str(g) for g in public.graphs()]
    assert not [g for g in graphs if "hiddenova" in g]
    withheld = [g for g in public.fact_graphs() if is_withheld(g)]
    assert len(withheld) == 1 and str(withheld[0]).startswith(DEFAULT_BASE + "graph/withheld-")
    # the provenance describes the graph under the same pseudonym, so every fact keeps its source
    described = public.select(f"SELECT ?s WHERE {{ GRAPH ?p {{ {withheld[0].n3()} prov:wasDerivedFrom ?s }} }}")
    assert len(described) == 1 and is_withheld(described[0]["s"])
    assert public.ask(f"ASK {{ GRAPH {withheld[0].n3()} {{ ?e rdfs:label 'Detention of [withheld]' }} }}")
