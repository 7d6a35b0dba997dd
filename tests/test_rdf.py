"""The RDF of the mini fixture, compared as a graph with its golden file."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDFS, SKOS

from tests.conftest import MINI, UPDATE_GOLDEN
from tjkg.export import turtle_bytes
from tjkg.iris import mint_entity_iri
from tjkg.namespaces import NIF, TJKG

GOLDEN = MINI / "expected.ttl"


def test_mini_graph_matches_golden(mini_build) -> None:
    actual = mini_build.union()
    if UPDATE_GOLDEN or not GOLDEN.exists():
        GOLDEN.write_bytes(turtle_bytes(actual))
    expected = Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        missing = sorted(only_expected.serialize(format="nt").splitlines())[:10]
        extra = sorted(only_actual.serialize(format="nt").splitlines())[:10]
        raise AssertionError(f"missing: {missing}\nextra: {extra}")


def test_context_alias_resolves_to_one_body(mini_build) -> None:
    g = mini_build.union()
    body = mint_entity_iri("government_body", "天津市工业和信息化局")
    assert (body, RDFS.label, None) in g
    assert len(list(g.objects(body, TJKG.evidence))) == 2
    assert str(g.value(body, SKOS.altLabel)) == "市工业和信息化局"


def test_every_span_quotes_its_text(mini_build, seed_build) -> None:
    for build in (mini_build, seed_build):
        g = build.union()
        texts = {URIRef(str(r)): str(t) for r, t in g.subject_objects(NIF.isString)}
        spans = list(g.subjects(NIF.anchorOf, None))
        assert spans
        for span in spans:
            text = texts[g.value(span, NIF.referenceContext)]
            begin = int(g.value(span, NIF.beginIndex))
            end = int(g.value(span, NIF.endIndex))
            assert text[begin:end] == str(g.value(span, NIF.anchorOf)), span


def test_no_blank_nodes(seed_build) -> None:
    from rdflib import BNode

    assert not [t for t in seed_build.union() if any(isinstance(x, BNode) for x in t)]


def test_every_annotated_surface_names_a_typed_node(seed_build) -> None:
    """The check the seed's independent annotation will be held to: each surface is the
    label or altLabel of a node of the right class; each metric value an observation's."""
    from decimal import Decimal

    from rdflib.namespace import RDF

    from tjkg.namespaces import SDMXMEAS
    from tjkg.rdf import DEFAULT_CLASSES

    g = seed_build.union()
    names: dict[str, set] = {}
    for prop in (RDFS.label, SKOS.altLabel):
        for node, name in g.subject_objects(prop):
            names.setdefault(str(name), set()).update(g.objects(node, RDF.type))
    values = {Decimal(str(v)) for v in g.objects(None, SDMXMEAS.obsValue)}
    broader = {TJKG.IndustrialChain, TJKG.IndustryAlliance, TJKG.Designation}
    for m in seed_build.annotations[0].mentions:
        if m.type == "metric":
            assert m.metric.value_normalized in values, m.text
            continue
        classes = names.get(m.text, set())
        assert DEFAULT_CLASSES[m.type] in classes or classes & broader, (m.text, m.type)
