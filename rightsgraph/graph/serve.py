"""Serving a store with the Oxigraph SPARQL server (PyPI ``oxigraph``), not a server of our own.

The store's default graph already holds the union of all graphs, so the server needs no union
option and answers exactly as the local store does.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from rightsgraph.errors import StoreError

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def oxigraph_binary() -> str:
    """The ``oxigraph`` command installed beside this Python, or on the PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed: pip install oxigraph")
    return found


@dataclass(frozen=True)
class ServerPlan:
    command: list[str]
    base: str
    writable: bool

    @property
    def urls(self) -> dict[str, str]:
        """What a user opens or points tools at."""
        urls = {"query page": f"{self.base}/", "SPARQL query endpoint": f"{self.base}/query", "Graph Store endpoint": f"{self.base}/store"}
        if self.writable:
            urls["SPARQL update endpoint"] = f"{self.base}/update"
        return urls


def plan_server(store: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False) -> ServerPlan:
    """The command that serves ``store`` (read-only unless ``writable``)."""
    mode = "serve" if writable else "serve-read-only"
    shown = f"[{host}]" if ":" in host else host
    return ServerPlan(
        command=[oxigraph_binary(), mode, "--location", str(store), "--bind", f"{shown}:{port}"],
        base=f"http://{shown}:{port}",
        writable=writable,
    )
