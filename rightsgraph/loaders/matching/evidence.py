"""Whether two records are one entity: names, then what supports or contradicts it.

A :class:`Profile` is what the matcher knows of a record: its names in any alphabet, birth
dates (as day ranges, so "1962" and "1962-03-04" agree), citizenships, and the records it is
linked with (relatives, events it takes part in). :func:`compare` scores a pair: the names'
similarity, raised by a shared birth date, citizenship or relative or event, lowered by a
contradiction — which is always shown. A different birth date is a contradiction strong enough
that the pair is never proposed as the same person.

>>> a = Profile("urn:a", "Person", ("Мухтар Джакишев",), births=((dt.date(1962, 1, 1), dt.date(1962, 12, 31)),))
>>> b = Profile("urn:b", "Person", ("Mukhtar Dzhakishev",), births=((dt.date(1962, 3, 4), dt.date(1962, 3, 4)),))
>>> c = Profile("urn:c", "Person", ("Mukhtar Jakishev",), births=((dt.date(1970, 1, 1), dt.date(1970, 12, 31)),))
>>> compare(a, b).supports
['born 1962-03-04 (both)']
>>> compare(b, c).contradicted, compare(b, c).against
(True, ['born 1962-03-04, not 1970'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from rightsgraph.loaders.matching.names import NameMatch, name_similarity

SUPPORT_BIRTH = 0.1
SUPPORT_COUNTRY = 0.05
SUPPORT_LINK = 0.05
MAX_LINK_SUPPORT = 0.1
AGAINST_COUNTRY = 0.15
AGAINST_BIRTH = 0.5


@dataclass(frozen=True)
class Profile:
    """What the matcher compares of one record."""

    id: str
    kind: str
    names: tuple[str, ...]
    births: tuple[tuple[dt.date, dt.date], ...] = ()
    countries: frozenset[str] = frozenset()
    links: frozenset[str] = frozenset()
    link_names: tuple[tuple[str, str], ...] = ()
    description: str = ""

    @property
    def name(self) -> str:
        return self.names[0] if self.names else self.id

    def linked_name(self, link: str) -> str:
        return dict(self.link_names).get(link, link)


@dataclass
class Comparison:
    """A scored pair with the evidence for and against it."""

    score: float
    name: NameMatch
    names: tuple[str, str]
    supports: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    contradicted: bool = False

    @property
    def evidence(self) -> list[str]:
        return [self.name.describe(*self.names), *self.supports, *(f"against: {a}" for a in self.against)]


def _day_text(span: tuple[dt.date, dt.date]) -> str:
    low, high = span
    if low == high:
        return low.isoformat()
    if (low.month, low.day, high.month, high.day) == (1, 1, 12, 31) and low.year == high.year:
        return str(low.year)
    return f"{low.isoformat()}/{high.isoformat()}"


def most_support(ours: Profile, theirs: Profile) -> float:
    """An upper bound of what :func:`weigh` can add, without building its reasons (a quick check)."""
    bound = 0.0
    if ours.births and theirs.births:
        bound += SUPPORT_BIRTH
    if ours.countries and theirs.countries:
        bound += SUPPORT_COUNTRY
    if ours.links and theirs.links:
        bound += MAX_LINK_SUPPORT
    return bound


def births_disagree(ours: Profile, theirs: Profile) -> bool:
    """Both have birth dates and none of them overlap (a quick check before comparing names)."""
    if not ours.births or not theirs.births:
        return False
    return not any(a[0] <= b[1] and b[0] <= a[1] for a in ours.births for b in theirs.births)


class FactBounds:
    """:func:`births_disagree` and :func:`most_support` for many pairs at once (arrays of record indexes).

    A record with several birth dates is taken by their whole span here: where that says "disagree"
    they do; where it does not, :func:`births_disagree` has the last word.
    """

    def __init__(self, profiles: Sequence[Profile]) -> None:
        count = len(profiles)
        self.born = np.zeros(count, dtype=bool)
        self.several_births = np.zeros(count, dtype=bool)
        self.earliest = np.zeros(count, dtype=np.int64)
        self.latest = np.zeros(count, dtype=np.int64)
        for index, profile in enumerate(profiles):
            if profile.births:
                self.born[index] = True
                self.several_births[index] = len(profile.births) > 1
                self.earliest[index] = min(low for low, _ in profile.births).toordinal()
                self.latest[index] = max(high for _, high in profile.births).toordinal()
        self.countries = np.fromiter((bool(p.countries) for p in profiles), dtype=bool, count=count)
        self.links = np.fromiter((bool(p.links) for p in profiles), dtype=bool, count=count)

    def births_disagree(self, first: NDArray[np.int64], second: NDArray[np.int64]) -> NDArray[np.bool_]:
        apart = (self.earliest[first] > self.latest[second]) | (self.earliest[second] > self.latest[first])
        result: NDArray[np.bool_] = self.born[first] & self.born[second] & apart
        return result

    def most_support(self, first: NDArray[np.int64], second: NDArray[np.int64]) -> NDArray[np.float64]:
        # Summed in the order most_support adds, so the two agree to the last bit.
        bound = np.where(self.born[first] & self.born[second], SUPPORT_BIRTH, 0.0)
        bound = bound + np.where(self.countries[first] & self.countries[second], SUPPORT_COUNTRY, 0.0)
        result: NDArray[np.float64] = bound + np.where(self.links[first] & self.links[second], MAX_LINK_SUPPORT, 0.0)
        return result


def _births(ours: Profile, theirs: Profile) -> tuple[str | None, str | None]:
    """(support, contradiction) from birth dates: overlapping ranges agree, disjoint ones contradict."""
    if not ours.births or not theirs.births:
        return None, None
    for a in ours.births:
        for b in theirs.births:
            if a[0] <= b[1] and b[0] <= a[1]:
                narrow = a if (a[1] - a[0]) <= (b[1] - b[0]) else b
                return f"born {_day_text(narrow)} (both)", None
    mine = ", ".join(sorted({_day_text(s) for s in ours.births}))
    other = ", ".join(sorted({_day_text(s) for s in theirs.births}))
    return None, f"born {mine}, not {other}"


def best_name(ours: Profile, theirs: Profile) -> tuple[NameMatch, tuple[str, str]]:
    """The most alike pair of names (any name or alias of each)."""
    best, pair = NameMatch(0.0), (ours.name, theirs.name)
    for a in ours.names:
        for b in theirs.names:
            match = name_similarity(a, b)
            if match.score > best.score:
                best, pair = match, (a, b)
    return best, pair


@dataclass
class Weight:
    """What facts other than names say of a pair: a change to the score, and the reasons."""

    delta: float = 0.0
    supports: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    contradicted: bool = False


def weigh(ours: Profile, theirs: Profile) -> Weight:
    """Birth dates, citizenship and shared links: for (raise) or against (lower, and shown)."""
    weight = Weight()
    support, contradiction = _births(ours, theirs)
    if support:
        weight.supports.append(support)
        weight.delta += SUPPORT_BIRTH
    if contradiction:
        weight.against.append(contradiction)
        weight.delta -= AGAINST_BIRTH
        weight.contradicted = True
    if ours.countries and theirs.countries:
        shared = {c.casefold() for c in ours.countries} & {c.casefold() for c in theirs.countries}
        if shared:
            weight.supports.append(f"citizenship: {', '.join(sorted(c for c in ours.countries if c.casefold() in shared))} (both)")
            weight.delta += SUPPORT_COUNTRY
        else:
            weight.against.append(f"citizenship: {', '.join(sorted(ours.countries))}, not {', '.join(sorted(theirs.countries))}")
            weight.delta -= AGAINST_COUNTRY
    shared_links = sorted(ours.links & theirs.links)
    if shared_links:
        names = ", ".join(sorted(ours.linked_name(link) for link in shared_links)[:3])
        weight.supports.append(f"linked with the same record(s): {names}")
        weight.delta += min(MAX_LINK_SUPPORT, SUPPORT_LINK * len(shared_links))
    return weight


def compare(ours: Profile, theirs: Profile, names: tuple[NameMatch, tuple[str, str]] | None = None) -> Comparison:
    """Score a pair in [0, 1]: the names' similarity, moved by supporting and contradicting facts.

    ``names`` is :func:`best_name`'s answer when the caller has already worked it out (in bulk).
    """
    match, pair = names or best_name(ours, theirs)
    weight = weigh(ours, theirs)
    score = round(max(0.0, min(1.0, match.score + weight.delta)), 3)
    return Comparison(score, match, pair, weight.supports, weight.against, weight.contradicted)
