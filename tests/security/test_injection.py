"""Injection: hostile text in every field that reaches a SPARQL Update (a push) or the Wikidata
linker's queries leaves their structure unchanged. Requests are captured as sent, parsed with
rdflib's SPARQL parser, and compared with what they must be; a real Oxigraph then receives the
same push and must hold exactly the local graphs, next to a graph the push must not touch.
(Query parameters are covered by ``tests/queries/test_binding.py``.)"""

from __future__ import annotations

import json
import textwrap
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from rightsgraph.build import load_graph
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.graph.push import PushOptions, Server, push, push_order, stale_graphs_update
from rightsgraph.graph.terms import from_ox
from rightsgraph.queries import Endpoint
from rightsgraph.loaders.wikidata import capitalisations
from tests.servers import OxigraphServer, Reply, ScriptedHTTPServer

HOSTILE = [
    '"} } ; DROP ALL ; INSERT DATA { GRAPH <urn:evil> { <urn:a> <urn:b> "c" } } #',
    "''' } } ; CLEAR ALL ; #",
    '""" ) } ; DELETE WHERE { ?s ?p ?o }',
    "x' } UNION { ?s ?p ?o } #",
    "> . <urn:evil> <urn:evil> <urn:evil",
    "C:\\temp\\new folder\\",
    "multi\nline } { text",
    "Ана Иванова 张伟 {?} # 🙂",
]


