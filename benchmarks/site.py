"""Benchmark: writing the casebook (static site) of a generated corpus.

Loads a corpus made by ``generate.py`` once, then writes its casebook several times and reports
the median time, the number of pages, their total and largest size, and the share of the time
spent in the batched queries (the rest is rendering and writing files).

    .venv/bin/python benchmarks/generate.py --persons 10000 --out benchmarks/corpus/10k
    .venv/bin/python benchmarks/site.py benchmarks/corpus/10k --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rightsgraph.build import load_graph
from rightsgraph.graph import summarize
from rightsgraph.viz.site import write_site


def measure(corpus: Path, repeats: int) -> dict[str, float]:
    started = time.perf_counter()
    kg, report = load_graph(sorted(corpus.glob("*.yaml")))
    load_seconds = time.perf_counter() - started
    print(f"  loaded in {load_seconds:.1f} s", flush=True)
    summary = summarize(kg)
    times, process_times = [], []
    pages = 0
    total = largest = 0
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch)
            wall, cpu = time.perf_counter(), time.process_time()
            write_site(kg, out, summary, report)
            times.append(time.perf_counter() - wall)
            process_times.append(time.process_time() - cpu)
            print(f"  run {len(times)}: {times[-1]:.1f} s wall, {process_times[-1]:.1f} s CPU", flush=True)
            files = [p for p in out.rglob("*") if p.is_file()]
            pages = sum(1 for p in files if p.suffix == ".html")
            sizes = [p.stat().st_size for p in files]
            total, largest = sum(sizes), max(sizes)
    return {
        "load_s": load_seconds, "site_s": statistics.median(times), "site_cpu_s": statistics.median(process_times),
        "pages": pages, "total_mb": total / 1e6, "largest_kb": largest / 1e3, "triples": summary.triples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="a folder of case files written by generate.py")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    result = measure(args.corpus, args.repeats)
    print(f"corpus {args.corpus}: {result['triples']:,} facts, loaded in {result['load_s']:.1f} s")
    print(f"casebook: median {result['site_s']:.1f} s wall, {result['site_cpu_s']:.1f} s CPU (of {args.repeats}); "
          f"{result['pages']:,} pages, {result['total_mb']:.1f} MB in all, largest file {result['largest_kb']:.0f} KB")


if __name__ == "__main__":
    main()
