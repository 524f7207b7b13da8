"""The benchmark's report: one table per corpus size, and how each figure grows from 100k to 1M.

Reads the ``results-<size>.json`` files that ``benchmarks/run.py`` writes and renders markdown.
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

SYSTEMS = ("rightsgraph", "rdflib", "pyoxigraph", "virtuoso")
ORDER = ("10k", "100k", "1M", "3M")


def fmt(measure: dict[str, Any] | None) -> str:
    if not measure:
        return "—"
    if "error" in measure:
        return f"fails ({measure['error']})"
    if "timeout" in measure:
        return f"> {measure['timeout']:.0f} s"
    text = seconds(measure["median"])
    return f"{text} (CPU {seconds(measure['cpu'])})" if "cpu" in measure else text


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def ratio(slow: dict[str, Any] | None, fast: dict[str, Any] | None) -> str:
    if not slow or not fast or "median" not in fast or "error" in slow:
        return "—"
    if "timeout" in slow:
        return f"> {slow['timeout'] / fast['median']:.0f}×"
    return f"{slow['median'] / fast['median']:.1f}×" if "median" in slow else "—"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import pyoxigraph
    import rdflib

    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}")


def measures(results: dict[str, dict[str, Any]]) -> list[tuple[str, list[dict[str, Any] | None]]]:
    """(label, one cell per system) for every measure of a size."""
    virtuoso = results.get("virtuoso", {})
    if "median" in virtuoso.get("build", {}) and virtuoso.get("build_server_cpu"):
        virtuoso["build"] = {**virtuoso["build"], "cpu": virtuoso["build_server_cpu"]}  # the server's work, not the client's
    rows: list[tuple[str, list[dict[str, Any] | None]]] = [("build", [results.get(s, {}).get("build") for s in SYSTEMS])]
    names = sorted({name for s in SYSTEMS for name in results.get(s, {}).get("queries", {})})
    rows += [(f"query `{name}`", [results.get(s, {}).get("queries", {}).get(name) for s in SYSTEMS]) for name in names]
    rows.append(("ego view (2 links, HTML)", [results.get(s, {}).get("ego") for s in SYSTEMS]))
    for way in ("by IRI", "by name"):
        rows.append((f"`actor-profile`, person {way} (with the lookup)", [results.get("rightsgraph", {}).get("lookup", {}).get(way), None, None, None]))
    return rows


def rows_of(cells: list[dict[str, Any] | None]) -> str:
    counts = sorted({cell["rows"] for cell in cells if cell and "rows" in cell})
    return " / ".join(f"{count:,}" for count in counts) if counts else ""


def table(size: str, run: dict[str, Any]) -> list[str]:
    meta, results = run["meta"], run["results"]
    rg = results.get("rightsgraph", {})
    triples = rg.get("triples", meta["asserted"])
    load = " / ".join(f"{value:.1f}" for value in run.get("load", []))
    lines = [
        f"### {size}: {meta['persons']:,} persons, {meta['asserted']:,} asserted facts, {triples:,} after inference",
        "",
        f"Machine load when the run started (1/5/15 min): {load}{per_system(results)}. Command: `python benchmarks/run.py {run.get('command', '')}`.",
        "Each cell: wall time (median), and in brackets the CPU time of the process (rightsgraph: every thread;"
        " Virtuoso: the server's and the client's), which a shared machine inflates far less.",
        "",
        "| measure | rightsgraph | rdflib (baseline) | pyoxigraph (limit) | Virtuoso | rows | rightsgraph ÷ Virtuoso | rightsgraph ÷ pyoxigraph | rdflib ÷ rightsgraph |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, cells in measures(results):
        rgc, rlc, oxc, vc = cells
        lines.append(f"| {label} | {fmt(rgc)} | {fmt(rlc)} | {fmt(oxc)} | {fmt(vc)} | {rows_of(cells)} | {ratio(rgc, vc)} | {ratio(rgc, oxc)} | {ratio(rlc, rgc)} |")

    def memory(system: str, key: str) -> str:
        data = results.get(system, {})
        peak, base = data.get(key), data.get("baseline_rss_bytes", 0)
        return f"{peak / 2**20:.0f} MiB; {(peak - base) / 2**20:.0f} MiB above the start ({(peak - base) / triples:.0f} B/triple)" if peak else "—"

    lines.append("| peak memory, build (the process's peak; what it added to its size at start, per triple) | " + " | ".join(memory(s, "build_rss_bytes") for s in SYSTEMS[:3]) + f" | {memory('virtuoso', 'server_peak_rss_bytes')} (server) | | | | |")
    lines.append("| peak memory, queries and view | " + " | ".join(memory(s, "peak_rss_bytes") for s in SYSTEMS[:3]) + " | | | | | |")
    if results.get("virtuoso", {}).get("bulk_load_seconds"):
        lines.append(f"\nVirtuoso's bulk load alone (last build): {results['virtuoso']['bulk_load_seconds']:.2f} s.")
    for system in SYSTEMS:
        if "error" in results.get(system, {}):
            lines.append(f"\n{system}: {results[system]['error']}.")
    return lines


def per_system(results: dict[str, Any]) -> str:
    loads = [f"{system} {data['load_before'][0]:.1f}" for system, data in results.items() if data.get("load_before")]
    return f" (1-min load as each system started: {', '.join(loads)})" if loads else ""


def growth(small: dict[str, Any], large: dict[str, Any]) -> list[str]:
    lines = [
        "### Growth from 100k to 1M (10× the facts)",
        "",
        "| measure | rightsgraph 100k | rightsgraph 1M | growth | Virtuoso 100k | Virtuoso 1M | growth |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    before, after = dict(measures(small["results"])), dict(measures(large["results"]))
    for label, cells in after.items():
        old = before.get(label, [None] * 4)
        lines.append(f"| {label} | {fmt(old[0])} | {fmt(cells[0])} | {ratio(cells[0], old[0])} | {fmt(old[3])} | {fmt(cells[3])} | {ratio(cells[3], old[3])} |")
    return lines


def write_report(folder: Path, out: Path) -> None:
    runs = {size: json.loads((folder / f"results-{size}.json").read_text(encoding="utf-8")) for size in ORDER if (folder / f"results-{size}.json").exists()}
    report = ["# Benchmark results (generated tables)", "", f"Machine: {machine()}.", ""]
    for size, run in runs.items():
        report += table(size, run) + [""]
    if "100k" in runs and "1M" in runs:
        report += growth(runs["100k"], runs["1M"]) + [""]
    out.write_text("\n".join(report) + "\n", encoding="utf-8")
