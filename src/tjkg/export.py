"""Writing a build's artefacts into an output folder, atomically.

Everything is written into a staging folder beside the target, which then replaces the
target in one rename: a failed run leaves the previous ``out/`` exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, VOID, XSD

from . import __version__, oxi
from .errors import OutputError
from .iris import ONTOLOGY_GRAPH, graph_iri, mint_iri
from .namespaces import PREFIXES, SCHEMA, TJKG, new_graph
from .pipeline import Build
from .rdf import release_iri
from .store import write_store
from .validate import ValidationReport, format_report


def turtle_bytes(graph: Graph) -> bytes:
    """Turtle with tjkg's prefixes, statements sorted (byte-identical for equal graphs)."""
    return oxi.serialize(oxi.triples(graph), "turtle")


def named_graphs(build: Build, ontology: Graph | None = None
                 ) -> list[tuple[URIRef, Graph | list[ox.Triple]]]:
    """``(graph IRI, graph)`` per release (its pyoxigraph triples), sorted, then the
    ontology graph if given."""
    graphs: list[tuple[URIRef, Graph | list[ox.Triple]]] = [
        (graph_iri(doc_id), build.triples[doc_id]) for doc_id in sorted(build.triples)]
    if ontology is not None:
        graphs.append((ONTOLOGY_GRAPH, ontology))
    return graphs


def write_jsonld(triples: Iterable[ox.Triple], out: TextIO) -> None:
    """JSON-LD of pyoxigraph triples sorted in N-Triples order, written to ``out``: one node
    object per subject, tjkg's prefixes as ``@context``, predicates, ``@id`` and ``@type``
    values as compact IRIs, every literal as a ``@value`` with its ``@language`` or
    ``@type`` (lossless).

    Written node by node from the sorted triples (a subject's triples are adjacent): no
    copy of the document is held, and it is several times faster than building the
    document in memory and serialising it.
    """
    prefixes = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda x: -len(x[1]))
    xsd_string = str(XSD.string)
    rdf_type = str(RDF.type)

    @functools.lru_cache(maxsize=100_000)
    def short(iri: str) -> str:
        for prefix, ns in prefixes:
            if iri.startswith(ns) and not iri[len(ns):].startswith("//"):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def ref(term: ox.NamedNode | ox.BlankNode) -> str:
        return short(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"

    def value(term: object) -> dict[str, str]:
        if isinstance(term, ox.Literal):
            if term.language:
                return {"@value": term.value, "@language": term.language}
            datatype = term.datatype.value
            if datatype == xsd_string:
                return {"@value": term.value}
            return {"@value": term.value, "@type": short(datatype)}
        return {"@id": ref(term)}  # type: ignore[arg-type]

    context = json.dumps({p: str(ns) for p, ns in sorted(PREFIXES.items())}, indent=1)
    out.write('{\n "@context": ' + context.replace("\n", "\n ") + ',\n "@graph": [')
    node: dict[str, object] = {}
    subject = None
    first = [True]

    def flush() -> None:
        out.write("\n  " if first[0] else ",\n  ")
        first[0] = False
        out.write(json.dumps(node, ensure_ascii=False))

    for t in triples:
        if t.subject != subject:
            if subject is not None:
                flush()
            subject = t.subject
            node = {"@id": ref(subject)}
        predicate = t.predicate.value
        if predicate == rdf_type and not isinstance(t.object, ox.Literal):
            node.setdefault("@type", []).append(ref(t.object))  # type: ignore[union-attr]
        else:
            node.setdefault(short(predicate), []).append(value(t.object))  # type: ignore[union-attr]
    if subject is not None:
        flush()
    out.write("\n ]\n}\n")


def void_graph(build: Build, *, triple_count: int, classes: Counter, built_at: datetime
               ) -> Graph:
    """VoID/DCAT description: sources, publishers, hashes, counts, version, build time."""
    g = new_graph()
    ds = mint_iri("dataset", "tjkg")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("tjkg knowledge graph", lang="en")))
    g.add((ds, DCTERMS.title, Literal("tjkg 产业政策知识图谱", lang="zh")))
    g.add(
        (
            ds,
            DCTERMS.created,
            Literal(built_at.isoformat(timespec="seconds"), datatype=XSD.dateTime),
        )
    )
    g.add((ds, DCTERMS.hasVersion, Literal(__version__)))
    g.add((ds, VOID.triples, Literal(triple_count)))
    g.add((ds, VOID.uriSpace, Literal("https://w3id.org/tjkg/id/")))
    g.add((ds, VOID.vocabulary, URIRef(str(TJKG._NS))))
    activity = mint_iri("build", built_at.strftime("%Y%m%dT%H%M%SZ"))
    g.add((ds, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, PROV.Activity))
    g.add(
        (
            activity,
            PROV.endedAtTime,
            Literal(built_at.isoformat(timespec="seconds"), datatype=XSD.dateTime),
        )
    )
    g.add((activity, RDFS.label, Literal(f"tjkg {__version__} build", lang="en")))
    g.add((ds, VOID.classes, Literal(len(classes))))
    for cls, n in sorted(classes.items()):
        part = mint_iri("dataset", "tjkg", "class", cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n)))
    for doc in build.documents:
        sub = mint_iri("dataset", doc.doc_id)
        rel = release_iri(doc.doc_id)
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, DCTERMS.source, rel))
        g.add((sub, SCHEMA.name, Literal(doc.meta.title or doc.doc_id, lang="zh")))
        g.add((sub, VOID.triples, Literal(len(build.triples[doc.doc_id]))))
        g.add((sub, DCTERMS.isPartOf, ds))
        g.add((sub, RDFS.seeAlso, graph_iri(doc.doc_id)))
        g.add((rel, RDF.type, DCAT.Distribution))
        g.add((rel, TJKG.sha256, Literal(doc.sha256)))
        g.add((rel, DCAT.mediaType, Literal(doc.media_type)))
        g.add((rel, DCTERMS.identifier, Literal(doc.doc_id)))
        if doc.meta.publisher:
            g.add((rel, DCTERMS.publisher, Literal(doc.meta.publisher)))
        if doc.meta.url:
            g.add((rel, DCAT.accessURL, URIRef(doc.meta.url)))
        g.add((sub, PROV.wasDerivedFrom, rel))
    return g


