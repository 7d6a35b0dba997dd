"""The interactive HTML view of a tjkg graph: one self-contained, safe, reproducible file.

``render_view(graph)`` returns a complete HTML document; ``write_view(graph, path)`` writes
it as UTF-8, atomically. The page is drawn by vis-network through pyvis, with every asset
inlined (pyvis's own template links bootstrap and vis from CDNs and writes in the locale's
encoding, so tjkg renders its own template through ``Network.generate_html``):

- nodes are entities only (:data:`tjkg.analytics.ENTITY_CLASSES`); labels, aliases,
  values and quotes are shown in the node's panel, never as nodes;
- colour and shape by class, with a legend whose checkboxes filter classes; optional
  colouring by Louvain community;
- a search box over zh/en labels and aliases, a zh/en label switch;
- a click panel with type, labels, links, observations (value, unit, period, bound) and
  the quoted source sentence(s) with release id and offsets;
- node size from degree centrality; positions precomputed in Python (fixed seed) and
  physics off, so 5,000 nodes draw at once and the page is byte-for-byte reproducible;
- the vis ``network`` object is ``window.network``; ``window.tjkgView`` exposes the
  page's state (``drawnAt``, ``visibleIds()``, ``showPanel(id)``) for scripts and tests.

Observations are not nodes: at corpus scale they outnumber entities and each is a leaf
on its indicator and area, which turns every place into a hairball. They are listed in
the panel of their area (``sdmx-dimension:refArea``) and of the entity they are about
(``tjkg:aboutEntity``), one row per value, with the indicator's name and the quote.

Safety: all data goes into ``<script type="application/json">`` blocks as JSON with
``<``, ``>``, ``&``, U+2028, U+2029 (and lone surrogates) escaped as ``\\uXXXX``, so no
text from a release can close the block; the page script builds the panel with
``textContent`` only; vis-network 9.1.2 shows a string ``title`` with ``innerText``.
A Content-Security-Policy meta tag forbids every network fetch.
"""

from __future__ import annotations

import bisect
import gc
import html
import json
import math
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDFS, SKOS

from . import analytics
from .namespaces import NIF, SDMXATT, SDMXDIM, SDMXMEAS, TJKG

__all__ = ["CLASS_STYLES", "render_view", "script_json", "write_view"]

#: Class local name → (zh name, en name, colour, vis shape). Shapes keep labels outside.
CLASS_STYLES: dict[str, tuple[str, str, str, str]] = {
    "Enterprise": ("企业", "Enterprise", "#1f77b4", "dot"),
    "ResearchInstitute": ("科研院所", "Research institute", "#17becf", "hexagon"),
    "GovernmentBody": ("政府部门", "Government body", "#d62728", "square"),
    "Person": ("人物", "Person", "#e377c2", "triangle"),
    "Project": ("项目", "Project", "#ff7f0e", "diamond"),
    "IndustrialPark": ("园区", "Industrial park", "#8c564b", "square"),
    "IndustrialCluster": ("产业集群", "Industrial cluster", "#2ca02c", "hexagon"),
    "IndustrialChain": ("产业链", "Industrial chain", "#74c476", "triangleDown"),
    "IndustryAlliance": ("产业联盟", "Industry alliance", "#bcbd22", "star"),
    "IndustrialGrouping": ("产业组织", "Industrial grouping", "#31a354", "dot"),
    "Place": ("地区", "Place", "#9467bd", "triangleDown"),
    "Policy": ("政策", "Policy", "#e6550d", "star"),
    "Designation": ("认定称号", "Designation", "#fdae6b", "star"),
    "Programme": ("计划", "Programme", "#c49c94", "star"),
    "Product": ("产品成果", "Product", "#393b79", "diamond"),
}

#: Relation local name → (zh, en) as shown on edges and in the panel.
RELATION_LABELS: dict[str, tuple[str, str]] = {
    "locatedIn": ("位于", "located in"),
    "builds": ("建设", "builds"),
    "operates": ("运营", "operates"),
    "investsIn": ("投资", "invests in"),
    "memberOf": ("成员", "member of"),
    "partOf": ("组成部分", "part of"),
    "designatedUnder": ("入选", "designated under"),
    "producedBy": ("研制方", "produced by"),
    "ledBy": ("牵头", "led by"),
    "issuedBy": ("发布方", "issued by"),
    "jurisdiction": ("管辖", "jurisdiction"),
    "subOrganizationOf": ("隶属", "sub-organisation of"),
    analytics.HOLDS_POST_IN: ("任职", "holds a post in"),
}

#: Community colours (colour-blind-safe-ish, cycled), used when ``communities=True``.
COMMUNITY_PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac", "#1b9e77", "#d95f02", "#7570b3", "#e7298a",
    "#66a61e", "#e6ab02", "#a6761d", "#666666", "#8dd3c7", "#fb8072",
)  # fmt: skip

_SENTENCE_END = frozenset("。！？!?；;\n")
_MAX_SENTENCE = 240
_SPRING_LIMIT = 500  # whole-graph spring layout below this many nodes (dense numpy)
_EDGE_LABEL_LIMIT = 400  # draw edge labels only on small graphs
#: Most entities one page shows: a browser draws 5,000 nodes in a few seconds; beyond that,
#: the most connected entities are shown and the page says how many were left out.
MAX_NODES = 5000

