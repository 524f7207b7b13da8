"""The hostile-input corpus: every file of ``tests/security/hostile/`` and a few generated ones
(too large or too deep to keep in the repository), each built through the CLI.

Every case is refused with one line naming the file, the line and (where there is one) the field,
exit status 2, no traceback, nothing written — no output folder, no store, no temporary folder
left behind — and no network connection attempted; or, where marked, safely accepted.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from rightsgraph.build import load_graph
from tests.servers import Reply, ScriptedHTTPServer

CORPUS = Path(__file__).resolve().parent / "hostile"
MAPPING = Path(__file__).resolve().parents[2] / "examples" / "political-prisoners" / "mapping.yaml"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Any outgoing connection attempted by the code under test fails the test."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise AssertionError(f"network access attempted: {address}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield attempts
    monkeypatch.setattr(socket.socket, "connect", real_connect)
    assert attempts == []


def refused(cli: Callable[..., Result], workdir: Path, inputs: list[Path], *, csv: bool = False) -> str:
    """Run a build (or a CSV import) that must fail; check nothing was written; return stderr."""
    before = {p.name for p in workdir.iterdir()}
    if csv:
        result = cli("import", "csv", *inputs, "--mapping", MAPPING, "--out", workdir / "out.trig")
    else:
        result = cli("build", *inputs, "--out", workdir / "out", "--store", workdir / "store")
    assert result.exit_code == 2, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert result.stderr.rstrip().endswith("nothing was written.")
    assert {p.name for p in workdir.iterdir()} == before, "something was written"
    return result.stderr


@dataclass(frozen=True)
class Case:
    files: tuple[str, ...]
    error: str
    """The first line of the error, with {0}, {1} standing for the files' paths."""


