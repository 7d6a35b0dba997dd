"""Analytics over the entity graph: exact answers on small handmade graphs."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import RDF, RDFS

from tjkg.analytics import (
    _memory_store_triples,
    centrality,
    communities,
    entity_classes,
    shared_entities,
    to_networkx,
    write_gexf,
    write_graphml,
)
from tjkg.namespaces import ID, NIF, TJKG, new_graph

FIXTURE = Path(__file__).parent / "fixtures" / "view" / "hostile.ttl"
E = {k: str(ID[f"enterprise/{k}"]) for k in "ABCDEFG"}


@pytest.fixture(scope="module")
def bridge() -> Graph:
    """Two triangles A-B-C and D-E-F joined by C-D, with G hanging off A.

    Also a literal, a span and a release, none of which may become nodes, and a second
    relation A→B that must not change the (simple-graph) centralities.
    """
    g = new_graph()
    for k, iri in E.items():
        g.add((URIRef(iri), RDF.type, TJKG.Enterprise))
        g.add((URIRef(iri), RDFS.label, Literal(k, lang="zh")))
    for u, v in ("AB", "BC", "CA", "CD", "DE", "EF", "FD", "GA"):
        g.add((URIRef(E[u]), TJKG.partOf, URIRef(E[v])))
    g.add((URIRef(E["A"]), TJKG.memberOf, URIRef(E["B"])))
    span = ID["span/r1/0-1"]
    g.add((URIRef(E["A"]), TJKG.evidence, span))
    g.add((span, NIF.referenceContext, ID["release/r1"]))
    g.add((span, NIF.beginIndex, Literal(0, datatype=ns.XSD.nonNegativeInteger)))
    g.add((URIRef(E["A"]), TJKG.divisionCode, Literal("120000")))
    return g


@pytest.fixture(scope="module")
def hostile() -> Graph:
    g = Graph()
    g.parse(FIXTURE, format="turtle")
    return g


def test_to_networkx_keeps_entities_and_relations_only(bridge: Graph) -> None:
    G = to_networkx(bridge)
    assert isinstance(G, nx.MultiDiGraph)
    assert list(G.nodes) == sorted(E.values())
    assert G.number_of_edges() == 9
    assert G.nodes[E["A"]] == {"cls": "Enterprise", "label_zh": "A", "label": "A"}
    assert sorted(G[E["A"]][E["B"]]) == ["memberOf", "partOf"]
    assert G[E["A"]][E["B"]]["partOf"] == {"predicate": str(TJKG.partOf), "label": "partOf"}


def test_fast_triple_read_equals_rdflib_iteration(hostile: Graph) -> None:
    fast = _memory_store_triples(hostile)
    assert fast is not None
    assert sorted(fast) == sorted(hostile.triples((None, None, None)))
    assert _memory_store_triples(Graph()) == []


def test_to_networkx_on_the_view_fixture(hostile: Graph) -> None:
    G = to_networkx(hostile)
    ids = "https://w3id.org/tjkg/id/"
    assert G.number_of_nodes() == 6
    assert dict(G.nodes(data="cls")) == {
        ids + "enterprise/中芯国际": "Enterprise",
        ids + "government/天津市工业和信息化局": "GovernmentBody",
        ids + "grouping/信创产业链": "IndustrialChain",
        ids + "person/夏青林": "Person",
        ids + "place/天津市": "Place",
        ids + "project/hostile": "Project",
    }
    assert G.nodes[ids + "place/天津市"]["label_en"] == "Tianjin"
    post = G[ids + "person/夏青林"][ids + "government/天津市工业和信息化局"]["holdsPostIn"]
    assert post["post_label"] == "市工业和信息化局局长"
    assert G.number_of_edges() == 6
    assert entity_classes(hostile)[ids + "place/天津市"] == str(TJKG.Place)


def test_centrality_exact_order(bridge: Graph) -> None:
    G = to_networkx(bridge)
    got = centrality(G, top=None)
    assert [(n[-1], round(v, 4)) for n, v in got["degree"]] == [
        ("A", 0.5),
        ("C", 0.5),
        ("D", 0.5),
        ("B", 0.3333),
        ("E", 0.3333),
        ("F", 0.3333),
        ("G", 0.1667),
    ]
    # C and D carry all 9 and 8 cross-triangle paths of 15 pairs; A carries G's 5
    assert [(n[-1], round(v, 4)) for n, v in got["betweenness"]] == [
        ("C", 0.6),
        ("D", 0.5333),
        ("A", 0.3333),
        ("B", 0.0),
        ("E", 0.0),
        ("F", 0.0),
        ("G", 0.0),
    ]
    top = centrality(G, top=2)
    assert [n[-1] for n, _ in top["degree"]] == ["A", "C"]
    assert [n[-1] for n, _ in top["betweenness"]] == ["C", "D"]


def test_sampled_betweenness_is_seeded(bridge: Graph) -> None:
    G = to_networkx(bridge)
    first = centrality(G, top=None, exact_limit=3, k=4, seed=7)
    assert first == centrality(G, top=None, exact_limit=3, k=4, seed=7)
    assert {n for n, _ in first["betweenness"]} == set(E.values())


def test_communities_are_the_two_triangles(bridge: Graph) -> None:
    G = to_networkx(bridge)
    assert communities(G, seed=0) == [
        [E["A"], E["B"], E["C"], E["G"]],
        [E["D"], E["E"], E["F"]],
    ]
    assert communities(G, seed=0) == communities(G, seed=0)
    assert communities(nx.MultiDiGraph()) == []


def test_shared_entities(hostile: Graph) -> None:
    ids = "https://w3id.org/tjkg/id/"
    expected = {
        ids + "enterprise/中芯国际": ["rel_a", "rel_b"],
        ids + "place/天津市": ["rel_a", "rel_b"],
    }
    assert shared_entities(hostile) == expected
    assert list(shared_entities(hostile)) == list(expected)
    ds = Dataset()
    for triple in hostile:
        doc = "rel_b" if "rel_b" in "".join(str(t) for t in triple) else "rel_a"
        ds.graph(URIRef(f"https://w3id.org/tjkg/graph/{doc}")).add(triple)
    assert shared_entities(ds) == expected


def test_shared_entities_none_in_one_release(bridge: Graph) -> None:
    assert shared_entities(bridge) == {}


@pytest.mark.parametrize(
    ("write", "read"),
    [(write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)],
    ids=["graphml", "gexf"],
)
def test_exports_read_back(hostile: Graph, tmp_path: Path, write, read) -> None:
    G = to_networkx(hostile)
    G.nodes[next(iter(G.nodes))]["score"] = 0.5  # numbers are fine
    G.nodes[next(iter(G.nodes))]["dropped"] = None  # None is left out
    target = tmp_path / "sub" / "graph.out"
    assert write(G, target) == target
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.out"]
    back = read(target)
    assert back.number_of_nodes() == G.number_of_nodes() == 6
    assert back.number_of_edges() == G.number_of_edges()
    assert set(back.nodes) == set(G.nodes)
    node = "https://w3id.org/tjkg/id/project/hostile"
    assert back.nodes[node]["label"] == "<script>alert(1)</script>"
    assert back.nodes[node]["cls"] == "Project"
    assert target.read_bytes().decode("utf-8")  # UTF-8 whatever the locale
