"""Candidate pairs by blocking: only records that share a name key are ever compared.

Every name of every record gives a few keys (:func:`~rightsgraph.loaders.matching.names.blocking_keys`);
records sharing a key form a block, and only pairs within a block are scored. A key shared by
very many records says little: such a block is split by a finer key (the first two letters of
every word) instead of being compared whole, so the cost grows with the number of records, not
with its square. A name with initials ("M. Dzhakishev") meets the full names whose other words
begin with those letters.

>>> from rightsgraph.loaders.matching.evidence import Profile
>>> people = [Profile("a", "Person", ("Мухтар Джакишев",)), Profile("b", "Person", ("Jakishev Mukhtar",)),
...           Profile("c", "Person", ("Ivan Petrov",)), Profile("d", "Person", ("M. Dzhakishev",))]
>>> sorted(NameIndex(people).pairs())
[(0, 1), (0, 3), (1, 3)]
>>> sorted(NameIndex(people).lookup(["Dzhakishev"]))
[0, 1, 3]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from rightsgraph.loaders.matching.evidence import Profile
from rapidfuzz.distance import Indel
from rapidfuzz.process import extract, extractOne

from rightsgraph.loaders.matching.names import blocking_keys, compact_forms, initial_keys, latin_tokens, name_keys, word_key

MAX_BLOCK = 100
"""Past this many records a block is split by a finer key rather than compared whole."""

MAX_LOOKUP = 5000
"""A word shared by more records than this is too common to look a name up by."""


def _fine_key(name: str) -> str:
    return "".join(sorted(token[:2] for token in latin_tokens(name)))


def _alike(members: list[tuple[int, str]], cutoff: float) -> Iterator[tuple[int, int, float]]:
    """Pairs of a block whose names are at least ``cutoff`` alike, in any of their quick forms."""
    forms = [compact_forms(name) for _, name in members]
    for query_form, choice_form in ((0, 0), (1, 0), (2, 2)):
        choices = [f[choice_form] for f in forms]
        for position, (i, _) in enumerate(members[:-1]):
            hits = extract(forms[position][query_form], choices[position + 1 :], scorer=Indel.normalized_similarity, score_cutoff=cutoff, limit=None)
            for _, score, at in hits:
                yield i, members[position + 1 + at][0], score


class NameIndex:
    """Records by blocking key, for pairs among them and for looking names up."""

    def __init__(self, profiles: Sequence[Profile], max_block: int = MAX_BLOCK) -> None:
        self.profiles = profiles
        self.max_block = max_block
        self.blocks: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.initials: dict[str, list[int]] = defaultdict(list)
        self.abbreviated: list[tuple[int, str]] = []
        self.words: dict[str, set[int]] = defaultdict(set)
        self.split = 0
        for index, profile in enumerate(profiles):
            for name in profile.names:
                blocking, initials, words, abbreviated = name_keys(name)
                for key in blocking:
                    self.blocks[key].append((index, name))
                if abbreviated:
                    self.abbreviated.append((index, name))
                else:
                    for key in initials:
                        self.initials[key].append(index)
                for key in words:
                    self.words[key].add(index)

    def _groups(self, key: str) -> Iterator[list[tuple[int, str]]]:
        members = self.blocks[key]
        if len(members) <= self.max_block:
            yield members
            return
        self.split += 1
        finer: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for index, name in members:
            finer[_fine_key(name)].append((index, name))
        yield from finer.values()

    def pairs(self, cutoff: float = 0.0) -> dict[tuple[int, int], float]:
        """Index pairs (lower first) of records of the same kind that share a block, with a quick score.

        A pair is kept only when its names, joined in the order given, reversed, or ordered by
        their sounds, are at least ``cutoff`` alike (rapidfuzz, in bulk): a quick filter before
        the full comparison. A name with initials is filtered on its longest word.
        """
        found: dict[tuple[int, int], float] = {}
        kinds = [profile.kind for profile in self.profiles]
        for key in self.blocks:
            for members in self._groups(key):
                if len(members) < 2:
                    continue
                for i, j, score in _alike(members, cutoff):
                    if i != j and kinds[i] == kinds[j]:
                        pair = (i, j) if i < j else (j, i)
                        if score > found.get(pair, -1.0):
                            found[pair] = score
        for i, name in self.abbreviated:
            # Quick score of a name with initials: how alike its longest word is to the nearest
            # word of the other name (the full comparison then aligns word by word).
            word = max(latin_tokens(name), key=len)
            for key in initial_keys(name):
                for j in self.initials.get(key, ()):
                    if i == j or kinds[i] != kinds[j]:
                        continue
                    pair = (i, j) if i < j else (j, i)
                    tokens = [t for other in self.profiles[j].names for t in latin_tokens(other)]
                    hit = extractOne(word, tokens, scorer=Indel.normalized_similarity, score_cutoff=cutoff) if tokens else None
                    if hit is not None and hit[1] > found.get(pair, -1.0):
                        found[pair] = hit[1]
        return found

    def lookup(self, names: Iterable[str], limit: int = MAX_LOOKUP) -> set[int]:
        """Records sharing a key with any of these names, or a word's sounds (the candidates to score).

        A query may be a part of a name ("Dzhakishev"); a word shared by more than ``limit``
        records is too common to look up by itself.
        """
        found: set[int] = set()
        for name in names:
            for key in blocking_keys(name):
                found.update(index for index, _ in self.blocks.get(key, ()))
            for token in latin_tokens(name):
                members = self.words.get(word_key(token), set()) if len(token) > 1 else set()
                if len(members) <= limit:
                    found.update(members)
        return found
