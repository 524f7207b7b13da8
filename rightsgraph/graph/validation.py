"""SHACL validation with pySHACL, reported in the researcher's terms: file, line, field, message.

The data graph is the union of the fact graphs and the provenance graph after inference, plus
the ontology (for the controlled vocabularies). Every named graph that holds facts is declared a
``rg:FactGraph`` here, so a graph that no source describes is caught by the shapes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from rightsgraph.errors import Problem, problem_order
from rightsgraph.graph.batch import Batch
from rightsgraph.graph.iris import ONTOLOGY_GRAPH
from rightsgraph.graph.shape_chunks import SH, shape_results
from rightsgraph.graph.store import KnowledgeGraph
from rightsgraph.graph.structure import structure_problems
from rightsgraph.graph.terms import from_ox
from rightsgraph.ontology import RG, load_ontology, load_shapes

Severity = TypingLiteral["violation", "warning", "info"]
_SEVERITIES: dict[Node, Severity] = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    problem: Problem


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)
    skipped: bool = False
    """True when the data was loaded without validation (``build --no-validate``)."""

    @property
    def violations(self) -> list[Problem]:
        return [f.problem for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Problem]:
        return [f.problem for f in self.findings if f.severity != "violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def warning_groups(self, examples: int = 3) -> list[WarningGroup]:
        """The warnings grouped by kind: one line each, with a count and the first few places."""
        return group_problems(self.warnings, examples)

    def rewritten(self, text: Callable[[str], str]) -> ValidationReport:
        """The same findings with ``text`` applied to every file name and message."""
        findings = [Finding(f.severity, Problem(text(f.problem.file), f.problem.line, f.problem.field, text(f.problem.message))) for f in self.findings]
        return ValidationReport(findings, self.skipped)


@dataclass(frozen=True)
class WarningGroup:
    """Problems of one kind (the same message): how many, and where the first few are."""

    message: str
    count: int
    examples: tuple[str, ...]

    def __str__(self) -> str:
        more = f" and {self.count - len(self.examples)} more" if self.count > len(self.examples) else ""
        return f"{self.message} ({self.count}×: {', '.join(self.examples)}{more})"


def group_problems(problems: list[Problem], examples: int = 3) -> list[WarningGroup]:
    """Group problems by message, the most frequent first; name the first ``examples`` places.

    >>> print(group_problems([Problem("a.csv", 2, "date", "no date"), Problem("a.csv", 3, "date", "no date")])[0])
    date: no date (2×: a.csv:2, a.csv:3)
    """
    by_kind: dict[str, list[Problem]] = {}
    for problem in problems:
        kind = f"{problem.field}: {problem.message}" if problem.field else problem.message
        by_kind.setdefault(kind, []).append(problem)
    groups = [
        WarningGroup(kind, len(members), tuple(p.file if p.line is None else f"{p.file}:{p.line}" for p in members[:examples]))
        for kind, members in by_kind.items()
    ]
    return sorted(groups, key=lambda g: (-g.count, g.message))


def data_graph(kg: KnowledgeGraph) -> Graph:
    """The graph the shapes are checked against (see the module docstring), whole."""
    graph = load_ontology()
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    for quad in kg.store.quads_for_pattern(None, None, None, None):
        if quad.graph_name == ontology or isinstance(quad.graph_name, ox.DefaultGraph):
            continue
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
    for fact_graph in kg.fact_graphs():
        graph.add((fact_graph, RDF.type, RG.FactGraph))
    return graph


def _short(node: Node | None) -> str:
    if node is None:
        return ""
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def validate(kg: KnowledgeGraph, batch: Batch | None = None, *, chunk_size: int | None = None) -> ValidationReport:
    """Check the store against the shapes; locate each finding through ``batch`` when given.

    One pySHACL run over :func:`data_graph`; with ``chunk_size``, the shapes are checked in
    chunks of that many focus nodes instead (:mod:`rightsgraph.graph.shape_chunks`): the same
    results in about half the memory at a million facts, but more CPU time, so not the default.
    """
    report = ValidationReport()
    if chunk_size is None:
        _, whole, _ = shacl_validate(data_graph(kg), shacl_graph=load_shapes(), inference="none", abort_on_first=False, allow_warnings=True, advanced=False)
        assert isinstance(whole, Graph)
        found: Iterable[tuple[Graph, Node]] = ((whole, result) for result in whole.subjects(RDF.type, SH.ValidationResult))
    else:
        found = shape_results(kg, chunk_size)
    for results, result in found:
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = str(results.value(result, SH.resultMessage) or "constraint not met")
        severity: Severity = _SEVERITIES.get(results.value(result, SH.resultSeverity), "violation")  # type: ignore[arg-type]
        location = batch.locate(focus, path) if batch is not None else None
        field_name = _short(path) if isinstance(path, URIRef) else None
        if location is not None:
            problem = Problem(location.file, location.line, location.field or field_name, message)
        else:
            problem = Problem(f"<{focus}>", None, field_name, message)
        report.findings.append(Finding(severity, problem))
    violation: Severity = "violation"
    report.findings.extend(Finding(violation, problem) for problem in structure_problems(kg, batch))
    report.findings.sort(key=lambda f: (f.severity != "violation", *problem_order(f.problem)))
    return report