_UNSAFE_IN_SCRIPT = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def _escape_script(text: str) -> str:
    """``<``, ``>``, ``&``, U+2028, U+2029 and lone surrogates as JSON ``\\uXXXX`` escapes."""
    return _UNSAFE_IN_SCRIPT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def script_json(value: Any) -> str:
    """JSON safe to place inside a ``<script>`` element (UTF-8, not ASCII-escaped).

    >>> script_json({"q": "</script><b>&\u2028"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _escape_script(text)


# --------------------------------------------------------------------------- reading RDF

_S = str  # predicate IRIs as plain strings, to match analytics.TripleIndex
_LABEL = _S(RDFS.label)
_PREF_LABEL = _S(SKOS.prefLabel)
_ALT_LABELS = frozenset({_S(SKOS.altLabel), _S(SKOS.hiddenLabel), _PREF_LABEL})
_ALL_LABELS = _ALT_LABELS | {_LABEL}
_VOCAB_LABELS = frozenset({_LABEL, _PREF_LABEL})
_EVIDENCE = _S(TJKG.evidence)
_HOLDS = _S(ORG.holds)
_POST_IN = _S(ORG.postIn)
_IDENTIFIER = _S(DCTERMS.identifier)
_TITLE = _S(DCTERMS.title)
_IS_STRING = _S(NIF.isString)
_CONTEXT = _S(NIF.referenceContext)
_BEGIN = _S(NIF.beginIndex)
_END = _S(NIF.endIndex)
_ANCHOR = _S(NIF.anchorOf)
_OBSERVATION = _S(TJKG.Observation)
_OBS_LABELLED = (
    ("ind", _S(TJKG.indicator)),
    ("period", _S(SDMXDIM.refPeriod)),
    ("unit", _S(SDMXATT.unitMeasure)),
    ("bound", _S(TJKG.bound)),
    ("status", _S(TJKG.status)),
    ("written", _S(TJKG.valueAsWritten)),
    ("cmp", _S(TJKG.comparison)),
)
_OBS_VALUE = _S(SDMXMEAS.obsValue)
_REDACTED = _S(TJKG.redacted)
_OBS_TARGETS = (("area", _S(SDMXDIM.refArea)), ("about", _S(TJKG.aboutEntity)))


def _lit_labels(pairs: list[tuple], predicates: frozenset[str]) -> tuple[list[str], list[str]]:
    zh: list[str] = []
    en: list[str] = []
    for p, o in pairs:
        if p in predicates and isinstance(o, Literal):
            lang = (o.language or "").lower()
            (en if lang.startswith("en") else zh).append(str(o))
    return sorted(set(zh)), sorted(set(en))


def _utf16(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (JavaScript string offsets)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class _Reader:
    """Reads what the panel shows (labels, spans, sentences) from a triple index."""

    def __init__(self, index: analytics.TripleIndex) -> None:
        self.index = index
        self.releases: list[dict[str, str]] = []
        self._release_index: dict[str, int] = {}
        self._release_text: dict[int, str] = {}
        self.sentences: list[list[Any]] = []
        self._sentence_index: dict[tuple[int, int, int], int] = {}
        self._spans: dict[str, list[Any] | None] = {}
        self._labels: dict[str, str] = {}
        self._stops: dict[int, list[int]] = {}

    def label(self, node: Any) -> str:
        """The @zh (else any) label of a vocabulary node, else its IRI's last segment."""
        if isinstance(node, Literal):
            return str(node)
        key = str(node)
        if key not in self._labels:
            zh, en = _lit_labels(self.index.pairs(key), _VOCAB_LABELS)
            self._labels[key] = (zh or en or [analytics.local_name(key)])[0]
        return self._labels[key]

    def release(self, iri: str) -> int:
        if iri not in self._release_index:
            pairs = dict(self.index.pairs(iri))
            identifier = pairs.get(_IDENTIFIER)
            title = pairs.get(_TITLE)
            r = self._release_index[iri] = len(self.releases)
            self.releases.append(
                {
                    "id": str(identifier) if identifier else analytics.local_name(iri),
                    "title": str(title) if title else "",
                }
            )
            text = pairs.get(_IS_STRING)
            self._release_text[r] = str(text) if text else ""
        return self._release_index[iri]

    def _sentence(self, r: int, begin: int, end: int) -> tuple[int, int, int]:
        """(sentence index, mark start, mark end), the marks in UTF-16 units.

        The sentence runs from after the previous 。！？；!?; or newline to the next one
        (inclusive), at most ``_MAX_SENTENCE`` characters either side of the quote.
        """
        text = self._release_text[r]
        if r not in self._stops:
            self._stops[r] = [i for i, ch in enumerate(text) if ch in _SENTENCE_END]
        stops = self._stops[r]
        k = bisect.bisect_left(stops, begin)  # first stop at or after begin
        start = max(stops[k - 1] + 1 if k > 0 else 0, begin - _MAX_SENTENCE)
        k = bisect.bisect_left(stops, end - 1)  # first stop in the quote's last char or after
        stop = min(stops[k] + 1 if k < len(stops) else len(text), end + _MAX_SENTENCE)
        while start < begin and text[start].isspace():
            start += 1
        key = (r, start, stop)
        if key not in self._sentence_index:
            self._sentence_index[key] = len(self.sentences)
            self.sentences.append([r, start, text[start:stop].rstrip()])
        return self._sentence_index[key], _utf16(text[start:begin]), _utf16(text[start:end])

    def span(self, iri: str) -> list[Any] | None:
        """``[release, begin, end, anchor, sentence, mark start, mark end]`` of a span.

        ``sentence`` is -1 when the release text is missing or disagrees with the
        span's offsets; the panel then shows the anchor alone.
        """
        if iri not in self._spans:
            pairs = dict(self.index.pairs(iri))
            context = pairs.get(_CONTEXT)
            if context is None:
                self._spans[iri] = None
                return None
            r = self.release(str(context))
            begin = _int(pairs.get(_BEGIN))
            end = _int(pairs.get(_END))
            anchor = str(pairs.get(_ANCHOR, ""))
            text = self._release_text[r]
            sentence, mark0, mark1 = -1, 0, 0
            if 0 <= begin < end <= len(text) and (not anchor or text[begin:end] == anchor):
                anchor = anchor or text[begin:end]
                sentence, mark0, mark1 = self._sentence(r, begin, end)
            self._spans[iri] = [r, begin, end, anchor, sentence, mark0, mark1]
        return self._spans[iri]


