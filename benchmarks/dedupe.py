"""Benchmark: dedupe (blocking and scoring) at 10k and 100k persons, with planted duplicates.

Persons get names from the corpus generator (:mod:`benchmarks.generate`) and a birth date in its
shape (most complete, some a month or a year, some none). About one in fifty gets a second record
written another way: in Cyrillic (ICU's Latin-Cyrillic transliterator), with the words swapped,
or with an initial for the first name. The run reports the time to find candidate pairs and score
them (median of the repeats, each in a fresh process; wall-clock and the process's CPU time, which
a busy machine disturbs less), beside the baseline measured in the same
process (the full comparison of 20,000 random pairs, priced at all pairs), the pairs compared
against all pairs, and how many planted duplicates were found.

    .venv/bin/python benchmarks/dedupe.py --persons 10000 100000 --repeats 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import edtf_date, name  # noqa: E402
from rightsgraph.graph.dates import parse_edtf  # noqa: E402
from rightsgraph.loaders.matching import Profile, compare, find_pairs  # noqa: E402

PLANTED_SHARE = 0.02


def _variant(full: str, rng: random.Random) -> str:
    import icu

    first, last = full.split(" ", 1)
    kind = rng.randrange(3)
    if kind == 0:
        return str(icu.Transliterator.createInstance("Latin-Cyrillic").transliterate(f"{last} {first}"))
    if kind == 1:
        return f"{last} {first}"
    return f"{first[0]}. {last}"


def _births(rng: random.Random) -> tuple[tuple[dt.date, dt.date], ...]:
    if rng.random() < 0.2:
        return ()
    parsed = parse_edtf(edtf_date(rng, 1940, 2000))
    assert parsed.earliest and parsed.latest
    return ((parsed.earliest, parsed.latest),)


def synthetic_people(persons: int, rng: random.Random) -> tuple[list[Profile], set[frozenset[str]]]:
    """Persons and the id pairs of the planted duplicates among them."""
    profiles: list[Profile] = []
    planted: set[frozenset[str]] = set()
    for number in range(persons):
        full, births = name(rng), _births(rng)
        profiles.append(Profile(f"p{number}", "person", (full,), births))
        if rng.random() < PLANTED_SHARE:
            profiles.append(Profile(f"p{number}-v", "person", (_variant(full, rng),), births))
            planted.add(frozenset((f"p{number}", f"p{number}-v")))
    return profiles, planted


BASELINE_PAIRS = 20_000


def measure(persons: int, seed: int) -> dict[str, float]:
    profiles, planted = synthetic_people(persons, random.Random(seed))
    # Baseline in the same process: the full comparison of random pairs, to price "all pairs".
    rng = random.Random(seed)
    sample = [(rng.choice(profiles), rng.choice(profiles)) for _ in range(BASELINE_PAIRS)]
    start = time.perf_counter()
    for a, b in sample:
        compare(a, b)
    per_pair = (time.perf_counter() - start) / BASELINE_PAIRS
    start, cpu = time.perf_counter(), time.process_time()
    result = find_pairs(profiles)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    found = {frozenset((p.a.id, p.b.id)) for p in result.proposed}
    return {
        "records": len(profiles),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "compared": result.compared,
        "all_pairs": len(profiles) * (len(profiles) - 1) / 2,
        "proposed": len(result.proposed),
        "all_pairs_seconds": per_pair * len(profiles) * (len(profiles) - 1) / 2,
        "planted": len(planted),
        "found": len(planted & found),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.seed)))
        return
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, load average {load:.1f} at the start")
    print("| persons | records | median seconds | median CPU seconds | all pairs, estimated seconds | pairs compared | share of all pairs | proposed | planted found |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for persons in args.persons:
        runs = [json.loads(subprocess.run([sys.executable, __file__, "--one", str(persons), "--seed", str(args.seed)], check=True, capture_output=True, text=True).stdout) for _ in range(args.repeats)]
        first = runs[0]
        median = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu_seconds"] for r in runs)
        baseline = statistics.median(r["all_pairs_seconds"] for r in runs)
        print(f"| {persons:,} | {first['records']:,} | {median:.1f} | {cpu:.1f} | {baseline:,.0f} | {first['compared']:,} | {first['compared'] / first['all_pairs']:.5%} "
              f"| {first['proposed']:,} | {first['found']:,} of {first['planted']:,} |")


if __name__ == "__main__":
    main()
