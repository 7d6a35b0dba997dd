"""The embedded Oxigraph store answers every competency query exactly as rdflib does."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from tests.store.results import assert_same_rows
from tjkg import oxi
from tjkg.cli import main
from tjkg.errors import QueryError, StoreError
from tjkg.iris import ONTOLOGY_GRAPH
from tjkg.load import (
    credentials,
    load_local_store,
    query_endpoint_for,
    read_graphs,
)
from tjkg.query import run_query, shipped_queries
from tjkg.store import ensure_store, open_store, query_store, run_query_on, write_store

QUERIES = sorted(shipped_queries())


XSD = "http://www.w3.org/2001/XMLSchema#"


def as_oxigraph_stores(t: ox.Triple) -> ox.Triple:
    """Oxigraph keeps integer-derived datatypes (xsd:nonNegativeInteger, tjkg's offsets)
    as xsd:integer, with the same value."""
    o = t.object
    if isinstance(o, ox.Literal) and o.datatype.value == XSD + "nonNegativeInteger":
        o = ox.Literal(o.value, datatype=ox.NamedNode(XSD + "integer"))
    return ox.Triple(t.subject, t.predicate, o)


def store_triples(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, graph)}


@pytest.mark.parametrize("name", QUERIES)
def test_competency_rows_equal_rdflib(name: str, mini_build, mini_dir: Path) -> None:
    sparql = shipped_queries()[name]
    expected = run_query(mini_build.union(), sparql)
    assert expected.rows, "every competency query has rows on the mini fixture"
    assert_same_rows(expected, query_store(mini_dir / "store", sparql), sparql)


@pytest.mark.parametrize("name", QUERIES)
def test_competency_rows_equal_rdflib_two_releases(name: str, two_build, two_dir: Path
                                                   ) -> None:
    """Two releases state the same entities: the store must not count them twice."""
    sparql = shipped_queries()[name]
    assert_same_rows(run_query(two_build.union(), sparql),
                     query_store(two_dir / "store", sparql), sparql)


def test_union_default_graph_is_a_bag_in_oxigraph(two_dir: Path) -> None:
    """Why the store keeps a merged default graph instead of use_default_graph_as_union:
    Oxigraph's union of graphs (``use_default_graph_as_union``, ``FROM g1 FROM g2``)
    repeats a triple once per graph that holds it."""
    sparql = ("SELECT ?l WHERE { <https://w3id.org/tjkg/id/institute/天津大学> "
              "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    store = open_store(two_dir / "store")
    bag = list(store.query(sparql, default_graph=list(store.named_graphs())))
    assert len(bag) == 2 * len(query_store(store, sparql).rows) == 4


def test_store_holds_each_graph_and_their_merge(two_graphs, two_build, two_dir: Path
                                                ) -> None:
    """Named graphs as built; the default graph is the merge of the releases = tjkg.ttl."""
    store = open_store(two_dir / "store")
    merged: set[ox.Triple] = set()
    for iri, graph in two_graphs:
        expected = {as_oxigraph_stores(t) for t in oxi.triples(graph)}
        assert store_triples(store, ox.NamedNode(str(iri))) == expected
        if iri != ONTOLOGY_GRAPH:
            merged |= expected
    assert {str(g.value) for g in store.named_graphs()} == {str(i) for i, _ in two_graphs}
    assert store_triples(store, ox.DefaultGraph()) == merged
    assert merged == {as_oxigraph_stores(t) for t in oxi.triples(two_build.union())}


def test_write_store_fast_path_same_store(two_graphs, two_dir: Path, tmp_path: Path) -> None:
    """Bytes of tjkg.nq and tjkg.ttl give the same store as the rdflib graphs."""
    write_store(two_graphs, tmp_path / "fast", nquads=(two_dir / "tjkg.nq").read_bytes(),
                turtle=(two_dir / "tjkg.ttl").read_bytes())
    fast, slow = open_store(tmp_path / "fast"), open_store(two_dir / "store")
    assert len(fast) == len(slow)

    def no_bnodes(store: ox.Store) -> set[ox.Quad]:  # the ontology's blank nodes differ
        return {q for q in store if not any(isinstance(t, ox.BlankNode) for t in q)}

    assert no_bnodes(fast) == no_bnodes(slow)


def test_oxigraph_stores_offsets_as_xsd_integer(mini_build, mini_dir: Path) -> None:
    """A known difference (pyoxigraph 0.5): nif:beginIndex is xsd:nonNegativeInteger in
    tjkg.ttl and xsd:integer in any Oxigraph store; values and competency rows agree."""
    sparql = ("SELECT DISTINCT (STR(DATATYPE(?b)) AS ?t) WHERE { ?s "
              "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex> ?b }")
    assert run_query(mini_build.union(), sparql).rows == ((XSD + "nonNegativeInteger",),)
    assert query_store(mini_dir / "store", sparql).rows == ((XSD + "integer",),)


def test_chinese_literals_and_decimals_round_trip(mini_build, mini_dir: Path) -> None:
    sparql = """SELECT ?label ?v WHERE {
      ?o <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v ;
         <https://w3id.org/tjkg/ontology#indicator>/<http://www.w3.org/2000/01/rdf-schema#label>
         ?label } ORDER BY ?label ?v"""
    expected = run_query(mini_build.union(), sparql)
    assert expected.rows
    assert query_store(mini_dir / "store", sparql) == expected


@pytest.mark.parametrize("sparql", [
    "ASK { ?s a <https://w3id.org/tjkg/ontology#Release> }",
    "ASK { ?s a <https://w3id.org/tjkg/ontology#NoSuchClass> }",
    "SELECT (COUNT(DISTINCT ?s) AS ?n) (COUNT(?s) > 1 AS ?t) (SUM(?b) AS ?sum) "
    "WHERE { ?s <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex> "
    "?b }",
])
def test_ask_counts_and_booleans_as_rdflib(sparql: str, mini_build, mini_dir: Path) -> None:
    assert query_store(mini_dir / "store", sparql) == run_query(mini_build.union(), sparql)


def test_write_store_twice_replaces(mini_graphs, tmp_path: Path) -> None:
    write_store(mini_graphs, tmp_path / "store")
    write_store(mini_graphs[:1], tmp_path / "store")
    store = open_store(tmp_path / "store")
    assert [g.value for g in store.named_graphs()] == [str(mini_graphs[0][0])]
    assert len(store) == 2 * len(mini_graphs[0][1])  # the graph and the merged default


def test_write_store_where_a_file_is(mini_graphs, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="file"):
        write_store(mini_graphs, tmp_path / "file" / "store")


def test_run_query_on_uses_store_then_turtle(mini_build, mini_dir: Path, tmp_path: Path
                                             ) -> None:
    sparql = shipped_queries()["cq-entity-mentions"]
    expected = run_query(mini_build.union(), sparql)
    assert run_query_on(mini_dir, sparql) == expected           # build folder with store/
    assert run_query_on(mini_dir / "store", sparql) == expected  # the store folder itself
    assert run_query_on(mini_dir / "tjkg.ttl", sparql) == expected
    only_store = tmp_path / "only-store"  # no tjkg.ttl: the store must be what answers
    only_store.mkdir()
    write_store([(URIRef("https://w3id.org/tjkg/graph/all"), mini_build.union())],
                only_store / "store")
    assert run_query_on(only_store, sparql) == expected
    with pytest.raises(QueryError):
        run_query_on(mini_dir, "SELECT ?x WHERE {")


def test_ensure_store_from_nquads(mini_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "tjkg.nq").write_bytes((mini_dir / "tjkg.nq").read_bytes())
    store = ensure_store(folder)
    assert store == folder / "store"
    sparql = shipped_queries()["cq-fact-provenance"]
    assert query_store(store, sparql) == query_store(mini_dir / "store", sparql)


def test_read_graphs_nquads_and_trig_agree(mini_graphs, mini_dir: Path) -> None:
    nq, trig = read_graphs(mini_dir / "tjkg.nq"), read_graphs(mini_dir / "tjkg.trig")
    assert read_graphs(mini_dir) == nq
    assert {k: set(v) for k, v in nq.items()} == {k: set(v) for k, v in trig.items()}
    assert {k: set(v) for k, v in nq.items()} == {
        str(i): set(oxi.triples(g)) for i, g in mini_graphs}


def test_load_local_store_is_repeatable_and_prunes(two_dir: Path, mini_dir: Path,
                                                   tmp_path: Path) -> None:
    target = tmp_path / "local"
    first = load_local_store(two_dir, target)
    assert len(first.graphs) == 3
    before = len(open_store(target))
    load_local_store(two_dir, target)
    assert len(open_store(target)) == before  # loading twice changes nothing
    kept = load_local_store(mini_dir, target)
    assert "https://w3id.org/tjkg/graph/mini_002" in {
        g.value for g in open_store(target).named_graphs()}
    assert kept.pruned == ()
    pruned = load_local_store(mini_dir, target, prune=True)
    assert pruned.pruned == ("https://w3id.org/tjkg/graph/mini_002",)
    sparql = shipped_queries()["cq-entity-mentions"]
    assert query_store(target, sparql) == query_store(mini_dir / "store", sparql)


def test_credentials_from_environment_then_netrc(tmp_path: Path, monkeypatch) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine store.example.org login ana password s3cret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.delenv("TJKG_STORE_USER", raising=False)
    monkeypatch.delenv("TJKG_STORE_PASSWORD", raising=False)
    assert credentials("https://store.example.org/store") == ("ana", "s3cret")
    assert credentials("https://other.example.org/store") is None
    monkeypatch.setenv("TJKG_STORE_USER", "dba")
    monkeypatch.setenv("TJKG_STORE_PASSWORD", "dba")
    assert credentials("https://store.example.org/store") == ("dba", "dba")


@pytest.mark.parametrize(("gsp", "query"), [
    ("http://127.0.0.1:7878/store", "http://127.0.0.1:7878/query"),
    ("http://h:8890/sparql-graph-crud-auth", "http://h:8890/sparql"),
    ("http://h:3030/tjkg/data", "http://h:3030/tjkg/query"),
    ("http://h:7200/repositories/tjkg/rdf-graphs/service", "http://h:7200/repositories/tjkg"),
    ("http://h/somewhere/else", None),
])
def test_query_endpoint_for(gsp: str, query: str | None) -> None:
    assert query_endpoint_for(gsp) == query


def test_cli_load_into_a_store_folder(cli, mini_dir: Path, tmp_path: Path) -> None:
    result = cli.invoke(main, ["load", "--data", str(mini_dir), "--store",
                               str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "loaded 2 graph(s)" in result.output


def test_cli_load_needs_one_target(cli, mini_dir: Path) -> None:
    result = cli.invoke(main, ["load", "--data", str(mini_dir)])
    assert result.exit_code == 2
    assert "--endpoint" in result.output


def test_cli_load_unreachable_endpoint_exit_2(cli, mini_dir: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}/store"
    result = cli.invoke(main, ["load", "--data", str(mini_dir), "--endpoint", endpoint,
                               "--retries", "1"])
    assert result.exit_code == 2
    message = result.output.strip().splitlines()[-1]
    assert endpoint in message
    assert "https://w3id.org/tjkg/graph/mini_001" in message
    assert "ConnectionError" in message and "nothing was loaded" in message


def test_cli_load_missing_build(cli, tmp_path: Path) -> None:
    result = cli.invoke(main, ["load", "--data", str(tmp_path), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "no tjkg.nq" in result.output


TRICKY_NQUADS = """\
<http://s> <http://p> <http://o> .
<http://s> <http://p> <http://o> <http://g1> .
<http://s> <http://p> _:b1 .
_:b2 <http://p> _:b1 <http://g1> .
<http://s> <http://p> "a <http://x> b" .
<http://s> <http://p> "a <http://x> b" <http://g2> .
<http://s> <http://p> "x"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<http://s> <http://p> "1.5"^^<http://www.w3.org/2001/XMLSchema#decimal> <http://g2> .
<http://s> <http://p> "天津 \\"滨海\\" <g>"@zh .
<http://s> <http://p> "天津 \\"滨海\\" <g>"@zh-Hans <http://g1> .
<http://s> <http://p> "_:x y" _:g3 .
"""


def nt_triples(data: bytes) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def test_nquads_text_split_agrees_with_the_parser(tmp_path: Path) -> None:
    """tjkg load splits N-Quads by graph as text; it must agree with Oxigraph's parser."""
    from tjkg.load import read_graph_lines

    path = tmp_path / "tricky.nq"
    path.write_text(TRICKY_NQUADS, encoding="utf-8")
    parsed: dict[str, set[ox.Triple]] = {}
    for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        name = q.graph_name
        key = ("default" if isinstance(name, ox.DefaultGraph)
               else f"_:{name.value}" if isinstance(name, ox.BlankNode) else name.value)
        parsed.setdefault(key, set()).add(ox.Triple(q.subject, q.predicate, q.object))
    lines = read_graph_lines(path)
    assert set(lines) == set(parsed) == {"default", "http://g1", "http://g2", "_:g3"}
    for key, triples in lines.items():
        assert nt_triples(b"".join(triples)) == parsed[key], key


def test_nquads_text_split_on_a_build(two_dir: Path) -> None:
    from tjkg.load import read_graph_lines

    lines = read_graph_lines(two_dir / "tjkg.nq")
    parsed = read_graphs(two_dir / "tjkg.trig")
    assert {k: len(v) for k, v in lines.items()} == {k: len(v) for k, v in parsed.items()}
    for key, triples in lines.items():
        assert nt_triples(b"".join(triples)) == set(parsed[key]), key
