"""rightsgraph: a knowledge graph of actors and events in political persecution cases.

Build the graph from case files (or the built-in dataset), query it with named SPARQL
queries, and draw network and timeline views. See the README for the command line.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
