"""One matcher for every linker: dedupe, Wikidata candidates and reconciliation scoring.

- :mod:`~rightsgraph.loaders.matching.names`: names across alphabets (rigour's transliteration,
  rapidfuzz's similarity), word order, initials, and blocking keys;
- :mod:`~rightsgraph.loaders.matching.evidence`: a record's :class:`Profile` and :func:`compare`,
  which scores a pair and lists what supports and what contradicts it;
- :mod:`~rightsgraph.loaders.matching.blocking`: :class:`NameIndex`, the candidate pairs (never
  all pairs) and name look-ups.

:func:`find_pairs` puts them together: the pairs worth a reviewer's time, best first, and the
pairs whose names agree but whose facts contradict it (shown, never proposed).

>>> from rightsgraph.loaders.matching import Profile, find_pairs
>>> people = [Profile("a", "Person", ("Мухтар Джакишев",)), Profile("b", "Person", ("Jakishev Mukhtar",))]
>>> [(p.a.id, p.b.id) for p in find_pairs(people).proposed]
[('a', 'b')]
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from rightsgraph.loaders.matching.blocking import NameIndex
from rightsgraph.loaders.matching.evidence import Comparison, Profile, births_disagree, compare, most_support
from rightsgraph.loaders.matching.names import NameMatch, latin_tokens, name_similarity

__all__ = ["Comparison", "DedupeResult", "NameIndex", "NameMatch", "Pair", "Profile", "compare", "find_pairs", "latin_tokens", "name_similarity"]

THRESHOLD = 0.8
"""Pairs scoring at least this are proposed to the reviewer."""

MIN_NAME = 0.75
"""However much other facts support a pair, its names must be at least this alike."""

SET_ASIDE_NAME = 0.9
"""Pairs contradicted by a fact are shown (never proposed) when their names are at least this alike."""

PREFILTER_MARGIN = 0.05

QUICK_MARGIN = 0.05
"""How far the quick (bulk) similarity may fall below the full comparison's for longer names."""
"""The quick bulk filter is this much looser than :data:`MIN_NAME`, so it never drops a pair that counts."""


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


def find_pairs(profiles: Sequence[Profile], threshold: float = THRESHOLD, judged: Collection[frozenset[str]] = ()) -> DedupeResult:
    """Pairs of records that are probably one entity, best first; pairs already judged are skipped."""
    index = NameIndex(profiles)
    result = DedupeResult(records=len(profiles))
    for (i, j), quick in index.pairs(MIN_NAME - PREFILTER_MARGIN).items():
        a, b = profiles[i], profiles[j]
        if a.id > b.id:
            a, b = b, a
        if frozenset((a.id, b.id)) in judged:
            continue
        if quick < SET_ASIDE_NAME and births_disagree(a, b):
            # Different people by their birth dates, and names not alike enough to be worth showing.
            continue
        if quick + most_support(a, b) + QUICK_MARGIN < threshold:
            # Even with every support the pair cannot reach the threshold (the quick score is the
            # names' similarity for names of two words, and within the margin for longer ones).
            continue
        result.compared += 1
        comparison = compare(a, b)
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
