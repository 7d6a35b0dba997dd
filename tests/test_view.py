"""The HTML view: self-contained, escaped, deterministic, entities only (no browser here).

The fixture ``tests/fixtures/view/hostile.ttl`` has 6 entities in 2 releases; one project
is labelled ``<script>alert(1)</script>`` (zh), ``<img src=x onerror=alert(1)>`` (alias)
and an English label with ``"``, ``\\``, U+2028, U+2029, ``</script><!--``; release rel_b
quotes the script tag too.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from tjkg.analytics import to_networkx
from tjkg.view import _assets, render_view, script_json, write_view

FIXTURE = Path(__file__).parent / "fixtures" / "view" / "hostile.ttl"
ID = "https://w3id.org/tjkg/id/"
HOSTILE_ZH = "<script>alert(1)</script>"
HOSTILE_ALT = "<img src=x onerror=alert(1)>"
HOSTILE_EN = 'quote " back \\ line\u2028sep\u2029end </script><!--'
ENTITIES = {
    ID + "enterprise/中芯国际": ("中芯国际", "Enterprise"),
    ID + "place/天津市": ("天津市", "Place"),
    ID + "project/hostile": (HOSTILE_ZH, "Project"),
    ID + "government/天津市工业和信息化局": ("天津市工业和信息化局", "GovernmentBody"),
    ID + "person/夏青林": ("夏青林", "Person"),
    ID + "grouping/信创产业链": ("信创产业链", "IndustrialChain"),
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(FIXTURE, format="turtle")
    return g


@pytest.fixture(scope="module")
def page(graph: Graph) -> str:
    return render_view(graph, title="fixture <b>&</b>")


def block(page: str, name: str):
    """The JSON of ``<script type="application/json" id="tjkg-NAME">``."""
    found = re.findall(
        rf'<script type="application/json" id="tjkg-{name}">(.*?)</script>', page, re.S
    )
    assert len(found) == 1
    return json.loads(found[0])


def test_is_a_complete_utf8_document(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert page.rstrip().endswith("</html>")
    assert "<title>fixture &lt;b&gt;&amp;&lt;/b&gt;</title>" in page


def test_no_remote_scripts_styles_or_fonts(page: str) -> None:
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"@import", page, re.I)
    assert "<link" not in page.lower()
    for cdn in ("bootstrap", "jsdelivr", "cdnjs", "unpkg", "googleapis"):
        assert cdn not in page.lower()
    # vis-network itself is inlined (its code, not a reference to it)
    assert "vis-network" in page and "DataSet" in page
    assert "default-src 'none'" in page  # CSP: the page may fetch nothing


def test_node_count_equals_entity_count_and_literals_are_not_nodes(graph: Graph, page: str) -> None:
    nodes = block(page, "nodes")
    details = block(page, "data")["details"]
    assert len(nodes) == len(details) == len(ENTITIES)
    assert {d["iri"] for d in details} == set(ENTITIES)
    labels = {n["label"] for n in nodes}
    assert labels == {label for label, _ in ENTITIES.values()}
    # literal values live in the panels, never as nodes
    for literal in ("120000", "1.7万亿", "1700000000000", "中芯", "市工业和信息化局局长"):
        assert literal not in labels
    assert [n["id"] for n in nodes] == list(range(len(nodes)))


def test_edges_are_the_entity_relations(graph: Graph, page: str) -> None:
    edges = block(page, "edges")
    details = block(page, "data")["details"]
    got = sorted((details[e["from"]]["iri"], e["p"], details[e["to"]]["iri"]) for e in edges)
    G = to_networkx(graph)
    assert got == sorted((u, k, v) for u, v, k in G.edges(keys=True))
    assert (ID + "person/夏青林", "holdsPostIn", ID + "government/天津市工业和信息化局") in got
    assert len(got) == 6


def test_hostile_labels_round_trip_exactly(page: str) -> None:
    details = block(page, "data")["details"]
    hostile = next(d for d in details if d["iri"] == ID + "project/hostile")
    assert hostile["zh"] == HOSTILE_ZH
    assert hostile["en"] == HOSTILE_EN
    assert hostile["alt"] == [HOSTILE_ALT]
    (span,) = hostile["ev"]
    assert span[3] == HOSTILE_ZH  # the quote (nif:anchorOf)
    sentences = block(page, "data")["sentences"]
    assert HOSTILE_ZH in sentences[span[4]][1]
    assert any(n["label"] == HOSTILE_ZH for n in block(page, "nodes"))


def test_hostile_text_is_escaped_in_the_html(page: str) -> None:
    lower = page.lower()
    # our own script elements (4 JSON blocks, vis-network, the page script), plus the
    # string "<script>" that vis-network's bundled core-js builds (never "</script")
    assert lower.count("<script") == 6 + _assets()[0].lower().count("<script")
    assert lower.count("</script") == 6
    assert "<script>alert" not in lower
    assert "<img" not in lower
    assert "onerror=alert" in lower  # present, but only inside escaped JSON...
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # ...as here
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "\u2028" not in page and "\u2029" not in page
    assert "<!--" not in page
    # after the last library script, nothing but our code and closing tags
    tail = page[page.rindex("<script>") :]
    assert "alert(" not in tail


def test_titles_are_plain_text(page: str) -> None:
    # the inlined vis-network shows a string title with innerText (some releases used
    # innerHTML): if pyvis ever ships one of those, this fails before a release can
    assert "this.frame.innerText=t" in _assets()[0]
    for node in block(page, "nodes"):
        assert node["title"].startswith(node["label"])  # text, vis shows it via innerText
    assert "popup.innerHTML" not in page  # pyvis's HTML tooltip template is not used
    assert ".innerHTML" not in page.split("<script>", 1)[1].rsplit("<script>", 1)[1]


def test_legend_lists_the_classes_present(page: str) -> None:
    legend = re.findall(r'<li data-class="(\w+)">', page)
    present = ["Enterprise", "GovernmentBody", "Person", "Project", "IndustrialChain", "Place"]
    assert legend == present  # in CLASS_STYLES order, absent classes left out
    classes = block(page, "data")["classes"]
    assert [c["key"] for c in classes] == present
    assert all(c["count"] == 1 for c in classes)


def test_panel_data_observations_and_quotes(page: str) -> None:
    data = block(page, "data")
    details = {d["iri"]: d for d in data["details"]}
    tianjin = details[ID + "place/天津市"]
    assert tianjin["en"] == "Tianjin"
    assert ["divisionCode", "120000"] in tianjin["props"]
    (k,) = tianjin["obs"]
    obs = data["observations"][k]
    assert obs["ind"] == "规上工业总产值"
    assert obs["value"] == "1700000000000"
    assert obs["unit"] == "元"
    assert obs["period"] == "2024"
    assert obs["bound"] == "exact"
    assert obs["written"] == "1.7万亿"
    releases = [r["id"] for r in data["releases"]]
    quotes = {(releases[s[0]], s[3]) for s in tianjin["ev"]}
    assert quotes == {("rel_a", "天津市"), ("rel_b", "天津市")}
    for s in [*tianjin["ev"], *obs["ev"]]:
        sentence = data["sentences"][s[4]][1]
        assert sentence[s[5] : s[6]] == s[3]  # the mark lands on the quote
    smic = details[ID + "enterprise/中芯国际"]
    assert smic["alt"] == ["中芯"] and smic["en"] == "SMIC"
    (ev_a, ev_b) = smic["ev"]
    assert (releases[ev_a[0]], ev_a[1], ev_a[2], ev_a[3]) == ("rel_a", 18, 22, "中芯国际")
    assert (releases[ev_b[0]], ev_b[1], ev_b[2], ev_b[3]) == ("rel_b", 0, 2, "中芯")
    assert data["sentences"][ev_a[4]][1] == (
        "中芯国际在天津市扩产,天津市工业和信息化局局长夏青林介绍,2024年全市规上工业总产值达1.7万亿元。"
    )
    person = details[ID + "person/夏青林"]
    assert person["posts"] == ["市工业和信息化局局长 · 天津市工业和信息化局"]


def test_render_is_deterministic(graph: Graph, page: str) -> None:
    assert render_view(graph, title="fixture <b>&</b>") == page
    shuffled = Graph()
    for triple in sorted(graph, key=lambda t: tuple(reversed([str(x) for x in t]))):
        shuffled.add(triple)
    assert render_view(shuffled, title="fixture <b>&</b>") == page


def test_render_is_the_same_across_processes_and_hash_seeds(page: str, tmp_path: Path) -> None:
    script = (
        "import sys; from rdflib import Graph; from tjkg.view import write_view; "
        "g = Graph(); g.parse(sys.argv[1], format='turtle'); "
        "write_view(g, sys.argv[2], title='fixture <b>&</b>')"
    )
    for seed in ("1", "2"):
        out = tmp_path / f"graph-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed, "LANG": "C", "LC_ALL": "C"}
        subprocess.run([sys.executable, "-c", script, str(FIXTURE), str(out)], env=env, check=True)
        assert out.read_bytes() == page.encode("utf-8")


def test_a_dataset_of_release_graphs_gives_the_same_nodes(graph: Graph, page: str) -> None:
    ds = Dataset()
    for i, triple in enumerate(sorted(graph)):
        ds.graph(URIRef(f"https://w3id.org/tjkg/graph/part{i % 3}")).add(triple)
    assert block(render_view(ds), "nodes") == block(page, "nodes")


def test_communities_colouring(graph: Graph) -> None:
    page = render_view(graph, communities=True)
    data = block(page, "data")
    assert data["colourBy"] == "community"
    assert data["communities"] >= 1
    assert all("k" in d for d in data["details"])
    assert 'id="colour-community"' in page
    assert render_view(graph, communities=True) == page


def test_network_stays_global(page: str) -> None:
    assert "window.network = network" in page
    options = block(page, "options")
    assert options["physics"]["enabled"] is False


def test_write_view_writes_utf8_atomically(graph: Graph, page: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "graph.html"
    assert write_view(graph, target, title="fixture <b>&</b>") == target
    assert target.read_bytes() == page.encode("utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.html"]


def test_script_json_escapes_what_could_end_a_script() -> None:
    text = "</script><!-- & \u2028\u2029 中文"
    encoded = script_json({"t": text})
    assert not re.search("[<>&\u2028\u2029]", encoded)
    assert "中文" in encoded  # not ASCII-escaped
    assert json.loads(encoded) == {"t": text}


def test_empty_graph_renders(tmp_path: Path) -> None:
    page = render_view(Graph())
    assert block(page, "nodes") == [] and block(page, "edges") == []


def test_pyoxigraph_triples_give_the_same_page(graph: Graph, page: str) -> None:
    import pyoxigraph as ox

    triples = sorted(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TURTLE), key=str)
    assert render_view(triples, title="fixture <b>&</b>") == page


def test_more_entities_than_max_nodes_keeps_the_most_connected(graph: Graph) -> None:
    capped = render_view(graph, max_nodes=3)
    kept = {d["iri"] for d in block(capped, "data")["details"]}
    G = to_networkx(graph)
    ranked = sorted(G.degree(), key=lambda nd: (-nd[1], nd[0]))
    assert kept == {n for n, _ in ranked[:3]}
    assert "showing the 3 most connected of 6 entities" in capped
    edges = block(capped, "edges")
    assert all(e["from"] < 3 and e["to"] < 3 for e in edges)
    assert "most connected" not in render_view(graph)
    # the page with a cap is as deterministic as without
    assert render_view(graph, max_nodes=3) == capped