def check_output_dir(out_dir: str | Path) -> None:
    """Raise OutputError now if ``out_dir`` can never be written (a file in its path)."""
    _check_writable_parent(Path(out_dir))


def _check_writable_parent(out_dir: Path) -> None:
    parent = out_dir.parent
    for p in (parent, *parent.parents):
        if p.exists():
            if not p.is_dir():
                raise OutputError(str(out_dir), f"{p} is a file, not a folder")
            break
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(str(out_dir), "exists and is not a folder")


@contextlib.contextmanager
def staged_output(out_dir: str | Path) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces ``out_dir`` in one step."""
    out_dir = Path(out_dir)
    _check_writable_parent(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
        umask = os.umask(0)
        os.umask(umask)
        stage.chmod(0o777 & ~umask)  # mkdtemp makes it private; out/ is an ordinary folder
    except OSError as exc:
        raise OutputError(str(out_dir), f"cannot write here: {exc.strerror or exc}") from None
    try:
        yield stage
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            os.replace(out_dir, old)
        os.replace(stage, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        why = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise OutputError(str(out_dir), f"cannot write output: {why}") from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def fsync_file(path: Path) -> None:
    """Flush a file another writer closed to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_outputs(
    build: Build,
    out_dir: str | Path,
    *,
    report: ValidationReport,
    ontology: Graph,
    built_at: datetime | None = None,
    render_view: Callable[[Any], str] | None = None,
    merged: list[ox.Triple] | None = None,
) -> Path:
    """Write every artefact of ``build`` into ``out_dir`` (replacing it atomically).

    ``merged`` is ``build.merged()`` when the caller already has it. Every RDF file is
    written by pyoxigraph from the build's triples; ``render_view`` gets the merged triples.
    """
    built_at = built_at or datetime.now(UTC)
    graphs = named_graphs(build, ontology)
    if merged is None:
        merged = build.merged()
    with staged_output(out_dir) as stage:
        # every RDF file streams to disk, statement by statement: Turtle and JSON-LD from
        # the merged triples, N-Quads and TriG quad by quad from the release graphs
        oxi.serialize_to(merged, stage / "tjkg.ttl", "turtle")
        for name, fmt in (("tjkg.nq", "nquads"), ("tjkg.trig", "trig")):
            oxi.serialize_to(oxi.iter_quads(graphs), stage / name, fmt)
        with open(stage / "tjkg.jsonld", "w", encoding="utf-8", newline="\n") as fh:
            write_jsonld(merged, fh)
        for name in ("tjkg.ttl", "tjkg.nq", "tjkg.trig", "tjkg.jsonld"):
            fsync_file(stage / name)
        write_store(graphs, stage / "store", nquads=stage / "tjkg.nq",
                    turtle=stage / "tjkg.ttl")
        write_bytes(stage / "validation.txt", format_report(report).encode("utf-8"))
        write_bytes(stage / "validation.ttl", turtle_bytes(report.graph))
        void = void_graph(build, triple_count=len(merged), classes=_class_counts(merged),
                          built_at=built_at)
        write_bytes(stage / "void.ttl", turtle_bytes(void))
        texts = stage / "texts"
        texts.mkdir()
        for doc in build.documents:
            write_bytes(texts / f"{doc.doc_id}.txt", doc.text.encode("utf-8"))
        if render_view is not None:
            write_bytes(stage / "graph.html", render_view(merged).encode("utf-8"))
    return Path(out_dir)


def _class_counts(triples: list) -> Counter:
    rdf_type = str(RDF.type)
    return Counter(t.object.value for t in triples
                   if t.predicate.value == rdf_type and hasattr(t.object, "value")
                   and not isinstance(t.object, ox.Literal))
