"""SHACL validation with pyshacl, returning a typed report a person can act on."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from .errors import FileProblem
from .namespaces import NIF, PREFIXES, TJKG

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_PATH = PROJECT_ROOT / "ontology" / "tjkg.ttl"
SHAPES_PATH = PROJECT_ROOT / "shapes" / "tjkg-shapes.ttl"


@dataclass(frozen=True)
class ValidationResult:
    severity: str  # Violation, Warning, Info
    focus: str
    focus_label: str
    path: str
    value: str
    message: str
    source_shape: str
    component: str
    quote: str  # where the focus node comes from: "doc_id[start:end] «text»"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool  # no result of severity Violation
    results: tuple[ValidationResult, ...]
    graph: Graph  # the SHACL report graph

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")


@lru_cache(maxsize=4)
def _parse(path: str) -> Graph:
    from .oxi import read_turtle

    try:
        graph = read_turtle(path)
        graph.tjkg_source_digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        return graph
    except FileNotFoundError:
        raise FileProblem(path, "no such file") from None
    except OSError as exc:
        raise FileProblem(path, f"cannot read: {exc.strerror or exc}") from None
    except (SyntaxError, ValueError) as exc:
        raise FileProblem(path, f"cannot parse as Turtle: {exc}") from None


def load_shapes(path: str | Path | None = None) -> Graph:
    return _parse(str(path or SHAPES_PATH))


def load_ontology(path: str | Path | None = None) -> Graph:
    return _parse(str(path or ONTOLOGY_PATH))


def _label(g: Graph, node: object) -> str:
    if not isinstance(node, URIRef):
        return str(node)
    labels = sorted(
        g.objects(node, RDFS.label),
        key=lambda lit: (getattr(lit, "language", "") != "zh", str(lit)),
    )
    if labels:
        return str(labels[0])
    anchor = g.value(node, NIF.anchorOf)
    return str(anchor) if anchor is not None else str(node).rsplit("/", 1)[-1]


def _quote(g: Graph, node: object) -> str:
    if not isinstance(node, URIRef):
        return ""
    spans = (
        [node]
        if g.value(node, NIF.anchorOf) is not None
        else sorted(g.objects(node, TJKG.evidence))
    )
    for span in spans:
        anchor, begin = g.value(span, NIF.anchorOf), g.value(span, NIF.beginIndex)
        end, ctx = g.value(span, NIF.endIndex), g.value(span, NIF.referenceContext)
        if anchor is not None:
            doc = str(ctx).rsplit("/", 1)[-1] if ctx is not None else "?"
            return f"{doc}[{begin}:{end}] «{anchor}»"
    return ""


def _short(node: object) -> str:
    text = str(node)
    for ns, prefix in sorted(((str(v), k + ":") for k, v in PREFIXES.items()),
                             key=lambda x: -len(x[0])):
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return text


ENGINES = ("pyshacl", "fast")


def _value_text(node: object) -> str:
    """A report value as text; ``"0"`` and ``false`` are values too."""
    return "" if node is None else str(node)


def path_text(node: object, *graphs: Graph) -> str:
    """A SHACL path as SPARQL path text (``time:hasBeginning|time:hasEnd``); blank-node ids
    never reach a report, so reports are the same in every run."""
    from rdflib import BNode
    from rdflib.collection import Collection

    if not isinstance(node, BNode):
        return _short(node) if node else ""
    for g in graphs:
        for key, fmt, sep in ((SH.alternativePath, "({})", "|"), (SH.inversePath, "^{}", ""),
                              (SH.zeroOrMorePath, "{}*", ""), (SH.oneOrMorePath, "{}+", ""),
                              (SH.zeroOrOnePath, "{}?", "")):
            inner = g.value(node, key)
            if inner is None:
                continue
            if sep:
                return fmt.format(sep.join(path_text(x, *graphs) for x in Collection(g, inner)))
            return fmt.format(path_text(inner, *graphs))
        if g.value(node, RDF.first) is not None:
            return "/".join(path_text(x, *graphs) for x in Collection(g, node))
    return "(path)"


def validate_graph(
    data: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    engine: str = "pyshacl",
) -> ValidationReport:
    """Validate ``data`` against tjkg's shapes (the ontology supplies the class hierarchy).

    ``engine="pyshacl"`` is the reference; ``engine="fast"`` (:mod:`tjkg.shacl_fast`) runs
    each constraint as one SPARQL query on pyoxigraph and gives the same report (proven on
    every shape case and the seed by ``tests/shapes/test_shacl_fast.py``), much faster.
    """
    shapes = shapes if shapes is not None else load_shapes()
    ontology = ontology if ontology is not None else load_ontology()
    if engine == "fast":
        from .shacl_fast import validate_fast

        return validate_fast(data, shapes=shapes, ontology=ontology)
    if engine != "pyshacl":
        raise ValueError(f"unknown validation engine {engine!r}; choose from {ENGINES}")
    from pyshacl import validate

    _conforms, report, _text = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        advanced=True,
        abort_on_first=False,
    )
    assert isinstance(report, Graph)
    results = []
    for r in report.subjects(SH.resultSeverity, None):
        focus = report.value(r, SH.focusNode)
        messages = sorted(str(m) for m in report.objects(r, SH.resultMessage))
        zh = [
            str(m)
            for m in report.objects(r, SH.resultMessage)
            if isinstance(m, Literal) and m.language == "zh"
        ]
        en = [
            str(m)
            for m in report.objects(r, SH.resultMessage)
            if isinstance(m, Literal) and m.language == "en"
        ]
        message = " / ".join(filter(None, [zh[0] if zh else "", en[0] if en else ""])) or (
            messages[0] if messages else ""
        )
        results.append(
            ValidationResult(
                severity=str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
                focus=str(focus),
                focus_label=_label(data, focus),
                path=path_text(report.value(r, SH.resultPath), report, shapes),
                value=_value_text(report.value(r, SH.value)),
                message=message,
                source_shape=str(report.value(r, SH.sourceShape) or ""),
                component=_short(report.value(r, SH.sourceConstraintComponent) or ""),
                quote=_quote(data, focus),
            )
        )
    results.sort(
        key=lambda x: (x.severity != "Violation", x.focus, x.path, x.component, x.value, x.message)
    )
    conforms = not any(x.severity == "Violation" for x in results)
    return ValidationReport(conforms, tuple(results), report)


def validate_triples(
    triples: list[Any],
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    engine: str = "fast",
) -> ValidationReport:
    """Validate a list of pyoxigraph triples (a build's merged graph) like
    :func:`validate_graph`. The fast engine loads them straight into its store; pySHACL
    gets them as an rdflib Graph."""
    shapes = shapes if shapes is not None else load_shapes()
    ontology = ontology if ontology is not None else load_ontology()
    if engine == "fast":
        from .shacl_fast import validate_fast

        return validate_fast(triples, shapes=shapes, ontology=ontology)
    from .oxi import to_rdflib_graph

    return validate_graph(to_rdflib_graph(triples), shapes=shapes, ontology=ontology,
                          engine=engine)


def format_report(report: ValidationReport) -> str:
    """The report as plain text: one block per result."""
    if not report.results:
        return "Conforms: yes (0 results)\n"
    counts: dict[str, int] = {}
    for r in report.results:
        counts[r.severity] = counts.get(r.severity, 0) + 1
    head = ", ".join(f"{n} {k.lower()}{'s' if n != 1 else ''}" for k, n in sorted(counts.items()))
    lines = [f"Conforms: {'yes' if report.conforms else 'no'} ({head})", ""]
    for r in report.results:
        lines.append(f"[{r.severity}] {r.focus_label} <{r.focus}>")
        lines.append(f"  {r.message}")
        if r.path:
            lines.append(f"  path: {r.path}" + (f"  value: {r.value}" if r.value else ""))
        lines.append(f"  constraint: {r.component}  shape: {r.source_shape}")
        if r.quote:
            lines.append(f"  source: {r.quote}")
        lines.append("")
    return "\n".join(lines)
