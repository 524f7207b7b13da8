"""Shared fixtures: the built-in graph, case-file writing, the CLI, and strict mode.

``make test`` sets RIGHTSGRAPH_STRICT=1: a test that needs a browser or a server it cannot find
then fails instead of skipping, as CI requires. Run pytest directly to allow such skips locally.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rightsgraph.build import load_graph
from rightsgraph.cli import main
from rightsgraph.graph import KnowledgeGraph

STRICT = os.environ.get("RIGHTSGRAPH_STRICT") == "1"


def require(condition: bool, reason: str) -> None:
    """Skip locally, fail under ``make test``/CI, when a needed tool is missing."""
    if condition:
        return
    if STRICT:
        pytest.fail(f"required for this test and missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def builtin_kg() -> KnowledgeGraph:
    """The built-in dataset, built once per test session (read-only use, please)."""
    kg, _ = load_graph()
    return kg


@pytest.fixture
def write_case(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a case file from an indented YAML string; returns its path."""

    def write(text: str, name: str = "case.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli() -> Callable[..., Result]:
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


MINIMAL_SOURCE = """
sources:
  - id: src
    title: A test source
    summary: A source written for a test.
    locator: test, line 1
"""
"""A valid source block for small test case files."""

ONE_PERSON = """
actors:
  - id: ana
    type: Person
    name: Ana Example
    sources: [src]
"""
"""An actors section with one person, id 'ana', citing the source of MINIMAL_SOURCE."""

ONE_VIOLATION = """
events:
  - id: beating
    type: IllTreatment
    name: Beating of Ana
    victim: ana
    sources: [src]
"""
"""An events section with one ill-treatment of the person of ONE_PERSON, with no status."""

