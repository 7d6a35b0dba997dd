"""Benchmark SHACL validation: pySHACL (tjkg.validate) against tjkg.shacl_fast.

Graphs: the seed release's graph, then synthetic corpora made by replicating it (lightly
mutated with a fixed seed, so that there are results to agree on) with its instance IRIs
rewritten per copy, at about 10k, 100k and 1M triples. For each graph it prints the seconds
of both engines, their ratio, the result counts and whether the result sets (focus, path,
value, source shape, component, severity) are equal. pySHACL runs up to --pyshacl-max
triples (default 100k); above, the fast engine is checked against itself given an rdflib
graph and given a pyoxigraph Store (values compared by value), and against the expected
count (copies x results of one copy).

    .venv/bin/python benchmarks/bench_validate.py [--sizes 10000 100000 1000000]
        [--pyshacl-max 100000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import decimal
import platform
import random
import sys
import time
from collections import Counter

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from tjkg.pipeline import BuildConfig, build
from tjkg.shacl_fast import validate_fast
from tjkg.validate import ValidationReport, load_ontology, load_shapes, validate_graph

ID = "https://w3id.org/tjkg/id/"
NIF_BEGIN = URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex")
CONFIDENCE = URIRef("https://w3id.org/tjkg/ontology#confidence")


def key(report: ValidationReport) -> Counter:
    return Counter(
        (r.focus, r.path, r.value, r.source_shape, r.component, r.severity) for r in report.results
    )


def canonical(report: ValidationReport) -> Counter:
    """As ``key``, numbers compared by value (a store gives "1.5" for "1.50")."""

    def value(text: str) -> str:
        try:
            number = decimal.Decimal(text)
        except decimal.InvalidOperation:
            return text
        return format(number.normalize(), "f") if number.is_finite() else text

    return Counter((f, p, value(v), s, c, sev) for f, p, v, s, c, sev in key(report).elements())


def mutated_seed(seed: Graph) -> Graph:
    """The seed with a few labels deleted and a few spans' numbers made wrong (fixed seed)."""
    rng = random.Random(6)
    g = Graph()
    for triple in seed:
        g.add(triple)
    for triple in rng.sample(sorted(g.triples((None, RDFS.label, None))), 3):
        g.remove(triple)
    for s, p, _o in rng.sample(sorted(g.triples((None, CONFIDENCE, None))), 2):
        g.remove((s, p, None))
        g.add((s, p, Literal("1.50", datatype=XSD.decimal)))
    for s, p, o in rng.sample(sorted(g.triples((None, NIF_BEGIN, None))), 2):
        g.remove((s, p, o))
        g.add((s, p, Literal(str(o), datatype=XSD.integer)))
    return g


def fixed_iris(shapes: Graph, ontology: Graph) -> set[URIRef]:
    """Instance IRIs the shapes or the ontology name (sh:in, sh:hasValue): never rewritten."""
    return {t for g in (shapes, ontology) for t in g.all_nodes() if isinstance(t, URIRef)}


def replicate(seed: Graph, copies: int, keep: set[URIRef]) -> list[tuple]:
    """The seed's triples ``copies`` times, instance IRIs rewritten per copy."""
    out = []
    for i in range(copies):
        prefix = f"{ID}c{i}/"

        def rename(term, prefix=prefix):
            if isinstance(term, URIRef) and term.startswith(ID) and term not in keep:
                return URIRef(prefix + term[len(ID) :])
            return term

        out.extend((rename(s), p, rename(o)) for s, p, o in seed)
    return out


def to_store(triples: list[tuple]):
    import pyoxigraph as ox

    cache: dict = {}

    def term(t):
        hit = cache.get(t)
        if hit is None:
            if isinstance(t, URIRef):
                hit = ox.NamedNode(str(t))
            elif isinstance(t, Literal):
                hit = (
                    ox.Literal(str(t), language=t.language)
                    if t.language
                    else ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or XSD.string)))
                )
            else:
                hit = ox.BlankNode(str(t))
            cache[t] = hit
        return hit

    store = ox.Store()
    store.extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in triples)
    return store


def timed(fn, repeat: int):
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--pyshacl-max", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs (fast engine)")
    args = ap.parse_args(argv)

    shapes, ontology = load_shapes(), load_ontology()
    seed = build(config=BuildConfig()).union()
    print(
        f"# {platform.node()} · {platform.processor() or platform.machine()} · "
        f"Python {sys.version.split()[0]}"
    )
    print(
        f"{'graph':<22} {'triples':>9} {'pyshacl s':>10} {'fast s':>8} {'ratio':>7} "
        f"{'results':>15}  agree"
    )

    def row(name, n, t_ref, t_fast, n_ref, n_fast, agree):
        ref = f"{t_ref:10.2f}" if t_ref is not None else f"{'-':>10}"
        ratio = f"{t_ref / t_fast:6.1f}x" if t_ref is not None else f"{'-':>7}"
        counts = f"{n_ref if n_ref is not None else '-'}/{n_fast}"
        print(f"{name:<22} {n:>9,} {ref} {t_fast:8.2f} {ratio} {counts:>15}  {agree}", flush=True)

    t_ref, ref = timed(lambda: validate_graph(seed, shapes=shapes, ontology=ontology), 1)
    t_fast, fast = timed(lambda: validate_fast(seed, shapes=shapes, ontology=ontology), args.repeat)
    row(
        "seed", len(seed), t_ref, t_fast, len(ref.results), len(fast.results), key(ref) == key(fast)
    )

    base = mutated_seed(seed)
    keep = fixed_iris(shapes, ontology)
    one = validate_fast(base, shapes=shapes, ontology=ontology)
    per_copy = len(one.results)
    for size in args.sizes:
        copies = max(1, round(size / len(base)))
        graph = Graph()
        for triple in replicate(base, copies, keep):
            graph.add(triple)
        n = len(graph)
        t_fast, fast = timed(
            lambda g=graph: validate_fast(g, shapes=shapes, ontology=ontology), args.repeat
        )
        if size <= args.pyshacl_max:
            t_ref, ref = timed(
                lambda g=graph: validate_graph(g, shapes=shapes, ontology=ontology), 1
            )
            row(
                f"corpus x{copies} (graph)",
                n,
                t_ref,
                t_fast,
                len(ref.results),
                len(fast.results),
                key(ref) == key(fast),
            )
        else:
            row(
                f"corpus x{copies} (graph)",
                n,
                None,
                t_fast,
                None,
                len(fast.results),
                f"count {'==' if len(fast.results) == copies * per_copy else '!='} "
                f"{copies} x {per_copy}",
            )
            ref = fast
        store = to_store(list(graph))
        del graph
        t_store, from_store = timed(
            lambda s=store: validate_fast(s, shapes=shapes, ontology=ontology), args.repeat
        )
        # a store folds xsd:nonNegativeInteger into xsd:integer: the mutated begin indexes
        # written as xsd:integer are invisible there (see tests/shapes/test_shacl_fast.py)
        missing = canonical(ref) - canonical(from_store)
        extra = canonical(from_store) - canonical(ref)
        folded = all(k[1] in (str(NIF_BEGIN), "nif:beginIndex") for k in missing.elements())
        row(
            f"corpus x{copies} (store)",
            len(store),
            t_ref if size <= args.pyshacl_max else None,
            t_store,
            len(ref.results),
            len(from_store.results),
            f"{'yes' if not extra and folded else 'NO'} "
            f"(-{sum(missing.values())} folded integers, +{sum(extra.values())})",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
