"""Composes the stages: releases -> mentions -> annotation -> one RDF graph per release.

>>> from tjkg.pipeline import BuildConfig, build_graph   # doctest: +SKIP
>>> graph = build_graph(["data/releases"], config=BuildConfig())   # doctest: +SKIP
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .buildcache import ReleaseCache, ReleaseResult
from .curated import (
    CuratedAnnotation,
    Registry,
    UnitVocabulary,
    load_curated,
    load_registry,
    load_units,
)
from .errors import CuratedDataError, FileProblem, SourceError
from .indicators import IndicatorVocabulary, load_indicators
from .models import Annotation, Document, Mention
from .namespaces import new_graph
from .oxi import to_rdflib_graph
from .rdf import annotation_to_triples
from .resolve import resolve_annotation
from .sources import find_releases, read_release

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_data_dir() -> Path:
    """``./data`` when it exists, else the data folder of a source checkout."""
    here = Path("data")
    return here if here.is_dir() else PROJECT_ROOT / "data"


def default_workers() -> int:
    """``TJKG_WORKERS`` if set, else the CPUs this process may use."""
    env = os.environ.get("TJKG_WORKERS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class BuildConfig:
    """Where curated data lives and which extractors run."""

    data_dir: Path = field(default_factory=_default_data_dir)
    extractors: tuple[str, ...] | None = None  # None: every registered extractor
    use_extractor: bool = True
    workers: int = field(default_factory=lambda: default_workers())
    cache_dir: Path | None = None  # per-release results cache (None: no cache)

    @property
    def curated_dir(self) -> Path:
        return self.data_dir / "curated"

    @property
    def default_sources(self) -> list[Path]:
        return [self.data_dir / "releases"]


@dataclass
class Build:
    """The result of building a set of releases.

    ``triples`` holds each release graph as pyoxigraph triples (what every export is written
    from); ``graphs`` gives the same graphs as rdflib Graphs, converted on first use.
    """

    documents: list[Document]
    annotations: list[Annotation]
    triples: dict[str, list[ox.Triple]]  # doc_id -> the release graph's triples
    skipped: list[FileProblem] = field(default_factory=list)  # with skip_bad=True
    cached: int = 0  # releases taken from the build cache

    @cached_property
    def graphs(self) -> dict[str, Graph]:
        """doc_id -> the release graph as an rdflib Graph."""
        return {doc_id: to_rdflib_graph(ts) for doc_id, ts in self.triples.items()}

    def merged(self) -> list[ox.Triple]:
        """The RDF merge of the release graphs: every triple once, in N-Triples order."""
        unique: set[ox.Triple] = set()
        for doc_id in sorted(self.triples):
            unique.update(self.triples[doc_id])
        return sorted(unique, key=str)

    def union(self) -> Graph:
        """All release graphs as one rdflib Graph (the content of ``tjkg.ttl``)."""
        g = new_graph()
        for doc_id in sorted(self.triples):
            to_rdflib_graph(self.triples[doc_id], g)
        return g


def merge_mentions(
    curated: CuratedAnnotation | None, extracted: Sequence[Mention]
) -> list[Mention]:
    """Curated mentions override extracted ones: an extracted mention overlapping a curated
    one, or inside a dropped span, is discarded; the rest are added."""
    if curated is None:
        return list(extracted)
    keep = list(curated.mentions)
    if curated.complete:
        return keep
    taken = [(m.start, m.end) for m in curated.mentions] + list(curated.drop)
    for m in extracted:
        if not any(m.start < e and s < m.end for s, e in taken):
            keep.append(m)
    return keep


def run_extractors(doc: Document, names: Sequence[str] | None = None) -> list[Mention]:
    """Mentions from tjkg's automatic extractors (empty if none is installed)."""
    try:
        from .extract import extract_mentions
    except ImportError:  # pragma: no cover - extractor package not present
        return []
    return list(extract_mentions(doc, extractors=names))


def annotate(doc: Document, *, config: BuildConfig, registry: Registry) -> Annotation:
    """Mentions of one release (curated override on top of extraction), resolved, with the
    relations the text states (unless the curated annotation is complete)."""
    path = config.curated_dir / f"{doc.doc_id}.json"
    curated = load_curated(path, doc) if path.exists() else None
    extracted: list[Mention] = []
    if config.use_extractor and not (curated and curated.complete):
        extracted = run_extractors(doc, config.extractors)
    mentions = merge_mentions(curated, extracted)
    ann = resolve_annotation(
        doc,
        mentions,
        registry,
        relations=curated.relations if curated else (),
        curated_path=curated.path if curated else "",
    )
    if config.use_extractor and not (curated and curated.complete):
        ann = extract_relations_into(ann)  # curated relations win on the same triple
    return ann


