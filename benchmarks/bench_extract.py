"""Benchmark tjkg's extractor on an annotated set (default: ../shared/devset).

Prints per-type strict and lenient precision/recall/F1, metric value/unit/period accuracy,
start-up time (lexicons and patterns loaded on first use) and extraction speed in
characters per second after start-up.

    .venv/bin/python benchmarks/bench_extract.py [DEVSET_DIR] [--repeat N] [--errors]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tjkg.evaluate import evaluate_dir, format_scores, read_document

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("devset", nargs="?", default=str(REPO.parent / "shared" / "devset"))
    ap.add_argument("--repeat", type=int, default=20, help="passes over the texts for speed")
    ap.add_argument("--errors", action="store_true", help="list false positives/negatives")
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
        for kind, doc_id, mtype, start, end, text in sorted(scores.errors, key=lambda e: e[1:4]):
            print(f"{kind:6} {doc_id[:24]:24} {mtype:24} {start:>5}-{end:<5} {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
