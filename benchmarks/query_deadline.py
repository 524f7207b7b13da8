"""Benchmark: what the local query deadline costs (a worker thread and a look at the clock).

Baseline, measured in the same run: each named query of the library evaluated directly in the
calling thread (Oxigraph's answer read row by row, as before the deadline). Reports, per query,
the median of several repeats of each path and the ratio deadline / direct, then the median
ratio and the median added time per query.

    .venv/bin/python benchmarks/query_deadline.py --repeats 21
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

from rightsgraph.build import load_graph
from rightsgraph.queries import LocalTarget, load_library, prepare


def median_seconds(run: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    kg, _ = load_graph()
    target = LocalTarget(kg)
    never = threading.Event()
    ratios, added = [], []
    print(f"{'query':45} {'direct ms':>10} {'deadline ms':>12} {'ratio':>6}")
    for name, named in load_library().items():
        if named.parameters and any(p.required for p in named.parameters):
            continue
        text = prepare(target, named)
        direct = median_seconds(lambda: target._evaluate(text, never), args.repeats)
        guarded = median_seconds(lambda: target.run(text), args.repeats)
        ratios.append(guarded / direct)
        added.append(guarded - direct)
        print(f"{name:45} {direct * 1000:10.2f} {guarded * 1000:12.2f} {guarded / direct:6.2f}")
    print(f"median ratio {statistics.median(ratios):.3f}; median added time {statistics.median(added) * 1e6:.0f} µs per query")


if __name__ == "__main__":
    main()
