from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rightsgraph.build import BuildResult, build
from tests.browser import Browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    instance = Browser()
    yield instance
    instance.close()


@pytest.fixture(scope="session")
def builtin_report(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(None, tmp_path_factory.mktemp("report") / "out")
