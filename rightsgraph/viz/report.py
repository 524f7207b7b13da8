"""The report of a build: the casebook (see :mod:`rightsgraph.viz.site`) in the output folder.

A user opens ``index.html`` and sees the whole graph: contents, counts, charts, the views, the
answer of every named query, and a page for every record.
"""

from __future__ import annotations

from pathlib import Path

from rightsgraph.graph import KnowledgeGraph, Summary, ValidationReport
from rightsgraph.viz.site import write_site


def write_report(kg: KnowledgeGraph, out_dir: Path, summary: Summary, validation: ValidationReport) -> Path:
    """Write the casebook into ``out_dir``: ``index.html``, record pages, views and assets."""
    return write_site(kg, out_dir, summary, validation)