def _int(value: Any) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1


def _collect(triples: analytics.TripleIndex, index: dict[str, int]) -> dict[str, Any]:
    """The panel data of every node, observations and the sentences they quote."""
    reader = _Reader(triples)
    details: list[dict[str, Any]] = []
    for iri in index:
        pairs = sorted(
            set(triples.pairs(iri)), key=lambda po: (po[0], type(po[1]).__name__, str(po[1]))
        )
        zh, en = _lit_labels(pairs, frozenset({_LABEL}))
        alt_zh, alt_en = _lit_labels(pairs, _ALT_LABELS)
        item: dict[str, Any] = {"iri": iri}
        item["alt"] = sorted(set(alt_zh + alt_en + zh[1:] + en[1:]))
        props: list[list[str]] = []
        evidence: list[list[Any]] = []
        posts: list[str] = []
        for p, o in pairs:
            if p == _EVIDENCE and isinstance(o, URIRef):
                span = reader.span(str(o))
                if span is not None:
                    evidence.append(span)
            elif p == _HOLDS:
                post = reader.label(o)
                orgs = sorted(reader.label(x) for x in triples.objects(str(o), _POST_IN))
                posts.append(" · ".join([post, *orgs]))
            elif isinstance(o, Literal) and p not in _ALL_LABELS:
                props.append([analytics.local_name(p), str(o)])
        if props:
            item["props"] = props
        if posts:
            item["posts"] = sorted(posts)
        if evidence:
            item["ev"] = sorted(evidence, key=lambda s: (reader.releases[s[0]]["id"], s[1], s[2]))
        details.append(item)

    observations: list[dict[str, Any]] = []
    for obs in sorted(set(triples.subjects_of_type(_OBSERVATION))):
        pairs = dict(triples.pairs(obs))
        row: dict[str, Any] = {}
        for key, pred in _OBS_LABELLED:
            if pred in pairs:
                row[key] = reader.label(pairs[pred])
        if _OBS_VALUE in pairs:
            row["value"] = str(pairs[_OBS_VALUE])
        if str(pairs.get(_REDACTED, "")).lower() == "true":
            row["redacted"] = True
        for key, pred in _OBS_TARGETS:
            target = index.get(str(pairs.get(pred, "")))
            if target is not None:
                row[key] = target
        if "area" not in row and "about" not in row:
            continue
        spans = {str(s) for s in triples.objects(obs, _EVIDENCE)}
        ev = sorted(
            (s for s in map(reader.span, sorted(spans)) if s is not None),
            key=lambda s: (s[0], s[1], s[2]),
        )
        if ev:
            row["ev"] = ev
        n = len(observations)
        observations.append(row)
        for key in ("area", "about"):
            if key in row:
                details[row[key]].setdefault("obs", []).append(n)
    for item in details:
        if "obs" in item:
            item["obs"] = sorted(
                set(item["obs"]),
                key=lambda n: (
                    observations[n].get("ind", ""),
                    observations[n].get("period", ""),
                    n,
                ),
            )
    return {
        "details": details,
        "observations": observations,
        "releases": reader.releases,
        "sentences": [[r, text] for r, _, text in reader.sentences],
    }


# ----------------------------------------------------------------------------- layout


def _sunflower(count: int, spacing: float) -> list[tuple[float, float]]:
    """``count`` points on a Vogel spiral: evenly spread over a disc, first at the centre."""
    golden = math.pi * (3 - math.sqrt(5))
    points = [(0.0, 0.0)]  # the hub; the others keep clear of its larger symbol
    for i in range(1, count):
        r = spacing * math.sqrt(i + 1.5)
        points.append((r * math.cos(i * golden), r * math.sin(i * golden)))
    return points[:count]


