"""Ontology QC: ``ontology/tjkg.ttl`` against its checks, the code's vocabulary and OWL-RL.

The checks in ``ontology/checks/*-violation.rq`` pass with zero rows (ROBOT ``verify``
style); each is also run on a deliberately broken ontology (``cases/checks/``) so that a
check that can find nothing fails here, and on Oxigraph, so that rdflib's engine is not the
only judge. ``data-domain-range-violation.rq`` is for data graphs: it is run on a good and a
bad fixture (``cases/data-domain-range/``) and its table is checked against the ontology.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import owlrl
import pytest
from rdflib import RDF, RDFS, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SKOS

from tjkg.namespaces import PREFIXES, TJKG

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_PATH = ROOT / "ontology" / "tjkg.ttl"
CHECKS_DIR = ROOT / "ontology" / "checks"
CASES = Path(__file__).resolve().parent / "cases"
SHAPE_CASES = ROOT / "tests" / "shapes" / "cases"
DATA_CHECK = CHECKS_DIR / "data-domain-range-violation.rq"
ONTOLOGY_CHECKS = sorted(p for p in CHECKS_DIR.glob("*-violation.rq") if p != DATA_CHECK)
TJKG_NS = str(TJKG._NS)
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
ONTOLOGY_IRI = URIRef("https://w3id.org/tjkg/ontology")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH)


def rows(graph: Graph, query: str) -> list[dict[str, str]]:
    result = graph.query(query)
    found = [{str(v): str(row[v]) for v in result.vars if row[v] is not None} for row in result]
    return sorted(found, key=lambda d: sorted(d.items()))


def oxigraph_rows(graph: Graph, query: str) -> list[dict[str, str]]:
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    result = store.query(query)
    names = [v.value for v in result.variables]
    found = [{n: sol[n].value for n in names if sol[n] is not None} for sol in result]
    return sorted(found, key=lambda d: sorted(d.items()))


def tjkg_terms_in_code() -> set[URIRef]:
    return {URIRef(TJKG_NS + name) for name in TJKG.__annotations__}


def tjkg_terms_declared(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(TJKG_NS)}


# -- the ontology file ----------------------------------------------------------------------

def test_ontology_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    assert ontology.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license")) is not None
    for prop in ("title", "description"):
        langs = {lit.language for lit in ontology.objects(
            ONTOLOGY_IRI, URIRef(f"http://purl.org/dc/terms/{prop}"))}
        assert langs == {"zh", "en"}, prop


def test_ontology_binds_the_code_prefixes():
    graph = Graph(bind_namespaces="none").parse(ONTOLOGY_PATH)
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    for prefix, ns in PREFIXES.items():
        assert bound.get(prefix) == str(ns), prefix


def test_every_code_term_is_declared_and_no_other(ontology):
    assert tjkg_terms_declared(ontology) == tjkg_terms_in_code()


def test_term_kinds_follow_naming(ontology):
    for term in tjkg_terms_in_code():
        local = str(term)[len(TJKG_NS):]
        types = set(ontology.objects(term, RDF.type))
        if OWL.Class in types:
            assert local[0].isupper(), local
        elif types & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            assert local[0].islower(), local
        else:
            assert local == "observationStructure"
            assert URIRef("http://purl.org/linked-data/cube#DataStructureDefinition") in types


def test_observation_structure_components(ontology):
    qb = Namespace("http://purl.org/linked-data/cube#")
    found: dict[str, set[str]] = {"dimension": set(), "measure": set(), "attribute": set()}
    for component in ontology.objects(TJKG.observationStructure, qb.component):
        for kind in found:
            for prop in ontology.objects(component, qb[kind]):
                found[kind].add(ontology.namespace_manager.normalizeUri(prop))
    assert found == {
        "dimension": {"tjkg:indicator", "sdmx-dimension:refPeriod", "sdmx-dimension:refArea"},
        "measure": {"sdmx-measure:obsValue"},
        "attribute": {"sdmx-attribute:unitMeasure", "tjkg:bound", "tjkg:status",
                      "tjkg:observationKind"},
    }


@pytest.mark.parametrize("scheme,members", [
    ("bounds", {"bound/exact", "bound/lower", "bound/upper", "bound/approx"}),
    ("statuses", {"status/actual", "status/target", "status/forecast"}),
    ("kinds", {"kind/value", "kind/rank"}),
    ("directions", {"direction/increase", "direction/decrease", "direction/better",
                    "direction/worse", "direction/ratio"}),
])
def test_controlled_concept_schemes(ontology, scheme, members):
    base = "https://w3id.org/tjkg/id/"
    scheme_iri = URIRef(base + "scheme/" + scheme)
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in ontology
    in_scheme = {str(c)[len(base):] for c in ontology.subjects(SKOS.inScheme, scheme_iri)}
    assert in_scheme == members
    for member in members:
        concept = URIRef(base + member)
        assert (concept, RDF.type, SKOS.Concept) in ontology
        for prop in (SKOS.prefLabel, RDFS.label):
            assert {lit.language for lit in ontology.objects(concept, prop)} == {"zh", "en"}


# -- the QC checks ---------------------------------------------------------------------------

@pytest.mark.parametrize("check", ONTOLOGY_CHECKS, ids=lambda p: p.stem)
def test_check_passes_on_the_ontology(ontology, check):
    assert rows(ontology, check.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("check", ONTOLOGY_CHECKS, ids=lambda p: p.stem)
def test_check_finds_the_broken_ontology_rows(check):
    """Each check finds exactly the expected rows in the broken ontology, on both engines."""
    broken = Graph().parse(CASES / "checks" / "bad-ontology.ttl")
    expected = json.loads((CASES / "checks" / "expected.json").read_text(encoding="utf-8"))
    query = check.read_text(encoding="utf-8")
    found = rows(broken, query)
    assert found, f"{check.name} finds nothing in a broken ontology"
    assert found == expected[check.name]
    assert oxigraph_rows(broken, query) == found


def test_every_check_has_a_broken_expectation():
    expected = json.loads((CASES / "checks" / "expected.json").read_text(encoding="utf-8"))
    assert set(expected) == {p.name for p in ONTOLOGY_CHECKS}


# -- the data check ---------------------------------------------------------------------------

def test_data_check_passes_on_good_data():
    data = Graph().parse(CASES / "data-domain-range" / "good.ttl")
    query = DATA_CHECK.read_text(encoding="utf-8")
    assert rows(data, query) == []
    assert oxigraph_rows(data, query) == []


def test_data_check_passes_on_the_shape_cases():
    data = Graph().parse(SHAPE_CASES / "base.ttl")
    for conforming in sorted(SHAPE_CASES.glob("*/conforming.ttl")):
        data.parse(conforming)
    assert oxigraph_rows(data, DATA_CHECK.read_text(encoding="utf-8")) == []


def test_data_check_finds_misuse_in_bad_data():
    data = Graph().parse(CASES / "data-domain-range" / "bad.ttl")
    query = DATA_CHECK.read_text(encoding="utf-8")
    expected = json.loads(
        (CASES / "data-domain-range" / "expected.json").read_text(encoding="utf-8"))["results"]
    assert rows(data, query) == expected
    assert oxigraph_rows(data, query) == expected


_ROW = re.compile(r"\(\s*(\S+)\s+\"(domain|range)\"\s+(\S+)\s*\)")
_PREFIX = re.compile(r"PREFIX\s+([\w-]*):\s*<([^>]+)>")


def data_check_table() -> dict[tuple[URIRef, str], set[URIRef]]:
    text = DATA_CHECK.read_text(encoding="utf-8")
    prefixes = dict(_PREFIX.findall(text))

    def expand(curie: str) -> URIRef:
        prefix, local = curie.split(":", 1)
        return URIRef(prefixes[prefix] + local)

    table: dict[tuple[URIRef, str], set[URIRef]] = {}
    for prop, side, cls in _ROW.findall(text):
        table.setdefault((expand(prop), side), set()).add(expand(cls))
    return table


def _members(ontology: Graph, cls) -> set:
    union = ontology.value(cls, OWL.unionOf) if isinstance(cls, BNode) else None
    return set(Collection(ontology, union)) if union is not None else {cls}


def _with_tjkg_subclasses(ontology: Graph, classes: set) -> set:
    out = set(classes)
    for cls in classes:
        out |= {sub for sub in ontology.transitive_subjects(RDFS.subClassOf, cls)
                if str(sub).startswith(TJKG_NS)}
    return out


def test_data_check_table_matches_the_ontology(ontology):
    """The data check's allowed classes are the ontology's domain/range plus subclasses."""
    table = data_check_table()
    org_sub = URIRef("http://www.w3.org/ns/org#subOrganizationOf")
    checked = [p for p in tjkg_terms_in_code() if (p, RDF.type, OWL.ObjectProperty) in ontology
               and ontology.value(p, RDFS.range) != SKOS.Concept] + [org_sub]
    for prop in checked:
        for side, axiom in (("domain", RDFS.domain), ("range", RDFS.range)):
            declared = set()
            for cls in ontology.objects(prop, axiom):
                declared |= _members(ontology, cls)
            allowed = _with_tjkg_subclasses(ontology, declared)
            if prop == org_sub:  # ORG's own class is open; tjkg lists its organisations
                allowed = {c for c in allowed if str(c).startswith(TJKG_NS)}
            assert table.get((prop, side)) == allowed, (prop, side)


# -- OWL-RL -----------------------------------------------------------------------------------

def owlrl_errors(*paths: Path) -> list[str]:
    graph = Graph().parse(ONTOLOGY_PATH)
    for path in paths:
        graph.parse(path)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    errors = [str(graph.value(m, ERR.error)) for m in graph.subjects(RDF.type, ERR.ErrorMessage)]
    errors += [f"{s} is owl:Nothing" for s in graph.subjects(RDF.type, OWL.Nothing)]
    return sorted(errors)


def test_owlrl_closure_of_the_ontology_is_consistent():
    assert owlrl_errors() == []


def test_owlrl_closure_of_good_data_is_consistent_and_entails_the_hierarchy():
    graph = Graph().parse(ONTOLOGY_PATH)
    graph.parse(CASES / "data-domain-range" / "good.ttl")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert list(graph.subjects(RDF.type, ERR.ErrorMessage)) == []
    idn = Namespace("https://w3id.org/tjkg/id/")
    org = Namespace("http://www.w3.org/ns/org#")
    nif = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    prov = Namespace("http://www.w3.org/ns/prov#")
    schema = Namespace("http://schema.org/")
    for triple in [
        (idn["enterprise/中芯国际"], RDF.type, org.Organization),
        (idn["enterprise/中芯国际"], RDF.type, schema.Organization),
        (idn["programme/制造业单项冠军"], RDF.type, TJKG.Programme),
        (idn["grouping/天津市信创产业联盟"], RDF.type, org.Organization),
        (idn["span/r1/0-2"], RDF.type, nif.OffsetBasedString),
        (idn["release/r1"], RDF.type, prov.Entity),
        (idn["method/curated"], RDF.type, prov.Agent),
        (idn["product/飞腾CPU"], RDF.type, schema.Product),
        (idn["government/天津市工业和信息化局"], prov.wasDerivedFrom, idn["span/r1/0-2"]),
        (idn["enterprise/中芯国际"], schema.location, idn["place/滨海新区"]),
        (idn["grouping/信创产业链"], URIRef("http://purl.org/dc/terms/isPartOf"),
         idn["grouping/信创产业集群"]),
    ]:
        assert triple in graph, triple


def test_owlrl_closure_of_the_shape_cases_is_consistent():
    paths = [SHAPE_CASES / "base.ttl", *sorted(SHAPE_CASES.glob("*/conforming.ttl"))]
    assert owlrl_errors(*paths) == []


_DISJOINT = re.compile(r"Disjoint classes (\S+) and (\S+) have a common individual (\S+)")


def test_owlrl_closure_reports_inconsistent_data():
    expected = json.loads((CASES / "owl-rl" / "expected.json").read_text(encoding="utf-8"))
    found = []
    for message in owlrl_errors(CASES / "owl-rl" / "inconsistent.ttl"):
        match = _DISJOINT.fullmatch(message)
        assert match, message
        found.append({"classes": sorted(match.group(1, 2)), "individual": match.group(3)})
    key = lambda e: e["individual"]  # noqa: E731
    assert sorted(found, key=key) == sorted(expected["errors"], key=key)
