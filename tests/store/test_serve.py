"""``tjkg serve``: the oxigraph server over a build's store, read-only, on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.store.results import assert_same_rows, sparql_json
from tests.store.servers import free_port, oxigraph_exe
from tjkg.query import shipped_queries
from tjkg.serve import start_server
from tjkg.store import query_store

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(oxigraph_exe() is None,
                                 reason="the oxigraph command is missing (pip install oxigraph)")]

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture()
def served(mini_dir: Path):
    server = start_server(mini_dir, port=free_port(), timeout_s=2, quiet=True)
    yield server
    server.stop()
    assert server.process.poll() is not None


def test_get_and_post_json_and_csv(served, mini_dir: Path) -> None:
    expected = query_store(mini_dir / "store", COUNT).rows[0][0]
    r = requests.get(served.query_url, params={"query": COUNT}, timeout=10,
                     headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert r.json()["results"]["bindings"][0]["n"]["value"] == expected
    r = requests.post(served.query_url, data={"query": COUNT}, timeout=10,
                      headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(r.text))) == [["n"], [expected]]
    r = requests.post(served.query_url, data=COUNT.encode(), timeout=10,
                      headers={"Content-Type": "application/sparql-query",
                               "Accept": "text/tab-separated-values"})
    assert r.status_code == 200


def test_competency_rows_over_http(served, mini_dir: Path) -> None:
    for name, sparql in shipped_queries().items():
        assert_same_rows(query_store(mini_dir / "store", sparql),
                         sparql_json(served.query_url, sparql), sparql), name


def test_update_refused(served) -> None:
    r = requests.post(f"{served.url}/update", timeout=10,
                      data="INSERT DATA { <http://a> <http://b> <http://c> }",
                      headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403
    r = requests.put(f"{served.url}/store", params={"graph": "http://x"}, timeout=10,
                     data=b"<http://a> <http://b> <http://c> .\n",
                     headers={"Content-Type": "application/n-triples"})
    assert r.status_code >= 400


def test_query_page_and_html(served) -> None:
    page = requests.get(f"{served.url}/", timeout=10)
    assert page.status_code == 200 and "yasgui" in page.text.lower()
    assert requests.get(f"{served.url}/yasgui.min.js", timeout=10).status_code == 200
    # no server-side HTML result format: the query page renders the table
    r = requests.get(served.query_url, params={"query": COUNT}, timeout=10,
                     headers={"Accept": "text/html"})
    assert r.status_code == 406


def test_query_timeout_cancels(served) -> None:
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    t0 = time.monotonic()
    r = requests.get(served.query_url, params={"query": heavy}, timeout=60,
                     headers={"Accept": "application/sparql-results+json"})
    assert time.monotonic() - t0 < 30
    assert "cancelled" in r.text  # streamed: status 200, body cut with this message


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_cli_serve_until_interrupted(sig: int, mini_dir: Path) -> None:
    port = free_port()
    code = ("import sys; from tjkg.cli import main; from tjkg.cli_store import load, serve;"
            "main.add_command(load); main.add_command(serve); sys.exit(main())")
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--data", str(mini_dir),
                             "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "SPARQL endpoint" not in line:  # oxigraph's own lines come first
            line = proc.stderr.readline()
            assert line, "tjkg serve ended before announcing its endpoint"
        assert f"http://127.0.0.1:{port}/query" in line and "read-only" in line
        r = requests.get(f"http://127.0.0.1:{port}/query", params={"query": COUNT},
                         headers={"Accept": "text/csv"}, timeout=10)
        assert r.status_code == 200
    finally:
        proc.send_signal(sig)
        code = proc.wait(30)
        assert code == 0, proc.stderr.read()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/query", params={"query": COUNT}, timeout=5)


def test_serve_from_nquads_builds_store(mini_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "tjkg.nq").write_bytes((mini_dir / "tjkg.nq").read_bytes())
    server = start_server(folder, port=free_port(), quiet=True)
    try:
        assert server.store == folder / "store"
        assert sparql_json(server.query_url, COUNT) == query_store(mini_dir / "store", COUNT)
    finally:
        server.stop()


def test_load_into_a_read_only_server_says_so(served, mini_dir: Path) -> None:
    from tjkg.load import LoadError, load_graph_store

    with pytest.raises(LoadError) as caught:
        load_graph_store(mini_dir, f"{served.url}/store", retries=0)
    assert caught.value.status == 403 and "read-only" in str(caught.value)
