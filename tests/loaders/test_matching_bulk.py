"""The bulk shortcuts of the matcher change nothing: find_pairs against a plain, pair-by-pair version.

find_pairs builds its blocks as integer arrays, drops pairs early by cheap bounds (letters in
common, birth dates, the most support facts could add) and scores the names of simple pairs in
bulk. The independent method here is the plain one, written out pair by pair from the rules:
blocks from the spelt-out keys of names.py, the quick score of every blocked pair (the names
joined as given, reversed, or ordered by sounds; a name with initials by its longest word), the
quick filter (MIN_NAME less PREFILTER_MARGIN, and QUICK_MARGIN below what the threshold asks with
every support), then compare() on each pair left, classified as the README states.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
from collections import defaultdict

import pytest

from rapidfuzz.distance import Indel

from rightsgraph.loaders.matching import MIN_NAME, PREFILTER_MARGIN, QUICK_MARGIN, SET_ASIDE_NAME, THRESHOLD, Profile, compare, find_pairs
from rightsgraph.loaders.matching.blocking import MAX_BLOCK, NameIndex
from rightsgraph.loaders.matching.evidence import births_disagree, most_support
from rightsgraph.loaders.matching.names import blocking_keys, compact_forms, initial_keys, latin_tokens


def varied_people(persons: int, seed: int) -> list[Profile]:
    """The benchmark's people, some with an alias with an initial, several birth dates, a
    citizenship or a shared event, and some organisations: every path of the matcher."""
    from benchmarks.dedupe import synthetic_people

    profiles, _ = synthetic_people(persons, random.Random(seed))
    rng = random.Random(seed + 1)
    varied = []
    for p in profiles:
        roll = rng.random()
        if roll < 0.05:
            first, last = p.names[0].split(" ", 1)
            p = Profile(p.id, p.kind, (*p.names, f"{last} {first[0]}."), p.births, frozenset({rng.choice(["Kazakhstan", "Russia"])}))
        elif roll < 0.08 and p.births:
            p = Profile(p.id, p.kind, p.names, (*p.births, (dt.date(1950, 1, 1), dt.date(1950, 12, 31))), p.countries, frozenset({rng.choice(["e1", "e2"])}))
        elif roll < 0.1:
            p = Profile(p.id, "organization", p.names)
        varied.append(p)
    return varied


def plain_quick_scores(profiles: list[Profile], cutoff: float) -> dict[tuple[int, int], float]:
    """Every pair sharing a block (of at most MAX_BLOCK records) with its quick score, one by one."""
    blocks: dict[str, list[tuple[int, str]]] = defaultdict(list)
    initials: dict[str, list[int]] = defaultdict(list)
    abbreviated: list[tuple[int, str]] = []
    for index, profile in enumerate(profiles):
        for name in profile.names:
            for key in blocking_keys(name):
                blocks[key].append((index, name))
            if any(len(token) == 1 for token in latin_tokens(name)):
                abbreviated.append((index, name))
            else:
                for key in initial_keys(name):
                    initials[key].append(index)
    found: dict[tuple[int, int], float] = {}

    def keep(i: int, j: int, score: float) -> None:
        if i != j and profiles[i].kind == profiles[j].kind and score >= cutoff:
            pair = (min(i, j), max(i, j))
            found[pair] = max(score, found.get(pair, -1.0))

    for members in blocks.values():
        assert len(members) <= MAX_BLOCK, "the sample is small enough never to split a block"
        for x, (i, ours) in enumerate(members):
            for j, theirs in members[x + 1 :]:
                a, b = compact_forms(ours), compact_forms(theirs)
                keep(i, j, max(Indel.normalized_similarity(a[0], b[0]), Indel.normalized_similarity(a[1], b[0]), Indel.normalized_similarity(a[2], b[2])))
    for i, name in abbreviated:
        word = max(latin_tokens(name), key=len)
        for key in initial_keys(name):
            for j in initials.get(key, ()):
                tokens = [t for other in profiles[j].names for t in latin_tokens(other)]
                keep(i, j, max(Indel.normalized_similarity(word, t) for t in tokens))
    return found


def one_by_one(profiles: list[Profile]) -> tuple[set[tuple[str, str, float]], set[tuple[str, str, float]]]:
    proposed, set_aside = set(), set()
    for (i, j), quick in plain_quick_scores(profiles, MIN_NAME - PREFILTER_MARGIN).items():
        a, b = sorted((profiles[i], profiles[j]), key=lambda p: p.id)
        if quick < SET_ASIDE_NAME and births_disagree(a, b):
            continue
        if quick + most_support(a, b) + QUICK_MARGIN < THRESHOLD:
            continue
        comparison = compare(a, b)
        if comparison.name.score < MIN_NAME:
            continue
        if comparison.contradicted:
            if comparison.name.score >= SET_ASIDE_NAME:
                set_aside.add((a.id, b.id, comparison.score))
        elif comparison.score >= THRESHOLD:
            proposed.add((a.id, b.id, comparison.score))
    return proposed, set_aside


@pytest.mark.parametrize("seed", [1, 2])
def test_find_pairs_equals_comparing_every_blocked_pair(seed: int) -> None:
    profiles = varied_people(2500, seed)
    expected_proposed, expected_aside = one_by_one(profiles)
    found = find_pairs(profiles)
    assert {(p.a.id, p.b.id, p.comparison.score) for p in found.proposed} == expected_proposed
    assert {(p.a.id, p.b.id, p.comparison.score) for p in found.set_aside} == expected_aside
    assert len(expected_proposed) > 100 and expected_aside, "the sample must exercise both outcomes"
    assert found.compared < len(NameIndex(profiles).pairs(0.0)) / 2, "the bounds must spare most comparisons"


def test_bulk_names_give_the_same_evidence_as_compare() -> None:
    profiles = varied_people(2500, 3)
    by_id = {p.id: p for p in profiles}
    for pair in find_pairs(profiles).proposed:
        assert pair.comparison.evidence == compare(by_id[pair.a.id], by_id[pair.b.id]).evidence


def test_the_cycle_collector_is_back_on_afterwards() -> None:
    assert gc.isenabled()
    find_pairs(varied_people(200, 4))
    assert gc.isenabled()
    gc.disable()
    try:
        find_pairs(varied_people(200, 4))
        assert not gc.isenabled(), "a caller's own choice is left as it was"
    finally:
        gc.enable()
