"""Composes the stages: releases -> mentions -> annotation -> one RDF graph per release.

>>> from tjkg.pipeline import BuildConfig, build_graph   # doctest: +SKIP
>>> graph = build_graph(["data/releases"], config=BuildConfig())   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .curated import (
    CuratedAnnotation,
    Registry,
    load_curated,
    load_registry,
    load_units,
)
from .errors import CuratedDataError, FileProblem, SourceError
from .indicators import load_indicators
from .models import Annotation, Document, Mention
from .namespaces import new_graph
from .rdf import annotation_to_graph
from .resolve import resolve_annotation
from .sources import find_releases, read_release

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_data_dir() -> Path:
    """``./data`` when it exists, else the data folder of a source checkout."""
    here = Path("data")
    return here if here.is_dir() else PROJECT_ROOT / "data"


@dataclass(frozen=True)
class BuildConfig:
    """Where curated data lives and which extractors run."""

    data_dir: Path = field(default_factory=_default_data_dir)
    extractors: tuple[str, ...] | None = None  # None: every registered extractor
    use_extractor: bool = True

    @property
    def curated_dir(self) -> Path:
        return self.data_dir / "curated"

    @property
    def default_sources(self) -> list[Path]:
        return [self.data_dir / "releases"]


@dataclass
class Build:
    """The result of building a set of releases."""

    documents: list[Document]
    annotations: list[Annotation]
    graphs: dict[str, Graph]  # doc_id -> release graph
    skipped: list[FileProblem] = field(default_factory=list)  # with skip_bad=True

    def union(self) -> Graph:
        """All release graphs as one graph (the content of ``tjkg.ttl``)."""
        g = new_graph()
        for doc_id in sorted(self.graphs):
            for triple in self.graphs[doc_id]:
                g.add(triple)
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
    with ``skip_bad`` it is left out and listed in ``Build.skipped`` instead.
    """
    config = config or BuildConfig()
    registry = load_registry(config.curated_dir / "entities.json")
    units = load_units(config.data_dir / "vocab" / "units.json")
    indicators = load_indicators(config.data_dir / "vocab" / "indicators.ttl")
    docs: list[Document] = []
    annotations: list[Annotation] = []
    skipped: list[FileProblem] = []
    for path in find_releases(sources or config.default_sources):
        try:
            doc = read_release(path)
            annotations.append(annotate(doc, config=config, registry=registry))
            docs.append(doc)
        except (SourceError, CuratedDataError) as problem:
            if not skip_bad:
                raise
            skipped.append(problem)
    graphs = {a.document.doc_id: annotation_to_graph(a, units=units, indicators=indicators)
              for a in annotations}
    return Build(docs, annotations, graphs, skipped)


def build_graph(
    sources: Sequence[str | Path] | None = None, *, config: BuildConfig | None = None
) -> Graph:
    """The union graph of ``sources`` (library entry point used by notebooks)."""
    return build(sources, config=config).union()
