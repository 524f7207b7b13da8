"""A push leaves the server holding what was pushed, within the graphs rightsgraph owns.

After a full push (confidential graphs included), ``push --public`` must remove the graphs it does
not send that rightsgraph had pushed (described in the server's provenance graph, the system
graphs, temporary push graphs), and leave every other graph on the server alone.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from rdflib import Dataset

from tests.security.test_confidential import FIXTURE, PUBLIC, leaks
from tests.servers import OxigraphServer

FOREIGN = b'<http://example.org/a> <http://example.org/says> "kept" .\n'
"""A graph someone else keeps on the same server."""


def dump(server: OxigraphServer) -> bytes:
    request = urllib.request.Request(server.store_url, headers={"Accept": "application/n-quads"})
    return bytes(urllib.request.urlopen(request, timeout=30).read())


def graphs_in(data: bytes) -> set[str]:
    dataset = Dataset()
    dataset.parse(data=data, format="nquads")
    return {str(g.identifier) for g in dataset.graphs() if len(g)} - {"urn:x-rdflib:default"}


def put(server: OxigraphServer, graph: str, body: bytes) -> None:
    request = urllib.request.Request(f"{server.store_url}?graph={graph}", data=body, method="PUT", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(request, timeout=30).read()


def test_a_public_push_after_a_full_push_removes_the_confidential_graphs(tmp_path: Path, cli: Callable[..., Result]) -> None:
    store = tmp_path / "store"
    assert cli("build", FIXTURE, "--store", store).exit_code == 0
    assert cli("export", "--format", "nquads", "--out", tmp_path / "public.nq", "--store", store, "--public").exit_code == 0
    expected = graphs_in((tmp_path / "public.nq").read_bytes())
    with OxigraphServer(None, tmp_path, writable=True) as server:
        put(server, "http://example.org/someone-elses", FOREIGN)
        put(server, "urn:rightsgraph:push:left-by-an-interrupted-push", FOREIGN)
        full = cli("push", "--endpoint", server.store_url, "--update", server.update_url, "--store", store)
        assert full.exit_code == 0, full.output
        assert leaks(dump(server)), "the control: the full push put the secrets on the server"
        result = cli("push", "--endpoint", server.store_url, "--update", server.update_url, "--store", store, "--public")
        assert result.exit_code == 0, result.output
        after = dump(server)
    assert leaks(after) == []
    assert PUBLIC.encode() in after
    assert graphs_in(after) == expected | {"http://example.org/someone-elses"}
    assert "Removed" in result.output


def test_a_push_without_update_says_what_stays(tmp_path: Path, cli: Callable[..., Result]) -> None:
    """With only a Graph Store endpoint nothing can be removed selectively: the push says so."""
    store = tmp_path / "store"
    assert cli("build", FIXTURE, "--store", store).exit_code == 0
    with OxigraphServer(None, tmp_path, writable=True) as server:
        result = cli("push", "--endpoint", server.store_url, "--store", store, "--public")
    assert result.exit_code == 0, result.output
    assert "warning: graphs already on the server that this push does not include stay there" in result.stderr
