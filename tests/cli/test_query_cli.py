"""`rightsgraph query` and `rightsgraph sparql` from the command line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_query_list_names_summaries_parameters(cli: Callable[..., Result]) -> None:
    result = cli("query", "list")
    assert result.exit_code == 0
    listed = {r["name"]: r for r in rows(result.stdout)}
    assert len(listed) >= 15
    assert listed["timeline-of-person"]["parameters"] == "person:person"
    assert listed["releases-after-interventions"]["parameters"] == "[months:integer=60]"


def test_design_card_question_shows_yerimbetov_and_jardemalie(cli: Callable[..., Result]) -> None:
    result = cli("query", "relatives-of-refugees-prosecuted")
    assert result.exit_code == 0, result.output
    (row,) = rows(result.stdout)  # piped: CSV
    assert (row["relativeName"], row["refugeeName"], row["proceedingName"], row["sources"]) == (
        "Iskander Yerimbetov", "Botagoz Jardemalie", "Detention of Iskander Yerimbetov in Kazakhstan",
        "Critical health of Iskander Yerimbetov in detention",
    )


def test_formats(cli: Callable[..., Result]) -> None:
    as_json = json.loads(cli("query", "timeline-of-person", "-p", "person=Mukhtar Dzhakishev", "--format", "json").stdout)
    assert [b["date"]["value"] for b in as_json["results"]["bindings"]] == ["2010~/2020", "../2020-03-03", "2020-03-03", "2020-03-19"]
    tsv = cli("query", "sources", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t")[:2] == ["source", "title"] and len(tsv) == 19  # 15 statements, 3 EP pages
    table = cli("query", "court-decisions-on-political-prisoners", "--format", "table").stdout
    assert "Court in Semey" in table and "1 row(s)" in table


def test_construct_as_turtle_and_query_file(cli: Callable[..., Result], tmp_path: Path) -> None:
    query = tmp_path / "people.rq"
    query.write_text(
        "#+ summary: People and their names\n"
        "#+ parameters:\n#+   cls: {type: class, default: Person}\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a ?cls ; rdfs:label ?n }\n", encoding="utf-8")
    result = cli("query", "--file", query)
    assert result.exit_code == 0, result.output
    assert 'person:mukhtar-dzhakishev rdfs:label "Mukhtar Dzhakishev"' in result.stdout
    courts = cli("query", "--file", query, "-p", "cls=Court")
    assert "Court in Semey" in courts.stdout and "Mukhtar" not in courts.stdout


def test_sparql_command(cli: Callable[..., Result]) -> None:
    result = cli("sparql", "SELECT ?n WHERE { ?x a ?c ; <http://www.w3.org/2000/01/rdf-schema#label> ?n } ORDER BY ?n", "-p", "c=https://w3id.org/rightsgraph/ns#Court")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["n", "Court in Semey"]


def test_errors_are_one_line_and_exit_2(cli: Callable[..., Result], tmp_path: Path) -> None:
    unknown = cli("query", "relatives-of-refugee")
    assert unknown.exit_code == 2
    assert unknown.stderr == "error: unknown query 'relatives-of-refugee' (did you mean 'relatives-of-refugees-prosecuted'?); 'rightsgraph query list' shows them all\n"
    invalid = cli("sparql", "SELECT ?x WHERE { ?x ?p }")
    assert invalid.exit_code == 2 and invalid.stderr.startswith("error: SPARQL syntax error") and invalid.stderr.count("\n") == 1
    bad_param = cli("query", "timeline-of-person", "-p", "nobody=1")
    assert bad_param.exit_code == 2 and "has no parameter nobody" in bad_param.stderr
    hostile = cli("query", "timeline-of-person", "-p", 'person=x"} ; DROP ALL #')
    assert hostile.exit_code == 2 and hostile.stderr.startswith("error: no person named or identified")
    missing = cli("query", "--file", tmp_path / "missing.rq")
    assert missing.exit_code == 2


def test_endpoint_from_the_cli(cli: Callable[..., Result], tmp_path: Path) -> None:
    from rightsgraph.build import build
    from tests.servers import OxigraphServer

    out = build(None, tmp_path / "out").out_dir
    with OxigraphServer([out / "graph.trig", out / "graph.ttl"], tmp_path) as server:
        result = cli("query", "relatives-of-refugees-prosecuted", "--endpoint", server.query_url)
    assert result.exit_code == 0, result.output
    assert rows(result.stdout)[0]["relativeName"] == "Iskander Yerimbetov"
    refused = cli("query", "sources", "--endpoint", server.query_url, "--timeout", "2")
    assert refused.exit_code == 2 and "cannot connect" in refused.stderr
