"""Benchmark: rightsgraph beside plain rdflib (the baseline), raw pyoxigraph (the limit) and Virtuoso.

For each size the synthetic corpus (benchmarks/generate.py) is written as N-Quads once, then
each system does the same work in a fresh process of its own (so peak memory is its own):

- build: load the N-Quads and apply the inferences the queries rely on, giving the same dataset
  (rightsgraph: ``build --store --no-validate``, streaming into an on-disk store; rdflib: its
  default in-memory store, its own parser and SPARQL engine; pyoxigraph: ``Store.bulk_load`` and
  the same SPARQL updates, with no rightsgraph code; Virtuoso: its bulk loader and the same
  updates, see benchmarks/virtuoso.py);
- every named query of the library, with the same parameters, results fully read; the queries
  that take a record also once with one (a person, a refugee), and a person given by name
  (rightsgraph's lookup) beside the same person given by IRI;
- an ego view (two links around a person) built and written as HTML (rightsgraph and rdflib:
  the same view code, on their own engines; raw pyoxigraph is not a view library);
- peak resident memory of the process while building, and while querying (the peak is reset
  between the two through /proc/self/clear_refs).

Each measure is repeated and the median reported, with the ratios and how each figure grows from
100k to 1M, in markdown tables (benchmarks/report.py). Raw results are kept beside as
``results-<size>.json``, so sizes run separately still make one report (``--report``).

    .venv/bin/python benchmarks/run.py --sizes 10k 100k 1M --repeats 3 --out benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sized
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

SIZES = {"10k": 750, "100k": 7_500, "1M": 75_000, "3M": 225_000}
"""Corpus sizes by (approximate) asserted facts, as numbers of persons."""
SYSTEMS = ("rightsgraph", "rdflib", "pyoxigraph", "virtuoso")
PER_RECORD = {"single-source-facts": "record", "relatives-of-refugees-prosecuted": "refugee", "ill-treatment-and-health": "person"}
"""Queries whose parameter is optional, measured once more with one record given."""


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


def timed(run: Callable[[], object], repeats: int, limit: float, cpu: Callable[[], float] = time.process_time) -> dict[str, Any]:
    """Median seconds of ``repeats`` runs; stops at the first run slower than ``limit``.
    When ``run`` returns a number (rows of an answer), the last one is kept as ``rows``.
    ``cpu`` reads the CPU seconds used so far (of every thread of this process, by default):
    their median per run is kept as ``cpu``, a figure a busy machine inflates far less than time."""
    times = []
    cpus = []
    answer: object = None
    for _ in range(repeats):
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
        start, start_cpu = time.perf_counter(), cpu()
        try:
            answer = run()
        except Timeout:
            return {"timeout": limit}
        except RecursionError:
            return {"error": "RecursionError"}
        except Exception as err:  # an engine's failure is a result to report, not a crash
            return {"error": str(err)[:40] if type(err).__name__ == "RuntimeError" else type(err).__name__}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - start)
        cpus.append(cpu() - start_cpu)
    result: dict[str, Any] = {"median": statistics.median(times), "cpu": statistics.median(cpus), "runs": len(times)}
    if isinstance(answer, int):
        result["rows"] = answer
    return result


def bound(run: Callable[[str], Sized], text: str) -> Callable[[], int]:
    """``run`` with its query text fixed, to be timed; it answers the number of rows."""
    return lambda: len(run(text))


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
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if not Path(meta["nquads"]).exists():  # a corpus folder moved or given with --corpus
            meta["nquads"] = str(folder / "corpus.nq")
        if "refugee" not in meta:
            meta.update(records(ox.parse(path=meta["nquads"], format=ox.RdfFormat.N_QUADS), meta["person"]))
            meta_path.write_text(json.dumps(meta), encoding="utf-8")
        return meta
    files = generate(persons, folder / "cases")
    batch = load_inputs(files)
    nquads = folder / "corpus.nq"
    with nquads.open("wb") as handle:
        ox.serialize(to_ox_quads(batch.quads), handle, format=ox.RdfFormat.N_QUADS)
    defendants = sorted(str(o) for s, p, o, g in batch.quads if str(p).endswith("#defendant"))
    person = defendants[0] if defendants else "https://w3id.org/rightsgraph/id/person/p0"
    meta = {"size": size, "persons": persons, "asserted": len(batch.quads), "nquads": str(nquads), "person": person}
    meta.update(records(to_ox_quads(batch.quads), person))
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return meta


def records(quads: Iterable[Any], person: str) -> dict[str, str]:
    """The person's name, and a refugee whose relatives are prosecuted (the first by IRI)."""
    holders, prosecuted, kin, name = set(), set(), [], ""
    for quad in quads:
        predicate, subject, obj = quad.predicate.value, str(quad.subject), str(quad.object)
        if predicate.endswith("#statusHolder") and "/event/refugee-" in subject:
            holders.add(quad.object.value)
        elif predicate.endswith("#defendant"):
            prosecuted.add(quad.object.value)
        elif predicate.endswith("#relativeOf") or predicate.endswith("#siblingOf") or predicate.endswith("#parentOf") or predicate.endswith("#spouseOf") or predicate.endswith("#childOf"):
            kin.append((quad.subject.value, quad.object.value))
        elif predicate.endswith("rdf-schema#label") and quad.subject.value == person:
            name = quad.object.value
        del subject, obj
    refugees = sorted({a for a, b in kin if a in holders and b in prosecuted} | {b for a, b in kin if b in holders and a in prosecuted})
    return {"refugee": refugees[0] if refugees else person, "person_name": name}


