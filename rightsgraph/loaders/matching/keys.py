"""Blocking keys as numbers, for many names at once.

The keys are those of :func:`~rightsgraph.loaders.matching.names.name_keys`, numbered instead of
spelt out: every distinct word, word ending (the last sounds) and start (first one or two letters)
gets a number once, and the keys of all names are then built as arrays. A key joining the ending
of one word with the start of another is ``ending << 16 | start``; the letters of the whole name,
sorted, become a 60-bit hash of their counts (two names with the same letters share it).

>>> table = KeyTable()
>>> numbers = table.add(("mukhtar", "dzhakishev")), table.add(("jakishev", "mukhtar"))
>>> bool(set(table.keys_of(("mukhtar", "dzhakishev"))) & set(table.keys_of(("jakishev", "mukhtar"))))
True
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from rightsgraph.loaders.matching.names import word_ending

Ints = NDArray[np.int64]

PAIR_KEY = np.int64(1) << 60
WORD_KEY = np.int64(2) << 60
LETTERS_KEY = np.int64(3) << 60
LOW_BITS = (np.int64(1) << 60) - 1
COLUMNS = 37
"""Letter counts: a column per ASCII letter and digit, one more for anything else."""

_COLUMN = np.full(256, COLUMNS - 1, dtype=np.int64)
_COLUMN[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)] = np.arange(COLUMNS - 1)
_WEIGHTS = np.random.default_rng(20261201).integers(1, np.iinfo(np.int64).max, size=COLUMNS, dtype=np.int64)
"""Fixed random weights: the hash of a name's letter counts (wrapping arithmetic)."""

def letter_counts(texts: list[str]) -> tuple[NDArray[np.uint16], Ints]:
    """How often each letter occurs in each text, and the texts' lengths."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    # 'replace' keeps one byte per character, so the lengths still hold.
    columns = _COLUMN[np.frombuffer("".join(texts).encode("ascii", "replace"), dtype=np.uint8)]
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    counts = np.bincount(rows * COLUMNS + columns, minlength=len(texts) * COLUMNS).reshape(len(texts), COLUMNS)
    return counts.astype(np.uint16), lengths


def letters_keys(counts: NDArray[np.uint16]) -> Ints:
    with np.errstate(over="ignore"):
        hashed = counts.astype(np.int64) @ _WEIGHTS
    result: Ints = LETTERS_KEY | (hashed & LOW_BITS)
    return result


class KeyTable:
    """Numbers for words, their endings and starts; each name is a list of word numbers."""

    def __init__(self) -> None:
        self.words: dict[str, int] = {}
        self.endings: dict[str, int] = {}
        self.starts: dict[str, int] = {}
        self.ending: list[int] = []
        """The number of each word's ending; -1 for a word of one letter (an initial)."""
        self.start2: list[int] = []
        self.start1: list[int] = []

    def _start(self, text: str) -> int:
        return self.starts.setdefault(text, len(self.starts))

    def word(self, token: str) -> int:
        number = self.words.get(token)
        if number is None:
            number = self.words[token] = len(self.words)
            self.ending.append(self.endings.setdefault(word_ending(token), len(self.endings)) if len(token) > 1 else -1)
            self.start2.append(self._start(token[:2]))
            self.start1.append(self._start(token[:1]))
        return number

    def add(self, tokens: tuple[str, ...]) -> list[int]:
        words = self.words
        return [words[token] if token in words else self.word(token) for token in tokens]

    def keys_of(self, tokens: tuple[str, ...]) -> list[int]:
        """The keys a name would have, without numbering anything new: a key with a word ending
        or start the table has never seen cannot be shared, so it is left out."""
        endings = [self.endings.get(word_ending(token), -1) if len(token) > 1 else -1 for token in tokens]
        starts = [self.starts.get(token[:2], -1) for token in tokens]
        keys = [int(PAIR_KEY | (a << 16) | starts[j]) for i, a in enumerate(endings) if a >= 0 for j in range(len(tokens)) if i != j and starts[j] >= 0]
        if len(tokens) == 1 and (endings[0] >= 0 or len(tokens[0]) == 1):
            keys.append(int(WORD_KEY | (endings[0] + 1)))
        keys.append(int(letters_keys(letter_counts(["".join(tokens)])[0])[0]))
        return keys


def pair_keys(table: KeyTable, words: Ints, entries: Ints, initials: bool = False) -> tuple[Ints, Ints]:
    """(key, entry) for every ordered pair of different words of one name whose first has an ending:
    the ending of the one joined with the start (two letters, or one for ``initials``) of the other."""
    ending = np.array(table.ending, dtype=np.int64)[words]
    start = np.array(table.start1 if initials else table.start2, dtype=np.int64)[words]
    keys: list[Ints] = []
    owners: list[Ints] = []
    gap = 1
    while gap < len(words):
        same = np.nonzero(entries[:-gap] == entries[gap:])[0]
        if not len(same):
            break  # the words of a name are consecutive: no name has this many
        for here, there in ((same, same + gap), (same + gap, same)):
            has = ending[here] >= 0
            keys.append(PAIR_KEY | (ending[here[has]] << 16) | start[there[has]])
            owners.append(entries[here[has]])
        gap += 1
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(keys), np.concatenate(owners)


def unique_rows(first: Ints, second: Ints) -> tuple[Ints, Ints]:
    """Distinct (first, second) rows, sorted by first then second."""
    order = np.lexsort((second, first))
    first, second = first[order], second[order]
    keep = np.ones(len(first), dtype=bool)
    keep[1:] = (first[1:] != first[:-1]) | (second[1:] != second[:-1])
    return first[keep], second[keep]
