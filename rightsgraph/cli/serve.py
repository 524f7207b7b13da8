"""``rightsgraph serve`` and ``push``: the Oxigraph server, and sending graphs to other servers."""

from __future__ import annotations

from pathlib import Path

import click

from rightsgraph.cli.common import err, graph_options, main, out, output_graph, public_option
from rightsgraph.errors import RightsgraphError
from rightsgraph.graph.push import PushOptions, Server
from rightsgraph.graph.push import push as run_push


TOKEN_VARIABLE = "RIGHTSGRAPH_SERVE_TOKEN"


@main.command()
@click.option("--store", "store", type=click.Path(path_type=Path, file_okay=False), help="The store to serve (default: the built-in dataset, in a temporary store).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on. Anything but the loopback exposes the data.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--writable", is_flag=True, help=f"Accept SPARQL Update and Graph Store writes (read-only by default) from this server's own pages, or with the token (from {TOKEN_VARIABLE}, else made up and printed).")
@click.option("--allow-host", "extra_hosts", multiple=True, metavar="NAME", help="Another name this server may be called by in the Host header (e.g. behind a proxy; repeatable).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True, help="Seconds a query may run.")
@click.option("--no-reconcile", is_flag=True, help="Do not serve the OpenRefine reconciliation service at /reconcile.")
@public_option
def serve(store: Path | None, host: str, port: int, writable: bool, extra_hosts: tuple[str, ...], timeout: float, no_reconcile: bool, public: bool) -> None:
    """Serve a store over SPARQL (the Oxigraph server, behind a checking front) until interrupted.

    Only requests naming this server in Host are answered; queries that would contact another
    server (SERVICE, LOAD) are refused. With --public the server gets a temporary public copy.
    The W3C reconciliation service for OpenRefine answers at /reconcile (read-only, from the
    store as it was when the server started).
    """
    import os
    import secrets
    import signal
    import tempfile
    import threading

    from rightsgraph.build import build as run_build
    from rightsgraph.build import write_public_store
    from rightsgraph.graph.confidential import find_confidential
    from rightsgraph.graph.serve import LOCAL_HOSTS
    from rightsgraph.graph.store import hold_for_serving, open_store
    from rightsgraph.serving import Policy, RouteTable, sparql_server
    from rightsgraph.serving.reconcile import ReconciliationService, never_writes

    if public and writable:
        raise RightsgraphError("--public serves a temporary copy; writes to it would be lost, so it cannot be --writable")
    token = None
    if writable:
        token = os.environ.get(TOKEN_VARIABLE) or secrets.token_urlsafe(24)
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
        if host not in LOCAL_HOSTS:
            err.print(f"warning: listening on {host}: anyone who can reach it can read the graph; rightsgraph has no access control (put the server behind one).", markup=False)
        policy = Policy(host, port, writable=writable, token=token, extra_hosts=extra_hosts)
        routes = RouteTable()
        if not no_reconcile:
            # Read before Oxigraph locks the store: the service answers from this snapshot.
            snapshot = open_store(store, read_only=True)
            try:
                service = ReconciliationService(snapshot)
            finally:
                snapshot.close()
            routes.mount("/reconcile", service.handle, is_write=never_writes)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
        served = hold_for_serving(store)  # builds refuse to replace the store while it is served
        try:
            with sparql_server(store, policy, routes, query_timeout=timeout) as front:
                base = front.policy.base
                for label, url in {"query page": f"{base}/", "SPARQL query endpoint": f"{base}/query", "Graph Store endpoint": f"{base}/store"}.items():
                    out.print(f"{label}: {url}", markup=False)
                if not no_reconcile:
                    out.print(f"reconciliation service (paste into OpenRefine): {base}/reconcile", markup=False)
                if writable:
                    out.print(f"SPARQL update endpoint: {base}/update", markup=False)
                    out.print("read-write: from this server's pages, or with 'Authorization: Bearer <token>'", markup=False)
                    if not os.environ.get(TOKEN_VARIABLE):
                        out.print(f"token (shown once; set {TOKEN_VARIABLE} to choose it): {token}", markup=False)
                else:
                    out.print("read-only (use --writable to accept updates)", markup=False)
                out.file.flush()
                stop.wait()
        except KeyboardInterrupt:
            pass
        except OSError as error:
            raise RightsgraphError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        finally:
            served.close()


@main.command()
@click.option("--endpoint", "graph_store", metavar="URL", help="Graph Store Protocol endpoint (Oxigraph: .../store, Virtuoso: .../sparql-graph-crud, Fuseki: .../data).")
@click.option("--update", "update_url", metavar="URL", help="SPARQL Update endpoint (Oxigraph: .../update); makes each replacement an atomic MOVE, and carries the data when there is no Graph Store endpoint.")
@click.option("--no-union", is_flag=True, help="Do not replace the server's default graph with the union (for servers, like Virtuoso, whose default graph is already every graph).")
@click.option("--timeout", type=click.FloatRange(min=1), default=PushOptions.timeout, show_default=True, help="Seconds each request may take, its whole answer included.")
@public_option
@graph_options
def push(graph_store: str | None, update_url: str | None, no_union: bool, timeout: float, inputs: tuple[Path, ...], store: Path | None, public: bool) -> None:
    """Send every source graph to a SPARQL 1.1 server, each replaced atomically.

    Credentials come from RIGHTSGRAPH_ENDPOINT_USER and RIGHTSGRAPH_ENDPOINT_PASSWORD, or
    RIGHTSGRAPH_ENDPOINT_TOKEN, never from the command line.
    """
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
