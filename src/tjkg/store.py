"""The embedded store: an on-disk Oxigraph (pyoxigraph) store beside a build's files.

``out/store/`` holds one named graph per release (``https://w3id.org/tjkg/graph/{doc_id}``)
plus the ontology graph (``.../graph/ontology``), and, as its default graph, the RDF merge
of the release graphs: every triple once, exactly the content of ``tjkg.ttl``. Queries run
over that default graph, so a query means the same here as over ``tjkg.ttl`` (rdflib) and
over a remote store loaded by ``tjkg load``; ``GRAPH ?g { ... }`` reaches each release and
the ontology on its own.

Why not pyoxigraph's ``use_default_graph_as_union=True``: Oxigraph evaluates the union of
graphs as a bag, so a triple stated in two releases (a place's label, a unit, the curated
method) matches twice and a query without DISTINCT returns rows that rdflib does not.
``FROM g1 FROM g2`` behaves the same in Oxigraph (and in Virtuoso). A materialised merge
keeps the answers equal.

Known difference: Oxigraph keeps integer-derived datatypes as ``xsd:integer``
(``nif:beginIndex`` is ``xsd:nonNegativeInteger`` in tjkg.ttl): values and competency rows
agree, ``DATATYPE(?begin)`` does not.

>>> from tjkg.store import run_query_on                       # doctest: +SKIP
>>> run_query_on("out", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows   # doctest: +SKIP
(('2782',),)
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from .errors import QueryError, StoreError
from .iris import ONTOLOGY_GRAPH
from .query import QueryResult

if TYPE_CHECKING:  # pyoxigraph is imported lazily (see STYLE.md, habit 10)
    import pyoxigraph as ox

#: Folder of the embedded store inside a build folder.
STORE_DIR = "store"


def is_release_graph(name: object) -> bool:
    """Whether a graph name is a release graph (merged into the default graph)."""
    return str(getattr(name, "value", name)) != str(ONTOLOGY_GRAPH)


def graph_quads(graphs: Iterable[tuple[URIRef, Graph]], *, merge: bool = True,
                named: bool = True) -> Iterator[ox.Quad]:
    """Quads of each named graph (``named``), and (``merge``) each release graph's triples
    again in the default graph.

    The store keeps a quad once, so a triple in several releases lands once in the default
    graph: the default graph is the RDF merge of the release graphs (= ``tjkg.ttl``).
    """
    import pyoxigraph as ox

    from .oxi import Converter

    conv = Converter()
    default = ox.DefaultGraph()
    for name, graph in graphs:
        g = ox.NamedNode(str(name))
        to_default = merge and is_release_graph(name)
        if not (named or to_default):
            continue
        for s, p, o in graph:
            ts, tp, to = conv(s), conv(p), conv(o)
            if named:
                yield ox.Quad(ts, tp, to, g)  # type: ignore[arg-type]
            if to_default:
                yield ox.Quad(ts, tp, to, default)  # type: ignore[arg-type]


def write_store(graphs: list[tuple[URIRef, Graph]], path: str | Path, *,
                nquads: bytes | Path | None = None, turtle: bytes | Path | None = None
                ) -> None:
    """Fill an on-disk Oxigraph store at ``path`` with ``graphs`` (bulk load).

    ``graphs`` is ``tjkg.export.named_graphs(build, ontology)``: one named graph per
    release, then the ontology graph. A store already at ``path`` is emptied first; the
    default graph becomes the merge of the release graphs (see the module docstring).

    Fast path: pass the bytes (or the path of the file) already serialised for ``tjkg.nq``
    (``nquads``, the same graphs) and ``tjkg.ttl`` (``turtle``, their merge); Oxigraph
    then parses them itself instead of tjkg converting every rdflib term in Python
    (several times faster). The
    named graphs and the default graph are bulk-loaded at the same time, in two threads.
    """
    import pyoxigraph as ox

    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open an Oxigraph store here: {exc}") from None
    jobs: list[Callable[[], None]] = []
    if nquads is not None:  # bytes, or the path of a file (parsed as it is read)
        source = {"path": str(nquads)} if isinstance(nquads, Path) else {"input": nquads}
        jobs.append(partial(store.bulk_load, **source, format=ox.RdfFormat.N_QUADS))
    if turtle is not None:
        source = {"path": str(turtle)} if isinstance(turtle, Path) else {"input": turtle}
        jobs.append(partial(store.bulk_load, **source, format=ox.RdfFormat.TURTLE,
                            to_graph=ox.DefaultGraph()))
    if nquads is None or turtle is None:
        jobs.append(partial(store.bulk_extend, graph_quads(graphs, named=nquads is None,
                                                           merge=turtle is None)))
    try:
        if not _is_empty(store):
            store.clear()
        _run_together(jobs)
        store.flush()
    except (OSError, SyntaxError) as exc:
        raise StoreError(f"{path}: cannot write the store: {exc}") from None
    finally:
        jobs.clear()  # the jobs hold the store too
        del store  # release the RocksDB lock now, not at the next garbage collection


def _run_together(jobs: list[Callable[[], None]]) -> None:
    """Run independent bulk loads into one store at once (Oxigraph's bulk loader releases
    the GIL, and its ``oxigraph load`` also loads files in parallel); the first error is
    raised after all have stopped."""
    if len(jobs) == 1:
        jobs[0]()
        return
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(job) for job in jobs]
    for future in futures:
        future.result()


def _is_empty(store: ox.Store) -> bool:
    return next(iter(store), None) is None


def open_store(path: str | Path, *, read_only: bool = True) -> ox.Store:
    """Open the Oxigraph store at ``path`` (read-only by default: several readers at once)."""
    import pyoxigraph as ox

    path = Path(path)
    if not path.is_dir():
        raise StoreError(f"{path}: no Oxigraph store here (run `tjkg build` first)")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the Oxigraph store: {exc}") from None


def is_store(path: str | Path) -> bool:
    """Whether ``path`` looks like an Oxigraph (RocksDB) store folder."""
    path = Path(path)
    return path.is_dir() and (path / "CURRENT").is_file()


def _value(term: object) -> str | None:
    """A result term as the string rdflib gives (``str(term)``): IRI, lexical form, bnode id.

    Oxigraph returns literals in canonical lexical form; tjkg writes canonical forms
    (``tjkg.decimals``), so stored values agree with rdflib. Booleans come back as
    ``true``/``false`` from both.
    """
    if term is None:
        return None
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


def _row(solution: ox.QuerySolution) -> tuple[str | None, ...]:
    """One solution as strings (:func:`_value`), with a fast path for plain terms."""
    try:
        return tuple(None if t is None else t.value for t in solution)
    except AttributeError:  # a quoted triple (RDF 1.2) has no .value
        return tuple(_value(t) for t in solution)


def query_store(store_or_path: ox.Store | str | Path, sparql: str) -> QueryResult:
    """Run a SELECT or ASK query on the store; rows shaped like ``tjkg.query.run_query``.

    The default graph is the merge of the release graphs (:func:`write_store`). On a
    store without a default graph (filled by another tool) the union of the named graphs
    is used instead, which Oxigraph evaluates as a bag (see the module docstring).
    """
    import pyoxigraph as ox

    store = open_store(store_or_path) if isinstance(store_or_path, str | Path) else store_or_path
    has_default = (
        next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    )
    try:
        result = store.query(sparql, use_default_graph_as_union=not has_default)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(("answer",), ((str(bool(result)).lower(),),))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT and ASK queries print as tables, not CONSTRUCT")
        columns = tuple(v.value for v in result.variables)
        rows = tuple(_row(sol) for sol in result)
    except SyntaxError as exc:
        raise QueryError(f"query failed: {exc}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    return QueryResult(columns, rows)


def store_of(path: str | Path) -> Path | None:
    """The embedded store for ``path`` (a build folder or a store folder), if there is one."""
    path = Path(path)
    if is_store(path):
        return path
    if path.is_dir() and is_store(path / STORE_DIR):
        return path / STORE_DIR
    return None


def run_query_on(path: str | Path, sparql: str) -> QueryResult:
    """What ``tjkg query`` runs: over ``out/store`` when present (fast), else ``tjkg.ttl``.

    ``path`` is a build folder, a store folder, or an RDF file (read with rdflib).
    """
    store = store_of(path)
    if store is not None:
        return query_store(store, sparql)
    from .query import load_data, run_query

    return run_query(load_data(path), sparql)


def ensure_store(build_dir: str | Path) -> Path:
    """The build's ``store/``; written from its ``tjkg.nq`` first if it is missing."""
    build_dir = Path(build_dir)
    existing = store_of(build_dir)
    if existing is not None:
        return existing
    nq = build_dir / "tjkg.nq"
    if not nq.is_file():
        raise StoreError(f"{build_dir}: neither store/ nor tjkg.nq here (run `tjkg build`)")
    target = build_dir / STORE_DIR
    stage = build_dir / f".{STORE_DIR}.tmp"
    shutil.rmtree(stage, ignore_errors=True)
    load_nquads_store(nq, stage)
    stage.replace(target)
    return target


def load_nquads_store(nq: str | Path, path: str | Path) -> None:
    """Bulk-load an N-Quads (or TriG) file into a new store at ``path``, with the release
    graphs merged into the default graph. The file is parsed by Oxigraph, not rdflib."""
    import pyoxigraph as ox

    nq = Path(nq)
    fmt = ox.RdfFormat.TRIG if nq.suffix.lower() == ".trig" else ox.RdfFormat.N_QUADS
    try:
        store = ox.Store(str(path))
        store.bulk_load(path=str(nq), format=fmt)
        store.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
            for q in ox.parse(path=str(nq), format=fmt)
            if is_release_graph(q.graph_name)
        )
        store.flush()
        del store
    except (OSError, SyntaxError) as exc:
        raise StoreError(f"{nq}: cannot load into the store at {path}: {exc}") from None
