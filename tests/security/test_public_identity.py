"""Public outputs compute identity from public facts only.

In ``tests/fixtures/confidential-identity.yaml`` only confidential facts say who three anonymous
bloggers are: a confidential source says ``sameAs`` (Steppe Owl = Aigerim Namedova), a
confidential value gives an external link that a named person has publicly (Night Writer and
Bolat Knownov share a Wikidata item), and a confidential value says ``sameAs`` (River Voice =
Dina Publicova). A working build merges each pair; no public output may. Each public output is
compared with the same output of the fixture with its confidential parts removed by hand
(``confidential-identity-public.yaml``): they must be the same, byte for byte (graph files: the
same quads), and hold no ``sameAs`` and no node with both names of a pair.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import OWL, RDFS, Dataset

from tests.security.test_confidential import _wait_for
from tests.servers import OxigraphServer, Reply, ScriptedHTTPServer, free_port

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "confidential-identity.yaml"
CONTROL = FIXTURE.with_name("confidential-identity-public.yaml")
"""The fixture without its confidential parts, written by hand: every public output must equal its output."""
PAIRS = [("Steppe Owl", "Aigerim Namedova"), ("Night Writer", "Bolat Knownov"), ("River Voice", "Dina Publicova")]
RDF_FORMATS = {".trig": "trig", ".ttl": "turtle", ".turtle": "turtle", ".nquads": "nquads", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld"}


def quads(data: bytes, fmt: str) -> set[tuple[str, ...]]:
    dataset = Dataset()
    dataset.parse(data=data, format=fmt)
    return {tuple(str(t) for t in quad) for quad in dataset.quads((None, None, None, None))}


def labels_by_node(found: set[tuple[str, ...]]) -> dict[str, set[str]]:
    labels: dict[str, set[str]] = {}
    for s, p, o, *_ in found:
        if p == str(RDFS.label):
            labels.setdefault(s, set()).add(o)
    return labels


def assert_separate(found: set[tuple[str, ...]]) -> None:
    """No sameAs at all (the fixture has none in public), no node with the names of a pair."""
    assert not [q for q in found if q[1] == str(OWL.sameAs)]
    for node, names in labels_by_node(found).items():
        for a, b in PAIRS:
            assert not {a, b} <= names, node


def assert_same(public: Path, control: Path) -> None:
    """``public`` (a file or folder) holds what ``control`` holds: same files, same bytes, same quads."""
    if control.is_dir():
        names = sorted(str(p.relative_to(control)) for p in control.rglob("*") if p.is_file())
        assert sorted(str(p.relative_to(public)) for p in public.rglob("*") if p.is_file()) == names
        pairs = [(public / name, control / name) for name in names]
    else:
        pairs = [(public, control)]
    for mine, theirs in pairs:
        fmt = RDF_FORMATS.get(mine.suffix)
        if fmt is not None:
            found = quads(mine.read_bytes(), fmt)
            assert_separate(found)
            assert found == quads(theirs.read_bytes(), fmt), mine
        else:
            assert mine.read_bytes() == theirs.read_bytes(), mine


def test_a_working_build_merges_the_pairs(tmp_path: Path, cli: Callable[..., Result]) -> None:
    """The control: without --public the confidential facts merge each pair into one node."""
    assert cli("build", FIXTURE, "--out", tmp_path / "out", "--no-views").exit_code == 0
    labels = labels_by_node(quads((tmp_path / "out" / "graph.trig").read_bytes(), "trig"))
    for a, b in PAIRS:
        assert any({a, b} <= names for names in labels.values()), (a, b)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Public builds (folder, store) and a working store of the fixture; the same of the control."""
    from rightsgraph.build import build

    root = tmp_path_factory.mktemp("identity")
    build([FIXTURE], root / "public-out", store=root / "public-store", public=True)
    build([FIXTURE], None, store=root / "store")
    build([CONTROL], root / "control-out", store=root / "control-store")
    return root


def test_public_build_outputs(built: Path) -> None:
    assert_same(built / "public-out", built / "control-out")


