"""Views: the networkx projection, offline HTML network and timeline views, the report, analytics."""

from __future__ import annotations

from rightsgraph.viz.analytics import Analysis, analyze, export_network
from rightsgraph.viz.network import NetworkView, write_network
from rightsgraph.viz.projection import project
from rightsgraph.viz.report import write_report
from rightsgraph.viz.timeline import write_timeline
from rightsgraph.viz.views import ego_view, overview_view, path_view, query_view, relatives_of_refugees_view

__all__ = [
    "Analysis",
    "NetworkView",
    "analyze",
    "ego_view",
    "export_network",
    "overview_view",
    "path_view",
    "project",
    "query_view",
    "relatives_of_refugees_view",
    "write_network",
    "write_report",
    "write_timeline",
]
