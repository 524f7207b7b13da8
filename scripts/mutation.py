"""Mutation testing of the modules that guard people and data, with cosmic-ray.

Each module is mutated in a temporary copy of the repository (the working tree is never
touched, even if the run is interrupted) and checked against the tests that cover it. The
score per module, the commit it was measured on and every surviving mutant go into the
generated part of ``tests/MUTATION.md``; the explanations of survivors are written by hand
below it.

    python scripts/mutation.py                               # every module
    python scripts/mutation.py rightsgraph/viz/html.py       # one module
    python scripts/mutation.py --quick rightsgraph/queries/binding.py   # first stage only, then:
    python scripts/mutation.py --recheck rightsgraph/queries/binding.py # its survivors, both stages
    python scripts/mutation.py --list                        # the modules and their tests
"""

from __future__ import annotations

import argparse
import ast
import compileall
import datetime
import fcntl
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE_FILE = ROOT / "tests" / "MUTATION.md"
BEGIN, END = "<!-- generated scores: begin -->", "<!-- generated scores: end -->"
PYTEST = "-m pytest -x -q -p no:cacheprovider"
MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS = 60, 900
"""A mutant's tests may take ten times the unmutated run (a shared machine varies), within these
bounds; a mutant that loops for ever is then counted killed by a timeout."""

# Module -> the tests that cover it, in two stages: tests that need none of the shared fixtures
# run first without the conftest files (no import of the whole package: seconds, not tens of
# seconds, per mutant); only a mutant they miss pays for the second stage. Within a stage the
# quickest tests come first: a mutant is killed by the first test that fails (-x).
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "rightsgraph/queries/binding.py": (
        ["tests/queries/test_binding_nested.py", "tests/queries/test_binding_syntax.py", "rightsgraph/queries/binding.py"],
        ["tests/queries/test_binding.py"],
    ),
    "rightsgraph/queries/params.py": (["tests/queries/test_params.py"], []),
    "rightsgraph/viz/html.py": (["tests/viz/test_html_escaping.py", "rightsgraph/viz/html.py"], ["tests/viz/test_xss.py"]),
    "rightsgraph/fsutil.py": (
        [
            "tests/test_fsutil.py",
            "tests/test_fsutil_leftovers.py",
            "tests/security/test_killed_build.py::test_leftovers_of_a_running_build_are_kept",
            "rightsgraph/fsutil.py",
        ],
        ["tests/cli/test_output_safety.py"],
    ),
    "rightsgraph/loaders/csvmapping.py": (
        [
            "tests/loaders/test_csv_rows.py",
            "tests/loaders/test_csv_mapping.py",
            "tests/loaders/test_lenient_csv.py",
            "rightsgraph/loaders/csvmapping.py",
            # these need the conftest (the ``cli`` fixture)
            "--deselect=tests/loaders/test_lenient_csv.py::test_cli_writes_the_rejects_and_a_summary",
            "--deselect=tests/loaders/test_csv_mapping.py::test_a_mapping_whose_designations_name_no_designator_is_refused",
        ],
        [
            "tests/loaders/test_lenient_csv.py::test_cli_writes_the_rejects_and_a_summary",
            "tests/loaders/test_csv_mapping.py::test_a_mapping_whose_designations_name_no_designator_is_refused",
        ],
    ),
    "rightsgraph/graph/push.py": (
        ["tests/security/test_push_protocol.py", "tests/security/test_push_retries.py"],
        [
            "tests/security/test_injection.py::test_push_updates_carry_hostile_text_as_plain_literals",
            "tests/security/test_injection.py::test_the_same_push_to_a_real_server_changes_only_its_graphs",
            "tests/security/test_faults.py::test_push_to_a_server_that_is_down",
            "tests/security/test_faults.py::test_push_to_a_failing_server_retries_a_bounded_number_of_times",
            "tests/security/test_faults.py::test_push_to_a_slow_server_times_out_and_a_trickling_one_too",
            "tests/security/test_faults.py::test_push_through_a_connection_cut_once_is_retried_and_completes",
            "tests/security/test_faults.py::test_push_cut_for_good_half_way_leaves_every_graph_old_or_new",
            "tests/security/test_push_public.py",
        ],
    ),
    "rightsgraph/graph/confidential.py": (
        [
            "tests/security/test_public_copy.py",
            "tests/security/test_scrubbing.py",
            "tests/security/test_rdf_confidential.py::test_rdf_secrets_of_every_shape_are_withheld",
            "tests/security/test_confidential.py::test_structure_kept_with_stable_keyed_pseudonyms",
            "tests/security/test_confidential.py::test_graph_names_carrying_a_withheld_id_are_pseudonymised",
            "rightsgraph/graph/confidential.py",  # its example loads the built-in dataset: last
        ],
        ["tests/security/test_confidential.py"],
    ),
}