def query_texts(meta: dict[str, Any], *, oxigraph: bool = False) -> dict[str, str]:
    """Every named query with its parameters bound (IRIs: no lookup needed), the same for all;
    the queries of :data:`PER_RECORD` also with their record. With ``oxigraph``, the groups the
    texts mark ``# LATERAL`` run as lateral joins, as rightsgraph runs them on its store; the other
    engines get the portable texts."""
    from rightsgraph.graph.store import PREFIXES
    from rightsgraph.queries import load_library
    from rightsgraph.queries.binding import add_missing_prefixes, bind_values
    from rightsgraph.queries.dialect import for_oxigraph
    from rightsgraph.queries.params import convert

    person = meta["person"]
    params = {"person": person, "actor": person, "record": person, "refugee": meta["refugee"], "property": "citizenship",
              "country": "https://w3id.org/rightsgraph/id/state/state-0", "from": "2018", "to": "2020", "type": "Person", "months": "60"}

    def text(named: Any, given: set[str]) -> str:
        bindings = {}
        for parameter in named.parameters:
            value = params.get(parameter.name) if (parameter.required or parameter.default is not None or parameter.name in given) else None
            value = value if value is not None else parameter.default
            if value is not None:
                bindings[parameter.name] = convert(None, parameter, value)  # type: ignore[arg-type]
        text = bind_values(add_missing_prefixes(named.text, PREFIXES), bindings)
        return for_oxigraph(text) if oxigraph else text

    texts = {}
    for name, named in load_library().items():
        texts[name] = text(named, {"from", "to", "country"})
        if name in PER_RECORD:
            texts[f"{name} (one {PER_RECORD[name]})"] = text(named, {PER_RECORD[name]})
    return texts


# -- workers: one process per system ------------------------------------------------------------


def inference_texts() -> list[str]:
    """The updates rightsgraph's build runs (the closure in one pass)."""
    from rightsgraph.graph.inference import closure_updates
    from rightsgraph.ontology import vocabulary

    return closure_updates(vocabulary())


def worker_rightsgraph(meta: dict[str, Any], repeats: int, limit: float, out: dict[str, Any]) -> None:
    from rightsgraph.build import build
    from rightsgraph.graph.store import open_store
    from rightsgraph.queries import LocalTarget, run_query
    from rightsgraph.viz import ego_view, write_network

    scratch = Path(tempfile.mkdtemp(prefix="bench-rg-"))
    counter = iter(range(1000))

    def run_build() -> None:
        build([Path(meta["nquads"])], None, store=scratch / f"store-{next(counter)}", check=False)

    out["build"] = timed(run_build, build_repeats(repeats), build_limit(limit))
    out["build_rss_bytes"] = peak_rss()
    reset_peak_rss()
    stores = sorted(scratch.glob("store-*"))
    if not stores:  # the build failed or passed the limit: nothing to query
        shutil.rmtree(scratch, ignore_errors=True)
        return
    kg = open_store(stores[0], read_only=True)
    out["triples"] = kg.fact_count()
    target = LocalTarget(kg)
    out["queries"] = {name: timed(bound(lambda q: target.run(q).rows, text), repeats, limit) for name, text in query_texts(meta, oxigraph=True).items()}
    out["ego"] = timed(lambda: write_network(ego_view(kg, meta["person"], 2), scratch / "ego.html"), repeats, limit)
    if meta.get("person_name"):
        out["lookup"] = {
            "by IRI": timed(lambda: len(run_query(target, "actor-profile", actor=meta["person"]).rows), repeats, limit),
            "by name": timed(lambda: len(run_query(target, "actor-profile", actor=meta["person_name"]).rows), repeats, limit),
        }
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

    from benchmarks.virtuoso import ontology_nquads
    from rightsgraph.viz import ego_view, write_network

    state: dict[str, Any] = {}
    scratch = Path(tempfile.mkdtemp(prefix="bench-rdflib-"))
    ontology = str(ontology_nquads(scratch))

    def run_build() -> None:
        dataset = Dataset(default_union=True)
        dataset.parse(meta["nquads"], format="nquads")
        dataset.parse(ontology, format="nquads")
        for update in inference_texts():
            dataset.update(update)
        state["dataset"] = dataset

    out["build"] = timed(run_build, build_repeats(repeats), build_limit(limit))
    out["build_rss_bytes"] = peak_rss()
    if "dataset" not in state:
        return
    reset_peak_rss()
    dataset = state["dataset"]
    target = RdflibTarget(dataset)
    out["queries"] = {name: timed(bound(lambda q: target.run(q).rows, text), repeats, limit) for name, text in query_texts(meta).items()}
    out["ego"] = timed(lambda: write_network(ego_view(target, meta["person"], 2), scratch / "ego.html"), repeats, limit)
    shutil.rmtree(scratch, ignore_errors=True)


