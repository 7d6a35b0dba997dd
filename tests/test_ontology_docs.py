"""docs/ontology.html is pyLODE's documentation of the current ontology/tjkg.ttl."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

from tests.conftest import ROOT

DOCS = ROOT / "docs" / "ontology.html"
_JSONLD = re.compile(r'<script[^>]*type="application/ld\+json"[^>]*>(.*?)</script>', re.S)


def _split(html: str) -> tuple[list[str], Graph]:
    """The page's lines without its embedded JSON-LD, sorted (pyLODE does not fix the order
    of some lists), and that JSON-LD as a graph."""
    blocks = _JSONLD.findall(html)
    g = Graph()
    for block in blocks:
        g.parse(data=block, format="json-ld")
    return sorted(_JSONLD.sub("", html).splitlines()), g


def test_ontology_docs_are_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "ontology.html"
    subprocess.run([sys.executable, "-m", "pylode", str(ROOT / "ontology" / "tjkg.ttl"),
                    "--outputfile", str(out), "--css", "true", "--sort"],
                   check=True, capture_output=True)
    fresh_page, fresh_graph = _split(out.read_text(encoding="utf-8"))
    page, graph = _split(DOCS.read_text(encoding="utf-8"))
    assert fresh_page == page, "docs/ontology.html is stale: run scripts/ontology-docs.sh"
    assert isomorphic(fresh_graph, graph)


def test_ontology_docs_work_offline() -> None:
    html = DOCS.read_text(encoding="utf-8")
    assert not re.search(r'<script[^>]+src="https?://|<link[^>]+href="https?://[^"]+\.css', html)
    assert "制造业" in html or "企业" in html  # Chinese labels are documented