# Modules of which only some code is the guard: mutants elsewhere in them are skipped.
SCOPES: dict[str, list[str]] = {
    # the row accounting: every row read is loaded or listed as rejected, with its line
    "rightsgraph/loaders/csvmapping.py": ["_Rows", "read_csv", "load_csv", "_read_rows", "_convert", "_Builder.leave_out", "_Builder.document", "_Builder.claim"],
}

# One plausible slip per operator site instead of every operator swap: ``a + b`` becomes
# ``a - b`` but not also ``a ^ b``, ``a << b``, ... (those die on a TypeError and only cost time).
KEPT_SWAPS = {
    "ReplaceBinaryOperator_Add": "Sub",
    "ReplaceBinaryOperator_Sub": "Add",
    "ReplaceBinaryOperator_Mul": "Add",
    "ReplaceBinaryOperator_Div": "Mul",
    "ReplaceBinaryOperator_FloorDiv": "Mul",
    "ReplaceBinaryOperator_Mod": "Add",
    "ReplaceBinaryOperator_BitOr": "BitAnd",
    "ReplaceBinaryOperator_BitAnd": "BitOr",
    "ReplaceComparisonOperator_Eq": "NotEq",
    "ReplaceComparisonOperator_NotEq": "Eq",
    "ReplaceComparisonOperator_Lt": "LtE",
    "ReplaceComparisonOperator_LtE": "Lt",
    "ReplaceComparisonOperator_Gt": "GtE",
    "ReplaceComparisonOperator_GtE": "Gt",
    "ReplaceComparisonOperator_In": "NotIn",
    "ReplaceComparisonOperator_NotIn": "In",
    "ReplaceComparisonOperator_Is": "IsNot",
    "ReplaceComparisonOperator_IsNot": "Is",
}
EXCLUDED_OPERATORS = [f"core/{op}_(?!{kept}$)" for op, kept in KEPT_SWAPS.items()]


@dataclass
class Score:
    module: str
    killed: int
    """Mutants killed, those killed by a timeout included."""
    survived: list[Survivor]
    commit: str
    timeouts: int = 0
    date: str = field(default_factory=lambda: datetime.date.today().isoformat())
    command: str = ""
    """The tests run per mutant, as a reader would type them."""
    partial: str = ""
    """For a run stopped at its time budget: how many mutants ran, and where."""
    ran: list[Survivor] = field(default_factory=list)
    """Every mutant run (killed or not), as line, operator and mutated code; not recorded."""

    @property
    def total(self) -> int:
        return self.killed + len(self.survived)


@dataclass(frozen=True)
class Survivor:
    line: int
    operator: str
    code: str
    """The mutated line(s) as cosmic-ray changed them."""

    def text(self) -> str:
        return f"line {self.line}, {self.operator}: `{self.code}`"


SURVIVOR = re.compile(r"^- survived: line (\d+), (\w+): `(.*)`$", re.MULTILINE)
EXPLAINED = re.compile(r"^- (\w+) `(.+?)`: ", re.MULTILINE)


PENDING = "pending re-run"
"""How an explanation starts for a survivor a later test should kill but no run has confirmed yet:
it is listed, and still counted as a survivor."""


def pending(text: str) -> dict[str, set[tuple[str, str]]]:
    """The survivors explained as awaiting a re-run, per module."""
    hand_written = text.split("## Survivors explained", 1)[-1]
    found: dict[str, set[tuple[str, str]]] = {}
    for section in re.split(r"^### ", hand_written, flags=re.MULTILINE)[1:]:
        module, _, body = section.partition("\n")
        found[module.strip().strip("`")] = {(m.group(1), m.group(2)) for m in re.finditer(rf"^- (\w+) `(.+?)`: {PENDING}", body, re.MULTILINE)}
    return found


def explained(text: str) -> dict[str, set[tuple[str, str]]]:
    """The survivors explained by hand in the score file, per module: (operator, mutated code)."""
    hand_written = text.split("## Survivors explained", 1)[-1]
    found: dict[str, set[tuple[str, str]]] = {}
    for section in re.split(r"^### ", hand_written, flags=re.MULTILINE)[1:]:
        module, _, body = section.partition("\n")
        found[module.strip().strip("`")] = {(m.group(1), m.group(2)) for m in EXPLAINED.finditer(body)}
    return found


