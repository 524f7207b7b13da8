"""Benchmark: rightsgraph side by side with plain rdflib (the baseline) and raw pyoxigraph (the limit).

For each size the synthetic corpus (benchmarks/generate.py) is written as N-Quads once, then
each system does the same work in a fresh process of its own (so peak memory is its own):

- build: load the N-Quads and apply the inferences the queries rely on, giving the same dataset
  (rightsgraph: ``build --store --no-validate``, streaming into an on-disk store; rdflib: its
  default in-memory store, its own parser and SPARQL engine; pyoxigraph: ``Store.bulk_load`` and
  the same SPARQL updates, with no rightsgraph code);
- every named query of the library, with the same parameters, results fully read;
- an ego view (two links around a person) built and written as HTML (rightsgraph and rdflib:
  the same view code, on their own engines; raw pyoxigraph is not a view library);
- peak resident memory of the process while building, and while querying (the peak is reset
  between the two through /proc/self/clear_refs).

Each measure is repeated and the median reported, with the ratios, in a markdown table.

    .venv/bin/python benchmarks/run.py --sizes 10k 100k 1M --repeats 3 --out benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

SIZES = {"10k": 750, "100k": 7_500, "1M": 75_000, "3M": 225_000}
"""Corpus sizes by (approximate) asserted facts, as numbers of persons."""
SYSTEMS = ("rightsgraph", "rdflib", "pyoxigraph")


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Timeout


def peak_rss() -> int:
    """Peak resident memory of this process so far, in bytes (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss() -> int:
    """Resident memory of this process now, in bytes (VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def reset_peak_rss() -> bool:
    """Start measuring the peak afresh (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def timed(run: Callable[[], object], repeats: int, limit: float) -> dict[str, Any]:
    """Median seconds of ``repeats`` runs; stops at the first run slower than ``limit``."""
    times = []
    for _ in range(repeats):
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
        start = time.perf_counter()
        try:
            run()
        except Timeout:
            return {"timeout": limit}
        except RecursionError:
            return {"error": "RecursionError"}
        except Exception as err:  # an engine's failure is a result to report, not a crash
            return {"error": type(err).__name__}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "runs": len(times)}


def bound(run: Callable[[str], object], text: str) -> Callable[[], object]:
    """``run`` with its query text fixed, to be timed."""
    return lambda: run(text)


# -- preparing the corpus -----------------------------------------------------------------------


def prepare(size: str, persons: int, corpus_root: Path) -> dict[str, Any]:
    """Generate the case files and the N-Quads of a size (cached), and pick query parameters."""
    import pyoxigraph as ox

    from benchmarks.generate import generate
    from rightsgraph.graph.terms import to_ox_quads
    from rightsgraph.loaders import load_inputs

    folder = corpus_root / size
    meta_path = folder / "meta.json"
    if meta_path.exists():
        return json.loads(meta_path.read_text(encoding="utf-8"))
    files = generate(persons, folder / "cases")
    batch = load_inputs(files)
    nquads = folder / "corpus.nq"
    with nquads.open("wb") as handle:
        ox.serialize(to_ox_quads(batch.quads), handle, format=ox.RdfFormat.N_QUADS)
    defendants = sorted(str(o) for s, p, o, g in batch.quads if str(p).endswith("#defendant"))
    person = defendants[0] if defendants else "https://w3id.org/rightsgraph/id/person/p0"
    meta = {"size": size, "persons": persons, "asserted": len(batch.quads), "nquads": str(nquads), "person": person}
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return meta


def query_texts(person: str) -> dict[str, str]:
    """Every named query with its parameters bound (IRIs: no lookup needed), the same for all."""
    from rightsgraph.graph.store import PREFIXES
    from rightsgraph.queries import load_library
    from rightsgraph.queries.binding import add_missing_prefixes, bind_values
    from rightsgraph.queries.params import convert

    params = {"person": person, "actor": person, "record": person, "refugee": None, "property": "citizenship",
              "country": "https://w3id.org/rightsgraph/id/state/state-0", "from": "2018", "to": "2020", "type": "Person", "months": "60"}
    texts = {}
    for name, named in load_library().items():
        bindings = {}
        for parameter in named.parameters:
            value = params.get(parameter.name) if (parameter.required or parameter.default is not None or parameter.name in ("from", "to", "country")) else None
            value = value if value is not None else parameter.default
            if value is not None:
                bindings[parameter.name] = convert(None, parameter, value)  # type: ignore[arg-type]
        texts[name] = bind_values(add_missing_prefixes(named.text, PREFIXES), bindings)
    return texts


# -- workers: one process per system ------------------------------------------------------------


def inference_texts() -> list[str]:
    from rightsgraph.graph.inference import inference_updates
    from rightsgraph.ontology import vocabulary

    return inference_updates(vocabulary())


def worker_rightsgraph(meta: dict[str, Any], repeats: int, limit: float, out: dict[str, Any]) -> None:
    from rightsgraph.build import build
    from rightsgraph.graph.store import open_store
    from rightsgraph.queries import LocalTarget
    from rightsgraph.viz import ego_view, write_network

    scratch = Path(tempfile.mkdtemp(prefix="bench-rg-"))
    counter = iter(range(1000))

    def run_build() -> None:
        build([Path(meta["nquads"])], None, store=scratch / f"store-{next(counter)}", check=False)

    out["build"] = timed(run_build, repeats, limit)
    out["build_rss_bytes"] = peak_rss()
    reset_peak_rss()
    stores = sorted(scratch.glob("store-*"))
    if not stores:  # the build failed or passed the limit: nothing to query
        shutil.rmtree(scratch, ignore_errors=True)
        return
    kg = open_store(stores[0], read_only=True)
    out["triples"] = kg.fact_count()
    target = LocalTarget(kg)
    out["queries"] = {name: timed(bound(lambda q: target.run(q).rows, text), repeats, limit) for name, text in query_texts(meta["person"]).items()}
    out["ego"] = timed(lambda: write_network(ego_view(kg, meta["person"], 2), scratch / "ego.html"), repeats, limit)
    kg.close()
    shutil.rmtree(scratch, ignore_errors=True)


class RdflibTarget:
    """The query target interface on rdflib's own engine (for the view code)."""

    def __init__(self, dataset: Any) -> None:
        self.dataset = dataset

    def describe(self) -> str:
        return "rdflib"

    def run(self, text: str) -> Any:
        from rightsgraph.queries.results import QueryResult, normalize

        result = self.dataset.query(text)
        names = [str(v) for v in result.vars]
        rows = [{name: normalize(row[i]) for i, name in enumerate(names) if row[i] is not None} for row in result]
        return QueryResult(form="SELECT", variables=names, rows=rows)


def worker_rdflib(meta: dict[str, Any], repeats: int, limit: float, out: dict[str, Any]) -> None:
    from rdflib import Dataset

    from rightsgraph.ontology import ONTOLOGY_PATH
    from rightsgraph.viz import ego_view, write_network

    state: dict[str, Any] = {}

    def run_build() -> None:
        dataset = Dataset(default_union=True)
        dataset.parse(meta["nquads"], format="nquads")
        dataset.graph("https://w3id.org/rightsgraph/graph/ontology").parse(ONTOLOGY_PATH, format="turtle")
        for _ in range(8):
            before = len(dataset)
            for update in inference_texts():
                dataset.update(update)
            if len(dataset) == before:
                break
        state["dataset"] = dataset

    out["build"] = timed(run_build, repeats, limit)
    out["build_rss_bytes"] = peak_rss()
    if "dataset" not in state:
        return
    reset_peak_rss()
    dataset = state["dataset"]
    target = RdflibTarget(dataset)
    out["queries"] = {name: timed(bound(lambda q: target.run(q).rows, text), repeats, limit) for name, text in query_texts(meta["person"]).items()}
    scratch = Path(tempfile.mkdtemp(prefix="bench-rdflib-"))
    out["ego"] = timed(lambda: write_network(ego_view(target, meta["person"], 2), scratch / "ego.html"), repeats, limit)
    shutil.rmtree(scratch, ignore_errors=True)


def worker_pyoxigraph(meta: dict[str, Any], repeats: int, limit: float, out: dict[str, Any]) -> None:
    import pyoxigraph as ox

    from rightsgraph.ontology import ONTOLOGY_PATH

    scratch = Path(tempfile.mkdtemp(prefix="bench-ox-"))
    counter = iter(range(1000))
    updates = inference_texts()
    state: dict[str, Any] = {}

    def run_build() -> None:
        store = ox.Store(str(scratch / f"store-{next(counter)}"))
        store.bulk_load(path=meta["nquads"], format=ox.RdfFormat.N_QUADS)
        store.bulk_load(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/rightsgraph/graph/ontology"))
        for _ in range(8):
            before = len(store)
            for update in updates:
                store.update(update)
            if len(store) == before:
                break
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        store.flush()
        state["store"] = store

    out["build"] = timed(run_build, repeats, limit)
    out["build_rss_bytes"] = peak_rss()
    if "store" not in state:
        shutil.rmtree(scratch, ignore_errors=True)
        return
    reset_peak_rss()
    store = state["store"]
    out["queries"] = {name: timed(bound(lambda q: list(store.query(q)), text), repeats, limit) for name, text in query_texts(meta["person"]).items()}
    del store, state["store"]
    shutil.rmtree(scratch, ignore_errors=True)


WORKERS = {"rightsgraph": worker_rightsgraph, "rdflib": worker_rdflib, "pyoxigraph": worker_pyoxigraph}


def worker_main(system: str, meta_path: Path, repeats: int, limit: float, result_path: Path) -> None:
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    out: dict[str, Any] = {"system": system}
    import pyoxigraph  # noqa: F401  (the libraries every worker loads, before the baseline)
    import rdflib  # noqa: F401

    import rightsgraph.viz  # noqa: F401

    out["baseline_rss_bytes"] = current_rss()
    try:
        WORKERS[system](meta, repeats, limit, out)
    finally:
        out["peak_rss_bytes"] = peak_rss()
        result_path.write_text(json.dumps(out), encoding="utf-8")


# -- the run and the table ----------------------------------------------------------------------


def run_worker(system: str, meta: dict[str, Any], repeats: int, limit: float, total: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        meta_path, result_path = Path(folder) / "meta.json", Path(folder) / "result.json"
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
        command = [sys.executable, __file__, "--worker", system, "--meta", str(meta_path), "--repeats", str(repeats), "--limit", str(limit), "--result", str(result_path)]
        try:
            subprocess.run(command, check=False, timeout=total, env={**os.environ, "PYTHONPATH": str(HERE.parent)})
        except subprocess.TimeoutExpired:
            return {"system": system, "error": f"did not finish in {total:.0f} s"}
        if not result_path.exists():
            return {"system": system, "error": "the worker failed"}
        return json.loads(result_path.read_text(encoding="utf-8"))


def fmt(measure: dict[str, Any] | None) -> str:
    if not measure:
        return "—"
    if "error" in measure:
        return f"fails ({measure['error']})"
    if "timeout" in measure:
        return f"> {measure['timeout']:.0f} s"
    value = measure["median"]
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def ratio(slow: dict[str, Any] | None, fast: dict[str, Any] | None) -> str:
    if not slow or not fast or "median" not in fast or "error" in slow:
        return "—"
    if "timeout" in slow:
        return f"> {slow['timeout'] / fast['median']:.0f}×"
    return f"{slow['median'] / fast['median']:.1f}×"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import pyoxigraph
    import rdflib

    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}")


def table(size: str, meta: dict[str, Any], results: dict[str, dict[str, Any]]) -> list[str]:
    rg, rl, ox = (results.get(s, {}) for s in SYSTEMS)
    triples = rg.get("triples", meta["asserted"])
    lines = [
        f"### {size}: {meta['persons']:,} persons, {meta['asserted']:,} asserted facts, {triples:,} after inference",
        "",
        "| measure | rightsgraph | rdflib (baseline) | pyoxigraph (limit) | rdflib ÷ rightsgraph | rightsgraph ÷ pyoxigraph |",
        "|---|---:|---:|---:|---:|---:|",
        f"| build | {fmt(rg.get('build'))} | {fmt(rl.get('build'))} | {fmt(ox.get('build'))} | {ratio(rl.get('build'), rg.get('build'))} | {ratio(rg.get('build'), ox.get('build'))} |",
    ]
    totals = {s: 0.0 for s in SYSTEMS}
    complete = {s: True for s in SYSTEMS}
    for name in sorted(rg.get("queries", {})):
        cells = [results.get(s, {}).get("queries", {}).get(name) for s in SYSTEMS]
        for system, cell in zip(SYSTEMS, cells):
            if cell and "median" in cell:
                totals[system] += cell["median"]
            else:
                complete[system] = False
        lines.append(f"| query `{name}` | {fmt(cells[0])} | {fmt(cells[1])} | {fmt(cells[2])} | {ratio(cells[1], cells[0])} | {ratio(cells[0], cells[2])} |")
    total = {s: ({"median": totals[s]} if complete[s] else None) for s in SYSTEMS}
    lines.append(f"| **query library, total** | {fmt(total['rightsgraph'])} | {fmt(total['rdflib']) if complete['rdflib'] else 'incomplete'} | {fmt(total['pyoxigraph'])} | {ratio(total['rdflib'], total['rightsgraph'])} | {ratio(total['rightsgraph'], total['pyoxigraph'])} |")
    common = [name for name in rg.get("queries", {}) if all("median" in (results.get(s, {}).get("queries", {}).get(name) or {}) for s in SYSTEMS)]
    if common and not complete["rdflib"]:
        sums = {s: {"median": sum(results[s]["queries"][n]["median"] for n in common)} for s in SYSTEMS}
        lines.append(f"| **the {len(common)} queries rdflib answers, total** | {fmt(sums['rightsgraph'])} | {fmt(sums['rdflib'])} | {fmt(sums['pyoxigraph'])} | {ratio(sums['rdflib'], sums['rightsgraph'])} | {ratio(sums['rightsgraph'], sums['pyoxigraph'])} |")
    lines.append(f"| ego view (2 links, HTML) | {fmt(rg.get('ego'))} | {fmt(rl.get('ego'))} | — | {ratio(rl.get('ego'), rg.get('ego'))} | — |")

    def memory(key: str) -> list[str]:
        cells = []
        for system in SYSTEMS:
            peak, base = results.get(system, {}).get(key), results.get(system, {}).get("baseline_rss_bytes", 0)
            cells.append(f"{peak / 2**20:.0f} MiB ({(peak - base) / triples:.0f} B/triple)" if peak else "—")
        return cells

    build_memory, query_memory = memory("build_rss_bytes"), memory("peak_rss_bytes")
    lines.append(f"| peak memory, build (per triple: above the process at start) | {build_memory[0]} | {build_memory[1]} | {build_memory[2]} | | |")
    lines.append(f"| peak memory, queries and view | {query_memory[0]} | {query_memory[1]} | {query_memory[2]} | | |")
    for system in SYSTEMS:
        if "error" in results.get(system, {}):
            lines.append(f"\n{system}: {results[system]['error']}.")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["10k", "100k", "1M"], choices=sorted(SIZES))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=float, default=300.0, help="Seconds before one measure counts as timed out.")
    parser.add_argument("--total", type=float, default=7200.0, help="Seconds a system may take for one size.")
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--worker", choices=SYSTEMS)
    parser.add_argument("--meta", type=Path)
    parser.add_argument("--result", type=Path)
    args = parser.parse_args()
    if args.worker:
        worker_main(args.worker, args.meta, args.repeats, args.limit, args.result)
        return
    report = ["# Benchmark results", "", f"Machine: {machine()}.", "",
              f"Command: `python benchmarks/run.py --sizes {' '.join(args.sizes)} --repeats {args.repeats} --limit {args.limit:.0f}`; "
              f"medians of {args.repeats} runs; a measure slower than {args.limit:.0f} s is stopped and shown as '> limit'.", ""]
    for size in args.sizes:
        meta = prepare(size, SIZES[size], args.corpus)
        results = {}
        for system in SYSTEMS:
            print(f"{size}: {system} ...", flush=True)
            results[system] = run_worker(system, meta, args.repeats, args.limit, args.total)
        report.extend(table(size, meta, results) + [""])
        args.out.write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
