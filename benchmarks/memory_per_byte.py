"""Benchmark: peak memory per input byte when a file is read into memory to be validated.

The input (``--kind``) is N-Triples dense in blank nodes (the costly case for RDF: each node a
fresh term), a case file of people, or a CSV list with its mapping, at two sizes; each build runs in a process of its own and its peak resident
memory is read from the kernel. Reports peak MB and the cost per input byte (the slope between
the two sizes, and peak / size at the larger one), the median of the repeats.

    .venv/bin/python benchmarks/memory_per_byte.py --kind nt --sizes 4 16 --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

def write_records(path: Path, megabytes: float, header: str, record: Callable[[int], str]) -> int:
    """``header`` then records 0, 1, 2, ... in blocks of 1,000 until about ``megabytes`` MB; the size in bytes."""
    target = int(megabytes * 1024 * 1024)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header)
        index = 0
        while handle.tell() < target:
            handle.write("".join(record(i) for i in range(index, index + 1000)))
            index += 1000
    return path.stat().st_size


def write_blank_nodes(path: Path, megabytes: float) -> int:
    """N-Triples with two blank nodes per record (no deep chains)."""
    return write_records(path, megabytes, "", lambda i: (
        f"<https://example.org/r{i}> <https://example.org/has> _:b{i} .\n_:b{i} <https://example.org/kind> _:k{i // 2} .\n"
        f'_:b{i} <http://www.w3.org/2000/01/rdf-schema#label> "node {i}" .\n'
    ))


def write_case_file(path: Path, megabytes: float) -> int:
    """A case file of people, each with a source."""
    header = "sources:\n  - {id: src, title: A source, summary: Generated for a benchmark., locator: here}\nactors:\n"
    return write_records(path, megabytes, header, lambda i: f"  - id: person-{i}\n    type: Person\n    name: Person Number {i}\n    sources: [src]\n")


def write_csv(path: Path, megabytes: float) -> int:
    """The example list's columns, one person per row."""
    header = "id,name,gender,birth_date,place,sentence,source_url\n"
    return write_records(path, megabytes, header, lambda i: f"{i},Person Number {i},female,12.05.1975,Almaty,7 years,https://example.org/list/{i}\n")


MAPPING = Path(__file__).resolve().parents[1] / "examples" / "political-prisoners" / "mapping.yaml"
KINDS = {"nt": ("blank.nt", write_blank_nodes), "yaml": ("case.yaml", write_case_file), "csv": ("list.csv", write_csv)}


def peak_mb(command: list[str]) -> float:
    """Peak resident memory (MB) of ``command``, run alone in a child process."""
    script = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "assert done.returncode == 0, done.stderr.decode()[-500:]\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    output = subprocess.run([sys.executable, "-c", script, *command], check=True, capture_output=True, text=True).stdout
    return int(output.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs=2, default=[4.0, 16.0], metavar="MB")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--kind", choices=sorted(KINDS), default="nt", help="N-Triples with blank nodes, a case file, or a CSV list with its mapping")
    args = parser.parse_args()
    rightsgraph = [sys.executable, "-m", "rightsgraph.cli"]
    name, write = KINDS[args.kind]
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for megabytes in args.sizes:
            data = Path(scratch) / f"{megabytes:g}-{name}"
            size = write(data, megabytes)
            peaks = []
            for i in range(args.repeats):
                out = str(Path(scratch) / f"out-{megabytes:g}-{i}")
                if args.kind == "csv":
                    command = [*rightsgraph, "import", "csv", str(data), "--mapping", str(MAPPING), "--out", out + ".trig"]
                else:
                    command = [*rightsgraph, "build", str(data), "--out", out, "--no-views"]
                peaks.append(peak_mb(command))
            results.append((size, statistics.median(peaks)))
            print(f"{size / 2**20:8.1f} MB of {name}: peak {statistics.median(peaks):8.0f} MB (median of {args.repeats})")
    (small, small_peak), (large, large_peak) = results
    slope = (large_peak - small_peak) * 2**20 / (large - small)
    print(f"cost per input byte: {slope:.0f} bytes (slope); {large_peak * 2**20 / large:.0f} bytes (peak / size at the larger)")


if __name__ == "__main__":
    main()
