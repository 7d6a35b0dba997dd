"""tjkg.shacl_fast gives the same results as pySHACL (tjkg.validate), proven case by case.

Compared for every shape case (conforming and violating), for the seed release's graph and for
mutated seed graphs (fixed random seed): the set of (focus, path, value, source shape,
component, severity), and then every field of the ValidationResult rows (messages, labels and
quotes included). Where pySHACL and the SPARQL/XSD specifications disagree, a test pins the
disagreement down and says which side follows the specification.
"""

from __future__ import annotations

import decimal
import functools
import random
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from tjkg.shacl_fast import validate_fast
from tjkg.validate import ValidationReport, validate_graph

ROOT = Path(__file__).resolve().parents[2]
SHAPES_PATH = ROOT / "shapes" / "tjkg-shapes.ttl"
ONTOLOGY_PATH = ROOT / "ontology" / "tjkg.ttl"
CASES_DIR = Path(__file__).resolve().parent / "cases"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())
TJKG = Namespace("https://w3id.org/tjkg/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
TIME = Namespace("http://www.w3.org/2006/time#")


@functools.cache
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH)


@functools.cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH)


def key(report: ValidationReport) -> Counter:
    """The results as a multiset of (focus, path, value, source shape, component, severity)."""
    return Counter(
        (r.focus, r.path, r.value, r.source_shape, r.component, r.severity) for r in report.results
    )


def both(data: Graph) -> tuple[ValidationReport, ValidationReport]:
    reference = validate_graph(data, shapes=shapes(), ontology=ontology())
    fast = validate_fast(data, shapes=shapes(), ontology=ontology())
    return reference, fast


def assert_same(data: Graph) -> ValidationReport:
    reference, fast = both(data)
    assert key(fast) == key(reference)
    assert sorted(fast.results, key=repr) == sorted(reference.results, key=repr)
    assert fast.conforms == reference.conforms
    return reference


def case_graph(case: Path, name: str) -> Graph:
    g = Graph()
    g.parse(CASES_DIR / "base.ttl")
    g.parse(case / name)
    return g


@pytest.mark.parametrize("name", ["conforming.ttl", "violating.ttl"])
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_case_gives_pyshacls_results(case, name):
    reference = assert_same(case_graph(case, name))
    assert reference.conforms == (name == "conforming.ttl")


def test_blank_node_focus_keeps_its_id():
    """Blank nodes (tjkg writes none, a user graph may) are copied term by term, ids kept."""
    g = case_graph(CASES_DIR / "EnterpriseShape", "conforming.ttl")
    g.parse(
        data="""
        @prefix tjkg: <https://w3id.org/tjkg/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        [] a tjkg:Enterprise ; rdfs:label "nameless"@en ; tjkg:locatedIn [ a tjkg:Place ] .
        """,
        format="turtle",
    )
    reference = assert_same(g)
    assert any(r.focus.startswith("N") or "/" not in r.focus for r in reference.results)


@pytest.fixture(scope="module")
def seed_graph(seed_build) -> Graph:
    return seed_build.union()


@pytest.mark.slow
def test_seed_gives_pyshacls_results(seed_graph):
    assert_same(seed_graph)


def _literal(value: str, datatype: URIRef | None) -> Literal:
    return Literal(value, datatype=datatype)


def mutate(seed_graph: Graph, seed: int) -> Graph:
    """The seed graph with labels and evidence deleted and datatypes and values changed."""
    rng = random.Random(seed)
    g = Graph()
    for triple in seed_graph:
        g.add(triple)

    def pick(predicate: URIRef, k: int) -> list[tuple]:
        triples = sorted(g.triples((None, predicate, None)))
        return rng.sample(triples, min(k, len(triples)))

    for triple in pick(RDFS.label, 6) + pick(TJKG.evidence, 6):
        g.remove(triple)
    for s, p, o in pick(NIF.beginIndex, 4):  # ill-typed, wrong type, out of order
        g.remove((s, p, o))
        g.add(
            (
                s,
                p,
                rng.choice(
                    [
                        _literal(str(o), XSD.integer),
                        _literal("x1", o.datatype),
                        _literal("99999", o.datatype),
                        Literal(str(o)),
                    ]
                ),
            )
        )
    for s, p, o in pick(TJKG.confidence, 4):
        g.remove((s, p, o))
        g.add(
            (
                s,
                p,
                rng.choice(
                    [
                        _literal("1.50", XSD.decimal),
                        _literal("0.5", XSD.double),
                        Literal("0.9"),
                        _literal("-0.10", XSD.decimal),
                    ]
                ),
            )
        )
    for s, p, o in pick(SDMX_MEASURE.obsValue, 3):
        g.remove((s, p, o))
        g.add(
            (
                s,
                p,
                rng.choice(
                    [Literal(str(o)), _literal("12", XSD.integer), _literal("true", XSD.boolean)]
                ),
            )
        )
    for s, p, o in pick(NIF.anchorOf, 3):  # the anchor no longer matches the text
        g.remove((s, p, o))
        g.add((s, p, Literal(str(o) + "之")))
    for s, p, o in pick(TIME.inXSDDate, 2):
        g.remove((s, p, o))
        g.add(
            (
                s,
                p,
                rng.choice(
                    [
                        _literal("2099-01-01", XSD.date),
                        Literal(str(o)),
                        _literal("2024-02-30", XSD.date),
                    ]
                ),
            )
        )
    for s, _p, o in pick(RDFS.label, 3):  # a second Chinese label
        g.add((s, RDFS.label, Literal(str(o) + "二", lang="zh")))
    for s, _p, _o in pick(RDF.subject, 2):  # the reified triple no longer asserted
        for triple in list(g.triples((s, None, None))):
            if triple[1] == RDF.predicate:
                g.remove(triple)
                g.add((s, RDF.predicate, TJKG.memberOf))
    for s, _p, _o in pick(TJKG.evidence, 2):  # evidence pointing at a non-span
        g.add((s, TJKG.evidence, URIRef("https://w3id.org/tjkg/id/nowhere")))
    return g


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mutated_seed_gives_pyshacls_results(seed_graph, seed):
    reference = assert_same(mutate(seed_graph, seed))
    assert len(reference.results) >= 10  # the mutations are seen