CASES = {
    "yaml-syntax": Case(("yaml-syntax.yaml",), "{0}:8: YAML syntax error: while parsing a flow mapping did not find expected ',' or '}}'"),
    "yaml-python-tag": Case(("yaml-python-tag.yaml",), "{0}:7: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not accepted; write plain values"),
    "yaml-billion-laughs": Case(("yaml-billion-laughs.yaml",), "{0}:6: YAML anchors and aliases (&, *) are not supported"),
    "yaml-control-escape": Case(("yaml-control-escape.yaml",), "{0}:7: contains the control character U+0000"),
    "javascript-url": Case(("javascript-url.yaml",), "{0}:6: url: 'javascript:alert(document.cookie)' is not an absolute http(s) URL"),
    "iri-with-space": Case(("iri-with-space.yaml",), "{0}:10: links: 'https://example.org/people/a b' is not an absolute IRI (http, https or urn) or a 'wd:Q...' id"),
    "date-february-30": Case(("date-february-30.yaml",), "{0}:10: birthDate: day 30 does not exist in February 2020"),
    "self-kinship": Case(("self-kinship.yaml",), "{0}:11: relatives: 'A' is linked to itself by 'sibling of'; check the id (or two records merged as the same entity)"),
    "parent-cycle": Case(("parent-cycle.yaml",), "{0}:11: relatives: 'parent of' links go round in a cycle: A → B → C → A"),
    "located-in-cycle": Case(("located-in-cycle.yaml",), "{0}:7: locatedIn: 'located in' links go round in a cycle: P → Q → P"),
    "colliding-ids": Case(("colliding-ids-1.yaml", "colliding-ids-2.yaml"), "{1}:2: id: duplicate id 'ana' (also defined at {0}:7)"),
    "turtle-syntax": Case(("turtle-syntax.ttl",), "{0}:3: RDF syntax error: Parser error between line 3 column 11 and line 4 column 1: Unexpected end of file"),
    "iri-with-space-nt": Case(("iri-with-space.nt",), "{0}:2: RDF syntax error: Parser error at line 2 between columns 1 and 26: Invalid IRI code point ' '"),
    "javascript-iri": Case(("javascript-iri.nt",), "{0}:1: the IRI 'javascript:alert(1)' is a script, not an identifier"),
    "jsonld-malformed": Case(("jsonld-malformed.jsonld",), "{0}:3: RDF syntax error: Parser error at line 3 column 1: Unexpected end of file, a value was expected"),
    "rdfxml-malformed": Case(("rdfxml-malformed.rdf",), "{0}:4: RDF/XML syntax error: mismatched tag"),
    "rdfxml-external-entity": Case(("rdfxml-external-entity.rdf",), "{0}:2: RDF/XML refused: external entity 'xxe' is not accepted (it could read local files or the network)"),
    "rdfxml-billion-laughs": Case(("rdfxml-billion-laughs.rdf",), "{0}:4: RDF/XML refused: entity 'b' refers to other entities or markup; only plain text is accepted"),
    "rdfxml-parameter-entity": Case(("rdfxml-parameter-entity.rdf",), "{0}:3: RDF/XML refused: parameter entity '%remote;' is not accepted"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_file_is_refused_where_it_is_wrong(name: str, cli: Callable[..., Result], tmp_path: Path) -> None:
    case = CASES[name]
    paths = [CORPUS / f for f in case.files]
    stderr = refused(cli, tmp_path, paths)
    assert stderr.splitlines()[0] == case.error.format(*paths)


@pytest.mark.parametrize(
    ("file", "error"),
    [
        ("csv-unbalanced-quote.csv", "{0}:2: CSV error: unexpected end of data"),
        ("csv-impossible-date.csv", "{0}:2: birth_date (birthDate): '30.02.1975' is not a date in any of the formats %d.%m.%Y, %m.%Y, %Y"),
        ("csv-javascript-url.csv", "{0}:2: source_url (url): 'javascript:alert(1)' is not an absolute http(s) URL"),
    ],
)
def test_corpus_csv_is_refused_where_it_is_wrong(file: str, error: str, cli: Callable[..., Result], tmp_path: Path) -> None:
    stderr = refused(cli, tmp_path, [CORPUS / file], csv=True)
    assert stderr.splitlines()[0] == error.format(CORPUS / file)


def test_same_as_cycle_is_safely_one_person(cli: Callable[..., Result], tmp_path: Path) -> None:
    """Two records that each say they are the other are merged into one, with both names."""
    result = cli("build", CORPUS / "same-as-cycle.yaml", "--out", tmp_path / "out", "--no-views")
    assert result.exit_code == 0, result.output
    kg, _ = load_graph([tmp_path / "out" / "graph.trig"])
    people = kg.select("SELECT ?p (GROUP_CONCAT(DISTINCT ?name; separator='|') AS ?names) WHERE { ?p a rg:Person ; rdfs:label|skos:altLabel ?name } GROUP BY ?p")
    assert len(people) == 1 and sorted(str(people[0]["names"]).split("|")) == ["A", "A."]


def test_plain_entities_of_ontology_editors_are_accepted(cli: Callable[..., Result], tmp_path: Path) -> None:
    result = cli("build", CORPUS / "rdfxml-plain-entity.rdf", "--out", tmp_path / "out", "--no-views")
    assert result.exit_code == 0, result.output
    assert "<https://example.org/a>" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


# -- generated cases: encodings, byte-order marks, size, depth -----------------------------------

SOURCE = "sources:\n  - {id: src, title: T, summary: S, locator: here}\nactors:\n  - {id: a, type: Person, name: Zoë, sources: [src]}\n"


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("latin1.yaml", SOURCE.encode("latin-1"), "{0}:4: not UTF-8 text (byte 0xeb); save the file as UTF-8"),
        ("utf16.yaml", SOURCE.encode("utf-16"), "{0}:1: the file is UTF-16; save it as UTF-8"),
        ("utf16.ttl", '<https://example.org/a> <https://example.org/p> "x" .\n'.encode("utf-16"), "{0}:1: the file is UTF-16; save it as UTF-8"),
        ("latin1.nt", '<https://example.org/a> <https://example.org/p> "Zoë" .\n'.encode("latin-1"), "{0}:1: RDF syntax error: Parser error at line 1 column 52: Invalid UTF-8: incomplete utf-8 byte sequence from index 2"),
    ],
)
def test_wrong_encodings(name: str, data: bytes, error: str, cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    stderr = refused(cli, tmp_path, [path])
    assert stderr.splitlines()[0] == error.format(path)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bom.yaml", b"\xef\xbb\xbf" + SOURCE.encode("utf-8")),
        ("bom.nt", b'\xef\xbb\xbf<https://example.org/a> <https://example.org/p> "Zo\xc3\xab" .\n'),
        ("bom.jsonld", b'\xef\xbb\xbf{"@id": "https://example.org/a", "https://example.org/p": "Zo\xc3\xab"}'),
        ("bom.rdf", b'\xef\xbb\xbf<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/"><rdf:Description rdf:about="https://example.org/a"><ex:p>Zo\xc3\xab</ex:p></rdf:Description></rdf:RDF>\n'),
    ],
)
def test_byte_order_marks_are_accepted(name: str, data: bytes, cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("build", path, "--out", tmp_path / "out", "--no-views")
    assert result.exit_code == 0, result.stderr
    assert "Zoë" in (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")


def test_byte_order_mark_in_csv_is_accepted(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (CORPUS / "csv-impossible-date.csv").read_bytes().replace(b"30.02.1975", b"12.05.1975"))
    result = cli("import", "csv", path, "--mapping", MAPPING, "--out", tmp_path / "out.trig")
    assert result.exit_code == 0, result.stderr
    assert "Aigerim Example" in (tmp_path / "out.trig").read_text(encoding="utf-8")


def test_control_character_in_a_csv_cell(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes((CORPUS / "csv-impossible-date.csv").read_bytes().replace(b"30.02.1975", b"12.05.1975").replace(b"Aigerim", b"Aig\x00erim"))
    stderr = refused(cli, tmp_path, [path], csv=True)
    assert f"{path}:2: name: contains the control character U+0000" in stderr.splitlines()


@pytest.mark.parametrize(
    ("module", "limit", "name", "data", "csv", "error"),
    [
        ("rightsgraph.loaders.located_yaml", "MAX_BYTES", "big.yaml", SOURCE.encode() * 100, False, "{0}: file larger than 0 MB"),
        ("rightsgraph.loaders.rdffile", "MAX_RDF_BYTES", "big.nt", b'<https://example.org/a> <https://example.org/p> "x" .\n' * 100, False, "{0}: file larger than 0 MB; stream it into a store with 'build --store DIR --no-validate'"),
        ("rightsgraph.loaders.csvmapping", "MAX_CSV_BYTES", "big.csv", (CORPUS / "csv-impossible-date.csv").read_bytes() * 50, True, "{0}: file larger than 0 MB; split it"),
    ],
)
def test_files_past_the_size_limit(module: str, limit: str, name: str, data: bytes, csv: bool, error: str, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits (32 MB of YAML, 64 MB of RDF in memory, 4 MB of CSV) set low for the test."""
    monkeypatch.setattr(f"{module}.{limit}", 1000)
    path = tmp_path / name
    path.write_bytes(data)
    stderr = refused(cli, tmp_path, [path], csv=csv)
    assert stderr.splitlines()[0] == error.format(path)


def test_csv_field_past_the_field_limit(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "field.csv"
    path.write_bytes((CORPUS / "csv-impossible-date.csv").read_bytes().replace(b"Aigerim Example", b"A" * 200_000))
    stderr = refused(cli, tmp_path, [path], csv=True)
    assert stderr.splitlines()[0] == f"{path}:2: CSV error: field larger than field limit (131072)"


def _nested_yaml(depth: int) -> bytes:
    return (SOURCE + "places:\n  - id: p\n    type: Place\n    name: " + "[" * depth + "x" + "]" * depth + "\n").encode()


def _deep_yaml() -> bytes:
    return _nested_yaml(40)


def _very_deep_yaml() -> bytes:
    return _nested_yaml(100_000)


def _deep_jsonld() -> bytes:
    return b'{"@id": "https://example.org/a",\n "https://example.org/p": ' + b'{"@list": [' * 5000 + b"1" + b"]}" * 5000 + b"}"


def _deep_rdfxml() -> bytes:
    head = b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">\n<rdf:Description rdf:about="https://example.org/a">'
    return head + b"<ex:p><rdf:Description>" * 20_000 + b"<ex:q>1</ex:q>" + b"</rdf:Description></ex:p>" * 20_000 + b"</rdf:Description></rdf:RDF>"


def _deep_turtle() -> bytes:
    return b"@prefix : <https://example.org/> .\n:a :p " + b"[ :p " * 50_000 + b"1" + b" ]" * 50_000 + b" .\n"


@pytest.mark.parametrize(
    ("name", "make", "error"),
    [
        ("deep.yaml", _deep_yaml, "{0}:8: nesting deeper than 32 levels"),
        ("deep.jsonld", _deep_jsonld, "{0}:2: JSON nested more than 100 levels deep"),
        ("deep.rdf", _deep_rdfxml, "{0}:3: RDF/XML refused: elements nested more than 100 deep"),
        ("deep.ttl", _deep_turtle, "{0}: blank nodes nested more than 100 deep"),
    ],
)
def test_deeply_nested_files(name: str, make: Callable[[], bytes], error: str, cli: Callable[..., Result], tmp_path: Path) -> None:
    """Deep nesting overflowed the JSON-LD parser's stack (a crash), hung the RDF/XML parser and
    overflowed the JSON-LD writer; now each is refused before it reaches them."""
    path = tmp_path / name
    path.write_bytes(make())
    stderr = refused(cli, tmp_path, [path])
    assert stderr.splitlines()[0] == error.format(path)


def test_very_deep_yaml_is_stopped_by_the_parser(cli: Callable[..., Result], tmp_path: Path) -> None:
    """libyaml has its own nesting limit (the pure-Python parser would recurse): either way, a
    located one-line error."""
    path = tmp_path / "very-deep.yaml"
    path.write_bytes(_very_deep_yaml())
    first = refused(cli, tmp_path, [path]).splitlines()[0]
    assert first.startswith(f"{path}:") and "nesting" in first


def test_deep_files_are_refused_when_streamed_too(cli: Callable[..., Result], tmp_path: Path) -> None:
    for name, make in (("deep.jsonld", _deep_jsonld), ("deep.rdf", _deep_rdfxml)):
        path = tmp_path / name
        path.write_bytes(make())
        result = cli("build", path, "--store", tmp_path / "store", "--no-validate")
        assert result.exit_code == 2 and "Traceback" not in result.stderr
        assert not (tmp_path / "store").exists()
        path.unlink()


def test_remote_json_ld_context_is_never_fetched(cli: Callable[..., Result], tmp_path: Path, no_network: list[object], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the server below needs its own sockets; requests are counted instead
    with ScriptedHTTPServer([Reply(200, b'{"@context": {"name": "http://schema.org/name"}}', {"Content-Type": "application/ld+json"})]) as server:
        path = tmp_path / "remote.jsonld"
        path.write_text('{"@context": "%s",\n "@id": "https://example.org/a", "name": "A"}' % server.url, encoding="utf-8")
        stderr = refused(cli, tmp_path, [path])
    assert server.requests == []
    assert stderr.splitlines()[0] == f"{path}: RDF syntax error: No LoadDocumentCallback has been set to load remote contexts"