def _stages(module: str, work: Path, quick: bool = False) -> list[list[str]]:
    """The module's test stages as pytest arguments (files that do not exist yet left out)."""
    fast, slow = MODULES[module]
    kept = [[name for name in stage if name.startswith("-") or (work / name.split("::")[0]).exists()] for stage in (fast, slow)]
    stages = [["--noconftest", *kept[0]], kept[1]]
    return stages[:1] if quick else stages


def _runs(stages: list[list[str]]) -> list[str]:
    return [f"{PYTEST} {' '.join(stage)}" for stage in stages if any(not arg.startswith("-") for arg in stage)]


def _command(python: str, stages: list[list[str]]) -> str:
    return "sh -c '" + " && ".join(f"{python} {run}" for run in _runs(stages)) + "'"


def readable_command(module: str, quick: bool = False) -> str:
    """The tests run per mutant, as one would type them in the repository (and what is mutated)."""
    runs = [f"`python {run}`" for run in _runs(_stages(module, ROOT, quick))]
    scope = f"; only the mutants in {', '.join(f'`{name}`' for name in SCOPES[module])}" if module in SCOPES else ""
    return runs[0] + "".join(f", then (for the mutants it leaves alive) {run}" for run in runs[1:]) + scope


def scoped_lines(source: str, names: list[str]) -> set[int]:
    """The lines of the named functions and classes (``Class.method`` for a method)."""
    lines: set[int] = set()

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                if name in names:
                    first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                    lines.update(range(first, (child.end_lineno or child.lineno) + 1))
                visit(child, name + ".")

    visit(ast.parse(source), "")
    return lines


def _config(module: str, command: str, timeout: float) -> str:
    excluded = ", ".join(f'"{pattern}"' for pattern in EXCLUDED_OPERATORS)
    return (
        "[cosmic-ray]\n"
        f'module-path = "{module}"\n'
        f"timeout = {timeout:.1f}\n"
        "excluded-modules = []\n"
        f'test-command = "{command}"\n'
        "[cosmic-ray.distributor]\n"
        'name = "local"\n'
        "[cosmic-ray.filters.operators-filter]\n"
        f"exclude-operators = [{excluded}]\n"
    )


def _copy_tree(destination: Path) -> None:
    """The working tree as it is (tracked and new files, not ignored ones)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


def _precompile(work: Path, module: str) -> None:
    """Bytecode for every module but the mutated one, made once instead of once per mutant; the
    mutated module is always compiled from its source (a cached copy could hide the mutant)."""
    compileall.compile_dir(work / "rightsgraph", quiet=1)
    mutated = work / module
    for cached in (mutated.parent / "__pycache__").glob(mutated.stem + ".*.pyc"):
        cached.unlink()


def _only(session: Path, wanted: Callable[[int, str], bool]) -> None:
    """Skip every mutant but those at the (line, operator) places ``wanted``."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    with use_db(str(session), WorkDB.Mode.open) as db:
        others = [item.job_id for item in db.pending_work_items if not wanted(item.mutations[0].start_pos[0], item.mutations[0].operator_name.removeprefix("core/"))]
        db.set_multiple_results(others, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))


def run_module(module: str, only: set[tuple[int, str]] | None = None, quick: bool = False, budget: float | None = None) -> Score:
    python = sys.executable
    bin_dir = Path(python).parent
    commit = _commit()
    with tempfile.TemporaryDirectory(prefix="rightsgraph-mutation-") as tmp:
        work = Path(tmp)
        _copy_tree(work)
        _precompile(work, module)
        command = _command(python, _stages(module, work, quick))
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # a mutant of the same size must not reuse a stale .pyc

        def step(*command: str) -> None:
            subprocess.run(command, cwd=work, env=env, check=True)

        started = time.monotonic()
        baseline = subprocess.run(shlex.split(command), cwd=work, env=env)
        if baseline.returncode != 0:
            raise SystemExit(f"{module}: its tests fail before any mutation; fix them first")
        timeout = min(max(10 * (time.monotonic() - started), MIN_TIMEOUT_SECONDS), MAX_TIMEOUT_SECONDS)
        (work / "cr.toml").write_text(_config(module, command, timeout), encoding="utf-8")
        step(str(bin_dir / "cosmic-ray"), "init", "cr.toml", "session.sqlite")
        step(str(bin_dir / "cr-filter-operators"), "session.sqlite", "cr.toml")
        if only is not None:
            _only(work / "session.sqlite", lambda line, operator: (line, operator) in only)
        if module in SCOPES:
            scoped = scoped_lines((work / module).read_text(encoding="utf-8"), SCOPES[module])
            _only(work / "session.sqlite", lambda line, operator: line in scoped)
        finished = _execute([str(bin_dir / "cosmic-ray"), "exec", "cr.toml", "session.sqlite"], work, env, budget)
        score = _score(module, work / "session.sqlite", commit + (", first stage only" if quick else ""))
        score.command = readable_command(module, quick)
        if not finished:
            score.partial = _coverage(work / "session.sqlite")
        return score