def test_public_build_without_validation(built: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = cli("build", FIXTURE, "--store", tmp_path / "store", "--public", "--no-validate")
    assert result.exit_code == 0, result.output
    assert cli("export", "--format", "trig", "--out", tmp_path / "g.trig", "--store", tmp_path / "store").exit_code == 0
    assert_same(tmp_path / "g.trig", built / "control-out" / "graph.trig")


@pytest.mark.parametrize("store", ["public-store", "store"])
@pytest.mark.parametrize("fmt", ["trig", "turtle", "nquads", "jsonld", "gexf", "graphml", "ftm", "yaml"])
def test_public_exports(store: str, fmt: str, built: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    """From the public store, and from the working store with --public."""
    mine, theirs = tmp_path / f"export.{fmt}", tmp_path / f"control.{fmt}"
    result = cli("export", "--format", fmt, "--out", mine, "--store", built / store, "--public")
    assert result.exit_code == 0, result.output
    assert cli("export", "--format", fmt, "--out", theirs, "--store", built / "control-store").exit_code == 0
    assert_same(mine, theirs)


@pytest.mark.parametrize("args", [["overview"], ["ego", "Aigerim Namedova", "--hops", "3"], ["ego", "Steppe Owl", "--hops", "3"], ["ego", "Bolat Knownov"]])
def test_public_views(args: list[str], built: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    mine, theirs = tmp_path / "view.html", tmp_path / "control.html"
    result = cli("view", *args, "--store", built / "store", "--out", mine, "--public")
    assert result.exit_code == 0, result.output
    assert cli("view", *args, "--store", built / "control-store", "--out", theirs).exit_code == 0
    assert_same(mine, theirs)


@pytest.mark.parametrize("args", [
    ["sparql", "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?s ?p ?o ?g", "--format", "csv"],
    ["query", "actors-by-type", "-p", "type=Person", "--format", "csv"],
    ["query", "external-links", "--format", "csv"],
])
def test_public_queries(args: list[str], built: Path, cli: Callable[..., Result]) -> None:
    mine = cli(*args, "--store", built / "store", "--public")
    assert mine.exit_code == 0, mine.output
    assert mine.stdout == cli(*args, "--store", built / "control-store").stdout


def dump_of(store: Path, tmp_path: Path, cli: Callable[..., Result], *options: str) -> bytes:
    (tmp_path / store.name).mkdir()
    with OxigraphServer(None, tmp_path / store.name, writable=True) as server:
        result = cli("push", "--endpoint", server.store_url, "--update", server.update_url, "--store", store, *options)
        assert result.exit_code == 0, result.output
        request = urllib.request.Request(server.store_url, headers={"Accept": "application/n-quads"})
        return bytes(urllib.request.urlopen(request, timeout=30).read())


def test_public_push(built: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "mine.nq").write_bytes(dump_of(built / "store", tmp_path, cli, "--public"))
    (tmp_path / "control.nq").write_bytes(dump_of(built / "control-store", tmp_path, cli))
    assert_same(tmp_path / "mine.nq", tmp_path / "control.nq")


def served(store: Path, *options: str) -> bytes:
    port = free_port()
    command = [sys.executable, "-m", "rightsgraph.cli", "serve", "--store", str(store), "--port", str(port), *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(f"http://127.0.0.1:{port}/query", process)
        query = urllib.parse.urlencode({"query": "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?s ?p ?o ?g"})
        request = urllib.request.Request(f"http://127.0.0.1:{port}/query?{query}", headers={"Accept": "text/csv"})
        return bytes(urllib.request.urlopen(request, timeout=30).read())
    finally:
        process.terminate()
        process.communicate(timeout=20)


def test_public_serve(built: Path) -> None:
    answer = served(built / "store", "--public")
    assert b"Steppe Owl" in answer
    assert answer == served(built / "control-store")


def test_adding_confidential_facts_to_a_store_keeps_public_outputs_public(built: Path, tmp_path: Path) -> None:
    """A store without confidential data gains some through an import: public outputs still match the control."""
    from rightsgraph.build import add_to_store, build, open_for_output
    from rightsgraph.loaders import load_inputs

    store = tmp_path / "store"
    build([CONTROL], None, store=store)
    add_to_store(store, load_inputs([FIXTURE]))
    add_to_store(store, load_inputs([CONTROL]))  # a second addition updates the data as asserted
    mine, _ = open_for_output(store=store, public=True)
    theirs, _ = open_for_output(store=built / "control-store")
    assert_separate({tuple(str(t) for t in q) for q in mine.dataset.quads((None, None, None, None))})
    assert set(mine.store.quads_for_pattern(None, None, None, None)) == set(theirs.store.quads_for_pattern(None, None, None, None))


def test_a_store_without_its_asserted_data_refuses_public_outputs(built: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    """A store an older version made (merged, confidential, nothing kept as asserted) cannot be made public safely."""
    store = tmp_path / "old-store"
    shutil.copytree(built / "store", store)
    shutil.rmtree(store / "asserted")
    result = cli("export", "--format", "trig", "--out", tmp_path / "g.trig", "--store", store, "--public")
    assert result.exit_code == 2
    assert "build it again" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "g.trig").exists()


def linked(case: Path, review: Path, cli: Callable[..., Result]) -> list[bytes]:
    """Run the Wikidata linker on ``case`` against a scripted endpoint; return the requests sent."""
    empty = json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": []}}).encode()
    with ScriptedHTTPServer([Reply(200, empty, {"Content-Type": "application/sparql-results+json"})] * 20) as server:
        result = cli("link", "wikidata", "--input", case, "--endpoint", server.url, "--pause", "0", "--review", review)
        assert result.exit_code == 0, result.output
    return [r.body + r.path.encode() for r in server.requests]


def test_the_wikidata_linker_sends_and_writes_what_public_facts_give(tmp_path: Path, cli: Callable[..., Result]) -> None:
    """The requests and the review file are those of the control: no merged record, no names paired."""
    sent = linked(FIXTURE, tmp_path / "review.yaml", cli)
    assert any(b"Steppe+Owl" in request or b"Steppe%20Owl" in request for request in sent)
    assert sent == linked(CONTROL, tmp_path / "control.yaml", cli)
    mine, theirs = ((tmp_path / name).read_text(encoding="utf-8") for name in ("review.yaml", "control.yaml"))
    assert re.sub(r"127\.0\.0\.1:\d+", "", mine) == re.sub(r"127\.0\.0\.1:\d+", "", theirs)


def test_adding_to_a_store_that_keeps_its_asserted_data(built: Path, tmp_path: Path) -> None:
    """An import into a store built with confidential data adds to its data as asserted too."""
    from rightsgraph.build import add_to_store, open_for_output
    from rightsgraph.loaders import load_inputs

    store = tmp_path / "store"
    shutil.copytree(built / "store", store)
    add_to_store(store, load_inputs([CONTROL]))
    mine, _ = open_for_output(store=store, public=True)
    theirs, _ = open_for_output(store=built / "control-store")
    assert set(mine.store.quads_for_pattern(None, None, None, None)) == set(theirs.store.quads_for_pattern(None, None, None, None))