def worker_pyoxigraph(meta: dict[str, Any], repeats: int, limit: float, out: dict[str, Any]) -> None:
    import pyoxigraph as ox

    from benchmarks.virtuoso import ontology_nquads

    scratch = Path(tempfile.mkdtemp(prefix="bench-ox-"))
    ontology = ontology_nquads(scratch)
    counter = iter(range(1000))
    updates = inference_texts()
    state: dict[str, Any] = {}

    def run_build() -> None:
        store = ox.Store(str(scratch / f"store-{next(counter)}"))
        store.bulk_load(path=meta["nquads"], format=ox.RdfFormat.N_QUADS)
        store.bulk_load(path=str(ontology), format=ox.RdfFormat.N_QUADS)
        for update in updates:
            store.update(update)
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        store.flush()
        state["store"] = store

    out["build"] = timed(run_build, build_repeats(repeats), build_limit(limit))
    out["build_rss_bytes"] = peak_rss()
    if "store" not in state:
        shutil.rmtree(scratch, ignore_errors=True)
        return
    reset_peak_rss()
    store = state["store"]
    out["queries"] = {name: timed(bound(lambda q: list(store.query(q)), text), repeats, limit) for name, text in query_texts(meta, oxigraph=True).items()}
    del store, state["store"]
    shutil.rmtree(scratch, ignore_errors=True)


def worker_virtuoso(meta: dict[str, Any], repeats: int, limit: float, out: dict[str, Any]) -> None:
    from benchmarks.virtuoso import worker_virtuoso as run

    run(meta, repeats, limit, out, query_texts(meta), timed, build_limit(limit), build_repeats(repeats))


WORKERS = {"rightsgraph": worker_rightsgraph, "rdflib": worker_rdflib, "pyoxigraph": worker_pyoxigraph, "virtuoso": worker_virtuoso}


BUILD_LIMIT: dict[str, float] = {}
"""Seconds a build may take, when not the query limit (``--build-limit``)."""


def build_limit(limit: float) -> float:
    return BUILD_LIMIT.get("seconds", limit)


def build_repeats(repeats: int) -> int:
    return int(BUILD_LIMIT.get("repeats", repeats))


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
        command = [sys.executable, __file__, "--worker", system, "--meta", str(meta_path), "--repeats", str(repeats), "--limit", str(limit),
                   "--build-limit", str(build_limit(limit)), "--build-repeats", str(build_repeats(repeats)), "--result", str(result_path)]
        try:
            subprocess.run(command, check=False, timeout=total, env={**os.environ, "PYTHONPATH": str(HERE.parent)})
        except subprocess.TimeoutExpired:
            return {"system": system, "error": f"did not finish in {total:.0f} s"}
        if not result_path.exists():
            return {"system": system, "error": "the worker failed"}
        return json.loads(result_path.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["10k", "100k", "1M"], choices=sorted(SIZES))
    parser.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=SYSTEMS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=float, default=300.0, help="Seconds before one measure counts as timed out.")
    parser.add_argument("--build-limit", type=float, help="Seconds before a build counts as timed out (default: --limit).")
    parser.add_argument("--build-repeats", type=int, help="Builds to time (default: --repeats); a 1M build takes minutes.")
    parser.add_argument("--total", type=float, default=7200.0, help="Seconds a system may take for one size.")
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--report", action="store_true", help="Only write the report from the saved results.")
    parser.add_argument("--worker", choices=SYSTEMS)
    parser.add_argument("--meta", type=Path)
    parser.add_argument("--result", type=Path)
    args = parser.parse_args()
    if args.build_limit:
        BUILD_LIMIT["seconds"] = args.build_limit
    if args.build_repeats:
        BUILD_LIMIT["repeats"] = args.build_repeats
    if args.worker:
        worker_main(args.worker, args.meta, args.repeats, args.limit, args.result)
        return
    from benchmarks.report import write_report

    for size in [] if args.report else args.sizes:
        meta = prepare(size, SIZES[size], args.corpus)
        saved = HERE / f"results-{size}.json"
        run = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {}
        run.update({"meta": meta, "load": os.getloadavg(), "command": " ".join(sys.argv[1:])})
        results = run.setdefault("results", {})
        for system in args.systems:
            print(f"{size}: {system} ...", flush=True)
            load_before = os.getloadavg()
            results[system] = run_worker(system, meta, args.repeats, args.limit, args.total)
            results[system]["load_before"] = load_before
            results[system]["load_after"] = os.getloadavg()
            saved.write_text(json.dumps(run, indent=1), encoding="utf-8")
    write_report(HERE, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
