"""Benchmark of tjkg's stores on a synthetic corpus (targets of issue 4).

The corpus repeats the mini fixture's release graph N times (default 1,000 releases,
~380k triples). Release-scoped IRIs (release, spans, observations, statements, dataset)
and the IRIs of enterprises, projects, products, institutes, parks, groupings and
programmes get a per-release key, so each release has its own; places, units, periods,
indicators, people, posts and the curated method stay shared between releases, as they are
in a real corpus (so the store's merged default graph is smaller than the sum of graphs).
Decimal values are perturbed per release.

Measures: ``write_store`` (triples/s, from rdflib graphs and from the tjkg.nq/tjkg.ttl
bytes), every competency query on the store as shipped and with required patterns first (ms,
median of 5 after a warm-up, each in a child process with time and memory limits), and
``tjkg load`` into an ``oxigraph serve`` server against ``oxigraph load --location DIR
--file tjkg.nq`` into an empty folder. A calibration line says how busy the machine is.

    .venv/bin/python benchmarks/bench_store.py [--releases 1000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
OWN_KINDS = ("enterprise", "project", "product", "institute", "park", "grouping",
             "programme")


def perturb(graph: Graph, doc_id: str, i: int) -> Graph:
    """A copy of ``graph`` (release mini_001) as release ``syn_{i}``."""
    new = f"syn_{i:05d}"
    cache: dict[object, object] = {}

    def term(t: object) -> object:
        if t in cache:
            return cache[t]
        out = t
        if isinstance(t, URIRef):
            s = str(t).replace(doc_id, new)
            for kind in OWN_KINDS:
                marker = f"/id/{kind}/"
                if marker in s:
                    s = f"{s}-{i}"
                    break
            out = URIRef(s)
        elif isinstance(t, Literal) and t.datatype == XSD.decimal:
            value = Decimal(str(t)) + i
            out = Literal(format(value.normalize(), "f"), datatype=XSD.decimal)
        elif isinstance(t, Literal) and str(t) == doc_id:
            out = Literal(new)
        cache[t] = out
        return out

    g = Graph()
    for s, p, o in graph:
        g.add((term(s), term(p), term(o)))
    return g


def corpus(n: int) -> list[tuple[URIRef, Graph]]:
    from tjkg.iris import graph_iri
    from tjkg.pipeline import BuildConfig, build
    from tjkg.validate import load_ontology

    b = build(config=BuildConfig(data_dir=MINI, use_extractor=False))
    (doc_id, base), = b.graphs.items()
    graphs = [(graph_iri(f"syn_{i:05d}"), perturb(base, doc_id, i)) for i in range(n)]
    from tjkg.iris import ONTOLOGY_GRAPH

    graphs.append((ONTOLOGY_GRAPH, load_ontology()))
    return graphs


def required_first(sparql: str) -> str:
    """The query with its top-level OPTIONAL blocks, then its BINDs, moved to the end of
    the WHERE group (a rewrite to suggest for the shipped queries; rows checked equal).

    Oxigraph (0.5) does not reorder joins across an OPTIONAL or a BIND placed between
    required triple patterns: the patterns after it are evaluated on their own and joined,
    which blows up with the corpus (cq-fact-provenance: 2 s at 20 releases and > 15 GB of
    memory at 1,000; cq-indicator-over-time: 0.9 s at 20 releases). With the required
    patterns first the same queries take milliseconds.
    """
    lines = sparql.splitlines()
    where = next(i for i, ln in enumerate(lines) if ln.rstrip().endswith("WHERE {"))
    close = max(i for i, ln in enumerate(lines) if ln == "}")
    keep, optionals, binds = [], [], []
    i = where + 1
    while i < close:
        ln = lines[i]
        if ln.startswith("  OPTIONAL {"):
            depth, block = 0, []
            while True:
                block.append(lines[i])
                depth += lines[i].count("{") - lines[i].count("}")
                if depth <= 0:
                    break
                i += 1
            optionals += block
        elif ln.startswith("  BIND("):
            binds.append(ln)
        else:
            keep.append(ln)
        i += 1
    out = lines[:where + 1] + keep + optionals + binds + lines[close:]
    return "\n".join(out) + "\n"


def run_query_child(store_path: str, name: str, repeat: int, rewrite: bool) -> None:
    """Child process: time one query (median of ``repeat`` after a warm-up)."""
    from tjkg.query import shipped_queries
    from tjkg.store import open_store, query_store

    sparql = shipped_queries()[name]
    if rewrite:
        sparql = required_first(sparql)
    store = open_store(store_path)
    query_store(store, sparql)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = query_store(store, sparql)
        times.append(time.perf_counter() - t0)
    print(f"{statistics.median(times) * 1000:.1f} {len(result.rows)}")


def time_query(store: Path, name: str, repeat: int, rewrite: bool, *, limit_s: float,
               limit_bytes: int) -> str:
    """Run one query in a child process with a time and memory limit (a bad plan must
    not take the machine down)."""
    import resource

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    cmd = [sys.executable, __file__, "--run-query", str(store), name, str(repeat)]
    if rewrite:
        cmd.append("--required-first")
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=limit_s,
                             preexec_fn=limits, check=False)
    except subprocess.TimeoutExpired:
        return f"> {limit_s:.0f} s (stopped)"
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["?"])[-1]
        return f"failed ({last[:60]})"
    ms, rows = out.stdout.split()
    return f"{float(ms):8.1f} ms {int(rows):>7,} rows"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(fn, *args, **kw) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t0, out


def calibrate() -> float:
    """Seconds pyoxigraph takes to bulk-load 100k plain triples into a fresh folder here
    (0.22 s on an idle 2-core machine of this kind, notes/measured-facts.md)."""
    import pyoxigraph as ox

    data = "".join(f'<http://e/{i}> <http://p/{i % 7}> "v{i}"@zh .\n'
                   for i in range(100_000)).encode()
    with tempfile.TemporaryDirectory() as d:
        store = ox.Store(d)
        t, _ = timed(store.bulk_load, data, format=ox.RdfFormat.N_TRIPLES)
        del store
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--releases", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--query-limit-s", type=float, default=60.0)
    ap.add_argument("--skip-queries", action="store_true", help="Measure loading only.")
    ap.add_argument("--query-limit-gb", type=float, default=3.0)
    ap.add_argument("--run-query", nargs=3, metavar=("STORE", "NAME", "REPEAT"),
                    help=argparse.SUPPRESS)
    ap.add_argument("--required-first", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run_query:
        store, name, repeat = args.run_query
        run_query_child(store, name, int(repeat), args.required_first)
        return 0

    import pyoxigraph as ox
    import requests

    from tjkg.load import load_graph_store
    from tjkg.query import shipped_queries
    from tjkg.serve import oxigraph_executable
    from tjkg.store import graph_quads, query_store, write_store

    load_avg = os.getloadavg()[0]
    cal = calibrate()
    print(f"machine: {os.cpu_count()} cores, load average {load_avg:.1f}; calibration: "
          f"pyoxigraph bulk_load of 100k plain triples {cal:.2f} s (0.22 s when idle)")

    tmp = Path(tempfile.mkdtemp(prefix="tjkg-bench-store-"))
    try:
        t, graphs = timed(corpus, args.releases)
        n_triples = sum(len(g) for _, g in graphs)
        print(f"corpus: {args.releases} releases + ontology, {n_triples:,} triples "
              f"(generated in {t:.1f} s)")
        releases = [(i, g) for i, g in graphs if not str(i).endswith("/ontology")]
        t_nq, nq = timed(lambda: ox.serialize(list(graph_quads(graphs, merge=False)),
                                              format=ox.RdfFormat.N_QUADS) or b"")
        t_ttl, ttl = timed(lambda: ox.serialize(
            list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object)
                               for q in graph_quads(releases, merge=False))),
            format=ox.RdfFormat.TURTLE) or b"")
        print(f"  (serialising tjkg.nq {t_nq:.1f} s and tjkg.ttl {t_ttl:.1f} s here; "
              "tjkg build writes these files anyway)")

        t, _ = timed(write_store, graphs, tmp / "store-graphs")
        print(f"write_store(graphs): {t:.2f} s = {n_triples / t:,.0f} triples/s "
              "(rdflib terms converted in Python)")
        t, _ = timed(write_store, graphs, tmp / "store", nquads=nq, turtle=ttl)
        print(f"write_store(graphs, nquads=, turtle=): {t:.2f} s = {n_triples / t:,.0f} "
              f"triples/s; calibrated to an idle machine ~{n_triples / t * cal / 0.22:,.0f}"
              " triples/s (target >= 400,000)")
        shutil.rmtree(tmp / "store-graphs")

        queries = {} if args.skip_queries else shipped_queries()
        small = tmp / "small"
        write_store(corpus(20), small)
        for name, sparql in queries.items():  # the rewrite changes no answer
            moved, shipped = query_store(small, required_first(sparql)), query_store(small, sparql)
            # the same rows; ties under ORDER BY may come in another order
            assert sorted(moved.rows, key=repr) == sorted(shipped.rows, key=repr), name

        print(f"competency queries on the {args.releases}-release store, median of "
              f"{args.repeat} after a warm-up, each in a child process limited to "
              f"{args.query_limit_s:.0f} s and {args.query_limit_gb:.0f} GB "
              "(target <= 50 ms each):")
        print(f"  {'query':<36} {'as shipped':>28}   {'required patterns first':>28}")
        limit = int(args.query_limit_gb * 2**30)
        for name, sparql in queries.items():
            shipped = time_query(tmp / "store", name, args.repeat, False,
                                 limit_s=args.query_limit_s, limit_bytes=limit)
            moved = (time_query(tmp / "store", name, args.repeat, True,
                                limit_s=args.query_limit_s, limit_bytes=limit)
                     if required_first(sparql) != sparql else "(unchanged)")
            print(f"  {name:<36} {shipped:>28}   {moved:>28}")

        (tmp / "build").mkdir()
        (tmp / "build" / "tjkg.nq").write_bytes(nq)
        exe = oxigraph_executable()
        t_cli, _ = timed(subprocess.run, [exe, "load", "--location", str(tmp / "cli-db"),
                                          "--file", str(tmp / "build" / "tjkg.nq")],
                         check=True, capture_output=True)
        print(f"oxigraph load --file tjkg.nq into an empty folder: {t_cli:.2f} s")
        for default_graph, bulk in ((False, True), (True, True), (False, False)):
            port = free_port()
            db = tmp / f"server-db-{default_graph}-{bulk}"
            proc = subprocess.Popen([exe, "serve", "--location", str(db), "--bind",
                                     f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            try:
                for _ in range(200):
                    try:
                        requests.get(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D",
                                     timeout=1)
                        break
                    except requests.RequestException:
                        time.sleep(0.1)
                t_load, report = timed(load_graph_store, tmp / "build",
                                       f"http://127.0.0.1:{port}/store",
                                       default_graph=default_graph, bulk=bulk)
            finally:
                proc.terminate()
                proc.wait(30)
            what = "with" if default_graph else "without"
            how = "bulk batches" if bulk else "one transactional PUT per graph"
            print(f"tjkg load into oxigraph serve, {how}, {what} the merged default graph: "
                  f"{t_load:.2f} s for {len(report.graphs)} graphs = "
                  f"{t_load / t_cli:.2f}x oxigraph load (target <= 2x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
