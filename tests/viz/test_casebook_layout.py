"""The casebook's front page at a wide and a narrow window: no table is cut off on the right."""

from __future__ import annotations

import pytest

from rightsgraph.build import BuildResult
from tests.browser import Browser

pytestmark = pytest.mark.browser

OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const table of document.querySelectorAll("table")) {
    if (!table.getClientRects().length) { continue; }
    const right = table.getBoundingClientRect().right;
    let box = table.parentElement;
    while (box && !["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(box).overflowX)) { box = box.parentElement; }
    const limit = Math.min(width, box ? box.getBoundingClientRect().right : width);
    if (right > limit + 1) {
      found.push([(table.caption || table.tHead || table).textContent.trim().slice(0, 60), Math.round(right), Math.round(limit)]);
    }
  }
  return found;
}"""
"""Tables whose right edge lies past the window or past the box that clips them: their caption
(or header), right edge and the limit."""


@pytest.mark.parametrize("size", [(1400, 1000), (900, 1000)])
def test_no_table_is_cut_off_on_the_right(browser: Browser, builtin_report: BuildResult, size: tuple[int, int]) -> None:
    with browser.visit(builtin_report.out_dir / "index.html", size=size) as visit:
        charts = visit.page.eval_on_selector_all(".rg-chart table", "tables => tables.length")
        cut = visit.page.evaluate(OVERFLOWING)
    assert charts >= 4, "the built-in data draws charts with tables"
    assert cut == []