def _spring(H: nx.Graph, seed: int, iterations: int = 100) -> dict[str, tuple[float, float]] | None:
    try:
        import numpy  # noqa: F401  (networkx's spring layout needs it)
    except ImportError:
        return None
    pos = nx.spring_layout(H, seed=seed, iterations=iterations, method="force")
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def _label_groups(H: nx.Graph, *, seed: int = 0) -> list[list[str]]:
    """Groups for the layout of a large graph: fast label propagation (seeded, sorted)."""
    if len(H) == 0:
        return []
    found = nx.community.fast_label_propagation_communities(H, seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def _bfs_order(H: nx.Graph, block: list[str], degree: dict[str, int]) -> list[str]:
    """``block`` from its best connected node outwards, neighbours by degree, then id."""
    members = set(block)
    rank = sorted(block, key=lambda n: (-degree.get(n, 0), n))
    seen: set[str] = set()
    order: list[str] = []
    for root in rank:
        if root in seen:
            continue
        seen.add(root)
        queue = [root]
        while queue:
            nxt: list[str] = []
            for n in queue:
                order.append(n)
                for m in sorted(H[n], key=lambda m: (-degree.get(m, 0), m)):
                    if m in members and m not in seen:
                        seen.add(m)
                        nxt.append(m)
            queue = nxt
    return order


def _layout(
    H: nx.Graph, groups: list[list[str]], degree: dict[str, int], *, seed: int = 0
) -> dict[str, tuple[int, int]]:
    """Positions in pixels, packed as discs: one per group, largest first, in rows.

    Small graphs (under ``_SPRING_LIMIT`` nodes) are grouped by connected component and
    each component gets networkx's seeded spring layout; isolated nodes share one disc.
    Large graphs are grouped by ``groups`` (communities) and each disc holds its nodes
    on a sunflower spiral in breadth-first order from its best connected node (hub in
    the middle, neighbours around it): O(n log n), well under a second at 5,000 nodes,
    and nothing left for physics to do in the browser.
    """
    spacing = 28.0
    small = len(H) < _SPRING_LIMIT
    if small:
        groups = sorted(
            (sorted(c) for c in nx.connected_components(H)), key=lambda c: (-len(c), c[0])
        )
    singles = [c[0] for c in groups if len(c) == 1]
    blocks = [c for c in groups if len(c) > 1]
    if singles:
        blocks.append(sorted(singles))
    discs: list[tuple[float, list[tuple[str, float, float]]]] = []
    for block in blocks:
        spring = _spring(H.subgraph(block), seed) if small and len(block) > 2 else None
        if spring is not None:
            radius = spacing * 3.5 * math.sqrt(len(block))
            points = [(n, spring[n][0] * radius, spring[n][1] * radius) for n in sorted(block)]
        else:
            order = _bfs_order(H, block, degree)
            points = [
                (n, dx, dy)
                for n, (dx, dy) in zip(order, _sunflower(len(order), spacing), strict=True)
            ]
            radius = spacing * math.sqrt(len(order) + 1.5)
        discs.append((radius + spacing, points))
    total = sum((2 * r) ** 2 for r, _ in discs)
    width = max(math.sqrt(total) * 1.15, 2 * discs[0][0] if discs else 0.0)
    rows: list[list[tuple[float, list[tuple[str, float, float]]]]] = [[]]
    used = 0.0
    for radius, points in discs:  # shelf packing, largest first
        if rows[-1] and used + 2 * radius > width:
            rows.append([])
            used = 0.0
        rows[-1].append((radius, points))
        used += 2 * radius
    heights = [2 * max((r for r, _ in row), default=0.0) for row in rows]
    pos: dict[str, tuple[int, int]] = {}
    y = -sum(heights) / 2
    for row, height in zip(rows, heights, strict=True):
        x = -sum(2 * r for r, _ in row) / 2
        for radius, points in row:
            cx, cy = x + radius, y + height / 2
            for n, dx, dy in points:
                pos[n] = (round(cx + dx), round(cy + dy))
            x += 2 * radius
        y += height
    return pos


# ------------------------------------------------------------------------------- page


@cache
def _assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside pyvis (9.1.2, complete and standalone)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    for name, text, closer in (("JS", js, "</script"), ("CSS", css, "</style")):
        if closer in text.lower() or "<!--" in text:
            raise RuntimeError(f"vis-network {name} cannot be inlined as is")
    return js, css


_SHAPE_SVG = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "triangle": '<polygon points="8,1 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15"/>',
    "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"/>',
    "star": '<polygon points="8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.7 3.2,15 5,9.5 0.5,6 6,6"/>',
}


def _swatch(shape: str, colour: str) -> str:
    return (
        f'<svg class="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">'
        f'<g fill="{colour}" stroke="#333" stroke-width="0.8">{_SHAPE_SVG[shape]}</g></svg>'
    )


def _legend_html(classes: list[dict[str, Any]]) -> str:
    rows = []
    for i, c in enumerate(classes):
        rows.append(
            f'<li data-class="{html.escape(c["key"])}"><label>'
            f'<input type="checkbox" class="class-filter" value="{i}" checked> '
            f"{_swatch(c['shape'], c['color'])} "
            f'<span class="cls-zh">{html.escape(c["zh"])}</span> '
            f'<span class="cls-en">{html.escape(c["en"])}</span> '
            f'<span class="count">{c["count"]}</span></label></li>'
        )
    return "\n".join(rows)


def render_view(graph: Graph | Sequence[Any], *, title: str = "tjkg",
                communities: bool = False, max_nodes: int | None = MAX_NODES) -> str:
    """A complete, self-contained HTML document showing ``graph``'s entities.

    ``graph`` is an rdflib Graph or a list of pyoxigraph triples (a build's merged graph).
    With more than ``max_nodes`` entities, the ``max_nodes`` with the most links are shown
    (ties by IRI) and the page states the total.

    ``communities=True`` colours nodes by Louvain community (seed 0) instead of class
    (shapes still show the class, and a switch on the page goes back to class colours).
    The same graph always gives the same bytes.
    """
    # The cyclic garbage collector finds nothing to free here but, with a corpus graph in
    # memory, its full passes cost about a third of the run time: pause it meanwhile.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _render(graph, title=title, communities=communities, max_nodes=max_nodes)
    finally:
        if was_enabled:
            gc.enable()


