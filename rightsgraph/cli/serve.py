"""``rightsgraph serve`` and ``push``: the Oxigraph server, and sending graphs to other servers."""

from __future__ import annotations

from pathlib import Path

import click

from rightsgraph.cli.common import err, graph_options, main, out, output_graph, public_option
from rightsgraph.errors import RightsgraphError


@main.command()
@click.option("--store", "store", type=click.Path(path_type=Path, file_okay=False), help="The store to serve (default: the built-in dataset, in a temporary store).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on. Anything but the loopback exposes the data.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--writable", is_flag=True, help="Accept SPARQL Update and Graph Store writes (read-only by default).")
@public_option
def serve(store: Path | None, host: str, port: int, writable: bool, public: bool) -> None:
    """Serve a store with the Oxigraph SPARQL server until interrupted (Ctrl-C).

    With --public the server gets a temporary public copy of the store.
    """
    import signal
    import subprocess
    import tempfile

    from rightsgraph.build import build as run_build
    from rightsgraph.build import write_public_store
    from rightsgraph.graph.confidential import find_confidential
    from rightsgraph.graph.serve import LOCAL_HOSTS, plan_server
    from rightsgraph.graph.store import hold_for_serving, open_store

    if public and writable:
        raise RightsgraphError("--public serves a temporary copy; writes to it would be lost, so it cannot be --writable")
    with tempfile.TemporaryDirectory(prefix="rightsgraph-serve-") as scratch:
        if store is None:
            store = Path(scratch) / "store"
            run_build(None, None, store=store)
            out.print("Serving the built-in dataset (build your own with 'rightsgraph build --store DIR').", markup=False)
        elif public:
            found = write_public_store(store, Path(scratch) / "public")
            store = Path(scratch) / "public"
            if found:
                out.print(f"Serving the public copy: left out or pseudonymised {found.describe()}.", markup=False)
        else:
            kg = open_store(store, read_only=True)  # a clear error now, rather than one from the server
            try:
                found = find_confidential(kg)
            finally:
                kg.close()
            if found:
                err.print(f"warning: the store holds data marked confidential ({found.describe()}); serve it with --public to leave it out.", markup=False)
        plan = plan_server(store, host, port, writable)
        if host not in LOCAL_HOSTS:
            err.print(f"warning: listening on {host}: anyone who can reach it can read the graph; rightsgraph has no access control (put the server behind one).", markup=False)
        for label, url in plan.urls.items():
            out.print(f"{label}: {url}", markup=False)
        out.print("read-write" if writable else "read-only (use --writable to accept updates)", markup=False)
        served = hold_for_serving(store)  # builds refuse to replace the store while it is served
        server = subprocess.Popen(plan.command)
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True
            server.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            returncode = server.wait()
        except KeyboardInterrupt:
            stopping = True
            server.terminate()
            returncode = server.wait()
        served.close()
        if not stopping and returncode != 0:
            raise RightsgraphError(f"the Oxigraph server stopped with status {returncode}")


@main.command()
@click.option("--endpoint", "graph_store", metavar="URL", help="Graph Store Protocol endpoint (Oxigraph: .../store, Virtuoso: .../sparql-graph-crud, Fuseki: .../data).")
@click.option("--update", "update_url", metavar="URL", help="SPARQL Update endpoint (Oxigraph: .../update); makes each replacement an atomic MOVE, and carries the data when there is no Graph Store endpoint.")
@click.option("--no-union", is_flag=True, help="Do not replace the server's default graph with the union (for servers, like Virtuoso, whose default graph is already every graph).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True)
@public_option
@graph_options
def push(graph_store: str | None, update_url: str | None, no_union: bool, timeout: float, inputs: tuple[Path, ...], store: Path | None, public: bool) -> None:
    """Send every source graph to a SPARQL 1.1 server, each replaced atomically.

    Credentials come from RIGHTSGRAPH_ENDPOINT_USER and RIGHTSGRAPH_ENDPOINT_PASSWORD, or
    RIGHTSGRAPH_ENDPOINT_TOKEN, never from the command line.
    """
    from rightsgraph.graph.push import PushOptions, Server
    from rightsgraph.graph.push import push as run_push

    server = Server(graph_store, update_url, PushOptions(timeout=timeout, union=not no_union))
    kg = output_graph(inputs, store, public)
    try:
        report = run_push(kg, server, progress=lambda graph, size: out.print(f"replaced {graph} ({size} triples)", markup=False))
    except RightsgraphError:
        err.print("The push stopped; graphs already replaced are new, the others are as they were.", markup=False)
        raise
    out.print(f"Pushed {len(report.pushed)} graphs, {sum(p.triples for p in report.pushed)} triples.", markup=False)
    if report.removed_stale:
        out.print("Removed from the server the graphs an earlier push left there that this push does not include.", markup=False)
    else:
        err.print(
            "warning: graphs already on the server that this push does not include stay there (confidential ones of an earlier full push too); "
            "give --update URL to remove them.",
            markup=False,
        )
