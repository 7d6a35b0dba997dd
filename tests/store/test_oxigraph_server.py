"""Loading into a real Oxigraph server (PyPI ``oxigraph``) with the Graph Store Protocol."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.store.results import assert_same_rows, graph_counts, sparql_json
from tests.store.servers import Oxigraph, oxigraph_exe, oxigraph_server
from tjkg.cli import main
from tjkg.load import LoadError, load_graph_store
from tjkg.query import shipped_queries
from tjkg.store import query_store

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(oxigraph_exe() is None,
                                 reason="the oxigraph command is missing (pip install oxigraph)")]

STALE = "https://w3id.org/tjkg/graph/withdrawn_999"
OTHER = "http://example.org/not-tjkg"


def expected_counts(graphs) -> dict[str, int]:
    return {str(iri): len(g) for iri, g in graphs}


def test_load_counts_rows_repeat_and_prune(two_graphs, two_build, two_dir: Path,
                                           tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "db") as server:
        store_url, query_url = f"{server.base}/store", f"{server.base}/query"
        report = load_graph_store(two_dir, store_url)
        assert report.bulk  # an Oxigraph server is detected from its Server header
        assert report.graphs == tuple(expected_counts(two_graphs).items())
        assert graph_counts(query_url) == expected_counts(two_graphs)
        for name, sparql in shipped_queries().items():
            assert_same_rows(query_store(two_dir / "store", sparql),
                             sparql_json(query_url, sparql), sparql), name
        total = sparql_json(query_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")

        load_graph_store(two_dir, store_url)  # again: PUT replaces, nothing doubles
        assert graph_counts(query_url) == expected_counts(two_graphs)
        assert sparql_json(query_url, "SELECT (COUNT(*) AS ?n) WHERE "
                                      "{ GRAPH ?g { ?s ?p ?o } }") == total
        default = sparql_json(query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert default.rows == ((str(len(two_build.union())),),)  # the default graph = tjkg.ttl

        for graph in (STALE, OTHER):  # a withdrawn release, and a graph that is not tjkg's
            r = requests.put(store_url, params={"graph": graph}, timeout=10,
                             data="<http://a> <http://b> \"过期\" .\n".encode(),
                             headers={"Content-Type": "application/n-triples"})
            assert r.status_code in (201, 204)
        assert STALE in graph_counts(query_url)
        report = load_graph_store(two_dir, store_url, prune=True)
        assert report.pruned == (STALE,)
        assert graph_counts(query_url) == expected_counts(two_graphs)
        assert graph_counts(query_url, prefix="http://example.org/") == {OTHER: 1}


@pytest.mark.parametrize("bulk", [False, True], ids=["put-per-graph", "bulk-batches"])
def test_server_stopped_mid_load(bulk: bool, two_graphs, two_dir: Path, tmp_path: Path
                                 ) -> None:
    """Kill the server after the first graph: the error names the endpoint, the next graph
    and the connection failure; after a restart the first graph is there, whole."""
    server = Oxigraph(tmp_path / "db").start()
    store_url = f"{server.base}/store"
    first, second = str(two_graphs[0][0]), str(two_graphs[1][0])

    def kill_after_first(graph: str, triples: int) -> None:
        if graph == first:
            server.kill()

    try:
        with pytest.raises(LoadError) as caught:
            load_graph_store(two_dir, store_url, retries=2, backoff=0.05, bulk=bulk,
                             batch_triples=1, on_graph=kill_after_first)
    finally:
        server.stop()
    err = caught.value
    message = str(err)
    assert store_url in message or f"{server.base}/update" in message
    assert f"<{second}>" in message
    assert "ConnectionError" in message and "after 3 attempt(s)" in message
    assert "mini_001" in message and err.loaded == (first,)
    assert err.status is None and err.exit_code == 2
    if bulk:
        assert "may be missing or incomplete" in message

    restarted = Oxigraph(tmp_path / "db", port=server.port).start()
    try:
        assert graph_counts(f"{restarted.base}/query") == {first: len(two_graphs[0][1])}
    finally:
        restarted.stop()


@pytest.mark.parametrize("bulk", [False, True], ids=["put-per-graph", "bulk-batches"])
def test_both_ways_give_the_same_store(bulk: bool, two_graphs, two_build, two_dir: Path,
                                       tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("tjkg.load.CHUNK_TRIPLES", 100)  # PUT, then POSTs, per graph
    with oxigraph_server(tmp_path / "db") as server:
        report = load_graph_store(two_dir, f"{server.base}/store", bulk=bulk,
                                  batch_triples=400)
        assert report.bulk == bulk
        load_graph_store(two_dir, f"{server.base}/store", bulk=bulk, batch_triples=400)
        query_url = f"{server.base}/query"
        assert graph_counts(query_url) == expected_counts(two_graphs)
        default = sparql_json(query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert default.rows == ((str(len(two_build.union())),),)
        for name, sparql in shipped_queries().items():
            assert_same_rows(query_store(two_dir / "store", sparql),
                             sparql_json(query_url, sparql), sparql), name


def test_http_error_names_status(two_dir: Path, tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "db") as server:
        endpoint = f"{server.base}/no-such-service"
        with pytest.raises(LoadError) as caught:
            load_graph_store(two_dir, endpoint, retries=0)
    assert caught.value.status == 404
    assert endpoint in str(caught.value) and "HTTP 404" in str(caught.value)
    assert "nothing was loaded" in str(caught.value)


def test_cli_load_endpoint(cli, two_graphs, two_dir: Path, tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "db") as server:
        result = cli.invoke(main, ["load", "--data", str(two_dir / "tjkg.trig"),
                                   "--endpoint", f"{server.base}/store", "--prune"])
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"loaded {len(two_graphs)} graph(s)")
        assert graph_counts(f"{server.base}/query") == expected_counts(two_graphs)
