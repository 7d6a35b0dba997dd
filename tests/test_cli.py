"""The CLI contract: artefacts, exit codes, determinism, errors that lose nothing."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from tests.conftest import DATA, MINI, ROOT
from tjkg.cli import main

ARTEFACTS = ["tjkg.ttl", "tjkg.trig", "tjkg.nq", "tjkg.jsonld", "graph.html", "validation.txt",
             "validation.ttl", "void.ttl", "texts/000_f2cf74afff9bdf34.txt"]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "out"
    result = run("build", "--out", str(out), "--data-dir", str(DATA))
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_every_artefact(seed_out: Path) -> None:
    for name in ARTEFACTS:
        assert (seed_out / name).is_file(), name
    assert "Conforms: yes" in (seed_out / "validation.txt").read_text(encoding="utf-8")


def test_stored_text_is_the_release(seed_out: Path) -> None:
    stored = (seed_out / "texts" / "000_f2cf74afff9bdf34.txt").read_bytes()
    assert stored == (DATA / "releases" / "000_f2cf74afff9bdf34.txt").read_bytes()


def test_turtle_is_byte_identical_across_builds(seed_out: Path, tmp_path: Path) -> None:
    result = run("build", "--out", str(tmp_path / "again"), "--data-dir", str(DATA))
    assert result.exit_code == 0
    for name in ("tjkg.ttl", "tjkg.trig", "tjkg.nq", "validation.txt"):
        assert (tmp_path / "again" / name).read_bytes() == (seed_out / name).read_bytes(), name


def test_turtle_parses_in_pyoxigraph_to_the_same_count(seed_out: Path) -> None:
    from rdflib import Graph

    g = Graph().parse(seed_out / "tjkg.ttl", format="turtle")
    ox_count = len(list(ox.parse(path=str(seed_out / "tjkg.ttl"), format=ox.RdfFormat.TURTLE)))
    assert ox_count == len(g) > 1000


def test_trig_has_one_graph_per_release_plus_ontology(seed_out: Path) -> None:
    graphs = {q.graph_name.value for q in ox.parse(path=str(seed_out / "tjkg.trig"),
                                                   format=ox.RdfFormat.TRIG)}
    assert graphs == {"https://w3id.org/tjkg/graph/000_f2cf74afff9bdf34",
                      "https://w3id.org/tjkg/graph/ontology"}


def test_jsonld_parses(seed_out: Path) -> None:
    from rdflib import Graph

    g = Graph().parse(seed_out / "tjkg.jsonld", format="json-ld")
    assert set(g) == set(Graph().parse(seed_out / "tjkg.ttl", format="turtle"))


def test_void_describes_the_source(seed_out: Path) -> None:
    text = (seed_out / "void.ttl").read_text(encoding="utf-8")
    assert "天津发布" in text and "void:triples" in text


def test_query_command_formats(seed_out: Path) -> None:
    table = run("query", "cq-speakers-roles", "--data", str(seed_out))
    assert table.exit_code == 0 and "夏青林" in table.output
    as_json = run("query", "cq-speakers-roles", "--data", str(seed_out), "--format", "json")
    rows = json.loads(as_json.output)["rows"]
    assert {r["speaker"] for r in rows} >= {"夏青林", "陈良文", "崔伟", "穆欣全"}
    csv = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--data", str(seed_out),
              "--format", "csv")
    assert csv.output.splitlines()[0] == "n" and int(csv.output.splitlines()[1]) > 1000


def test_validate_command(seed_out: Path, tmp_path: Path) -> None:
    ok = run("validate", str(seed_out / "tjkg.ttl"))
    assert ok.exit_code == 0, ok.output
    broken = tmp_path / "broken.ttl"
    text = (seed_out / "tjkg.ttl").read_text(encoding="utf-8")
    broken.write_text(re.sub(r'rdfs:label "SMIC"@en , "中芯国际"@zh', 'rdfs:label "SMIC"@en',
                             text), encoding="utf-8")
    bad = run("validate", str(broken))
    assert bad.exit_code == 1
    assert "中芯国际" in bad.output or "SMIC" in bad.output


def test_extract_prints_gold_shaped_json(tmp_path: Path) -> None:
    result = run("extract", str(DATA / "releases" / "000_f2cf74afff9bdf34.txt"),
                 "--data-dir", str(DATA))
    obj = json.loads(result.output)
    assert obj["doc_id"] == "000_f2cf74afff9bdf34" and obj["text_length"] == 2595
    text = (DATA / "releases" / "000_f2cf74afff9bdf34.txt").read_text(encoding="utf-8")
    assert all(text[m["start"]:m["end"]] == m["text"] for m in obj["mentions"])


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("breakage", ["empty", "curated", "missing"])
def test_input_error_exits_2_and_leaves_out_untouched(tmp_path: Path, breakage: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    out = tmp_path / "out"
    assert run("build", "--out", str(out), "--data-dir", str(data), "--no-view").exit_code == 0
    before = _snapshot(out)
    source = data / "releases"
    if breakage == "empty":
        (data / "releases" / "mini_002.txt").write_bytes(b"")
        problem = "mini_002.txt: empty release"
    elif breakage == "curated":
        (data / "curated" / "mini_001.json").write_text("{", encoding="utf-8")
        problem = "mini_001.json: JSON syntax error"
    else:
        source = data / "nothing-here"
        problem = "nothing-here: no such file or folder"
    result = CliRunner().invoke(main, ["build", str(source), "--out", str(out), "--data-dir",
                                       str(data)])
    assert result.exit_code == 2
    assert problem in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _snapshot(out) == before


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--out", str(blocker / "out"), "--data-dir",
                                       str(MINI), "--no-view"])
    assert result.exit_code == 2 and "is a file, not a folder" in result.output


def test_full_disk_exits_2(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    from tjkg import export

    real = export.write_bytes

    def to_dev_full(path: Path, data: bytes) -> None:  # the kernel answers ENOSPC
        real(Path("/dev/full"), data)

    export.write_bytes = to_dev_full
    try:
        result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"),
                                           "--data-dir", str(MINI), "--no-view"])
    finally:
        export.write_bytes = real
    assert result.exit_code == 2 and "disk full" in result.output
    assert not (tmp_path / "out").exists()
    assert not list(tmp_path.glob(".out.tmp-*"))


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"tjkg {name}" in readme, name


def test_extract_review_writes_low_confidence_mentions_in_curated_format(tmp_path: Path) -> None:
    from decimal import Decimal

    from tjkg.curated import load_curated
    from tjkg.sources import read_release

    release = tmp_path / "r1.txt"
    shutil.copy(DATA / "releases" / "000_f2cf74afff9bdf34.txt", release)
    result = CliRunner().invoke(main, ["extract", str(release), "--review", "--data-dir",
                                       str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    path = tmp_path / "data" / "curated" / "review" / "r1.json"
    obj = json.loads(path.read_text(encoding="utf-8"))
    assert obj["complete"] is False and obj["mentions"]
    assert all(Decimal(m["confidence"]) < Decimal("0.7") for m in obj["mentions"])
    curated = load_curated(path, read_release(release))  # accepted as curated data
    assert not curated.complete and len(curated.mentions) == len(obj["mentions"])


def test_analyze_prints_centrality_communities_and_exports(seed_out: Path,
                                                           tmp_path: Path) -> None:
    import networkx as nx

    result = run("analyze", "--data", str(seed_out), "--top", "3", "--export", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "most central by degree" in result.output and "communities" in result.output
    assert "天津市" in result.output
    graphml = nx.read_graphml(tmp_path / "graph.graphml")
    assert graphml.number_of_nodes() == nx.read_gexf(tmp_path / "graph.gexf").number_of_nodes()
    assert graphml.number_of_nodes() > 50