def extract_relations_into(ann: Annotation) -> Annotation:
    """``ann`` with the relations its text states added under its curated ones."""
    try:
        from .extract.relations import add_relations
    except ImportError:  # pragma: no cover - extractor package not present
        return ann
    return add_relations(ann)


def build(
    sources: Sequence[str | Path] | None = None,
    *,
    config: BuildConfig | None = None,
    skip_bad: bool = False,
) -> Build:
    """Read, annotate and convert every release named by ``sources``.

    A release that cannot be read or whose curated data is broken raises its FileProblem;
    with ``skip_bad`` it is left out and listed in ``Build.skipped`` instead. Releases are
    processed in ``config.workers`` processes, and taken from ``config.cache_dir`` when
    nothing they depend on has changed (see :mod:`tjkg.buildcache`).
    """
    config = config or BuildConfig()
    registry = load_registry(config.curated_dir / "entities.json")
    units = load_units(config.data_dir / "vocab" / "units.json")
    indicators = load_indicators(config.data_dir / "vocab" / "indicators.ttl")
    paths = find_releases(sources or config.default_sources)
    cache = ReleaseCache(config.cache_dir, config) if config.cache_dir else None
    results: dict[Path, ReleaseResult | FileProblem] = {}
    todo: list[Path] = []
    for path in paths:
        hit = cache.get(path) if cache else None
        if hit is not None:
            results[path] = hit
        else:
            todo.append(path)
    cached = len(results)
    for path, result in zip(todo, _process(todo, config, registry, units, indicators), strict=True):
        results[path] = result
        if cache and not isinstance(result, FileProblem):
            cache.put(path, result)
    docs: list[Document] = []
    annotations: list[Annotation] = []
    triples: dict[str, list[ox.Triple]] = {}
    skipped: list[FileProblem] = []
    for path in paths:
        result = results[path]
        if isinstance(result, FileProblem):
            if not skip_bad:
                raise result
            skipped.append(result)
            continue
        docs.append(result.document)
        annotations.append(result.annotation)
        triples[result.document.doc_id] = result.triples()
    return Build(docs, annotations, triples, skipped, cached=cached)


def process_release(path: Path, config: BuildConfig, registry: Registry,
                    units: UnitVocabulary, indicators: IndicatorVocabulary
                    ) -> ReleaseResult | FileProblem:
    """One release, read, annotated and turned into triples (or the problem that stopped
    it)."""
    try:
        doc = read_release(path)
        ann = annotate(doc, config=config, registry=registry)
    except (SourceError, CuratedDataError) as problem:
        return problem
    return ReleaseResult.of(
        doc, ann, annotation_to_triples(ann, units=units, indicators=indicators))


#: Fewer releases than this are built in this process (starting workers costs more).
PARALLEL_MIN = 16
_WORKER_STATE: tuple[BuildConfig, Registry, UnitVocabulary, IndicatorVocabulary] | None = None


def _work(path: Path) -> ReleaseResult | FileProblem:
    assert _WORKER_STATE is not None
    return process_release(path, *_WORKER_STATE)


def _process(paths: list[Path], config: BuildConfig, registry: Registry,
             units: UnitVocabulary, indicators: IndicatorVocabulary
             ) -> Iterator[ReleaseResult | FileProblem]:
    """Results for ``paths`` in order: in worker processes when there are enough of them."""
    global _WORKER_STATE
    workers = min(config.workers, len(paths) // (PARALLEL_MIN // 2) or 1)
    if workers <= 1 or len(paths) < PARALLEL_MIN or "fork" not in mp.get_all_start_methods():
        for path in paths:
            yield process_release(path, config, registry, units, indicators)
        return
    if config.use_extractor:  # load lexicons and compile patterns once, before forking
        run_extractors(Document("warm-up", "天津市工业和信息化局"), config.extractors)
    _WORKER_STATE = (config, registry, units, indicators)
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            chunk = max(1, min(16, len(paths) // (4 * workers)))
            yield from pool.map(_work, paths, chunksize=chunk)
    finally:
        _WORKER_STATE = None


def build_graph(
    sources: Sequence[str | Path] | None = None, *, config: BuildConfig | None = None
) -> Graph:
    """The union graph of ``sources`` (library entry point used by notebooks)."""
    return build(sources, config=config).union()
