"""One matcher for every linker: dedupe, Wikidata candidates and reconciliation scoring.

- :mod:`~rightsgraph.loaders.matching.names`: names across alphabets (rigour's transliteration,
  rapidfuzz's similarity), word order, initials, and blocking keys;
- :mod:`~rightsgraph.loaders.matching.evidence`: a record's :class:`Profile` and :func:`compare`,
  which scores a pair and lists what supports and what contradicts it;
- :mod:`~rightsgraph.loaders.matching.blocking`: :class:`NameIndex`, the candidate pairs (never
  all pairs) and name look-ups, worked out in bulk over arrays of numbered keys
  (:mod:`~rightsgraph.loaders.matching.keys`).

:func:`find_pairs` puts them together: the pairs worth a reviewer's time, best first, and the
pairs whose names agree but whose facts contradict it (shown, never proposed). Pairs that cheap
bounds already rule out (too few letters in common, different birth dates, names too far apart
for any support to help) are dropped before the full comparison; the outcome is the one the
pair-by-pair comparison gives (``tests/loaders/test_matching_bulk.py``).

>>> from rightsgraph.loaders.matching import Profile, find_pairs
>>> people = [Profile("a", "Person", ("Мухтар Джакишев",)), Profile("b", "Person", ("Jakishev Mukhtar",))]
>>> [(p.a.id, p.b.id) for p in find_pairs(people).proposed]
[('a', 'b')]
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from rightsgraph.loaders.matching.blocking import Candidates, NameIndex
from rightsgraph.loaders.matching.evidence import Comparison, FactBounds, Profile, births_disagree, compare
from rightsgraph.loaders.matching.names import NameMatch, latin_tokens, name_similarity, word_orders

__all__ = ["Comparison", "DedupeResult", "NameIndex", "NameMatch", "Pair", "Profile", "compare", "find_pairs", "latin_tokens", "name_similarity"]

THRESHOLD = 0.8
"""Pairs scoring at least this are proposed to the reviewer."""

MIN_NAME = 0.75
"""However much other facts support a pair, its names must be at least this alike."""

SET_ASIDE_NAME = 0.9
"""Pairs contradicted by a fact are shown (never proposed) when their names are at least this alike."""

PREFILTER_MARGIN = 0.05
"""The quick bulk filter is this much looser than :data:`MIN_NAME`, so it never drops a pair that counts."""

QUICK_MARGIN = 0.05
"""How far the quick (bulk) similarity may fall below the full comparison's for longer names."""

ROUNDING = 0.001
"""Scores are rounded to three decimals: a bulk bound keeps this much room for it."""


@dataclass(frozen=True)
class Pair:
    a: Profile
    b: Profile
    comparison: Comparison

    @property
    def key(self) -> frozenset[str]:
        return frozenset((self.a.id, self.b.id))


@dataclass
class DedupeResult:
    proposed: list[Pair] = field(default_factory=list)
    set_aside: list[Pair] = field(default_factory=list)
    """Names alike, but a fact (a different birth date) says they are different people."""
    compared: int = 0
    records: int = 0


def _hopeful(index: NameIndex, facts: FactBounds, candidates: Candidates, threshold: float) -> tuple[Candidates, list[NameMatch | None]]:
    """Leave out the pairs whose names' similarity, worked out in bulk, already rules them out,
    and give the names' match of the others where it was worked out.

    For records of one name each (no initials) the bulk similarity is the one :func:`compare`
    finds, before rounding; a pair is left out only when no rounding could change the verdict.
    """
    first, second, profiles = candidates.first, candidates.second, index.profiles
    ranks = np.empty(len(profiles), dtype=np.int64)
    ranks[sorted(range(len(profiles)), key=lambda k: profiles[k].id)] = np.arange(len(profiles))
    ours = np.where(ranks[first] < ranks[second], first, second)  # compare() takes the lower id as ours
    theirs = np.where(ranks[first] < ranks[second], second, first)
    name, order = index.spaced_scores(ours, theirs)
    short_of = np.where(facts.births_disagree(first, second), SET_ASIDE_NAME, threshold - facts.most_support(first, second))
    hopeless = (name < MIN_NAME - ROUNDING) | (name < short_of - ROUNDING)  # NaN (not worked out) is never hopeless
    keep = ~hopeless
    matches: list[NameMatch | None] = []
    for a, b, score, k in zip(ours[keep].tolist(), theirs[keep].tolist(), name[keep].tolist(), order[keep].tolist()):
        if k < 0:
            matches.append(None)
            continue
        ours_name, theirs_name = profiles[a].names[0], profiles[b].names[0]
        moved = word_orders(latin_tokens(ours_name))[k][2]
        matches.append(NameMatch(round(score, 3), moved, False, not (ours_name.isascii() and theirs_name.isascii())))
    return Candidates(first[keep], second[keep], candidates.quick[keep]), matches


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Matching allocates millions of small objects and makes no reference cycles: the cycle
    collector would walk every live object again and again (a third of the time at 100k records)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def find_pairs(profiles: Sequence[Profile], threshold: float = THRESHOLD, judged: Collection[frozenset[str]] = ()) -> DedupeResult:
    """Pairs of records that are probably one entity, best first; pairs already judged are skipped."""
    with _without_cycle_collection():
        return _find_pairs(profiles, threshold, judged)


def _find_pairs(profiles: Sequence[Profile], threshold: float, judged: Collection[frozenset[str]]) -> DedupeResult:
    facts = FactBounds(profiles)

    def needed(first: NDArray[np.int64], second: NDArray[np.int64]) -> NDArray[np.float64]:
        # Names must be alike enough to be shown when birth dates disagree, and to reach the
        # threshold with every support otherwise (the quick score is the names' similarity for
        # names of two words, and within QUICK_MARGIN of it for longer ones).
        reach = threshold - facts.most_support(first, second) - QUICK_MARGIN
        result: NDArray[np.float64] = np.maximum(reach, np.where(facts.births_disagree(first, second), SET_ASIDE_NAME, 0.0))
        return result

    index = NameIndex(profiles)
    candidates, matches = _hopeful(index, facts, index.pairs(MIN_NAME - PREFILTER_MARGIN, needed), threshold)
    several = facts.several_births
    result = DedupeResult(records=len(profiles))
    for i, j, quick, match in zip(candidates.first.tolist(), candidates.second.tolist(), candidates.quick.tolist(), matches):
        a, b = profiles[i], profiles[j]
        if a.id > b.id:
            a, b = b, a
        if judged and frozenset((a.id, b.id)) in judged:
            continue
        if (several[i] or several[j]) and quick < SET_ASIDE_NAME and births_disagree(a, b):
            continue  # different people by one of their birth dates, names not alike enough to show
        result.compared += 1
        comparison = compare(a, b, (match, (a.name, b.name)) if match else None)
        if comparison.name.score < MIN_NAME:
            continue
        if comparison.contradicted:
            if comparison.name.score >= SET_ASIDE_NAME:
                result.set_aside.append(Pair(a, b, comparison))
        elif comparison.score >= threshold:
            result.proposed.append(Pair(a, b, comparison))
    order = lambda pair: (-pair.comparison.score, pair.a.id, pair.b.id)  # noqa: E731
    result.proposed.sort(key=order)
    result.set_aside.sort(key=order)
    return result
