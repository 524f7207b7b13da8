"""The push, request by request, against a small server made here: a Graph Store ``PUT`` and a
SPARQL Update ``POST`` applied to an Oxigraph store in this process. What ends up on it is
compared with the local graphs (an independent check: the server's own store reads the data),
and the requests with what the protocols prescribe: which graph, in which order, how many
chunks, how many retries and waits, which errors stop the push.

These are the push's quick tests; ``test_injection.py`` and ``test_faults.py`` push to a real
Oxigraph server and through broken connections.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from rdflib import RDF, BNode, Literal, URIRef

from rightsgraph.errors import EndpointError
from rightsgraph.graph.iris import ONTOLOGY_GRAPH, PROVENANCE_GRAPH, SYSTEM_BASE
from rightsgraph.graph.push import TEMPORARY_PREFIX, PushOptions, PushReport, Server, graph_ntriples, push, push_order, stale_graphs_update
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.ontology import RG
from tests.servers import Reply, ScriptedHTTPServer, Seen, free_port

EX = "https://example.org/"
FACTS_A, FACTS_B = URIRef(EX + "graph/a"), URIRef(EX + "graph/b")


def small_graph() -> KnowledgeGraph:
    """Two fact graphs (3 and 2 triples) and a provenance graph describing them (4 triples)."""
    kg = KnowledgeGraph()
    person = URIRef(EX + "person/p")
    kg.add_quads([
        (person, RDF.type, RG.Person, FACTS_A),
        (person, URIRef(EX + "name"), Literal('Ana "} DROP ALL'), FACTS_A),
        (person, URIRef(EX + "age"), Literal(3), FACTS_A),
        (URIRef(EX + "event/e"), RG.detainee, person, FACTS_B),
        (URIRef(EX + "event/e"), RDF.type, RG.Detention, FACTS_B),
        (FACTS_A, RDF.type, RG.FactGraph, PROVENANCE_GRAPH),
        (FACTS_B, RDF.type, RG.FactGraph, PROVENANCE_GRAPH),
        (FACTS_A, URIRef(EX + "from"), Literal("a"), PROVENANCE_GRAPH),
        (FACTS_B, URIRef(EX + "from"), Literal("b"), PROVENANCE_GRAPH),
    ])
    kg.rebuild_union()
    return kg


def triples(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in store.quads_for_pattern(None, None, None, graph)}


def non_empty(store: ox.Store) -> set[str]:
    return {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode) and any(True for _ in store.quads_for_pattern(None, None, None, g))}


class FakeServer:
    """A Graph Store endpoint (``/store``) and an Update endpoint (``/update``) over one Oxigraph store."""

    def __init__(self, fail: Callable[[Seen, int], Reply | None] | None = None) -> None:
        self.store = ox.Store()
        self.fail = fail
        self.http = ScriptedHTTPServer(self.answer)
        base = self.http.url.rsplit("/", 1)[0]
        self.store_url, self.update_url = base + "/store", base + "/update"

    def answer(self, seen: Seen) -> Reply:
        failed = self.fail(seen, len(self.http.requests)) if self.fail else None
        if failed is not None:
            return failed
        path, _, query = seen.path.partition("?")
        if seen.method == "PUT" and path.endswith("/store"):
            arguments = urllib.parse.parse_qs(query, keep_blank_values=True)
            graph = ox.DefaultGraph() if "default" in arguments else ox.NamedNode(arguments["graph"][0])
            self.store.remove_graph(graph) if isinstance(graph, ox.NamedNode) and self.store.contains_named_graph(graph) else self.store.clear_graph(graph)
            self.store.load(seen.body, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
            return Reply(204)
        if seen.method == "POST" and path.endswith("/update"):
            self.store.update(urllib.parse.parse_qs(seen.body.decode("utf-8"))["update"][0])
            return Reply(204)
        return Reply(405, b"not here")

    def updates(self) -> list[str]:
        return [urllib.parse.parse_qs(r.body.decode("utf-8"))["update"][0] for r in self.http.requests if r.method == "POST"]

    def graphs(self) -> set[str]:
        """The graphs holding triples (a DELETE leaves an empty graph behind, which is no data)."""
        return non_empty(self.store)

    def __enter__(self) -> FakeServer:
        self.http.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.__exit__()


def assert_holds(server: FakeServer, kg: KnowledgeGraph, union: bool = True) -> None:
    """The server holds exactly the local named graphs (and, with ``union``, their union as its default graph)."""
    assert server.graphs() == {str(g) for g in kg.graphs()}
    for graph in kg.graphs():
        assert triples(server.store, ox.NamedNode(str(graph))) == triples(kg.store, ox.NamedNode(str(graph))), graph
    every = set().union(*(triples(kg.store, ox.NamedNode(str(g))) for g in kg.graphs()))
    assert triples(server.store, ox.DefaultGraph()) == (every if union else set())


@pytest.mark.parametrize("endpoints", ["store", "update", "both"])
def test_every_graph_arrives_whole_whichever_endpoints(endpoints: str) -> None:
    kg = small_graph()
    with FakeServer() as server:
        target = Server(server.store_url if endpoints != "update" else None, server.update_url if endpoints != "store" else None, PushOptions(chunk=2))
        report = push(kg, target)
    assert_holds(server, kg)
    assert [(p.graph, p.triples) for p in report.pushed] == [(str(FACTS_A), 3), (str(FACTS_B), 2), (str(PROVENANCE_GRAPH), 4), ("the default graph (union)", 9)]
    assert report.removed_stale is (endpoints != "store")


def test_with_an_update_endpoint_each_graph_is_uploaded_aside_then_moved() -> None:
    kg = small_graph()
    with FakeServer() as server:
        push(kg, Server(server.store_url, server.update_url))
    puts = [r for r in server.http.requests if r.method == "PUT"]
    moves = [u for u in server.updates() if u.startswith("MOVE")]
    temporaries = [urllib.parse.parse_qs(r.path.partition("?")[2])["graph"][0] for r in puts]
    assert all(t.startswith(TEMPORARY_PREFIX) for t in temporaries) and len(set(temporaries)) == 4
    assert moves == [
        f"MOVE SILENT GRAPH <{temporaries[0]}> TO GRAPH <{FACTS_A}>",
        f"MOVE SILENT GRAPH <{temporaries[1]}> TO GRAPH <{FACTS_B}>",
        f"MOVE SILENT GRAPH <{temporaries[2]}> TO GRAPH <{PROVENANCE_GRAPH}>",
        f"MOVE SILENT GRAPH <{temporaries[3]}> TO DEFAULT",
    ]
    assert all(r.headers["Content-Type"] == "application/n-triples" and r.headers["User-Agent"].startswith("rightsgraph/") for r in puts)


def test_graph_store_urls_with_a_query_get_the_graph_as_one_more_argument() -> None:
    kg = small_graph()
    with FakeServer() as server:
        push(kg, Server(server.store_url + "?x=1", None), graphs=[FACTS_B])
    (put, default) = server.http.requests
    assert put.path.endswith("/store?x=1&graph=" + urllib.parse.quote(str(FACTS_B), safe=""))
    assert default.path.endswith("/store?x=1&default")


def test_a_partial_push_leaves_other_graphs_alone_and_without_union_the_default_graph_too() -> None:
    kg = small_graph()
    with FakeServer() as server:
        server.store.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("kept"), ox.NamedNode(EX + "graph/old")))
        server.store.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("kept"), ox.NamedNode(TEMPORARY_PREFIX + "x")))
        report = push(kg, Server(None, server.update_url, PushOptions(union=False)), graphs=[FACTS_A])
    assert server.graphs() == {str(FACTS_A), EX + "graph/old", TEMPORARY_PREFIX + "x"}
    assert [p.graph for p in report.pushed] == [str(FACTS_A)] and not report.removed_stale
    assert triples(server.store, ox.DefaultGraph()) == set()


def test_empty_graphs_are_not_sent() -> None:
    kg = small_graph()
    with FakeServer() as server:
        report = push(kg, Server(server.store_url, None), graphs=[URIRef(EX + "graph/none"), FACTS_B])
    assert [p.graph for p in report.pushed] == [str(FACTS_B), "the default graph (union)"]
    assert len(server.http.requests) == 2


def test_progress_is_told_each_graph_and_its_size() -> None:
    told: list[tuple[str, int]] = []
    with FakeServer() as server:
        push(small_graph(), Server(server.store_url, None, PushOptions(union=False)), progress=lambda graph, size: told.append((graph, size)))
    assert told == [(str(FACTS_A), 3), (str(FACTS_B), 2), (str(PROVENANCE_GRAPH), 4)]


def test_a_whole_push_removes_what_an_earlier_push_left_and_nothing_else() -> None:
    kg = small_graph()
    stale = EX + "graph/stale"
    with FakeServer() as server:
        for graph in (stale, SYSTEM_BASE + "old-system", TEMPORARY_PREFIX + "left", EX + "someone-elses"):
            server.store.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("old"), ox.NamedNode(graph)))
        server.store.add(ox.Quad(ox.NamedNode(stale), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RG.FactGraph)), ox.NamedNode(str(PROVENANCE_GRAPH))))
        push(kg, Server(None, server.update_url))
        (cleanup,) = [u for u in server.updates() if u.lstrip().startswith("DELETE")]
    assert server.graphs() == {str(g) for g in kg.graphs()} | {EX + "someone-elses"}
    assert cleanup == stale_graphs_update(kg.graphs())
    moved = [u for u in server.updates() if u.startswith("MOVE")]
    order = server.updates()
    assert order.index(moved[1]) < order.index(cleanup) < order.index(moved[2]), "after the fact graphs, before the provenance"


def test_the_stale_graphs_update_keeps_the_kept_and_foreign_graphs() -> None:
    store = ox.Store()
    names = {"kept": EX + "graph/kept", "fact": EX + "graph/fact", "system": SYSTEM_BASE + "x", "temporary": TEMPORARY_PREFIX + "y", "foreign": EX + "other"}
    for graph in names.values():
        store.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("o"), ox.NamedNode(graph)))
    for graph in (names["kept"], names["fact"]):
        store.add(ox.Quad(ox.NamedNode(graph), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RG.FactGraph)), ox.NamedNode(str(PROVENANCE_GRAPH))))
    store.update(stale_graphs_update([URIRef(names["kept"]), PROVENANCE_GRAPH]))
    assert non_empty(store) == {names["kept"], names["foreign"], str(PROVENANCE_GRAPH)}
    store.update(stale_graphs_update([]))
    assert non_empty(store) == {names["foreign"]}


def test_fact_graphs_go_first_then_the_system_graphs_then_the_union() -> None:
    graphs = [PROVENANCE_GRAPH, FACTS_B, ONTOLOGY_GRAPH, FACTS_A]
    assert push_order(graphs, union=True) == ([FACTS_B, FACTS_A], [PROVENANCE_GRAPH, ONTOLOGY_GRAPH, None])
    assert push_order(graphs, union=False) == ([FACTS_B, FACTS_A], [PROVENANCE_GRAPH, ONTOLOGY_GRAPH])


def test_graph_ntriples_counts_the_triples_it_writes() -> None:
    kg = small_graph()
    data, size = graph_ntriples(kg, FACTS_A)
    assert size == 3 and len(data.splitlines()) == 3
    parsed = {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    assert parsed == triples(kg.store, ox.NamedNode(str(FACTS_A)))
    assert graph_ntriples(kg, None)[1] == 9
    assert graph_ntriples(kg, URIRef(EX + "none")) == (b"", 0)


def test_insert_data_is_sent_in_chunks_of_the_configured_size() -> None:
    lines = [f"<{EX}s> <{EX}p> \"{i}\" .".encode() for i in range(5)]
    for chunk, sizes in ((2, [2, 2, 1]), (1, [1, 1, 1, 1, 1]), (5, [5]), (9, [5])):
        with FakeServer() as server:
            Server(None, server.update_url, PushOptions(chunk=chunk)).insert_data(URIRef(EX + "g"), lines)
        assert [u.count(" .") for u in server.updates()] == sizes, chunk
        assert len(triples(server.store, ox.NamedNode(EX + "g"))) == 5


def test_blank_nodes_go_in_one_request_that_is_not_retried() -> None:
    kg = KnowledgeGraph()
    node = BNode()
    kg.add_quads([(URIRef(EX + "s"), URIRef(EX + "p"), node, FACTS_A), *((node, URIRef(EX + "q"), Literal(i), FACTS_A) for i in range(3))])
    lines = [line for line in graph_ntriples(kg, FACTS_A)[0].splitlines() if line]
    assert sum(1 for line in lines if b"_:" in line) == 4
    with FakeServer() as server:
        Server(None, server.update_url, PushOptions(chunk=1)).insert_data(URIRef(EX + "g"), lines)
    assert len(server.updates()) == 1
    assert len(triples(server.store, ox.NamedNode(EX + "g"))) == 4
    as_subject = [line for line in lines if line.startswith(b"_:")][:1]
    as_object = [line for line in lines if not line.startswith(b"_:")]
    plain = [f"<{EX}s> <{EX}p> \"_:x\" .".encode()]
    for sent, tries in ((as_subject, 1), (as_object, 1), (plain, 3)):
        with ScriptedHTTPServer([Reply(503)]) as http:
            with pytest.raises(EndpointError, match="HTTP 503"):
                Server(None, http.url, PushOptions(chunk=1, retries=2, sleep=lambda s: None)).insert_data(URIRef(EX + "g"), sent)
        assert len(http.requests) == tries, sent


def test_a_codepoint_escape_is_refused_before_anything_is_sent() -> None:
    with FakeServer() as server:
        with pytest.raises(EndpointError, match=r"\\u sequence"):
            Server(None, server.update_url).insert_data(URIRef(EX + "g"), [f"<{EX}s> <{EX}p> \"a\\\\u0022\" .".encode()])
    assert server.http.requests == []


def test_an_upload_that_fails_drops_its_temporary_graph() -> None:
    def refuse_uploads(seen: Seen, n: int) -> Reply | None:
        return Reply(500, b"line one\nthe disk is full\n", {}) if seen.method == "PUT" else None

    with FakeServer(refuse_uploads) as server:
        server.store.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("old"), ox.NamedNode(str(FACTS_A))))
        with pytest.raises(EndpointError, match="HTTP 500 .*: the disk is full$"):
            push(small_graph(), Server(server.store_url, server.update_url))
    (drop,) = server.updates()
    temporary = urllib.parse.parse_qs(server.http.requests[0].path.partition("?")[2])["graph"][0]
    assert drop == f"DROP SILENT GRAPH <{temporary}>"
    assert server.graphs() == {str(FACTS_A)}, "the old graph is as it was"


def test_a_failing_drop_does_not_hide_the_upload_error() -> None:
    with FakeServer(lambda seen, n: Reply(500, b"upload refused") if seen.method == "PUT" else Reply(503, b"drop refused")) as server:
        with pytest.raises(EndpointError, match="upload refused"):
            Server(server.store_url, server.update_url, PushOptions(sleep=lambda s: None)).replace(FACTS_A, b"")
    assert [r.method for r in server.http.requests] == ["PUT", "POST"], "the drop is tried once"


@pytest.mark.parametrize(("reply", "waits"), [
    (Reply(503), [0.5, 1.0]),
    (Reply(502), [0.5, 1.0]),
    (Reply(504), [0.5, 1.0]),
    (Reply(429, headers={"Retry-After": "2"}), [2.0, 2.0]),
])
def test_transient_failures_are_retried_with_backoff_or_as_told(reply: Reply, waits: list[float]) -> None:
    slept: list[float] = []
    with ScriptedHTTPServer([reply, reply, Reply(204)]) as server:
        Server(None, server.url, PushOptions(retries=2, sleep=slept.append)).update("CLEAR ALL")
    assert slept == waits and len(server.requests) == 3


def test_retries_stop_after_their_number_and_within_the_total_wait() -> None:
    slept: list[float] = []
    with ScriptedHTTPServer([Reply(503)]) as server:
        with pytest.raises(EndpointError, match="HTTP 503"):
            Server(None, server.url, PushOptions(retries=2, max_wait=1.5, sleep=slept.append)).update("CLEAR ALL")
    assert slept == [0.5, 1.0] and len(server.requests) == 3, "three tries, 1.5 s of waiting: both bounds just met"
    slept.clear()
    with ScriptedHTTPServer([Reply(503)]) as server:
        with pytest.raises(EndpointError, match="HTTP 503"):
            Server(None, server.url, PushOptions(retries=5, max_wait=1.4, sleep=slept.append)).update("CLEAR ALL")
    assert slept == [0.5] and len(server.requests) == 2, "a second wait of 1 s would pass the total of 1.4 s"


@pytest.mark.parametrize("status", [400, 404, 500])
def test_other_errors_are_not_retried(status: int) -> None:
    with ScriptedHTTPServer([Reply(status, b"why"), Reply(204)]) as server:
        with pytest.raises(EndpointError, match=f"HTTP {status} .*: why"):
            Server(None, server.url, PushOptions(sleep=lambda s: None)).update("CLEAR ALL")
    assert len(server.requests) == 1


def test_a_write_is_never_redirected() -> None:
    with ScriptedHTTPServer([Reply(307, headers={"Location": "http://127.0.0.1:1/elsewhere"})]) as server:
        with pytest.raises(EndpointError, match=r"redirects \(HTTP 307\) to http://127.0.0.1:1/elsewhere"):
            Server(None, server.url).update("CLEAR ALL")
    assert len(server.requests) == 1


def test_a_connection_dropped_half_way_is_tried_again() -> None:
    with ScriptedHTTPServer([Reply(200, b"x" * 64, drop=True), Reply(204)]) as server:
        Server(None, server.url, PushOptions(sleep=lambda s: None)).update("CLEAR ALL")
    assert len(server.requests) == 2
    with ScriptedHTTPServer([Reply(200, b"x" * 64, drop=True)]) as server:
        with pytest.raises(EndpointError, match=r"the connection broke during the request \(IncompleteRead\), 2 attempt\(s\)"):
            Server(None, server.url, PushOptions(retries=1, sleep=lambda s: None)).update("CLEAR ALL")


def test_a_server_that_is_down_or_slow_or_too_talkative() -> None:
    down = f"http://127.0.0.1:{free_port()}/update"
    with pytest.raises(EndpointError, match="cannot connect"):
        Server(None, down, PushOptions(timeout=2)).update("CLEAR ALL")
    with ScriptedHTTPServer([Reply(204, delay=3)]) as server:
        with pytest.raises(EndpointError, match="no answer within 0.5 s"):
            Server(None, server.url, PushOptions(timeout=0.5, retries=0)).update("CLEAR ALL")
    with ScriptedHTTPServer([Reply(200, b"x" * (1024 * 1024 + 1))]) as server:
        with pytest.raises(EndpointError, match="larger than 1048576 bytes"):
            Server(None, server.url).update("CLEAR ALL")


def test_credentials_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIGHTSGRAPH_ENDPOINT_TOKEN", "t0ken")
    with ScriptedHTTPServer([Reply(204)]) as server:
        Server(None, server.url).update("CLEAR ALL")
    assert server.requests[0].headers["Authorization"] == "Bearer t0ken"
    assert server.requests[0].headers["Content-Type"] == "application/x-www-form-urlencoded"


@pytest.mark.parametrize(("store", "update", "message"), [
    (None, None, "give a Graph Store endpoint"),
    ("", "", "give a Graph Store endpoint"),
    ("ftp://example.org/store", None, "'ftp://example.org/store' is not an http"),
    (None, "file:///etc/passwd", "'file:///etc/passwd' is not an http"),
    ("https://example.org/store", "example.org/update", "'example.org/update' is not an http"),
])
def test_endpoints_must_be_http_urls(store: str | None, update: str | None, message: str) -> None:
    with pytest.raises(EndpointError, match=message):
        Server(store, update)


def test_http_and_https_endpoints_are_accepted() -> None:
    server = Server("https://example.org/store", "http://example.org/update")
    assert (server.graph_store, server.update_url, server.options) == ("https://example.org/store", "http://example.org/update", PushOptions())
    assert PushReport().pushed == [] and PushReport().removed_stale is False


def test_graph_store_uploads_are_retried_too() -> None:
    slept: list[float] = []
    with FakeServer(lambda seen, n: Reply(503) if n == 1 else None) as server:
        Server(server.store_url, None, PushOptions(sleep=slept.append)).put(FACTS_A, f"<{EX}s> <{EX}p> \"o\" .\n".encode())
    assert slept == [0.5] and len(server.http.requests) == 2
    assert triples(server.store, ox.NamedNode(str(FACTS_A))) == {(f"<{EX}s>", f"<{EX}p>", '"o"')}


def test_a_graph_of_one_triple_is_sent() -> None:
    kg = KnowledgeGraph()
    kg.add_quads([(URIRef(EX + "s"), URIRef(EX + "p"), Literal("o"), FACTS_A)])
    with FakeServer() as server:
        report = push(kg, Server(server.store_url, None, PushOptions(union=False)))
    assert [(p.graph, p.triples) for p in report.pushed] == [(str(FACTS_A), 1)]
    assert server.graphs() == {str(FACTS_A)}


def test_an_answer_that_trickles_in_is_cut_off() -> None:
    with ScriptedHTTPServer([Reply(200, b"x" * 40, trickle=0.2)]) as server:
        with pytest.raises(EndpointError, match="no complete answer within 1 s"):
            Server(None, server.url, PushOptions(timeout=1, retries=0)).update("CLEAR ALL")


def test_the_switch_into_place_is_not_retried() -> None:
    """If a MOVE's answer is lost the switch may have happened: sending it again could move an empty graph."""
    def refuse_moves(seen: Seen, n: int) -> Reply | None:
        return Reply(503) if b"MOVE" in seen.body else None

    with FakeServer(refuse_moves) as server:
        with pytest.raises(EndpointError, match="HTTP 503"):
            push(small_graph(), Server(server.store_url, server.update_url, PushOptions(sleep=lambda s: None)))
    assert sum(1 for r in server.http.requests if b"MOVE" in r.body) == 1
