"""Mutation testing of the modules that guard people and data, with cosmic-ray.

Each module is mutated in a temporary copy of the repository (the working tree is never
touched, even if the run is interrupted) and checked against the tests that cover it. The
score per module, the commit it was measured on and every surviving mutant go into the
generated part of ``tests/MUTATION.md``; the explanations of survivors are written by hand
below it.

    python scripts/mutation.py                               # every module
    python scripts/mutation.py rightsgraph/viz/html.py       # one module
    python scripts/mutation.py --list                        # the modules and their tests
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE_FILE = ROOT / "tests" / "MUTATION.md"
BEGIN, END = "<!-- generated scores: begin -->", "<!-- generated scores: end -->"
PYTEST = "-m pytest -x -q -p no:cacheprovider"
TIMEOUT_SECONDS = 300

# Module -> the tests that cover it (kept narrow: a mutant costs one pytest run).
MODULES: dict[str, list[str]] = {
    "rightsgraph/queries/binding.py": ["rightsgraph/queries/binding.py", "tests/queries/test_binding.py", "tests/queries/test_binding_mutants.py"],
    "rightsgraph/queries/params.py": ["tests/queries/test_params.py", "tests/queries/test_binding.py"],
    "rightsgraph/viz/html.py": ["tests/viz/test_html_escaping.py", "rightsgraph/viz/html.py", "tests/viz/test_xss.py"],
    "rightsgraph/fsutil.py": ["rightsgraph/fsutil.py", "tests/test_fsutil.py"],
    "rightsgraph/loaders/csvmapping.py": ["rightsgraph/loaders/csvmapping.py", "tests/loaders/test_csv_mapping.py"],
    "rightsgraph/graph/push.py": ["rightsgraph/graph/push.py", "tests/graph/test_push.py", "tests/security/test_injection.py", "tests/security/test_faults.py"],
    "rightsgraph/graph/confidential.py": ["rightsgraph/graph/confidential.py", "tests/security/test_confidential.py"],
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
    survived: list[str]

    @property
    def total(self) -> int:
        return self.killed + len(self.survived)


def _tests(module: str, work: Path) -> list[str]:
    return [name for name in MODULES[module] if (work / name).exists()]


def _config(module: str, python: str, tests: list[str]) -> str:
    tests_text = " ".join(tests)
    excluded = ", ".join(f'"{pattern}"' for pattern in EXCLUDED_OPERATORS)
    return (
        "[cosmic-ray]\n"
        f'module-path = "{module}"\n'
        f"timeout = {TIMEOUT_SECONDS}.0\n"
        "excluded-modules = []\n"
        f'test-command = "{python} {PYTEST} {tests_text}"\n'
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


def run_module(module: str) -> Score:
    python = sys.executable
    bin_dir = Path(python).parent
    with tempfile.TemporaryDirectory(prefix="rightsgraph-mutation-") as tmp:
        work = Path(tmp)
        _copy_tree(work)
        (work / "cr.toml").write_text(_config(module, python, _tests(module, work)), encoding="utf-8")
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # a mutant of the same size must not reuse a stale .pyc

        def step(*command: str) -> None:
            subprocess.run(command, cwd=work, env=env, check=True)

        baseline = subprocess.run([python, *PYTEST.split(), *_tests(module, work)], cwd=work, env=env)
        if baseline.returncode != 0:
            raise SystemExit(f"{module}: its tests fail before any mutation; fix them first")
        step(str(bin_dir / "cosmic-ray"), "init", "cr.toml", "session.sqlite")
        step(str(bin_dir / "cr-filter-operators"), "session.sqlite", "cr.toml")
        step(str(bin_dir / "cosmic-ray"), "exec", "cr.toml", "session.sqlite")
        return _score(module, work / "session.sqlite")


def _score(module: str, session: Path) -> Score:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    killed, survived = 0, []
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if result.worker_outcome == WorkerOutcome.SKIPPED:
                continue
            if result.test_outcome == TestOutcome.SURVIVED:
                mutation = item.mutations[0]
                line = mutation.start_pos[0]
                changed = [row[1:].strip() for row in (result.diff or "").splitlines() if row.startswith("+") and not row.startswith("+++")]
                survived.append(f"line {line}, {mutation.operator_name.removeprefix('core/')}: `{' / '.join(changed)}`")
            else:
                killed += 1
    return Score(module, killed, sorted(survived, key=lambda s: int(re.findall(r"\d+", s)[0])))


def _commit() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
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
    percent = 100.0 * score.killed / score.total if score.total else 100.0
    lines = [f"### {score.module}", "", f"{score.killed} of {score.total} mutants killed ({percent:.1f}%), measured on commit {_commit()}.", ""]
    lines += [f"- survived: {s}" for s in score.survived] or ["- no survivors"]
    sections[score.module] = "\n".join(lines) + "\n\n"
    ordered = [sections[m] for m in MODULES if m in sections]
    return head + BEGIN + "\n\n" + "".join(ordered) + END + tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all)")
    parser.add_argument("--list", action="store_true", help="list the modules and their tests")
    args = parser.parse_args()
    if args.list:
        for module, tests in MODULES.items():
            print(module, "<-", " ".join(tests))
        return
    for module in args.modules or list(MODULES):
        if module not in MODULES:
            raise SystemExit(f"{module}: not one of the mutated modules (see --list)")
        score = run_module(module)
        record(score)
        print(f"{module}: {score.killed}/{score.total} killed, {len(score.survived)} survived")


if __name__ == "__main__":
    main()
