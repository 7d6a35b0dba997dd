"""The SHACL shapes as code: every NodeShape has a conforming and a violating case.

Each ``cases/<ShapeName>/`` folder holds ``conforming.ttl``, ``violating.ttl`` and
``expected.json``; both data files are validated together with ``cases/base.ttl`` (a small
release that conforms on its own), so every result comes from the case's own triples.
``expected.json`` lists the exact (focus node, source shape, constraint component) results
of the violating case. Rewrite it only on purpose: ``TJKG_UPDATE_GOLDEN=1 pytest tests/shapes``.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parents[2]
SHAPES_PATH = ROOT / "shapes" / "tjkg-shapes.ttl"
ONTOLOGY_PATH = ROOT / "ontology" / "tjkg.ttl"
CASES_DIR = Path(__file__).resolve().parent / "cases"
BASE_PATH = CASES_DIR / "base.ttl"
SHAPES_NS = Namespace("https://w3id.org/tjkg/shapes#")
UPDATE_GOLDEN = bool(os.environ.get("TJKG_UPDATE_GOLDEN"))

CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())

#: Classes docs/modelling.md gives data for, and the NodeShape each must have.
REQUIRED_TARGETS = {
    "Enterprise", "ResearchInstitute", "GovernmentBody", "Person", "Project", "IndustrialPark",
    "IndustrialCluster", "IndustrialChain", "IndustryAlliance", "Place", "Policy", "Designation",
    "Product", "Indicator", "Observation", "Comparison", "Release", "PressConference",
    "TextSpan", "ExtractionMethod", "Post", "Statement", "ProperInterval", "Unit",
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH)


def load_case(*paths: Path) -> Graph:
    data = Graph()
    for path in (BASE_PATH, *paths):
        data.parse(path, format="turtle")
    return data


def run_shacl(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, Graph]:
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
        abort_on_first=False,
    )
    return conforms, report


@functools.cache
def validate_case(case: Path, name: str) -> tuple[Graph, bool, Graph]:
    """(data, conforms, report) of base + one case file, validated once per session."""
    data = load_case(case / name) if name else load_case()
    conforms, report = run_shacl(data, Graph().parse(SHAPES_PATH), Graph().parse(ONTOLOGY_PATH))
    return data, conforms, report


def curie(term: URIRef) -> str:
    text = str(term)
    for prefix, ns in (("shapes", str(SHAPES_NS)), ("sh", str(SH))):
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def result_rows(report: Graph) -> list[dict[str, str]]:
    rows = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        shape_or_path = curie(shape) if isinstance(shape, URIRef) else str(
            report.value(result, SH.resultPath))
        rows.add((
            str(report.value(result, SH.focusNode)),
            shape_or_path,
            curie(report.value(result, SH.sourceConstraintComponent)),
        ))
    return [{"focus": f, "shape_or_path": s, "component": c} for f, s, c in sorted(rows)]


def node_shapes(shapes: Graph) -> dict[str, URIRef]:
    return {curie(s).removeprefix("shapes:"): s for s in shapes.subjects(RDF.type, SH.NodeShape)
            if isinstance(s, URIRef)}


def shape_family(shapes: Graph, node_shape: URIRef) -> set[str]:
    """The node shape and the property shapes it uses, as curies."""
    return {curie(node_shape)} | {curie(p) for p in shapes.objects(node_shape, SH.property)}


def test_base_conforms():
    _data, conforms, report = validate_case(CASES_DIR, "")
    assert conforms, result_rows(report)


def test_every_node_shape_has_a_case(shapes):
    assert {c.name for c in CASES} == set(node_shapes(shapes))
    for case in CASES:
        for name in ("conforming.ttl", "violating.ttl", "expected.json"):
            assert (case / name).is_file(), f"{case.name}/{name} missing"


def test_every_data_class_has_a_node_shape(shapes):
    targets = {curie(t).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
               for t in shapes.objects(None, SH.targetClass)}
    assert targets >= REQUIRED_TARGETS
    for name, shape in node_shapes(shapes).items():
        classes = list(shapes.objects(shape, SH.targetClass))
        if classes:
            (target,) = classes
            local = str(target).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            assert name == f"{local}Shape", "shapes are named {base}/shapes#{Class}Shape"
        else:  # a check that selects its own focus nodes with a SPARQL target
            sparql_targets = [t for t in shapes.objects(shape, SH.target)
                              if (t, RDF.type, SH.SPARQLTarget) in shapes]
            assert sparql_targets, f"{name} has no target"
            assert name.endswith("Shape")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_conforming_case_conforms(case):
    _data, conforms, report = validate_case(case, "conforming.ttl")
    assert conforms, result_rows(report)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_violating_case_gives_expected_results(case, shapes):
    _data, conforms, report = validate_case(case, "violating.ttl")
    actual = result_rows(report)
    expected_path = case / "expected.json"
    if UPDATE_GOLDEN:
        expected_path.write_text(
            json.dumps({"results": actual}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))["results"]
    assert not conforms
    assert actual == sorted(expected, key=lambda r: (r["focus"], r["shape_or_path"],
                                                     r["component"]))
    # the case exercises its own shape
    family = shape_family(shapes, SHAPES_NS[case.name])
    assert any(r["shape_or_path"] in family for r in actual)


def test_shapes_pass_shacl_for_shacl(shapes):
    meta = Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl")
    conforms, _report, text = pyshacl.validate(shapes, shacl_graph=meta, inference="none")
    assert conforms, text


def test_shapes_pass_meta_shacl_flag(shapes, ontology):
    conforms, _report, text = pyshacl.validate(
        load_case(), shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
        meta_shacl=True)
    assert conforms, text


def _shapes_in_use(shapes: Graph) -> set[URIRef]:
    used = set(shapes.subjects(RDF.type, SH.NodeShape))
    used |= set(shapes.objects(None, SH.property))
    return {s for s in used if isinstance(s, URIRef)}


def test_every_shape_has_messages_severity_and_name(shapes):
    for shape in sorted(_shapes_in_use(shapes) | set(
            shapes.subjects(RDF.type, SH.PropertyShape))):
        langs = {m.language for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)}
        assert {"zh", "en"} <= langs, f"{curie(shape)} needs sh:message @zh and @en"
        assert shapes.value(shape, SH.severity) in {SH.Violation, SH.Warning, SH.Info}, (
            f"{curie(shape)} needs an explicit sh:severity")
        assert shapes.value(shape, SH.name) is not None, f"{curie(shape)} needs sh:name"
    for constraint in shapes.subjects(RDF.type, SH.SPARQLConstraint):
        langs = {m.language for m in shapes.objects(constraint, SH.message)}
        assert {"zh", "en"} <= langs, f"{curie(constraint)} needs sh:message @zh and @en"


def _prefix_header(shapes: Graph, constraint: URIRef) -> str:
    lines = []
    for holder in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(holder, SH.declare):
            prefix = shapes.value(decl, SH.prefix)
            namespace = shapes.value(decl, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(lines))


def _sparql_constraints(shapes: Graph) -> list[tuple[URIRef, URIRef, URIRef | None]]:
    """(node shape, constraint, target class or None) for every sh:sparql constraint."""
    found = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        classes = list(shapes.objects(shape, SH.targetClass)) or [None]
        found.extend((shape, constraint, target) for target in classes)
    return sorted(found, key=str)


SPARQL_CONSTRAINTS = _sparql_constraints(Graph().parse(SHAPES_PATH))


def test_there_are_sparql_constraints_to_cross_check():
    assert len(SPARQL_CONSTRAINTS) >= 3


@pytest.mark.parametrize("shape,constraint,target", SPARQL_CONSTRAINTS,
                         ids=lambda t: curie(t) if isinstance(t, URIRef) else str(t))
def test_sparql_constraint_agrees_with_a_second_engine(shape, constraint, target, shapes):
    """pySHACL (rdflib's engine) and Oxigraph find the same focus nodes, on every case.

    For a shape whose SPARQL target preselects its focus nodes, the constraint's query runs
    here over the whole graph, so this also checks that the target misses no node.
    """
    import pyoxigraph

    select = str(shapes.value(constraint, SH.select))
    typed = f"?this a <{target}> ." if target is not None else ""
    query = (f"{_prefix_header(shapes, constraint)}\n"
             f"SELECT DISTINCT ?this WHERE {{ {typed} {{ {select} }} }}")
    flagged_somewhere = False
    for case in CASES:
        for name in ("violating.ttl", "conforming.ttl"):
            data, _conforms, report = validate_case(case, name)
            by_pyshacl = {
                report.value(r, SH.focusNode)
                for r in report.subjects(SH.sourceConstraint, constraint)
            }
            store = pyoxigraph.Store()
            store.load(data.serialize(format="nt", encoding="utf-8"),
                       pyoxigraph.RdfFormat.N_TRIPLES)
            by_oxigraph = {URIRef(row["this"].value) for row in store.query(query)}
            by_rdflib = {row[0] for row in data.query(query)}
            assert by_pyshacl == by_oxigraph == by_rdflib, f"{case.name}/{name}"
            flagged_somewhere |= bool(by_pyshacl)
    assert flagged_somewhere, f"no case exercises {curie(constraint)}"
