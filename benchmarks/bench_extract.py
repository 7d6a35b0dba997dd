"""Benchmark tjkg's extractor on an annotated set (default: ../shared/devset) and on the
held-out set (tests/fixtures/heldout: invented releases no rule was tuned on).

Prints per-type strict and lenient precision/recall/F1, metric value/unit/period accuracy
for both sets, start-up time (lexicons and patterns loaded on first use) and extraction speed
in characters per second after start-up; then relation precision/recall/F1 against the curated
relations of each curated release in ``data/`` (extracted from the curated mentions, and from
the extractor's own mentions), and a sample of the relations found on the annotated set.

    .venv/bin/python benchmarks/bench_extract.py [DEVSET] [--heldout DIR] [--repeat N] [--errors]
        [--sample N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tjkg.evaluate import Counts, evaluate_dir, format_scores, read_document, score_relations

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("devset", nargs="?", default=str(REPO.parent / "shared" / "devset"))
    ap.add_argument("--heldout", default=str(REPO / "tests" / "fixtures" / "heldout"),
                    help="second annotated set, scored separately ('' to skip)")  # fmt: skip
    ap.add_argument("--repeat", type=int, default=20, help="passes over the texts for speed")
    ap.add_argument("--errors", action="store_true", help="list false positives/negatives")
    ap.add_argument("--sample", type=int, default=6, help="relations shown per annotated text")
    args = ap.parse_args(argv)
    root = Path(args.devset)
    if not (root / "gold").is_dir():
        print(f"no gold/ folder under {root}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    c0 = time.process_time()
    from tjkg.extract import clear_caches, extract_mentions

    docs = [read_document(p) for p in sorted((root / "docs").glob("*.txt"))]
    extract_mentions(docs[0])  # loads lexicons, compiles patterns
    startup = time.perf_counter() - t0
    startup_cpu = time.process_time() - c0

    scores = evaluate_dir(root)
    print(format_scores(scores, title=f"tjkg extractor on {root}"))
    errors = list(scores.errors)
    if args.heldout and (Path(args.heldout) / "gold").is_dir():
        held = evaluate_dir(args.heldout)
        print(format_scores(held, title=f"held-out: tjkg extractor on {args.heldout}"))
        errors += held.errors

    chars = sum(len(d.text) for d in docs)
    t1 = time.process_time()  # CPU time: other processes on the machine do not count
    for _ in range(args.repeat):
        for d in docs:
            clear_caches()  # time every text as if seen for the first time
            extract_mentions(d)
    elapsed = time.process_time() - t1
    speed = chars * args.repeat / elapsed
    print(f"start-up: {startup:.2f} s ({startup_cpu:.2f} s CPU); "
          f"speed after start-up: {speed:,.0f} chars/s "
          f"({len(docs)} texts, {chars} chars, {args.repeat} passes, one core)")  # fmt: skip
    if args.errors:
        for kind, doc_id, mtype, start, end, text in sorted(errors, key=lambda e: e[1:4]):
            print(f"{kind:6} {doc_id[:24]:24} {mtype:24} {start:>5}-{end:<5} {text}")
    print_relation_scores(REPO / "data", errors=args.errors)
    print_relation_sample(docs, args.sample)
    return 0


def _format_counts(title: str, by_predicate: dict[str, Counts]) -> str:
    head = f"  {'predicate':<18} {'P':>5} {'R':>5} {'F1':>5} {'tp':>4} {'fp':>4} {'fn':>4}"
    lines = [title, head]
    for name, c in sorted(by_predicate.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        lines.append(f"  {name:<18} {c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f} "
                     f"{c.tp:>4} {c.fp:>4} {c.fn:>4}")
    return "\n".join(lines)


def print_relation_scores(data: Path, *, errors: bool = False) -> None:
    """Extracted relations against the curated ones (the curated file's relations plus the
    registry's parents) of every curated release, as (subject key, predicate, object key)."""
    from tjkg.curated import load_curated, load_registry
    from tjkg.extract.relations import extract_relations
    from tjkg.pipeline import run_extractors
    from tjkg.resolve import resolve_annotation
    from tjkg.sources import read_release

    registry = load_registry(data / "curated" / "entities.json")
    totals = {"curated mentions": {"all": Counts()}, "extracted mentions": {"all": Counts()}}
    for release in sorted((data / "releases").glob("*.txt")):
        path = data / "curated" / f"{release.stem}.json"
        if not path.exists():
            continue
        doc = read_release(release)
        cur = load_curated(path, doc)
        gold = resolve_annotation(doc, cur.mentions, registry, relations=cur.relations,
                                  curated_path=str(path)).relations
        for setting, mentions in (("curated mentions", cur.mentions),
                                  ("extracted mentions", run_extractors(doc))):
            pred = extract_relations(resolve_annotation(doc, mentions, registry))
            for name, c in score_relations(gold, pred).items():
                totals[setting].setdefault(name, Counts()).add(c)
            if errors:
                g = {(r.subject, r.predicate, r.object) for r in gold}
                p = {(r.subject, r.predicate, r.object): r for r in pred}
                for t in sorted(set(p) - g):
                    print(f"rel-fp {setting[:9]} {' '.join(t)}  [{p[t].source}]")
                for t in sorted(g - set(p)):
                    print(f"rel-fn {setting[:9]} {' '.join(t)}")
    for setting, counts in totals.items():
        print(_format_counts(f"relations from {setting} vs curated relations ({data.name}/)",
                             counts))


def print_relation_sample(docs: list, per_doc: int) -> None:
    """A few relations per annotated text (extractor's mentions, no curated data)."""
    from tjkg.curated import Registry
    from tjkg.extract.relations import extract_relations
    from tjkg.pipeline import run_extractors
    from tjkg.resolve import resolve_annotation

    if per_doc <= 0:
        return
    print("sample of extracted relations on the annotated set:")
    for d in docs:
        rels = extract_relations(resolve_annotation(d, run_extractors(d), Registry()))
        print(f"  {d.doc_id}: {len(rels)} relations")
        for r in sorted(rels, key=lambda r: -r.confidence)[:per_doc]:
            print(f"    {r.subject} {r.predicate} {r.object}  "
                  f"({r.source.rpartition('/')[2]}, {r.confidence})")


if __name__ == "__main__":
    raise SystemExit(main())
