"""The timeline page draws a death in custody as such, offline, in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsgraph.graph import KnowledgeGraph
from rightsgraph.viz.timeline import write_timeline
from tests.browser import Browser
from tests.queries.test_deaths import kg  # noqa: F401  (the fixture)


@pytest.mark.browser
def test_the_timeline_page_marks_the_death_in_custody(kg: KnowledgeGraph,  # noqa: F811
                                                      browser: Browser, tmp_path: Path) -> None:
    page = write_timeline(kg, tmp_path / "timeline.html", "Иван Примеров")
    with browser.visit(page) as visit:
        deaths = visit.page.eval_on_selector_all(".rg-death", "nodes => nodes.map(n => n.textContent)")
        assert visit.console_errors == [] and visit.blocked == []
    assert len(deaths) == 1 and "Death of Ivan Primerov" in deaths[0] and "in custody" in deaths[0]
