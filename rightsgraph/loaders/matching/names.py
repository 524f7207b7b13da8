"""Names across alphabets: one Latin spelling to compare, similarity, and keys for blocking.

Transliteration is rigour's (the library FollowTheMoney and OpenSanctions use): Cyrillic,
Kazakh Cyrillic, Greek, Han and other scripts become the ASCII spellings names are commonly
written in. Similarity is rapidfuzz's, taken over the orders of the words and their spacing, so
"Джакишев Мухтар", "Mukhtar Dzhakishev" and "Jakishev Mukhtar" compare as near, and "习近平"
(``xi jin ping``) as the same as "Xi Jinping". An initial agrees with a word it begins.

>>> latin_tokens("Мухтар Джакишев")
('muhtar', 'dzhakishev')
>>> round(name_similarity("Мухтар Джакишев", "Jakishev Mukhtar").score, 2)
0.84
>>> name_similarity("M. Dzhakishev", "Mukhtar Dzhakishev").initials
True
>>> bool(set(blocking_keys("Mukhtar Dzhakishev")) & set(blocking_keys("Jakishev Mukhtar")))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations

from rapidfuzz.distance import Indel
from rigour.names import remove_person_prefixes, tokenize_name
from rigour.text import ascii_text, metaphone

MAX_ORDERS = 4
"""Names of up to this many words are compared in every word order; longer ones as given and sorted."""

PHONETIC_TAIL = 3
"""How many trailing sounds of a word (its metaphone code) a blocking key keeps."""


@lru_cache(maxsize=200_000)
def latin_tokens(name: str) -> tuple[str, ...]:
    """The words of a name in lower-case ASCII, titles ("Mr", "Dr") left out."""
    text = ascii_text(remove_person_prefixes(name)).lower()
    return tuple(token for token in tokenize_name(text) if token.isalnum())


@dataclass(frozen=True)
class NameMatch:
    """How alike two names are (0 to 1), and what made them so."""

    score: float
    reordered: bool = False
    initials: bool = False
    transliterated: bool = False

    def describe(self, ours: str, theirs: str) -> str:
        how = [word for flag, word in ((self.transliterated, "transliterated"), (self.reordered, "word order differs"), (self.initials, "initials")) if flag]
        return f"names alike ({self.score:.2f}): '{ours}' ~ '{theirs}'" + (f" ({', '.join(how)})" if how else "")


@lru_cache(maxsize=200_000)
def word_orders(tokens: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], str, bool], ...]:
    """Each word order to try, joined, and whether it moves a word (worked out once per name)."""
    orders = list(permutations(tokens)) if len(tokens) <= MAX_ORDERS else [tokens, tuple(sorted(tokens))]
    return tuple((order, "".join(order), index > 0 and order != tokens) for index, order in enumerate(orders))


def _aligned(ours: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[float, bool]:
    """Word by word, an initial agreeing with the word it begins; weighted by word length."""
    total = weight = 0.0
    initials = False
    for a, b in zip(ours, theirs):
        if len(a) == 1 or len(b) == 1:
            if a[0] != b[0]:
                return 0.0, False
            initials = True
            similarity = 1.0
        else:
            similarity = Indel.normalized_similarity(a, b)
        size = max(len(a), len(b))
        total += similarity * size
        weight += size
    return (total / weight if weight else 0.0), initials


def compare_tokens(ours: tuple[str, ...], theirs: tuple[str, ...]) -> NameMatch:
    """The best agreement of two names' words over word orders and spacing."""
    if not ours or not theirs:
        return NameMatch(0.0)
    joined = "".join(theirs)
    abbreviated = min(map(len, ours)) == 1 or min(map(len, theirs)) == 1
    best, reordered, initials = 0.0, False, False
    for order, text, moved in word_orders(ours):
        spaced = Indel.normalized_similarity(text, joined)
        if spaced > best:
            best, reordered, initials = spaced, moved, False
        if abbreviated and len(order) == len(theirs):
            aligned, used = _aligned(order, theirs)
            # An initial agrees with many names: it counts for a little less than the word.
            aligned *= 0.95 if used else 1.0
            if aligned > best:
                best, reordered, initials = aligned, moved, used
    return NameMatch(best, reordered=reordered, initials=initials)