def _execute(command: list[str], work: Path, env: dict[str, str], budget: float | None) -> bool:
    """Run the mutants; False when the time budget ran out first (the results so far are kept)."""
    process = subprocess.Popen(command, cwd=work, env=env, start_new_session=True)
    try:
        returncode = process.wait(timeout=budget)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        return False
    if returncode != 0:
        raise subprocess.CalledProcessError(returncode, command)
    return True


def _coverage(session: Path) -> str:
    """Which mutants a stopped run got through: counts, lines and operators."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome

    with use_db(str(session), WorkDB.Mode.open) as db:
        done = [item.mutations[0] for item, result in db.completed_work_items if result.worker_outcome != WorkerOutcome.SKIPPED]
        pending = list(db.pending_work_items)
    lines = sorted(m.start_pos[0] for m in done)
    operators = sorted({m.operator_name.removeprefix("core/") for m in done})
    where = f"lines {lines[0]}-{lines[-1]}" if lines else "no line"
    return f"{len(done)} of {len(done) + len(pending)} mutants run before the time budget ran out ({where}; operators {', '.join(operators) or 'none'}); the others were not run"


def _score(module: str, session: Path, commit: str) -> Score:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    killed, timeouts, survived, ran = 0, 0, [], []
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if result.worker_outcome == WorkerOutcome.SKIPPED:
                continue
            mutation = item.mutations[0]
            rows = (result.diff or "").splitlines()
            added = [row[1:].strip() for row in rows if row.startswith("+") and not row.startswith("+++") and row[1:].strip()]
            removed = [row[1:].strip() for row in rows if row.startswith("-") and not row.startswith("---") and row[1:].strip()]
            code = " / ".join(added) if added else "removed " + " / ".join(removed)
            ran.append(Survivor(mutation.start_pos[0], mutation.operator_name.removeprefix("core/"), code))
            if result.test_outcome == TestOutcome.SURVIVED:
                survived.append(ran[-1])
            else:
                killed += 1
                timeouts += result.output == "timeout"
    return Score(module, killed, sorted(survived, key=lambda s: (s.line, s.operator, s.code)), commit, timeouts, ran=ran)


def _commit() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    # The score file is this script's output (a run of several modules rewrites it after each one).
    score_file = f":(exclude){SCORE_FILE.relative_to(ROOT)}"
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".", score_file], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    return head + (" plus uncommitted changes" if dirty else "")


def record(score: Score) -> None:
    """Replace this module's section in the generated part of the score file."""
    with SCORE_FILE.open("r+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # two modules may finish at the same time
        handle.seek(0)
        text = _with_section(handle.read(), score)
        handle.seek(0)
        handle.truncate()
        handle.write(text)


def _with_section(text: str, score: Score) -> str:
    head, rest = text.split(BEGIN, 1)
    generated, tail = rest.split(END, 1)
    sections = {m.group(1): m.group(0) for m in re.finditer(r"(?ms)^### (\S+)\n.*?(?=^### |\Z)", generated)}
    waiting = pending(text).get(score.module, set())
    equivalent = [s for s in score.survived if (s.operator, s.code) in explained(text).get(score.module, set()) - waiting]
    counted = score.total - len(equivalent)
    percent = 100.0 * score.killed / counted if counted else 100.0
    lines = [
        f"### {score.module}",
        "",
        f"{score.killed} of {score.total} mutants killed{f' ({score.timeouts} of them by a timeout)' if score.timeouts else ''}; "
        f"{len(equivalent)} survivor{'' if len(equivalent) == 1 else 's'} explained below; "
        f"score {score.killed}/{counted} = {percent:.1f}%. Measured on commit {score.commit}.",
        "",
    ]
    if score.command:
        lines += [f"Tests run per mutant ({score.date}): {score.command}.", ""]
    if score.partial:
        lines += [f"Partial run: {score.partial}.", ""]
    lines += [f"- survived: {s.text()}" for s in score.survived] or ["- no survivors"]
    sections[score.module] = "\n".join(lines) + "\n\n"
    ordered = [sections[m] for m in MODULES if m in sections]
    return head + BEGIN + "\n\n" + "".join(ordered) + END + tail


HEADLINE = re.compile(r"(\d+) of (\d+) mutants killed(?: \((\d+) of them by a timeout\))?.*?[Mm]easured on commit (.+?)\.$", re.MULTILINE)
COMMAND = re.compile(r"^Tests run per mutant \(([\d-]+)\): (.*)\.$", re.MULTILINE)
PARTIAL = re.compile(r"^Partial run: (.*)\.$", re.MULTILINE)


def recorded(text: str) -> list[Score]:
    """The scores in the generated part of the score file, as last measured."""
    generated = text.split(BEGIN, 1)[1].split(END, 1)[0]
    scores = []
    for section in re.split(r"^### ", generated, flags=re.MULTILINE)[1:]:
        module, _, body = section.partition("\n")
        headline = HEADLINE.search(body)
        if headline is None:
            raise SystemExit(f"{SCORE_FILE}: no score line for {module}")
        survivors = [Survivor(int(m.group(1)), m.group(2), m.group(3)) for m in SURVIVOR.finditer(body)]
        command = COMMAND.search(body)
        score = Score(module.strip(), int(headline.group(1)), survivors, headline.group(4), int(headline.group(3) or 0))
        if command is not None:
            score.date, score.command = command.group(1), command.group(2)
        if partial := PARTIAL.search(body):
            score.partial = partial.group(1)
        scores.append(score)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all)")
    parser.add_argument("--list", action="store_true", help="list the modules and their tests")
    parser.add_argument("--quick", action="store_true", help="run only the first (fast) stage of tests (--recheck without --quick then runs its survivors through both)")
    parser.add_argument("--budget", type=float, help="stop each module's run after this many minutes and record the mutants run so far", default=None)
    parser.add_argument("--unexplained", action="store_true", help="with --recheck: re-run only the survivors not yet explained as equivalent")
    parser.add_argument("--rescore", action="store_true", help="recount the recorded scores with the explanations as they are now (no new run)")
    parser.add_argument("--recheck", action="store_true", help="re-run only the recorded survivors of the modules (after new tests; the modules' code unchanged)")
    args = parser.parse_args()
    if args.budget:
        args.budget *= 60
    for module in args.modules:
        if module not in MODULES:
            raise SystemExit(f"{module}: not one of the mutated modules (see --list)")
    if args.recheck:
        previous = {score.module: score for score in recorded(SCORE_FILE.read_text(encoding="utf-8"))}
        known = explained(SCORE_FILE.read_text(encoding="utf-8"))
        for module in args.modules:
            before = previous[module]
            targets = [s for s in before.survived if not args.unexplained or (s.operator, s.code) not in known.get(module, set())]
            again = run_module(module, {(s.line, s.operator) for s in targets}, quick=args.quick, budget=args.budget)
            # a survivor the run did not reach (its time budget ran out) is still a survivor
            still = [s for s in before.survived if s not in targets or s in again.survived or s not in again.ran]
            first = before.commit.split(",")[0]
            record(Score(module, before.total - len(still), still, f"{again.commit}, survivors of a run on {first} re-run",
                         before.timeouts + again.timeouts, command=readable_command(module, args.quick), partial=before.partial))
            reached = sum(1 for s in before.survived if s in again.ran)
            print(f"{module}: {len(before.survived) - len(still)} of {len(before.survived)} survivors now killed ({reached} re-run)")
        return
    if args.rescore:
        for score in recorded(SCORE_FILE.read_text(encoding="utf-8")):
            record(score)
        return
    if args.list:
        for module in MODULES:
            print(module, "<-", readable_command(module))
        return
    for module in args.modules or list(MODULES):
        score = run_module(module, quick=args.quick, budget=args.budget)
        record(score)
        print(f"{module}: {score.killed}/{score.total} killed, {len(score.survived)} survived (see {SCORE_FILE.name})")


if __name__ == "__main__":
    main()
