"""Charts of the casebook's front page: static SVG drawn by matplotlib, each with its table.

matplotlib was chosen by measurement against Vega-Lite (altair with vl-convert): both draw a
stacked bar chart of 24 years × 6 types in under 0.1 s (medians 72 ms and 97 ms), but
matplotlib installs as plain wheels at less than half the size (no embedded JavaScript
runtime). Text stays text in the SVG (readable, searchable, escaped by matplotlib), math
parsing is off (a ``$`` in a name is just a character), and ids are seeded, so the same graph
gives the same file.

>>> chart = bar_chart("Releases by ground", [("parole", 2), ("pardon", 1)], "releases")
>>> chart.svg.startswith("<svg"), chart.rows[0]
(True, ['parole', '2'])
"""

from __future__ import annotations

import io
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen first)
from markupsafe import Markup  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from rightsgraph.viz.network import STYLE  # noqa: E402

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f"]
MAX_BARS = 20
LABEL_CHARS = 40
"""Longer bar labels are shortened in the drawing (the table beside it has them whole): one long
place name would otherwise squeeze the bars and shrink every label."""
"""Bars of a ranked chart; the rest are summed into one bar that says how many it holds."""
STYLE_RC: Any = {
    "svg.fonttype": "none", "svg.hashsalt": "rightsgraph", "text.parse_math": False,
    "font.size": 10, "axes.spines.top": False, "axes.spines.right": False,
}


@dataclass
class Chart:
    """A drawn chart and the table that carries the same numbers."""

    title: str
    svg: Markup
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""


def _svg(figure: plt.Figure) -> Markup:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # Glyphs the layout font lacks (CJK) still show: the browser draws the text itself.
        warnings.simplefilter("ignore", UserWarning)
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return Markup(text[text.index("<svg"):])


def stacked_years(title: str, counts: Counter[tuple[int, str]], what: str, colours: dict[str, str] | None = None, top: int = 7) -> Chart:
    """Bars per year, stacked by kind; kinds past the ``top`` most frequent become "other"."""
    totals = Counter[str]()
    for (_, kind), n in counts.items():
        totals[kind] += n
    kinds = [k for k, _ in totals.most_common(top)]
    if len(totals) > top:
        kinds.append("other")
    folded: Counter[tuple[int, str]] = Counter()
    for (year, kind), n in counts.items():
        folded[(year, kind if kind in kinds else "other")] += n
    years = sorted({year for year, _ in folded})
    with plt.rc_context(STYLE_RC):
        figure, axes = plt.subplots(figsize=(8, 3.2))
        bottom = [0] * len(years)
        for index, kind in enumerate(kinds):
            values = [folded[(year, kind)] for year in years]
            colour = (colours or {}).get(kind, PALETTE[index % len(PALETTE)])
            axes.bar(years, values, bottom=bottom, label=kind, color=colour, width=0.8)
            bottom = [a + b for a, b in zip(bottom, values)]
        axes.set_ylabel(what)
        if years and years[-1] - years[0] < 8:
            # A few years only: keep bars slim rather than filling the width.
            middle = (years[0] + years[-1]) / 2
            axes.set_xlim(middle - 5, middle + 5)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        if kinds:
            axes.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        svg = _svg(figure)
    rows = [[str(year)] + [str(folded[(year, kind)]) for kind in kinds] for year in years]
    return Chart(title, svg, ["year", *kinds], rows)


def bar_chart(title: str, items: Sequence[tuple[str, int]], what: str) -> Chart:
    """Horizontal bars, largest first; past :data:`MAX_BARS` the rest are summed and said so."""
    ranked = sorted(items, key=lambda item: (-item[1], item[0]))
    note = ""
    if len(ranked) > MAX_BARS:
        rest = ranked[MAX_BARS - 1:]
        ranked = ranked[: MAX_BARS - 1] + [(f"{len(rest)} others", sum(n for _, n in rest))]
        note = f"The {len(rest)} smallest are summed in one bar; the table lists each."
    with plt.rc_context(STYLE_RC):
        figure, axes = plt.subplots(figsize=(8, 0.5 + 0.32 * max(1, len(ranked))))
        labels = [label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…" for label, _ in ranked][::-1]
        values = [n for _, n in ranked][::-1]
        axes.barh(range(len(values)), values, color=STYLE["state"][0])
        axes.set_yticks(range(len(values)), labels)
        for position, value in enumerate(values):
            axes.text(value, position, f" {value}", va="center", fontsize=9)
        axes.set_xlabel(what)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        svg = _svg(figure)
    rows = [[label, str(n)] for label, n in sorted(items, key=lambda item: (-item[1], item[0]))]
    return Chart(title, svg, ["", what], rows, note)


def figures_over_time(title: str, points: Sequence[tuple[float, float, str]], undated: int = 0) -> Chart:
    """Figures reported by sources (x: year as a decimal, y: value), one colour per kind."""
    kinds = sorted({kind for _, _, kind in points})
    with plt.rc_context(STYLE_RC):
        figure, axes = plt.subplots(figsize=(8, 3.2))
        for index, kind in enumerate(kinds):
            mine = sorted((x, y) for x, y, k in points if k == kind)
            axes.plot([x for x, _ in mine], [y for _, y in mine], marker="o", linestyle="-", label=kind, color=PALETTE[index % len(PALETTE)])
            for x, y in mine:
                axes.annotate(f"{y:,.0f}", (x, y), textcoords="offset points", xytext=(4, 4), fontsize=8)
        axes.set_ylabel("reported figure")
        axes.set_yscale("symlog")
        years = [x for x, _, _ in points]
        if years and max(years) - min(years) < 6:
            middle = (max(years) + min(years)) / 2
            axes.set_xlim(middle - 4, middle + 4)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        if kinds:
            axes.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        svg = _svg(figure)
    rows = [[str(int(x)), kind, f"{y:,.0f}"] for x, y, kind in sorted(points)]
    note = f"{undated} figure{'s' if undated != 1 else ''} without a date or a number cannot be placed in time; the answer to “Aggregate figures reported” below lists every figure." if undated else ""
    return Chart(title, svg, ["year", "counted", "figure"], rows, note)
