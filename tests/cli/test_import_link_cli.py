"""`rightsgraph import`, `export --format ftm`, `link` and `enrich` from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from tests.servers import OxigraphServer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "political-prisoners"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "wikidata.ttl"


def test_import_csv_then_build(cli: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "prisoners.trig"
    result = cli("import", "csv", EXAMPLE / "list.csv", "--mapping", EXAMPLE / "mapping.yaml", "--out", out)
    assert result.exit_code == 0, result.output
    assert "4 source graph(s)" in result.stdout
    built = cli("build", out, "--out", tmp_path / "site", "--no-views")
    assert built.exit_code == 0 and "from 4 sources" in built.stdout


def test_import_csv_errors_exit_2_and_write_nothing(cli: Callable[..., Result], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,gender,birth_date,place,sentence,source_url\n1,A,m,1990-02-30,X,1 year,\n", encoding="utf-8")
    result = cli("import", "csv", bad, "--mapping", EXAMPLE / "mapping.yaml", "--out", tmp_path / "x.trig")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{bad}:2: birth_date (birthDate): day 30 does not exist in February 1990"
    assert not (tmp_path / "x.trig").exists() and list(tmp_path.iterdir()) == [bad]


def test_ftm_export_and_import(cli: Callable[..., Result], tmp_path: Path) -> None:
    pytest.importorskip("followthemoney", reason="the 'ftm' extra is not installed")
    entities = tmp_path / "entities.ftm.json"
    assert cli("export", "--format", "ftm", "--out", entities).exit_code == 0
    schemata = {json.loads(line)["schema"] for line in entities.read_text(encoding="utf-8").splitlines()}
    assert {"Person", "Family", "CourtCase"} <= schemata
    result = cli("import", "ftm", entities, "--out", tmp_path / "ftm.trig")
    assert result.exit_code == 0, result.output
    query = cli("query", "actors-by-type", "-p", "type=Person", "--input", tmp_path / "ftm.trig")
    assert "Iskander Yerimbetov" in query.stdout


def test_import_rdf(cli: Callable[..., Result], tmp_path: Path) -> None:
    source = tmp_path / "extra.ttl"
    source.write_text('<https://example.org/a> a <https://w3id.org/rightsgraph/ns#Person> ; <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n', encoding="utf-8")
    result = cli("import", "rdf", source, "--out", tmp_path / "extra.trig")
    assert result.exit_code == 0 and "1 source graph(s)" in result.stdout


def test_link_review_apply_enrich(cli: Callable[..., Result], tmp_path: Path) -> None:
    with OxigraphServer([FIXTURE], tmp_path) as server:
        review = tmp_path / "review.yaml"
        proposed = cli("link", "wikidata", "--endpoint", server.query_url, "--review", review, "--pause", "0")
        assert proposed.exit_code == 0, proposed.output
        assert "1 ambiguous" in proposed.stdout and "nothing is linked until you do" in proposed.stdout
        document = yaml.safe_load(review.read_text(encoding="utf-8"))
        document["reviewer"] = "A. Reviewer"
        for record in document["records"]:
            if record["name"] == "Iskander Yerimbetov":
                record["candidates"][0]["decision"] = "confirm"
        review.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        links = tmp_path / "links.trig"
        applied = cli("link", "apply", review, "--out", links)
        assert applied.exit_code == 0, applied.output
        facts = tmp_path / "wikidata.trig"
        builtin = sorted((Path(__file__).resolve().parents[2] / "rightsgraph" / "data").glob("*.yaml"))
        inputs = [arg for path in [*builtin, links] for arg in ("--input", path)]
        enriched = cli("enrich", *inputs, "--endpoint", server.query_url, "--pause", "0", "--out", facts)
        assert enriched.exit_code == 0, enriched.output
    linked = cli("query", "external-links", "-p", "linked=true", *inputs)
    assert linked.stdout.count("Iskander Yerimbetov") == 1 and "Q99000100" in linked.stdout
    birth = cli("sparql", "SELECT ?b WHERE { ?p rg:birthDateEDTF ?b }", *inputs, "--input", facts)
    assert birth.stdout.splitlines() == ["b", "1966-01-01"]


def test_link_apply_refuses_two_confirmations(cli: Callable[..., Result], tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    review.write_text(yaml.safe_dump({"reviewer": "R", "records": [{"record": "https://w3id.org/rightsgraph/id/person/x", "candidates": [
        {"item": "http://www.wikidata.org/entity/Q1", "decision": "confirm"},
        {"item": "http://www.wikidata.org/entity/Q2", "decision": "confirm"}]}]}), encoding="utf-8")
    result = cli("link", "apply", review, "--out", tmp_path / "links.trig")
    assert result.exit_code == 2 and "2 candidates confirmed for one record" in result.stderr
