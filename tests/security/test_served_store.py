"""A store that ``rightsgraph serve`` is serving is not replaced under it.

The server keeps the files it opened: after ``build --store X --public`` replaced X, it would go
on serving the old, confidential data. So a build (or an import) into a served store is refused
with one line saying to stop the server first; once it stops, the build goes through.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.security.test_confidential import FIXTURE, _wait_for, leaks
from tests.servers import free_port


def everything(port: int) -> bytes:
    query = urllib.parse.urlencode({"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
    request = urllib.request.Request(f"http://127.0.0.1:{port}/query?{query}", headers={"Accept": "text/csv"})
    return bytes(urllib.request.urlopen(request, timeout=30).read())


def test_a_served_store_is_not_replaced(tmp_path: Path, cli: Callable[..., Result]) -> None:
    store = tmp_path / "store"
    assert cli("build", FIXTURE, "--store", store).exit_code == 0
    port = free_port()
    command = [sys.executable, "-m", "rightsgraph.cli", "serve", "--store", str(store), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(f"http://127.0.0.1:{port}/query", process)
        assert leaks(everything(port)), "the control: the working store is served"
        result = cli("build", FIXTURE, "--store", store, "--public")
        assert result.exit_code == 2, result.output
        assert "is being served" in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert leaks(everything(port)), "the server still serves the store it had, untouched"
    finally:
        process.terminate()
        process.communicate(timeout=20)
    result = cli("build", FIXTURE, "--store", store, "--public")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