def name_similarity(ours: str, theirs: str) -> NameMatch:
    """How alike two names are, whatever their alphabets, word order and initials."""
    a, b = latin_tokens(ours), latin_tokens(theirs)
    match = compare_tokens(a, b)
    transliterated = not (ours.isascii() and theirs.isascii())
    return NameMatch(round(match.score, 3), match.reordered, match.initials, transliterated)


@lru_cache(maxsize=400_000)
def word_ending(token: str) -> str:
    """The last sounds of a word (its metaphone code's last letters): Dzhakishev, Jakishev: ``KXF``."""
    code = metaphone(token) or token
    return code[-PHONETIC_TAIL:]


def word_key(token: str) -> str:
    """The key of one word by itself: its last sounds (Dzhakishev, Jakishev: ``KXF``)."""
    return "~" + word_ending(token)


def name_keys(name: str) -> tuple[set[str], set[str], set[str], bool]:
    """All keys of one name at once: blocking keys, initial keys, word keys, and whether it has initials.

    A blocking key joins the last sounds of one word with the first two letters of another, in
    both directions: spellings that differ at the start (Dzhakishev, Jakishev, Djakishev) share
    their ending sounds, and a swapped word order gives the same pairs. A name of one word keys on
    its sounds alone. The letters of the whole name, sorted, make one more key, so spacing and
    order ("xi jin ping", "Jinping Xi") never matter. An initial key has only the first letter of
    the other word: where a name with initials meets full names.
    """
    tokens = latin_tokens(name)
    if not tokens:
        return set(), set(), set(), False
    tails = [word_ending(token) if len(token) > 1 else "" for token in tokens]
    blocking = {"=" + "".join(sorted("".join(tokens)))}
    initials: set[str] = set()
    if len(tokens) == 1:
        blocking.add("~" + tails[0])
    for i, tail in enumerate(tails):
        if tail:
            for j, other in enumerate(tokens):
                if j != i:
                    blocking.add(f"{tail}|{other[:2]}")
                    initials.add(f"{tail}|{other[0]}")
    words = {"~" + tail for tail in tails if tail}
    return blocking, initials, words, any(not tail for tail in tails)


def blocking_keys(name: str) -> set[str]:
    """Keys two spellings of one name are likely to share (and most other names not); see :func:`name_keys`."""
    return name_keys(name)[0]


def initial_keys(name: str) -> set[str]:
    """Keys with only the first letter of the other word; see :func:`name_keys`."""
    return name_keys(name)[1]


def forms_of(tokens: tuple[str, ...]) -> tuple[str, str, str]:
    """:func:`compact_forms` of a name's words."""
    joined = "".join(tokens)
    if len(tokens) == 1:
        return joined, joined, joined
    if len(tokens) == 2:
        first, second = tokens
        backwards = second + first
        in_step = (word_ending(first), first) <= (word_ending(second), second)
        return joined, backwards, joined if in_step else backwards
    return joined, "".join(reversed(tokens)), "".join(sorted(tokens, key=lambda token: (word_ending(token), token)))


@lru_cache(maxsize=200_000)
def compact_forms(name: str) -> tuple[str, str, str]:
    """The name's words joined as given, reversed, and ordered by their sounds (for quick filtering).

    Given and reversed cover every order of a name of two words; ordering by the last sounds,
    not by spelling, keeps "Yerimbetov Iskander Maratovich" and "Iskander Erimbetov Maratovich"
    in step although their first letters differ.
    """
    return forms_of(latin_tokens(name))