def _render(graph: Graph | Sequence[Any], *, title: str, communities: bool,
            max_nodes: int | None) -> str:
    from pyvis.network import Network

    triples = analytics.TripleIndex(graph)
    G = analytics.to_networkx(triples)
    total = len(G)
    if max_nodes is not None and total > max_nodes:
        keep = {n for n, _ in sorted(G.degree(), key=lambda nd: (-nd[1], nd[0]))[:max_nodes]}
        kept = nx.MultiDiGraph()  # built in G's (sorted) order: a subgraph view's is not
        kept.add_nodes_from((n, G.nodes[n]) for n in G.nodes if n in keep)
        kept.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)
                            if u in keep and v in keep)
        G = kept
    ids = list(G.nodes)  # sorted by IRI in to_networkx
    index = {iri: i for i, iri in enumerate(ids)}
    H = nx.Graph()
    H.add_nodes_from(ids)
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    degree = dict(H.degree())
    centrality = nx.degree_centrality(H) if len(H) > 1 else dict.fromkeys(H, 0.0)
    top_centrality = max(centrality.values(), default=0.0) or 1.0
    # Louvain when asked for communities; for the layout alone, label propagation is
    # ~10x faster and groups as well.
    groups = analytics.communities(H, seed=0) if communities else _label_groups(H, seed=0)
    community_of = {n: k for k, group in enumerate(groups) for n in group}
    positions = _layout(H, groups, degree, seed=0)
    data = _collect(triples, index)

    present = sorted({G.nodes[n]["cls"] for n in ids}, key=list(CLASS_STYLES).index)
    class_index = {c: i for i, c in enumerate(present)}
    counts = defaultdict(int)
    for n in ids:
        counts[G.nodes[n]["cls"]] += 1
    classes = [
        {
            "key": c,
            "zh": CLASS_STYLES[c][0],
            "en": CLASS_STYLES[c][1],
            "color": CLASS_STYLES[c][2],
            "shape": CLASS_STYLES[c][3],
            "count": counts[c],
        }
        for c in present
    ]

    vis_nodes: list[dict[str, Any]] = []
    for i, iri in enumerate(ids):
        attrs = G.nodes[iri]
        style = CLASS_STYLES[attrs["cls"]]
        zh = attrs.get("label_zh", "")
        en = attrs.get("label_en", "")
        label = zh or en or analytics.local_name(iri)
        detail = data["details"][i]
        detail.update({"c": class_index[attrs["cls"]], "zh": zh, "en": en})
        if communities:
            detail["k"] = community_of[iri]
        colour = (
            COMMUNITY_PALETTE[community_of[iri] % len(COMMUNITY_PALETTE)]
            if communities
            else style[2]
        )
        x, y = positions.get(iri, (0, 0))
        vis_nodes.append(
            {
                "id": i,
                "label": label,
                "title": f"{label} · {style[0]} {style[1]}",  # plain text: shown via innerText
                "shape": style[3],
                "color": colour,
                "size": round(10 + 20 * math.sqrt(centrality[iri] / top_centrality), 1),
                "x": x,
                "y": y,
            }
        )
    vis_edges: list[dict[str, Any]] = []
    edge_labels = G.number_of_edges() <= _EDGE_LABEL_LIMIT
    for u, v, key, attrs in G.edges(keys=True, data=True):
        zh, en = RELATION_LABELS.get(key, (key, key))
        edge: dict[str, Any] = {"id": len(vis_edges), "from": index[u], "to": index[v], "p": key}
        edge["title"] = f"{zh} {en}" + (
            f" · {attrs['post_label']}" if attrs.get("post_label") else ""
        )
        if edge_labels:
            edge["label"] = zh
        vis_edges.append(edge)

    large = len(ids) > 1000
    options = {
        "autoResize": True,
        "physics": {"enabled": False, "stabilization": {"enabled": False}},
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "interaction": {
            "hover": not large,
            "tooltipDelay": 250,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {
                "size": 13,
                "face": 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", '
                "sans-serif",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "smooth": False,
            # arrow heads are a tenth of the first draw at 5,000 nodes; the panel
            # shows each link's direction (→ / ←) either way
            "arrows": {"to": {"enabled": not large, "scaleFactor": 0.45}},
            "color": {
                "color": "#9aa3ad",
                "highlight": "#222222",
                "hover": "#444444",
                "opacity": 0.7,
            },
            "width": 0.8,
            "font": {"size": 10, "color": "#555555", "strokeWidth": 2, "align": "middle"},
        },
    }

    details = {
        "classes": classes,
        "relations": {k: list(v) for k, v in RELATION_LABELS.items()},
        "communities": len(groups) if communities else 0,
        "palette": list(COMMUNITY_PALETTE),
        "colourBy": "community" if communities else "class",
        **data,
    }

    # pyvis holds the network (nodes, edges, options) and renders the page; its
    # quadratic add_node / add_edge are bypassed by filling its lists directly.
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = vis_nodes
    net.edges = vis_edges
    net.node_ids = list(range(len(vis_nodes)))
    net.node_map = dict(enumerate(vis_nodes))
    net.options = options
    js, css = _assets()
    from jinja2 import Environment

    env = Environment(autoescape=False, keep_trailing_newline=True)
    env.filters["script_json"] = script_json
    env.filters["script_safe"] = _escape_script
    net.template = env.from_string(
        _TEMPLATE,
        globals={
            "page_title": html.escape(title),
            "vis_js": js,
            "vis_css": css,
            "own_css": _CSS,
            "app_js": _APP_JS,
            "details_json": script_json(details),
            "legend_html": _legend_html(classes),
            "n_nodes": len(vis_nodes),
            "n_edges": len(vis_edges),
            "n_total": total,
            "show_colour_switch": communities,
        },
    )
    # notebook=True makes pyvis render net.template (ours) instead of its own file.
    return net.generate_html(notebook=True)


def write_view(graph: Graph, path: str | os.PathLike[str], **kw: Any) -> Path:
    """Write :func:`render_view`'s page to ``path`` as UTF-8, atomically (temp + replace)."""
    page = render_view(graph, **kw).encode("utf-8")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(page)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


_TEMPLATE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>{{ page_title }}</title>
<style>{{ vis_css }}</style>
<style>{{ own_css }}</style>
</head>
<body>
<header id="bar">
  <h1>{{ page_title }}</h1>
  <input id="search" type="search" autocomplete="off" spellcheck="false"
         placeholder="搜索 名称 / 别名 · search name or alias" aria-label="search">
  <span class="switch" role="group" aria-label="label language">
    <button type="button" id="lang-zh" class="on">中文</button><button
     type="button" id="lang-en">EN</button>
  </span>
  {% if show_colour_switch %}<span class="switch" role="group" aria-label="colour by">
    <button type="button" id="colour-class">类别 class</button><button
     type="button" id="colour-community">社区 community</button>
  </span>{% endif %}
  <span id="status">{{ n_nodes }} / {{ n_nodes }}</span>
</header>
<main>
<nav id="side">
  <h2><span class="i18n" data-zh="类别" data-en="Classes">类别</span>
    <button type="button" id="all-classes" class="link">全选 all</button></h2>
  <ul id="legend">
{{ legend_html }}
  </ul>
  <p class="note" id="community-note"></p>
  <p class="note">{{ n_nodes }} 实体 entities · {{ n_edges }} 关系 links</p>
  {% if n_total > n_nodes %}<p class="note" id="truncated">
   显示连接最多的 {{ n_nodes }} 个实体（共 {{ n_total }} 个）·
   showing the {{ n_nodes }} most connected of {{ n_total }} entities</p>{% endif %}
  <ol id="results"></ol>
</nav>
<div id="mynetwork" role="application" aria-label="graph"></div>
<aside id="panel" hidden>
  <button type="button" id="panel-close" aria-label="close">×</button>
  <div id="panel-body"></div>
</aside>
</main>
<script type="application/json" id="tjkg-nodes">{{ nodes|script_json }}</script>
<script type="application/json" id="tjkg-edges">{{ edges|script_json }}</script>
<script type="application/json" id="tjkg-options">{{ options|script_safe }}</script>
<script type="application/json" id="tjkg-data">{{ details_json }}</script>
<script>{{ vis_js }}</script>
<script>
var network;
{{ app_js }}
</script>
</body>
</html>
"""

_CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 14px/1.45 system-ui, "Noto Sans CJK SC",
  "PingFang SC", "Microsoft YaHei", sans-serif; color: #222; background: #fafafa; }
body { display: flex; flex-direction: column; }
#bar { display: flex; gap: 12px; align-items: center; padding: 6px 12px;
  border-bottom: 1px solid #ddd; background: #fff; flex: none; }
#bar h1 { font-size: 16px; margin: 0 8px 0 0; white-space: nowrap; }
#search { flex: 0 1 360px; padding: 5px 8px; border: 1px solid #bbb; border-radius: 4px;
  font: inherit; }
.switch button { font: inherit; padding: 3px 8px; border: 1px solid #bbb; background: #fff;
  cursor: pointer; }
.switch button:first-child { border-radius: 4px 0 0 4px; }
.switch button:last-child { border-radius: 0 4px 4px 0; border-left: none; }
.switch button.on { background: #333; color: #fff; border-color: #333; }
#status { color: #666; margin-left: auto; white-space: nowrap; }
main { flex: 1; display: flex; min-height: 0; position: relative; }
#side { width: 260px; flex: none; overflow: auto; padding: 8px 10px; border-right: 1px solid #ddd;
  background: #fff; }
#side h2 { font-size: 13px; margin: 4px 0; display: flex; justify-content: space-between; }
#legend { list-style: none; margin: 0; padding: 0; }
#legend li label { display: flex; align-items: center; gap: 4px; cursor: pointer; padding: 1px 0; }
#legend .cls-zh { white-space: nowrap; }
#legend .cls-en { color: #777; font-size: 12px; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
#legend .count { margin-left: auto; color: #999; font-size: 12px; }
.swatch { flex: none; }
.note { color: #777; font-size: 12px; margin: 6px 0; }
button.link { border: none; background: none; color: #06c; cursor: pointer; padding: 0;
  font: inherit; font-size: 12px; }
#results { padding-left: 18px; margin: 6px 0; font-size: 13px; }
#results li { margin: 1px 0; }
#mynetwork { flex: 1; min-width: 0; height: 100%; background: #fff; }
#panel { position: absolute; right: 0; top: 0; bottom: 0; width: 380px; overflow: auto;
  background: #fff; border-left: 1px solid #ccc; box-shadow: -2px 0 8px rgba(0,0,0,.08);
  padding: 10px 14px 20px; }
#panel[hidden] { display: none; }
#panel-close { position: absolute; right: 8px; top: 6px; border: none; background: none;
  font-size: 20px; cursor: pointer; }
#panel h2 { font-size: 18px; margin: 4px 24px 2px 0; }
#panel h3 { font-size: 13px; margin: 12px 0 4px; color: #555; border-bottom: 1px solid #eee; }
#panel .sub { color: #666; }
#panel .iri { font: 11px ui-monospace, monospace; color: #888; word-break: break-all; }
#panel ul { margin: 0; padding-left: 18px; }
#panel table { border-collapse: collapse; width: 100%; font-size: 12px; }
#panel td, #panel th { border-bottom: 1px solid #eee; padding: 2px 4px; text-align: left;
  vertical-align: top; }
#panel .obs { margin: 6px 0 10px; padding-bottom: 4px; border-bottom: 1px dashed #e4e4e4; }
#panel .obs-value .num { font-variant-numeric: tabular-nums; margin-right: 6px; }
#panel .tag { display: inline-block; font-size: 11px; color: #555; background: #eef;
  border-radius: 3px; padding: 0 4px; margin-right: 4px; }
#panel blockquote { margin: 2px 0 8px; padding: 4px 8px; border-left: 3px solid #ccc;
  background: #f6f6f6; white-space: pre-wrap; word-break: break-word; }
#panel .src { font-size: 12px; color: #555; }
#panel mark { background: #ffe58a; }
"""

_APP_JS = r"""
(function () {
  "use strict";
  function readJSON(id) { return JSON.parse(document.getElementById(id).textContent); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  var timing = { scriptStart: performance.now() };
  var D = readJSON("tjkg-data");
  var nodes = new vis.DataSet(readJSON("tjkg-nodes"));
  var edges = new vis.DataSet(readJSON("tjkg-edges"));
  var options = readJSON("tjkg-options");
  var details = D.details, classes = D.classes;
  timing.dataParsed = performance.now();
  var view = window.tjkgView = { drawnAt: null, lang: "zh", colourBy: D.colourBy,
                                 timing: timing };
  network = new vis.Network(document.getElementById("mynetwork"),
                            { nodes: nodes, edges: edges }, options);
  window.network = network;
  timing.networkBuilt = performance.now();
  network.once("afterDrawing", function () {
    view.drawnAt = timing.drawn = performance.now();
    document.body.setAttribute("data-drawn", "1");
  });

  var out = {}, inc = {}, haystack = [];
  edges.forEach(function (e) {
    (out[e.from] = out[e.from] || []).push(e);
    (inc[e.to] = inc[e.to] || []).push(e);
  });
  details.forEach(function (d, i) {
    haystack[i] = [d.zh, d.en].concat(d.alt || []).join("\n").toLowerCase();
  });

  var UI = {
    zh: { cls: "类别", alt: "别名", props: "属性", posts: "职务", out: "关系", inc: "被关联",
          obs: "数据", src: "来源原文", ind: "指标", period: "时期", value: "数值",
          bound: "界", status: "状态", more: "更多", noText: "（无原文）", results: "匹配",
          community: "社区", communities: "颜色 = 社区", shown: "显示", area: "地区",
          about: "主体" },
    en: { cls: "Class", alt: "Also known as", props: "Properties", posts: "Posts",
          out: "Links", inc: "Linked from", obs: "Observations", src: "Source quotes",
          ind: "Indicator", period: "Period", value: "Value", bound: "Bound",
          status: "Status", more: "more", noText: "(no release text)", results: "matches",
          community: "Community", communities: "colour = community", shown: "shown",
          area: "Area", about: "About" }
  };
  function T(key) { return UI[view.lang][key]; }
  function nodeLabel(i) {
    var d = details[i];
    if (view.lang === "en") { return d.en || d.zh || d.iri; }
    return d.zh || d.en || d.iri;
  }
  function relLabel(p) {
    var r = D.relations[p];
    return r ? (view.lang === "en" ? r[1] : r[0]) : p;
  }
  function className(c) { return view.lang === "en" ? classes[c].en : classes[c].zh; }

  // ------------------------------------------------------------- filters and search
  var classOn = classes.map(function () { return true; });
  var query = "";
  var hiddenNow = {}, matchedNow = {};
  function applyFilters() {
    var q = query.trim().toLowerCase(), match = null, keep = null, i;
    if (q) {
      match = {}; keep = {};
      for (i = 0; i < details.length; i++) {
        if (haystack[i].indexOf(q) >= 0) {
          match[i] = true; keep[i] = true;
          (out[i] || []).forEach(function (e) { keep[e.to] = true; });
          (inc[i] || []).forEach(function (e) { keep[e.from] = true; });
        }
      }
    }
    var changes = [], shown = 0;
    for (i = 0; i < details.length; i++) {
      var hide = !classOn[details[i].c] || (keep !== null && !keep[i]);
      var hit = match !== null && !!match[i];
      if (!hide) { shown++; }
      if (!!hiddenNow[i] !== hide || !!matchedNow[i] !== hit) {
        hiddenNow[i] = hide; matchedNow[i] = hit;
        changes.push({ id: i, hidden: hide, borderWidth: hit ? 4 : 1 });
      }
    }
    if (changes.length) { nodes.update(changes); }
    view.shown = shown;
    document.getElementById("status").textContent =
      T("shown") + " " + shown + " / " + details.length;
    renderResults(match);
  }
  function renderResults(match) {
    var list = document.getElementById("results");
    list.textContent = "";
    if (!match) { return; }
    var ids = Object.keys(match).map(Number).filter(function (i) { return classOn[details[i].c]; });
    ids.slice(0, 50).forEach(function (i) {
      var li = el("li"), b = el("button", "link", nodeLabel(i));
      b.addEventListener("click", function () { view.select(i); });
      li.appendChild(b); list.appendChild(li);
    });
    if (ids.length > 50) {
      list.appendChild(el("li", "note", "… " + (ids.length - 50) + " " + T("more")));
    }
  }
  view.visibleIds = function () {
    return nodes.getIds({ filter: function (n) { return !n.hidden; } });
  };
  var searchTimer = null;
  document.getElementById("search").addEventListener("input", function (ev) {
    query = ev.target.value;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(applyFilters, details.length > 2000 ? 150 : 0);
  });
  Array.prototype.forEach.call(document.querySelectorAll(".class-filter"), function (box) {
    box.addEventListener("change", function () {
      classOn[Number(box.value)] = box.checked; applyFilters();
    });
  });
  document.getElementById("all-classes").addEventListener("click", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".class-filter"), function (box) {
      box.checked = true; classOn[Number(box.value)] = true;
    });
    applyFilters();
  });

  // ------------------------------------------------------------ language and colour
  function setLang(lang) {
    view.lang = lang;
    document.documentElement.lang = lang;
    document.getElementById("lang-zh").className = lang === "zh" ? "on" : "";
    document.getElementById("lang-en").className = lang === "en" ? "on" : "";
    nodes.update(details.map(function (d, i) { return { id: i, label: nodeLabel(i) }; }));
    if (edges.length && edges.get(0).label !== undefined) {
      edges.update(edges.map(function (e) { return { id: e.id, label: relLabel(e.p) }; }));
    }
    Array.prototype.forEach.call(document.querySelectorAll(".i18n"), function (e) {
      e.textContent = e.getAttribute("data-" + lang);
    });
    if (view.current !== null && view.current !== undefined) { showPanel(view.current); }
    applyFilters(); setColour(view.colourBy, true);
  }
  var byClass = document.getElementById("colour-class");
  var byCommunity = document.getElementById("colour-community");
  function setColour(by, init) {
    if (!byClass) { return; }
    view.colourBy = by;
    byClass.className = by === "class" ? "on" : "";
    byCommunity.className = by === "community" ? "on" : "";
    if (!init) nodes.update(details.map(function (d, i) {
      return { id: i, color: by === "community" ? D.palette[d.k % D.palette.length]
                                                  : classes[d.c].color };
    }));
    document.getElementById("community-note").textContent =
      by === "community" ? T("communities") + " (" + D.communities + ")" : "";
  }
  document.getElementById("lang-zh").addEventListener("click", function () { setLang("zh"); });
  document.getElementById("lang-en").addEventListener("click", function () { setLang("en"); });
  if (byClass) {
    byClass.addEventListener("click", function () { setColour("class"); });
    byCommunity.addEventListener("click", function () { setColour("community"); });
  }
  view.setLang = setLang; view.setColour = setColour;

  // ------------------------------------------------------------------------ panel
  var panel = document.getElementById("panel"), body = document.getElementById("panel-body");
  function nodeButton(i) {
    var b = el("button", "link", nodeLabel(i));
    b.title = className(details[i].c);
    b.addEventListener("click", function () { view.select(i); });
    return b;
  }
  function quote(span) {
    // span: [release, begin, end, anchor, sentence, markStart, markEnd]
    var wrap = el("div");
    var rel = D.releases[span[0]];
    var src = el("div", "src", rel.id + " [" + span[1] + "–" + span[2] + "]");
    if (rel.title) { src.title = rel.title; }  // a DOM property: text, never markup
    wrap.appendChild(src);
    var q = el("blockquote");
    if (span[4] >= 0) {
      var s = D.sentences[span[4]][1];
      q.appendChild(document.createTextNode(s.slice(0, span[5])));
      q.appendChild(el("mark", null, s.slice(span[5], span[6])));
      q.appendChild(document.createTextNode(s.slice(span[6])));
    } else {
      q.appendChild(el("mark", null, span[3]));
      q.appendChild(el("span", "note", " " + T("noText")));
    }
    wrap.appendChild(q);
    return wrap;
  }
  function groupDigits(v) {
    var parts = String(v).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }
  function section(title) { body.appendChild(el("h3", null, title)); }
  function linkList(list, dirOut) {
    var ul = el("ul");
    list.slice(0, 200).forEach(function (e) {
      var li = el("li");
      li.appendChild(document.createTextNode((dirOut ? "→ " : "← ") + relLabel(e.p) + " "));
      li.appendChild(nodeButton(dirOut ? e.to : e.from));
      ul.appendChild(li);
    });
    if (list.length > 200) {
      ul.appendChild(el("li", "note", "… " + (list.length - 200) + " " + T("more")));
    }
    body.appendChild(ul);
  }
  function showPanel(i) {
    var d = details[i];
    view.current = i;
    body.textContent = "";
    var other = view.lang === "en" ? d.zh : d.en;
    body.appendChild(el("h2", null, nodeLabel(i)));
    if (other && other !== nodeLabel(i)) { body.appendChild(el("div", "sub", other)); }
    var cls = el("div");
    cls.appendChild(document.createTextNode(
      T("cls") + ": " + classes[d.c].zh + " · " + classes[d.c].en +
      (d.k === undefined ? "" : "  ·  " + T("community") + " " + (d.k + 1))));
    body.appendChild(cls);
    body.appendChild(el("div", "iri", d.iri));
    if (d.alt && d.alt.length) {
      section(T("alt"));
      body.appendChild(el("div", null, d.alt.join(" · ")));
    }
    if (d.props) {
      section(T("props"));
      var ul = el("ul");
      d.props.forEach(function (p) { ul.appendChild(el("li", null, p[0] + ": " + p[1])); });
      body.appendChild(ul);
    }
    if (d.posts) {
      section(T("posts"));
      var up = el("ul");
      d.posts.forEach(function (p) { up.appendChild(el("li", null, p)); });
      body.appendChild(up);
    }
    if (out[i]) { section(T("out") + " (" + out[i].length + ")"); linkList(out[i], true); }
    if (inc[i]) { section(T("inc") + " (" + inc[i].length + ")"); linkList(inc[i], false); }
    if (d.obs) {
      section(T("obs") + " (" + d.obs.length + ")");
      d.obs.slice(0, 300).forEach(function (k) {
        var o = D.observations[k], box = el("div", "obs");
        var head = el("div", "obs-head");
        head.appendChild(el("b", null, o.ind || "?"));
        if (o.period) { head.appendChild(document.createTextNode(" · " + o.period)); }
        box.appendChild(head);
        var value = o.redacted ? "—" : groupDigits(o.value || "") + " " + (o.unit || "");
        if (o.written) { value += " (" + o.written + ")"; }
        var line = el("div", "obs-value");
        line.appendChild(el("span", "num", value));
        [o.bound, o.status].forEach(function (x) {
          if (x) { line.appendChild(el("span", "tag", x)); }
        });
        box.appendChild(line);
        [["area", "area"], ["about", "about"]].forEach(function (pair) {
          var target = o[pair[0]];
          if (target !== undefined && target !== i) {
            var ref = el("div", "note", T(pair[1]) + ": ");
            ref.appendChild(nodeButton(target));
            box.appendChild(ref);
          }
        });
        if (o.cmp) { box.appendChild(el("div", "note", o.cmp)); }
        (o.ev || []).forEach(function (s) { box.appendChild(quote(s)); });
        body.appendChild(box);
      });
      if (d.obs.length > 300) {
        body.appendChild(el("div", "note", "… " + (d.obs.length - 300) + " " + T("more")));
      }
    }
    if (d.ev) {
      section(T("src") + " (" + d.ev.length + ")");
      d.ev.slice(0, 100).forEach(function (s) { body.appendChild(quote(s)); });
    }
    panel.hidden = false;
  }
  function hidePanel() { panel.hidden = true; view.current = null; }
  view.showPanel = showPanel; view.hidePanel = hidePanel;
  view.select = function (i) {
    if (hiddenNow[i]) { return showPanel(i); }
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showPanel(i);
  };
  network.on("click", function (params) {
    if (params.nodes.length) { showPanel(params.nodes[0]); } else { hidePanel(); }
  });
  document.getElementById("panel-close").addEventListener("click", hidePanel);
  view.current = null;
  setColour(view.colourBy, true);
  applyFilters();
  timing.scriptEnd = performance.now();
})();
"""
