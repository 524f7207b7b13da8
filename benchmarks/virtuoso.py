"""The benchmark's Virtuoso system: the same corpus, the same inferences, the same bound query texts.

Virtuoso is started as the tests start it (``tests/servers.py``, on 127.0.0.1, its own config),
with a larger page cache, no row cap and no time limit (the benchmark stops slow measures
itself). The build is its bulk loader (``ld_dir`` + ``rdf_loader_run``) on the N-Quads and on the
ontology graph as rightsgraph stores it (hierarchies closed), then the same inference updates as
rightsgraph's, run inside Virtuoso, then a checkpoint. Virtuoso's default graph is already the
union of all graphs, so no union is built. Queries go over HTTP (SPARQL protocol, JSON results,
every row read); the ego view is rightsgraph's view code with Virtuoso as its query target.

    .venv/bin/python benchmarks/run.py --sizes 10k --systems virtuoso
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

PAGE_CACHE = 250_000
"""8 KiB pages (about 2 GiB): the 1M corpus and its indexes fit, as they do in Oxigraph's cache."""


def process_peak_rss(pid: int) -> int:
    """Peak resident memory of another process (VmHWM), in bytes; 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def process_cpu(pid: int) -> float:
    """CPU seconds (user and system, every thread) another process has used so far; 0 when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ontology_nquads(folder: Path) -> Path:
    """The ontology graph exactly as a rightsgraph store holds it, as N-Quads."""
    import pyoxigraph as ox

    from rightsgraph.graph.store import KnowledgeGraph

    kg = KnowledgeGraph()
    kg.load_ontology()
    path = folder / "ontology.nq"
    with path.open("wb") as handle:
        ox.serialize(kg.store.quads_for_pattern(None, None, None, None), handle, format=ox.RdfFormat.N_QUADS)
    return path


def sparql_rows(url: str, text: str, timeout: float) -> int:
    """Run a query over HTTP and read every row; the number of rows."""
    request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": text}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as err:
        message = err.read(400).decode(errors="replace")
        raise RuntimeError(message.split(":", 1)[0].strip() or f"HTTP {err.code}") from None
    return len(answer.get("results", {}).get("bindings", []))


def worker_virtuoso(meta: dict[str, Any], repeats: int, limit: float, out: dict[str, Any], texts: dict[str, str], timed: Any, build_seconds: float, builds: int) -> None:
    from rightsgraph.graph.inference import closure_updates
    from rightsgraph.ontology import vocabulary
    from rightsgraph.queries import Endpoint
    from rightsgraph.viz import ego_view, write_network
    from tests.servers import VirtuosoServer

    corpus = Path(meta["nquads"]).resolve()
    scratch = Path(tempfile.mkdtemp(prefix="bench-virtuoso-"))
    ontology = ontology_nquads(scratch)
    updates = closure_updates(vocabulary())
    peaks: list[int] = []
    counter = iter(range(1000))
    state: dict[str, Any] = {}

    def run_build() -> None:
        if "server" in state:
            peaks.append(process_peak_rss(state["server"].process.pid))
            state.pop("server").__exit__()
        server = VirtuosoServer(scratch / f"db-{next(counter)}", buffers=PAGE_CACHE, max_rows=10_000_000, max_seconds=0,
                                allowed=(corpus.parent, scratch)).__enter__()
        state["server"] = server
        start = time.perf_counter()
        server.sql(f"ld_dir('{corpus.parent}', '{corpus.name}', 'urn:rightsgraph:bench'); "
                   f"ld_dir('{scratch}', '{ontology.name}', 'urn:rightsgraph:bench'); rdf_loader_run(); checkpoint;")
        if "0 Rows." not in server.sql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;"):
            raise RuntimeError("the bulk loader refused a file")
        state["load"] = time.perf_counter() - start
        for update in updates:
            server.sql(f"log_enable(2, 1); SPARQL {update}; checkpoint;")
        state["server_cpu"] = process_cpu(server.process.pid)  # a fresh server: all of it is the build's

    out["build"] = timed(run_build, builds, build_seconds)
    if "server" in state and "median" not in out["build"]:
        state.pop("server").__exit__()  # a build stopped half-way: nothing to query
    if "server" not in state:
        shutil.rmtree(scratch, ignore_errors=True)
        return
    server = state["server"]
    try:
        out["bulk_load_seconds"] = state.get("load")
        out["build_server_cpu"] = state.get("server_cpu")
        pid = server.process.pid

        def cpu() -> float:  # the server's work and this client's
            return process_cpu(pid) + time.process_time()

        (row,) = Endpoint(server.query_url).run("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        out["quads"] = int(row["n"].toPython())
        out["queries"] = {name: timed(lambda q=text: sparql_rows(server.query_url, q, limit), repeats, limit, cpu) for name, text in texts.items()}
        target = Endpoint(server.query_url)
        out["ego"] = timed(lambda: write_network(ego_view(target, meta["person"], 2), scratch / "ego.html"), repeats, limit, cpu)
        peaks.append(process_peak_rss(server.process.pid))
        out["server_peak_rss_bytes"] = max(peaks)
    finally:
        server.__exit__()
        shutil.rmtree(scratch, ignore_errors=True)
