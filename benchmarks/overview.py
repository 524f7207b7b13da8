"""Benchmark: the casebook's overview of a large graph in Chromium, grouped against every record.

For each corpus size, generates a corpus (``generate.py``), projects it, and writes three pages:
the grouped overview the casebook writes, the view of its largest group, and as the baseline
the overview of every record (positions precomputed, physics off past 1,000 records). Each page
is opened in headless Chromium (the tests' browser, every non-file request blocked) until it is
drawn and still; reported are the median wall time and the median main-thread task time of the
page's renderer (Chrome's own ``TaskDuration``, which a busy machine inflates far less).

    .venv/bin/python benchmarks/overview.py --persons 1010 5050 --repeats 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import generate  # noqa: E402
from rightsgraph.build import populate  # noqa: E402
from rightsgraph.graph import KnowledgeGraph  # noqa: E402
from rightsgraph.viz.network import NetworkView, write_network  # noqa: E402
from rightsgraph.viz.projection import project  # noqa: E402
from rightsgraph.viz.site.overview import group_records, write_overview  # noqa: E402
from tests.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402


def pages(persons: int, folder: Path) -> tuple[int, dict[str, Path]]:
    """The corpus' record count and the three pages to open."""
    kg = KnowledgeGraph()
    populate(kg, generate(persons, folder / "corpus", seed=5), check=False)
    graph = project(kg)
    views = folder / "views"
    write_overview(graph, views, {}, {})
    _, groups = group_records(graph)
    largest = max(groups, key=lambda g: len(g.members))
    everything = write_network(NetworkView("Every record", graph), views / "everything.html", max_nodes=graph.number_of_nodes() + 1)
    return graph.number_of_nodes(), {"grouped overview": views / "overview.html", "largest group": views / largest.href, "every record": everything}


def open_until_still(browser: Any, page_path: Path) -> tuple[float, float]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:")) else route.abort())
    session = context.new_cdp_session(page)
    session.send("Performance.enable")
    started = time.perf_counter()
    page.goto(page_path.resolve().as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=600_000, state="attached")
    wall = time.perf_counter() - started
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    context.close()
    return wall, metrics["TaskDuration"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, nargs="+", default=[1010, 5050])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print("| records | page | drawn nodes | wall s (median) | renderer task s (median) |")
    print("|---:|---|---:|---:|---:|")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for persons in args.persons:
            records, found = pages(persons, Path(scratch) / str(persons))
            for name, path in found.items():
                runs = [open_until_still(browser, path) for _ in range(args.repeats)]
                nodes = path.read_text(encoding="utf-8").split(" nodes · ")[0].rsplit(">", 1)[-1]
                print(f"| {records:,} | {name} | {nodes} | {statistics.median(r[0] for r in runs):.2f} | {statistics.median(r[1] for r in runs):.2f} |", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
