"""Candidate pairs by blocking: only records that share a name key are ever compared.

Every name of every record gives a few keys (:func:`~rightsgraph.loaders.matching.names.blocking_keys`);
records sharing a key form a block, and only pairs within a block are scored. A key shared by
very many records says little: such a block is split by a finer key (the first two letters of
every word) instead of being compared whole, so the cost grows with the number of records, not
with its square. A name with initials ("M. Dzhakishev") meets the full names whose other words
begin with those letters.

Each distinct word is looked at once (its ending, its start: :mod:`~rightsgraph.loaders.matching.keys`);
keys, blocks and pairs are then arrays (numpy), and names are scored in bulk (rapidfuzz's
``cpdist``): a pair whose names do not have enough letters in common to reach the score it needs
is dropped before any similarity is computed.

>>> from rightsgraph.loaders.matching.evidence import Profile
>>> people = [Profile("a", "Person", ("Мухтар Джакишев",)), Profile("b", "Person", ("Jakishev Mukhtar",)),
...           Profile("c", "Person", ("Ivan Petrov",)), Profile("d", "Person", ("M. Dzhakishev",))]
>>> sorted(NameIndex(people).pairs())
[(0, 1), (0, 3), (1, 3)]
>>> sorted(NameIndex(people).lookup(["Dzhakishev"]))
[0, 1, 3]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import Indel
from rapidfuzz.process import cpdist

from rightsgraph.loaders.matching.evidence import Profile
from rightsgraph.loaders.matching.keys import WORD_KEY, KeyTable, letter_counts, letters_keys, pair_keys, unique_rows
from rightsgraph.loaders.matching.names import forms_of, latin_tokens, word_ending, word_orders

MAX_BLOCK = 100
"""Past this many records a block is split by a finer key rather than compared whole."""

MAX_LOOKUP = 5000
"""A word shared by more records than this is too common to look a name up by."""

SLACK = 1e-9
"""Room for rounding when a bound is compared with a score: a bound never drops a pair that counts."""

CHUNK = 200_000
"""Pairs per step of the letter bound (bounds the memory of the letter counts gathered per pair)."""

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Needed = Callable[[Ints, Ints], Floats]
"""The lowest quick score worth scoring for each pair of records (lower index first)."""

_FINE_WEIGHTS = np.random.default_rng(15).integers(1, np.iinfo(np.int64).max, size=1 << 16, dtype=np.int64)


@dataclass(frozen=True)
class Candidates:
    """Pairs of records (their indexes, lower first), each with its quick name score."""

    first: Ints
    second: Ints
    quick: Floats

    def __len__(self) -> int:
        return len(self.first)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.first.tolist(), self.second.tolist())


def _empty() -> Ints:
    return np.zeros(0, dtype=np.int64)


def _runs(keys: Ints) -> Ints:
    """Where each run of equal values starts, and the end."""
    result: Ints = np.nonzero(np.concatenate(([True], keys[1:] != keys[:-1], [True])))[0]
    return result


class NameIndex:
    """Records by blocking key, for pairs among them and for looking names up."""

    def __init__(self, profiles: Sequence[Profile], max_block: int = MAX_BLOCK) -> None:
        self.profiles = profiles
        self.max_block = max_block
        self.split = 0
        self.table = KeyTable()
        owners: list[int] = []
        self.tokens: list[tuple[str, ...]] = []
        """The words of each entry: one name of one record (names without words are left out)."""
        self.forms: list[tuple[str, str, str]] = []
        words: list[int] = []
        for index, profile in enumerate(profiles):
            for name in profile.names:
                tokens = latin_tokens(name)
                if tokens:
                    owners.append(index)
                    self.tokens.append(tokens)
                    self.forms.append(forms_of(tokens))
                    words.extend(self.table.add(tokens))
        self.owners = np.array(owners, dtype=np.int64)
        self.words = np.array(words, dtype=np.int64)
        """The words of all entries, one after the other."""
        sizes = np.fromiter(map(len, self.tokens), dtype=np.int64, count=len(self.tokens))
        self.word_entries = np.repeat(np.arange(len(self.tokens), dtype=np.int64), sizes)
        self.first_word = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        self.counts, self.lengths = letter_counts([forms[0] for forms in self.forms])
        endings = np.array(self.table.ending, dtype=np.int64)[self.words] if len(self.words) else _empty()
        self.abbreviated = np.zeros(len(self.tokens), dtype=bool)
        self.abbreviated[self.word_entries[endings < 0]] = True
        keys, members = pair_keys(self.table, self.words, self.word_entries)
        single = np.nonzero(sizes == 1)[0]
        keys = np.concatenate([keys, WORD_KEY | (endings[self.first_word[single]] + 1), letters_keys(self.counts)])
        members = np.concatenate([members, single, np.arange(len(self.tokens), dtype=np.int64)])
        self.keys, self.members = unique_rows(keys, members)
        """Blocks: entries sorted by key (and by entry within a key)."""
        initials, holders = pair_keys(self.table, self.words, self.word_entries, initials=True)
        full = ~self.abbreviated[holders]
        self.initial_keys, self.initial_owners = unique_rows(initials[full], self.owners[holders[full]])
        self.asking_keys, self.asking_entries = initials[~full], holders[~full]
        """The initial keys of names with initials: where they meet full names."""
        has = endings >= 0
        self.word_endings, self.word_owners = unique_rows(endings[has], self.owners[self.word_entries[has]])

    def _fine_keys(self) -> Ints:
        """Per entry, a number for the first two letters of all its words, in any order (split blocks)."""
        weights = _FINE_WEIGHTS[np.array(self.table.start2, dtype=np.int64)[self.words] & 0xFFFF]
        with np.errstate(over="ignore"):
            result: Ints = np.add.reduceat(weights, self.first_word)
        return result

    def _entry_pairs(self) -> tuple[Ints, Ints]:
        """Every pair of entries sharing a block, once, the earlier entry first."""
        members = self.members
        runs = _runs(self.keys)
        sizes = np.diff(runs)
        group = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
        big = sizes > self.max_block
        self.split = int(big.sum())
        if self.split:
            # A key shared by too many says little: split its block by the words' first letters.
            sub = np.where(big[group], self._fine_keys()[members], 0)
            order = np.lexsort((members, sub, group))
            members, group, sub = members[order], group[order], sub[order]
            group = np.concatenate(([0], np.cumsum((group[1:] != group[:-1]) | (sub[1:] != sub[:-1]))))
        runs = _runs(group)
        sizes = np.diff(runs)
        firsts: list[Ints] = []
        seconds: list[Ints] = []
        small = (sizes <= self.max_block)[group]
        for gap in range(1, int(sizes[sizes <= self.max_block].max(initial=1))):
            same = np.nonzero(small[:-gap] & (group[:-gap] == group[gap:]))[0]
            firsts.append(members[same])
            seconds.append(members[same + gap])
        for start, end in zip(runs[:-1][sizes > self.max_block].tolist(), runs[1:][sizes > self.max_block].tolist()):
            rows, columns = np.triu_indices(end - start, 1)
            firsts.append(members[start:end][rows])
            seconds.append(members[start:end][columns])
        if not firsts:
            return _empty(), _empty()
        count = len(self.tokens)
        codes = np.sort(np.concatenate(firsts) * count + np.concatenate(seconds))
        # (np.unique hashes, and is many times slower than sorting here.)
        codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
        return codes // count, codes % count

    def _letter_bound(self, first: Ints, second: Ints) -> Floats:
        """An upper bound of the quick score: word order and spacing never change the letters,
        and two texts share at most as many letters, in order, as they have in common."""
        bound = np.empty(len(first), dtype=np.float64)
        for start in range(0, len(first), CHUNK):
            a, b = first[start : start + CHUNK], second[start : start + CHUNK]
            common = np.minimum(self.counts[a], self.counts[b]).sum(axis=1, dtype=np.int64)
            bound[start : start + CHUNK] = 2 * common / np.maximum(self.lengths[a] + self.lengths[b], 1)
        return bound

    def _quick(self, first: Ints, second: Ints, cutoff: float) -> Floats:
        """The names joined in the order given, reversed, or ordered by their sounds: the best agreement."""
        forms = [np.array([texts[k] for texts in self.forms], dtype=object) for k in range(3)]
        quick: Floats = np.zeros(len(first), dtype=np.float64)
        for query, choice in ((0, 0), (1, 0), (2, 2)):
            scores = cpdist(forms[query][first], forms[choice][second], scorer=Indel.normalized_similarity, score_cutoff=cutoff, dtype=np.float64, workers=1)
            np.maximum(quick, scores, out=quick)
        return quick

    def _initial_pairs(self, cutoff: float, kinds: Ints) -> tuple[Ints, Ints, Floats]:
        """Records meeting a name with initials: how alike its longest word is to the nearest word of
        the other record's names (the full comparison then aligns word by word)."""
        low = np.searchsorted(self.initial_keys, self.asking_keys, side="left")
        high = np.searchsorted(self.initial_keys, self.asking_keys, side="right")
        rows = np.repeat(np.arange(len(low)), high - low)
        at = np.arange(len(rows)) - np.repeat(np.cumsum(high - low) - (high - low), high - low) + np.repeat(low, high - low)
        entries, others = unique_rows(self.asking_entries[rows], self.initial_owners[at])
        owners = self.owners[entries]
        meet = (owners != others) & (kinds[owners] == kinds[others])
        entries, owners, others = entries[meet], owners[meet], others[meet]
        if not len(entries):
            return _empty(), _empty(), np.zeros(0, dtype=np.float64)
        # Every word of every name of the other record: their entries are consecutive.
        firsts = np.searchsorted(self.owners, others, side="left")
        lasts = np.searchsorted(self.owners, others, side="right")
        begin = self.first_word[firsts]
        end = np.where(lasts < len(self.first_word), self.first_word[np.minimum(lasts, len(self.first_word) - 1)], len(self.words))
        counts = end - begin
        pair = np.repeat(np.arange(len(entries)), counts)
        word_rows = np.arange(len(pair)) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(begin, counts)
        spelt = np.array(list(self.table.words), dtype=object)
        longest = np.array([max(self.tokens[entry], key=len) for entry in entries.tolist()], dtype=object)
        scores = cpdist(longest[pair], spelt[self.words[word_rows]], scorer=Indel.normalized_similarity, score_cutoff=cutoff, dtype=np.float64, workers=1)
        hit = scores >= cutoff
        return owners[pair[hit]], others[pair[hit]], scores[hit]

    def pairs(self, cutoff: float = 0.0, needed: Needed | None = None) -> Candidates:
        """Pairs of records of the same kind that share a block, with a quick score of their names.

        The quick score is how alike the names are joined in the order given, reversed, or ordered
        by their sounds (a name with initials: its longest word); a pair is kept when it reaches
        ``cutoff`` and whatever ``needed`` asks of that pair (the caller's own bound). A pair of
        several names keeps its best.
        """
        first, second = self._entry_pairs()
        codes = {kind: code for code, kind in enumerate(dict.fromkeys(p.kind for p in self.profiles))}
        kinds = np.array([codes[p.kind] for p in self.profiles], dtype=np.int64)
        a, b = self.owners[first], self.owners[second]
        same = (a != b) & (kinds[a] == kinds[b])
        first, second, a, b = first[same], second[same], a[same], b[same]
        if needed is not None and len(first):
            floor = np.maximum(cutoff, needed(np.minimum(a, b), np.maximum(a, b)))
            hopeful = self._letter_bound(first, second) >= floor - SLACK
            first, second, a, b = first[hopeful], second[hopeful], a[hopeful], b[hopeful]
        quick = self._quick(first, second, cutoff) if len(first) else np.zeros(0, dtype=np.float64)
        with_initials = self._initial_pairs(cutoff, kinds)
        a = np.concatenate([a, with_initials[0]])
        b = np.concatenate([b, with_initials[1]])
        quick = np.concatenate([quick, with_initials[2]])
        low, high = np.minimum(a, b), np.maximum(a, b)
        # Best score per pair of records: sort by pair, best first, keep the first of each.
        order = np.lexsort((-quick, high, low))
        low, high, quick = low[order], high[order], quick[order]
        first_of_pair = np.ones(len(low), dtype=bool)
        first_of_pair[1:] = (low[1:] != low[:-1]) | (high[1:] != high[:-1])
        kept = first_of_pair & (quick >= cutoff)
        if needed is not None and kept.any():
            kept[kept] = quick[kept] >= needed(low[kept], high[kept]) - SLACK
        return Candidates(low[kept], high[kept], quick[kept])

    def spaced_scores(self, ours: Ints, theirs: Ints) -> tuple[Floats, Ints]:
        """For pairs of records of one name each, neither with initials: the names' similarity as
        :func:`~rightsgraph.loaders.matching.names.compare_tokens` has it (our words in every order
        it tries, joined, against theirs joined), unrounded, and which of our word orders gave it
        (the first best); NaN and -1 for any other pair."""
        single = np.full(len(self.profiles), -1, dtype=np.int64)
        names = np.fromiter((len(p.names) for p in self.profiles), dtype=np.int64, count=len(self.profiles))
        plain = (names[self.owners] == 1) & ~self.abbreviated
        single[self.owners[plain]] = np.nonzero(plain)[0]
        ours_entry, theirs_entry = single[ours], single[theirs]
        simple = np.nonzero((ours_entry >= 0) & (theirs_entry >= 0))[0]
        result: Floats = np.full(len(ours), np.nan)
        chosen: Ints = np.full(len(ours), -1, dtype=np.int64)
        if not len(simple):
            return result, chosen
        ours_entry, theirs_entry = ours_entry[simple], theirs_entry[simple]
        wanted = np.sort(ours_entry)
        wanted = wanted[np.concatenate(([True], wanted[1:] != wanted[:-1]))]
        position = np.searchsorted(wanted, ours_entry)
        orders = [[text for _, text, _ in word_orders(self.tokens[entry])] for entry in wanted.tolist()]
        counts = np.fromiter(map(len, orders), dtype=np.int64, count=len(orders))[position]
        joined = np.array([self.forms[entry][0] for entry in theirs_entry.tolist()], dtype=object)
        best = np.zeros(len(simple), dtype=np.float64)
        which = np.zeros(len(simple), dtype=np.int64)
        for k in range(int(counts.max())):
            tried = np.nonzero(counts > k)[0]
            texts = np.array([order[k] if len(order) > k else "" for order in orders], dtype=object)
            scores = cpdist(texts[position[tried]], joined[tried], scorer=Indel.normalized_similarity, dtype=np.float64, workers=1)
            better = scores > best[tried]  # strictly: the first best order wins, as in compare_tokens
            best[tried[better]] = scores[better]
            which[tried[better]] = k
        result[simple] = best
        chosen[simple] = which
        return result, chosen

    def lookup(self, names: Iterable[str], limit: int = MAX_LOOKUP) -> set[int]:
        """Records sharing a key with any of these names, or a word's sounds (the candidates to score).

        A query may be a part of a name ("Dzhakishev"); a word shared by more than ``limit``
        records is too common to look up by itself.
        """
        found: set[int] = set()
        for name in names:
            tokens = latin_tokens(name)
            if not tokens:
                continue
            for key in self.table.keys_of(tokens):
                low, high = np.searchsorted(self.keys, [key, key + 1])
                found.update(self.owners[self.members[low:high]].tolist())
            for token in tokens:
                ending = self.table.endings.get(word_ending(token)) if len(token) > 1 else None
                if ending is not None:
                    low, high = np.searchsorted(self.word_endings, [ending, ending + 1])
                    if high - low <= limit:
                        found.update(self.word_owners[low:high].tolist())
        return found
