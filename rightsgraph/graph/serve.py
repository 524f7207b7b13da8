"""Finding the Oxigraph SPARQL server (PyPI ``oxigraph``) that serves a store; see :mod:`rightsgraph.serving`.

The store's default graph already holds the union of all graphs, so the server needs no union
option and answers exactly as the local store does.
"""

from __future__ import annotations

import shutil
import sys
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