def _store(graph: Graph):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _canonical(value: str) -> str:
    """A number's value in one form ("1.50" and "1.5" alike), anything else as it is."""
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        return value
    return format(number.normalize(), "f") if number.is_finite() else value


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_store_input_gives_the_same_results_but_for_folded_integers(seed_graph, seed):
    """A pyoxigraph Store as input: the same results, values in Oxigraph's canonical form.

    One known gap, made by the store and not by the engine: Oxigraph stores every derived
    integer datatype as xsd:integer, so a "499"^^xsd:integer written where
    xsd:nonNegativeInteger is required cannot be told apart on a store (it can from an
    rdflib graph, which the engine copies with markers of the original datatypes).
    """
    import pyoxigraph

    mutated = mutate(seed_graph, seed)
    store = _store(mutated)
    before = len(store)
    reference = validate_graph(mutated, shapes=shapes(), ontology=ontology())
    fast = validate_fast(store, shapes=shapes(), ontology=ontology())

    def canonical(report: ValidationReport) -> set:
        return {(*k[:2], _canonical(k[2]), *k[3:]) for k in key(report)}

    only_reference = canonical(reference) - canonical(fast)
    assert canonical(fast) - canonical(reference) == set()
    for focus, path, value, _shape, component, _severity in only_reference:
        assert component == "sh:DatatypeConstraintComponent"
        assert path in ("nif:beginIndex", str(NIF.beginIndex))  # as tjkg.validate shortens it
        assert (URIRef(focus), NIF.beginIndex, Literal(value, datatype=XSD.integer)) in mutated
    assert len(store) == before  # the ontology graph it added is gone again
    assert pyoxigraph.NamedNode("urn:tjkg:shacl-fast:ontology") not in set(store.named_graphs())


@pytest.mark.slow
def test_store_with_named_graphs_is_read_as_their_union(seed_graph):
    """A corpus store keeps one named graph per release: validated as their union."""
    import pyoxigraph

    mutated = mutate(seed_graph, 1)
    flat = _store(mutated)
    named = pyoxigraph.Store()
    nt = mutated.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
    for i, graph in enumerate(("urn:x:release-a", "urn:x:release-b")):
        named.load(
            b"".join(nt[i::2]), pyoxigraph.RdfFormat.N_TRIPLES, to_graph=pyoxigraph.NamedNode(graph)
        )
    assert key(validate_fast(named, shapes=shapes(), ontology=ontology())) == key(
        validate_fast(flat, shapes=shapes(), ontology=ontology())
    )


# --- where pySHACL (rdflib) and the specifications disagree ---------------------------------


def _span(begin: Literal, end: Literal, confidence: Literal) -> Graph:
    g = case_graph(CASES_DIR / "TextSpanShape", "conforming.ttl")
    span = URIRef("https://w3id.org/tjkg/id/span/test-001/0-10")
    for p, o in ((NIF.beginIndex, begin), (NIF.endIndex, end), (TJKG.confidence, confidence)):
        g.remove((span, p, None))
        g.add((span, p, o))
    return g


def _diff(g: Graph) -> tuple[set, set]:
    reference, fast = both(g)
    return set(key(reference)) - set(key(fast)), set(key(fast)) - set(key(reference))


