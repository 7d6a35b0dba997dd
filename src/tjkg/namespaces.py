"""tjkg's vocabulary and the standard ones it reuses, as closed rdflib namespaces.

Every term used in code comes from here; a typo raises at import time instead of minting
a stray IRI (``_fail = True``). ``ontology/tjkg.ttl`` declares each ``TJKG`` term, and a
test checks the two agree.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SH,
    SKOS,
    TIME,
    VOID,
    XSD,
    DefinedNamespace,
)

BASE = "https://w3id.org/tjkg/"
"""Base IRI of everything tjkg mints (documented in README, *IRIs*)."""

ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
SHAPES = Namespace(BASE + "shapes#")
ONTOLOGY_IRI = URIRef(BASE + "ontology")


class TJKG(DefinedNamespace):
    """Terms defined by tjkg's ontology (``ontology/tjkg.ttl``)."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes: things named in releases
    Enterprise: URIRef
    ResearchInstitute: URIRef
    GovernmentBody: URIRef
    Person: URIRef
    Project: URIRef
    IndustrialPark: URIRef
    IndustrialGrouping: URIRef  # superclass of clusters, chains and alliances
    IndustrialCluster: URIRef
    IndustrialChain: URIRef
    IndustryAlliance: URIRef
    Place: URIRef
    Programme: URIRef  # superclass of policies and designations
    Policy: URIRef  # plans, strategies, actions, laws, funds, slogans
    Designation: URIRef  # honour lists, grades, pilots, titles, awards
    Product: URIRef
    # classes: statistics
    Indicator: URIRef
    Observation: URIRef
    Comparison: URIRef
    # classes: sources and provenance
    Release: URIRef
    PressConference: URIRef
    TextSpan: URIRef
    ExtractionMethod: URIRef

    # relations the text states
    locatedIn: URIRef
    builds: URIRef
    operates: URIRef
    investsIn: URIRef
    memberOf: URIRef
    partOf: URIRef
    designatedUnder: URIRef
    producedBy: URIRef
    ledBy: URIRef
    issuedBy: URIRef
    jurisdiction: URIRef
    speaker: URIRef
    # statistics
    indicator: URIRef
    aboutEntity: URIRef
    bound: URIRef
    status: URIRef
    observationKind: URIRef
    valueAsWritten: URIRef
    indicatorAsWritten: URIRef
    unitImplicit: URIRef
    redacted: URIRef
    comparison: URIRef
    changeValue: URIRef
    changeDirection: URIRef
    basePeriod: URIRef
    baseline: URIRef
    # provenance
    evidence: URIRef
    mentionType: URIRef
    confidence: URIRef
    sha256: URIRef
    divisionCode: URIRef
    # the Data Cube structure of tjkg observations
    observationStructure: URIRef


class NIF(DefinedNamespace):
    """The NIF 2.0 core terms tjkg uses for text spans."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    Context: URIRef
    OffsetBasedString: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef
    isString: URIRef
    sourceUrl: URIRef


class SDMXDIM(DefinedNamespace):
    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
    refArea: URIRef
    refPeriod: URIRef


class SDMXMEAS(DefinedNamespace):
    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
    obsValue: URIRef


class SDMXATT(DefinedNamespace):
    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
    unitMeasure: URIRef


SCHEMA = Namespace("http://schema.org/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")

#: Relation predicates a curated or extracted Relation may name (local names in TJKG),
#: plus the standard ones tjkg reuses for relations.
RELATIONS: dict[str, URIRef] = {
    "locatedIn": TJKG.locatedIn,
    "builds": TJKG.builds,
    "operates": TJKG.operates,
    "investsIn": TJKG.investsIn,
    "memberOf": TJKG.memberOf,
    "partOf": TJKG.partOf,
    "designatedUnder": TJKG.designatedUnder,
    "producedBy": TJKG.producedBy,
    "ledBy": TJKG.ledBy,
    "issuedBy": TJKG.issuedBy,
    "jurisdiction": TJKG.jurisdiction,
    "subOrganizationOf": ORG.subOrganizationOf,
}

PREFIXES: dict[str, Namespace | str] = {
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "geo": GEO,
    "id": ID,
    "nif": NIF._NS,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "qb": QB,
    "qudt": QUDT,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "sdmx-attribute": SDMXATT._NS,
    "sdmx-dimension": SDMXDIM._NS,
    "sdmx-measure": SDMXMEAS._NS,
    "sh": SH,
    "skos": SKOS,
    "time": TIME,
    "tjkg": TJKG._NS,
    "unit": UNIT,
    "void": VOID,
    "xsd": XSD,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind tjkg's prefixes (replacing rdflib's defaults, e.g. ``schema:`` over https)."""
    for prefix, ns in sorted(PREFIXES.items()):
        graph.bind(prefix, Namespace(str(ns)), override=True, replace=True)
    return graph


def new_graph() -> Graph:
    """An empty rdflib Graph with tjkg's prefixes bound and no others."""
    graph = Graph(bind_namespaces="none")
    return bind_prefixes(graph)
