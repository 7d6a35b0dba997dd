"""The contract end to end: the graph tjkg builds from the seed release passes the shapes
(no sh:Violation; warnings allowed), the data domain/range check and OWL-RL.

This runs the real pipeline (``tjkg.pipeline.build_graph``), so it breaks when rdf.py and
docs/modelling.md drift apart — which is its purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parents[2]
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    from tjkg.pipeline import BuildConfig, build_graph

    built = build_graph([ROOT / "data" / "releases"], config=BuildConfig(data_dir=ROOT / "data"))
    graph = Graph()
    for triple in built.triples((None, None, None)):
        graph.add(triple)
    assert len(graph) > 0
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "tjkg.ttl")


def test_seed_release_has_no_shape_violations(seed_graph, ontology):
    import pyshacl

    shapes = Graph().parse(ROOT / "shapes" / "tjkg-shapes.ttl")
    _conforms, report, _text = pyshacl.validate(
        seed_graph, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True)
    violations = sorted(
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)))
        for r in report.subjects(SH.resultSeverity, SH.Violation))
    assert violations == []


def test_seed_release_passes_the_data_domain_range_check(seed_graph):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(seed_graph.serialize(format="nt", encoding="utf-8"),
               pyoxigraph.RdfFormat.N_TRIPLES)
    query = (ROOT / "ontology" / "checks" / "data-domain-range-violation.rq").read_text(
        encoding="utf-8")
    assert [(r["s"].value, r["p"].value, r["o"].value) for r in store.query(query)] == []


def test_seed_release_is_consistent_under_owl_rl(seed_graph, ontology):
    import owlrl

    graph = Graph()
    for triple in (*ontology, *seed_graph):
        graph.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert [str(graph.value(m, ERR.error))
            for m in graph.subjects(RDF.type, ERR.ErrorMessage)] == []