def test_nan_is_not_a_decimal():
    """XSD: "NaN" is not in xsd:decimal's lexical space; pySHACL crashes on it.

    rdflib reads "NaN"^^xsd:decimal as Decimal("NaN") (so pySHACL's sh:datatype accepts it)
    and its sh:maxInclusive comparison then raises decimal.InvalidOperation. The fast engine
    reports the ill-typed value. (rdflib rewrites "1e-1"^^xsd:decimal as "0.1" when it builds
    the literal, so exponents never reach either engine from an rdflib graph.)
    """
    g = _span(
        Literal("0", datatype=XSD.nonNegativeInteger),
        Literal("10", datatype=XSD.nonNegativeInteger),
        Literal("NaN", datatype=XSD.decimal),
    )
    with pytest.raises(decimal.InvalidOperation):
        validate_graph(g, shapes=shapes(), ontology=ontology())
    fast = validate_fast(g, shapes=shapes(), ontology=ontology())
    assert {(r.source_shape.rsplit("#", 1)[1], r.component) for r in fast.results} == {
        ("ConfidenceRange", "sh:DatatypeConstraintComponent"),
        ("ConfidenceRange", "sh:MinInclusiveConstraintComponent"),
        ("ConfidenceRange", "sh:MaxInclusiveConstraintComponent"),
    }


def test_less_than_with_an_ill_typed_number_is_a_result():
    """SHACL: sh:lessThan fails unless "value < other" is true; rdflib compares the text."""
    g = _span(
        Literal("1a", datatype=XSD.nonNegativeInteger),
        Literal("9", datatype=XSD.nonNegativeInteger),
        Literal("1", datatype=XSD.decimal),
    )
    only_reference, only_fast = _diff(g)
    assert not only_reference
    assert {(k[3].rsplit("#", 1)[1], k[4]) for k in only_fast} == {
        ("TextSpanShape-beginBeforeEnd", "sh:LessThanConstraintComponent")
    }


def test_pattern_dollar_does_not_match_before_a_final_newline():
    """XPath regex: $ is the end of the string; Python's $ also matches before a final \\n."""
    g = case_graph(CASES_DIR / "PlaceShape", "conforming.ttl")
    place = next(g.subjects(RDF.type, TJKG.Place))
    g.remove((place, TJKG.divisionCode, None))
    g.add((place, TJKG.divisionCode, Literal("120000\n")))
    only_reference, only_fast = _diff(g)
    assert not only_reference
    assert {(k[3].rsplit("#", 1)[1], k[4]) for k in only_fast} == {
        ("PlaceShape-divisionCode", "sh:PatternConstraintComponent")
    }


# --- what is not supported fails loudly -------------------------------------------------------

TINY = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "m"@en ;
    sh:property [ sh:path ex:p ; sh:message "m"@en ; {constraint} ] .
"""


@pytest.mark.parametrize(
    "constraint,feature",
    [
        ("sh:minLength 3", "sh:minLength"),
        ("sh:equals ex:q", "sh:equals"),
        (
            "sh:qualifiedValueShape [ sh:path ex:q ; sh:minCount 1 ] ; sh:qualifiedMinCount 1",
            "sh:qualifiedValueShape",
        ),
    ],
)
def test_unsupported_feature_raises(constraint, feature):
    tiny = Graph().parse(data=TINY.replace("{constraint}", constraint), format="turtle")
    data = Graph().parse(
        data="<https://example.org/a> a <https://example.org/C> .", format="turtle"
    )
    with pytest.raises(NotImplementedError, match=feature):
        validate_fast(data, shapes=tiny, ontology=Graph())


def test_unsupported_target_raises():
    tiny = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:T a sh:SPARQLTargetType ; sh:select "SELECT ?this WHERE { ?this a ex:C }" .
        ex:S a sh:NodeShape ; sh:target [ a ex:T ] ; sh:message "m"@en ; sh:nodeKind sh:IRI .
        """,
        format="turtle",
    )
    with pytest.raises(NotImplementedError, match="SPARQLTargetType"):
        validate_fast(Graph(), shapes=tiny, ontology=Graph())


def test_every_constraint_of_tjkg_shapes_is_supported():
    """The shipped shapes use nothing the engine would refuse (re-read the file each run)."""
    validate_fast(Graph(), shapes=shapes(), ontology=ontology())
    assert (None, SH.sparql, None) in shapes()


def test_inoculation_kept_between_runs_is_the_same(tmp_path, monkeypatch) -> None:
    from rdflib import BNode

    from tjkg import shacl_fast
    from tjkg.validate import _parse, load_ontology

    def ground(g: Graph) -> tuple[int, set]:  # (size, the triples without blank nodes)
        return len(g), {t for t in g if not any(isinstance(x, BNode) for x in t)}

    monkeypatch.setenv("TJKG_CACHE_HOME", str(tmp_path))
    _parse.cache_clear()
    shacl_fast._ONTOLOGY_CACHE.clear()
    ontology = load_ontology()
    computed = shacl_fast._inoculated(ontology)
    stored = list(tmp_path.glob("inoculated-*.nt"))
    assert len(stored) == 1
    shacl_fast._ONTOLOGY_CACHE.clear()
    again = shacl_fast._inoculated(ontology)  # read back from the file
    assert again is not computed and ground(again) == ground(computed)
    stored[0].write_bytes(b"<broken")  # a damaged file is recomputed, not trusted
    shacl_fast._ONTOLOGY_CACHE.clear()
    assert ground(shacl_fast._inoculated(ontology)) == ground(computed)
    _parse.cache_clear()
