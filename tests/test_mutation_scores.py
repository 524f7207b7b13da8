"""The recorded mutation scores (``tests/MUTATION.md``, written by ``make mutation``): every
surviving mutant is explained, and every module measured kills at least 90% of the others."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_runner", ROOT / "scripts" / "mutation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_survivor_is_explained_and_every_module_scores_90_percent() -> None:
    runner = _runner()
    text = runner.SCORE_FILE.read_text(encoding="utf-8")
    scores = runner.recorded(text)
    assert scores, "no recorded scores"
    assert {score.module for score in scores} <= set(runner.MODULES)
    explanations = runner.explained(text)
    for score in scores:
        unexplained = [s.text() for s in score.survived if (s.operator, s.code) not in explanations.get(score.module, set())]
        assert unexplained == [], score.module
        equivalent = [s for s in score.survived if (s.operator, s.code) in explanations.get(score.module, set()) - runner.pending(text).get(score.module, set())]
        assert score.killed >= 0.9 * (score.total - len(equivalent)), score.module


def test_survivors_are_read_back_as_written() -> None:
    runner = _runner()
    survivor = runner.Survivor(12, "ReplaceTrueWithFalse", "f(x=False)")
    text = f"{runner.BEGIN}\n\n### m.py\n\n1 of 2 mutants killed; score 1/2. Measured on commit abc.\n\n- survived: {survivor.text()}\n\n{runner.END}\n"
    (score,) = runner.recorded(text)
    assert (score.module, score.killed, score.total, score.survived, score.commit) == ("m.py", 1, 2, [survivor], "abc")
    assert runner.explained("## Survivors explained\n\n### m.py\n\n- ReplaceTrueWithFalse `f(x=False)`: why.\n") == {"m.py": {("ReplaceTrueWithFalse", "f(x=False)")}}


def test_the_command_date_and_partial_note_are_read_back_as_written() -> None:
    runner = _runner()
    score = runner.Score("rightsgraph/fsutil.py", 9, [], "abc", timeouts=2, date="2026-12-01", command="`python -m pytest t.py`", partial="10 of 20 mutants run")
    text = runner._with_section(f"{runner.BEGIN}\n{runner.END}\n## Survivors explained\n", score)
    (back,) = runner.recorded(text)
    assert back == score
    assert "9 of 9 mutants killed (2 of them by a timeout)" in text
    assert "mutants killed (0 of them" not in runner._with_section(text, runner.Score("rightsgraph/fsutil.py", 1, [], "abc"))


def test_scoped_lines_are_those_of_the_named_functions_and_methods() -> None:
    runner = _runner()
    source = "def a():\n    return 1\n\n\nclass B:\n    def c(self):\n        return 2\n\n    def d(self):\n        return 3\n"
    assert runner.scoped_lines(source, ["a", "B.d"]) == {1, 2, 9, 10}
    assert runner.scoped_lines(source, ["B"]) == set(range(5, 11))


# The modules that guard people and data, as the mutation-testing issue lists them: each must
# keep a checked score, so that a module dropped from the runner or from the score file fails here.
GUARDED = {
    "rightsgraph/graph/confidential.py": "confidentiality",
    "rightsgraph/queries/binding.py": "parameter binding",
    "rightsgraph/queries/params.py": "parameter binding (parameter values to RDF terms)",
    "rightsgraph/viz/html.py": "HTML/JSON escaping",
    "rightsgraph/fsutil.py": "atomic output",
    "rightsgraph/loaders/csvmapping.py": "loaders' row accounting",
    "rightsgraph/graph/push.py": "push",
}


def test_every_guarded_module_is_mutated_and_has_a_checked_score() -> None:
    runner = _runner()
    scores = runner.recorded(runner.SCORE_FILE.read_text(encoding="utf-8"))
    assert set(GUARDED) <= set(runner.MODULES), "a guarded module is no longer mutated"
    assert set(GUARDED) - {score.module for score in scores} == set(), "a guarded module has no score in the checked part"


def test_a_checked_score_is_a_whole_run() -> None:
    """A run stopped by its time budget is no score: it stays out of the checked part."""
    runner = _runner()
    partial = [score.module for score in runner.recorded(runner.SCORE_FILE.read_text(encoding="utf-8")) if score.partial]
    assert partial == []