def hostile_case(folder: Path, names: list[str]) -> Path:
    """A case file with a hostile text in every kind of text field."""
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    path = folder / "hostile.yaml"
    path.write_text(textwrap.dedent(f"""\
        sources:
          - id: src
            title: {q(names[0])}
            summary: {q(names[1])}
            quote: {q(names[2][:200])}
            locator: {q(names[3])}
            url: "https://example.org/a'b?c=%7D&d=%22#x"
        actors:
          - id: person-a
            type: Person
            name: {q(names[4])}
            altNames: [{q(names[5])}]
            description: {q(names[6])}
            sources: [src]
          - id: person-b
            type: Person
            name: {q(names[7])}
            sources: [src]
        events:
          - id: ill-treatment
            type: IllTreatment
            name: {q(names[0] + " / " + names[7])}
            victim: person-a
            consequence: {q(names[1])}
            sources: [src]
        """), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    kg, _ = load_graph([hostile_case(tmp_path_factory.mktemp("case"), HOSTILE)])
    return kg


def operations(update_text: str) -> list[CompValue]:
    return list(translateUpdate(parseUpdate(update_text)).algebra)


def triples_of(operation: CompValue) -> set[tuple[object, ...]]:
    """The triples an INSERT DATA operation carries, with the graph each goes to."""
    found = set()
    for quad_graph, triples in operation["quads"].items():
        found |= {(quad_graph, *t) for t in triples}
    return found


def local_triples(kg: KnowledgeGraph, graph: URIRef | None) -> set[tuple[object, ...]]:
    name = ox.DefaultGraph() if graph is None else ox.NamedNode(str(graph))
    return {(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in kg.store.quads_for_pattern(None, None, None, name)}


def test_push_updates_carry_hostile_text_as_plain_literals(hostile_kg: KnowledgeGraph) -> None:
    assert any(HOSTILE[0] in str(row["o"]) for row in hostile_kg.select("SELECT ?o WHERE { ?s ?p ?o }")), "the hostile text is in the graph"
    with ScriptedHTTPServer([Reply(204)]) as server:
        push(hostile_kg, Server(None, server.url, PushOptions(chunk=7)))
    texts = [urllib.parse.parse_qs(r.body.decode("utf-8"))["update"][0] for r in server.requests]
    sent: dict[str, set[tuple[object, ...]]] = {}
    moves: list[tuple[str, str]] = []
    cleanups = [text for text in texts if text == stale_graphs_update(hostile_kg.graphs())]
    assert len(cleanups) == 1, "graphs an earlier push left are removed once, by rightsgraph's own update"
    for text in texts:
        if text in cleanups:
            continue
        (operation,) = operations(text)  # one operation per request: nothing was appended
        if operation.name == "InsertData":
            assert not operation.get("triples"), "INSERT DATA outside a GRAPH"
            for graph, *triple in triples_of(operation):
                assert str(graph).startswith("urn:rightsgraph:push:")
                sent.setdefault(str(graph), set()).add(tuple(triple))
        else:
            assert operation.name == "Move", operation.name
            moves.append((str(operation["graph"][0]), str(operation["graph"][1])))
    facts, last = push_order(hostile_kg.graphs(), union=True)
    targets = [*facts, *last]
    assert len(moves) == len(targets) and {m[0] for m in moves} == set(sent)
    for (temporary, destination), graph in zip(moves, targets):
        assert destination == ("DEFAULT" if graph is None else str(graph))
        assert sent[temporary] == local_triples(hostile_kg, graph), destination


def test_the_same_push_to_a_real_server_changes_only_its_graphs(hostile_kg: KnowledgeGraph, tmp_path: Path) -> None:
    with OxigraphServer(None, tmp_path, writable=True) as server:
        canary = Server(server.store_url, None)
        canary.put(URIRef("urn:canary"), b"<urn:canary> <urn:canary> \"still here\" .\n")
        push(hostile_kg, Server(None, server.update_url, PushOptions(chunk=7)))
        endpoint = Endpoint(server.query_url)
        rows = endpoint.run("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    on_server: dict[str, set[tuple[object, ...]]] = {}
    for row in rows:
        on_server.setdefault(str(row["g"]), set()).add((row["s"], row["p"], row["o"]))
    assert on_server.pop("urn:canary") == {(URIRef("urn:canary"), URIRef("urn:canary"), Literal("still here"))}
    assert set(on_server) == {str(g) for g in hostile_kg.graphs()}
    for graph in hostile_kg.graphs():
        assert on_server[str(graph)] == local_triples(hostile_kg, graph)


def query_shape(text: str, names: list[str]) -> str:
    """The parsed algebra of a lookup, with the names looked up replaced by a marker."""
    algebra = translateQuery(parseQuery(text)).algebra

    def walk(node: object) -> object:
        if isinstance(node, Literal) and any(str(node) == n for n in names):
            return "__NAME__"
        if isinstance(node, CompValue):
            return (node.name, tuple(sorted((k, walk(v)) for k, v in node.items() if k != "_vars")))
        if isinstance(node, dict):
            return tuple(sorted((str(k), walk(v)) for k, v in node.items()))
        if isinstance(node, (list, tuple)):
            return tuple(walk(v) for v in node)
        return str(node)

    return repr(walk(algebra))


def lookups(cli: Callable[..., Result], case: Path, tmp_path: Path) -> list[str]:
    empty = json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": []}}).encode()
    with ScriptedHTTPServer([Reply(200, empty, {"Content-Type": "application/sparql-results+json"})]) as server:
        result = cli("link", "wikidata", "--input", case, "--endpoint", server.url, "--pause", "0", "--review", tmp_path / "review.yaml", "--languages", "en")
        assert result.exit_code == 0, result.output + result.stderr
    return [urllib.parse.parse_qs(r.body.decode("utf-8"))["query"][0] for r in server.requests]


def test_hostile_names_reach_the_wikidata_linker_as_names(cli: Callable[..., Result], tmp_path: Path) -> None:
    benign_names = ["title", "summary", "quote", "locator", "Benign Person", "Benign Alias", "description", "Other Person"]
    (tmp_path / "benign").mkdir()
    (tmp_path / "evil").mkdir()
    benign = lookups(cli, hostile_case(tmp_path / "benign", benign_names), tmp_path)
    evil = lookups(cli, hostile_case(tmp_path / "evil", HOSTILE), tmp_path)
    assert len(evil) == len(benign) >= 1
    assert any(HOSTILE[4] in text or json.dumps(HOSTILE[4])[1:-1] in text for text in evil), "the hostile name was looked up"
    # Each name is looked up as written and in two capitalisations (always three forms).
    def forms(names: list[str]) -> list[str]:
        return [form for name in names for form in capitalisations(name)]

    for evil_text, benign_text in zip(evil, benign):
        assert query_shape(evil_text, forms([HOSTILE[4], HOSTILE[5], HOSTILE[7]])) == query_shape(benign_text, forms(["Benign Person", "Benign Alias", "Other Person"]))
