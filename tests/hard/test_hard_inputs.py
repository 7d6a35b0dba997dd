"""Hard inputs: each gives a correct graph, or one line naming the file and problem (exit 2)
with out/ untouched; text from a release round-trips exactly through every export."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from tjkg.cli import main
from tjkg.namespaces import NIF

HOSTILE = '中芯"国际\\<script>alert(1)</script>{{x}}%20 <img src=x onerror=alert(1)>\u2028尾'


def _build(*args: str):
    return CliRunner().invoke(main, ["build", *args])


def _data(tmp_path: Path, text: str, mentions: list[dict] | None = None) -> Path:
    data = tmp_path / "data"
    (data / "releases").mkdir(parents=True)
    (data / "releases" / "r1.txt").write_text(text, encoding="utf-8")
    if mentions is not None:
        (data / "curated").mkdir()
        (data / "curated" / "r1.json").write_text(json.dumps(
            {"doc_id": "r1", "text_length": len(text), "mentions": mentions},
            ensure_ascii=False), encoding="utf-8")
    return data


def test_hostile_text_round_trips_through_every_export(tmp_path: Path) -> None:
    text = f"公司名称为{HOSTILE},\n在天津市建设项目。\n"
    start = text.index(HOSTILE)
    data = _data(tmp_path, text, [
        {"type": "enterprise", "text": HOSTILE, "start": start, "end": start + len(HOSTILE)}])
    out = tmp_path / "out"
    result = _build("--out", str(out), "--data-dir", str(data))
    assert result.exit_code == 0, result.output
    turtle = Graph().parse(out / "tjkg.ttl", format="turtle")
    assert (None, RDFS.label, Literal(HOSTILE, lang="zh")) in turtle
    assert (None, NIF.anchorOf, Literal(HOSTILE)) in turtle
    assert (None, NIF.isString, Literal(text)) in turtle
    jsonld = Graph().parse(out / "tjkg.jsonld", format="json-ld")
    assert (None, RDFS.label, Literal(HOSTILE, lang="zh")) in jsonld
    for name, fmt in (("tjkg.trig", ox.RdfFormat.TRIG), ("tjkg.nq", ox.RdfFormat.N_QUADS)):
        values = {q.object.value for q in ox.parse(path=str(out / name), format=fmt)
                  if isinstance(q.object, ox.Literal)}
        assert HOSTILE in values and text in values, name
    ds = Dataset()
    ds.parse(out / "tjkg.trig", format="trig")  # rdflib reads the TriG too
    release = ds.graph(URIRef("https://w3id.org/tjkg/graph/r1"))
    assert (None, RDFS.label, Literal(HOSTILE, lang="zh")) in release
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    query = CliRunner().invoke(main, ["query", "cq-entity-mentions", "--data", str(out),
                                      "--format", "json"])
    rows = json.loads(query.output)["rows"]
    assert {r["quote"] for r in rows} == {HOSTILE}


def test_release_without_entities_builds_an_empty_but_valid_graph(tmp_path: Path) -> None:
    data = _data(tmp_path, "今天天气很好,大家一起去散步。\n")
    result = _build("--out", str(tmp_path / "out"), "--data-dir", str(data))
    assert result.exit_code == 0, result.output
    g = Graph().parse(tmp_path / "out" / "tjkg.ttl", format="turtle")
    assert (None, NIF.isString, None) in g


def test_traditional_characters_are_read_and_extracted(tmp_path: Path) -> None:
    text = "天津市工業和信息化局局長介紹,全市規上工業總產值達到2.2萬億元。\n"
    data = _data(tmp_path, text)
    out = tmp_path / "out"
    result = _build("--out", str(out), "--data-dir", str(data))
    assert result.exit_code == 0, result.output
    stored = (out / "texts" / "r1.txt").read_text(encoding="utf-8")
    assert stored == text  # offsets count the text as written, not a converted copy
    g = Graph().parse(out / "tjkg.ttl", format="turtle")
    values = {str(o) for o in g.objects(None, None) if getattr(o, "datatype", None)}
    assert "2200000000000" in values


def test_oversized_release_is_refused_with_one_line(tmp_path: Path, monkeypatch) -> None:
    data = _data(tmp_path, "天津。\n")
    big = data / "releases" / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # a sparse 50 MB file
    result = _build("--out", str(tmp_path / "out"), "--data-dir", str(data))
    assert result.exit_code == 2
    assert "huge.txt" in result.output and "limit" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_skip_bad_builds_the_rest_and_lists_what_it_skipped(tmp_path: Path) -> None:
    data = _data(tmp_path, "天津市的企业。\n")
    (data / "releases" / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out"
    stopped = _build("--out", str(out), "--data-dir", str(data))
    assert stopped.exit_code == 2 and "bad.txt" in stopped.output and not out.exists()
    skipped = _build("--out", str(out), "--data-dir", str(data), "--skip-bad")
    assert skipped.exit_code == 0, skipped.output
    assert "skipped" in skipped.output and "bad.txt" in skipped.output
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["r1.txt"]


@pytest.mark.parametrize("content", [b"\xff\xfe\x00\xd8", b"\x00" * 10])
def test_undecodable_release(tmp_path: Path, content: bytes) -> None:
    data = _data(tmp_path, "天津。\n")
    (data / "releases" / "r1.txt").write_bytes(content)
    result = _build("--out", str(tmp_path / "out"), "--data-dir", str(data))
    assert result.exit_code == 2 and "r1.txt" in result.output
    assert "Traceback" not in result.output


def test_same_role_at_two_unresolved_organisations_is_two_posts(tmp_path: Path) -> None:
    """Regression: a post keyed on the role alone merged 副总经理 of two companies."""
    data = _data(tmp_path, "3月5日,华熙生物副总经理陈良文介绍。\n")
    (data / "releases" / "r2.txt").write_text("3月6日,合源生物副总经理崔伟介绍。\n",
                                              encoding="utf-8")
    out = tmp_path / "out"
    result = _build("--out", str(out), "--data-dir", str(data))
    assert result.exit_code == 0, result.output
    g = Graph().parse(out / "tjkg.ttl", format="turtle")
    from rdflib.namespace import ORG, RDF

    posts = {str(g.value(p, RDFS.label)) for p in g.subjects(RDF.type, ORG.Post)}
    assert posts == {"华熙生物副总经理", "合源生物副总经理"}
