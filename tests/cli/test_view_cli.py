"""`rightsgraph view`, `analyze` and `export` from the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx
import yaml
from click.testing import Result

import rightsgraph


def test_view_commands_write_self_contained_pages(cli: Callable[..., Result], tmp_path: Path) -> None:
    runs = {
        "ego.html": ("view", "ego", "Iskander Yerimbetov", "--hops", "1"),
        "path.html": ("view", "path", "Tokayev", "André Gattolin"),
        "query.html": ("view", "query", "relatives-of-refugees-prosecuted"),
        "overview.html": ("view", "overview"),
        "timeline.html": ("view", "timeline", "mukhtar-dzhakishev"),
    }
    for name, args in runs.items():
        result = cli(*args, "--out", tmp_path / name)
        assert result.exit_code == 0, result.output
        html = (tmp_path / name).read_text(encoding="utf-8")
        assert "<script src=" not in html and "<link " not in html and "https://cdn" not in html
        assert "Content-Security-Policy" in html
    assert "Iskander Yerimbetov: network within 1 link" in (tmp_path / "ego.html").read_text(encoding="utf-8")


def test_view_errors(cli: Callable[..., Result], tmp_path: Path) -> None:
    unknown = cli("view", "ego", "Nobody at all", "--out", tmp_path / "x.html")
    assert unknown.exit_code == 2 and "no record named or identified 'Nobody at all'" in unknown.stderr
    assert not (tmp_path / "x.html").exists()


def test_analyze_ranks_and_components(cli: Callable[..., Result]) -> None:
    result = cli("analyze", "--top", "2")
    assert result.exit_code == 0
    assert "Kazakhstan" in result.stdout and "2 connected component(s)" in result.stdout
    # Statement 3 (Crimea and Donbas) shares no record with the others: its own component.
    assert "7 records: COVID-19 in closed prisons" in result.stdout


def test_export_gexf_graphml_and_rdf(cli: Callable[..., Result], tmp_path: Path) -> None:
    for fmt in ("gexf", "graphml"):
        assert cli("export", "--format", fmt, "--out", tmp_path / f"g.{fmt}").exit_code == 0
    gexf = nx.read_gexf(tmp_path / "g.gexf")
    graphml = nx.read_graphml(tmp_path / "g.graphml")
    # Every record of the built-in case files is a node, except involvements (they qualify links).
    records = sum(
        len(records or [])
        for path in (Path(rightsgraph.__file__).parent / "data").glob("*.yaml")
        for section, records in yaml.safe_load(path.read_text(encoding="utf-8")).items()
        if section not in {"sources", "involvements"}
    )
    assert gexf.number_of_nodes() == graphml.number_of_nodes() == records
    node = gexf.nodes["https://w3id.org/rightsgraph/id/person/iskander-yerimbetov"]
    assert node["label"] == "Iskander Yerimbetov" and "Critical health of Iskander Yerimbetov in detention" in node["sources"]
    for fmt in ("trig", "turtle", "nquads", "jsonld"):
        result = cli("export", "--format", fmt, "--out", tmp_path / f"g.{fmt}")
        assert result.exit_code == 0 and (tmp_path / f"g.{fmt}").stat().st_size > 1000


def _drawn_ids(page: Path) -> set[str]:
    import json
    import re

    match = re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    assert match is not None
    return {node["id"] for node in json.loads(match.group(1))["nodes"]}


def test_ego_view_stops_at_hubs_says_so_and_offers_the_wider_view(cli: Callable[..., Result], tmp_path: Path) -> None:
    """Like the casebook's ego views: Kazakhstan, two links from Iskander Yerimbetov, is drawn
    but not walked through; --through-hubs draws what lies behind it."""
    from rdflib import URIRef

    from rightsgraph.build import load_graph
    from rightsgraph.viz.projection import HUB_DEGREE
    from tests.viz.by_hand import ego_by_hand, hubs_by_hand

    kg, _ = load_graph()
    center = URIRef("https://w3id.org/rightsgraph/id/person/iskander-yerimbetov")
    hubs = hubs_by_hand(kg, HUB_DEGREE)
    narrow = {str(n) for n in ego_by_hand(kg, center, 3, stop_at=hubs)}
    wide = {str(n) for n in ego_by_hand(kg, center, 3)}
    assert narrow < wide, "the built-in data has records behind a hub"
    default = cli("view", "ego", "Iskander Yerimbetov", "--hops", "3", "--out", tmp_path / "ego.html")
    wider = cli("view", "ego", "Iskander Yerimbetov", "--hops", "3", "--through-hubs", "--out", tmp_path / "wider.html")
    assert default.exit_code == 0 and wider.exit_code == 0, default.output + wider.output
    assert _drawn_ids(tmp_path / "ego.html") == narrow
    assert _drawn_ids(tmp_path / "wider.html") == wide
    page = (tmp_path / "ego.html").read_text(encoding="utf-8")
    assert "Not expanded through" in page and "Kazakhstan" in page and "--through-hubs" in page
    assert "--through-hubs" in default.output
    assert "Not expanded through" not in (tmp_path / "wider.html").read_text(encoding="utf-8")


def test_a_view_never_overwrites_an_input_or_writes_into_a_store(cli: Callable[..., Result], tmp_path: Path) -> None:
    data = Path(rightsgraph.__file__).parent / "data"
    inputs = []
    for source in sorted(data.glob("*.yaml")):
        copy = tmp_path / source.name
        copy.write_bytes(source.read_bytes())
        inputs += ["--input", copy]
    victim = tmp_path / "political-prisoners.yaml"
    before = victim.read_bytes()
    for args in (("view", "overview"), ("view", "ego", "Iskander Yerimbetov"), ("view", "timeline")):
        result = cli(*args, *inputs, "--out", victim)
        assert result.exit_code == 2, result.output
        assert "would overwrite the input" in result.stderr and str(victim) in result.stderr
        assert victim.read_bytes() == before
    store = tmp_path / "store"
    assert cli("build", "--store", store).exit_code == 0
    files = {path.name: path.read_bytes() for path in store.iterdir() if path.is_file()}
    inside = store / "view.html"
    result = cli("view", "overview", "--store", store, "--out", inside)
    assert result.exit_code == 2, result.output
    assert "inside the store" in result.stderr
    assert not inside.exists()
    assert {path.name: path.read_bytes() for path in store.iterdir() if path.is_file()} == files
