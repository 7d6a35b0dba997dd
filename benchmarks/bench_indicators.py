"""Coverage of the controlled indicator vocabulary (issue 3) on annotated and extracted metrics.

For the metric mentions of the devset gold (``../shared/devset/gold``), of the seed curated
data (``data/curated``) and of tjkg's extractor run on the devset and seed texts, prints the
share whose indicator maps exactly to a controlled concept, the share narrower than one (an
uncontrolled indicator with skos:broader a concept) and, with ``--list``, every indicator
and how it matched. The gold names are free text made explicit from context: use them to
measure, never as a source of aliases.

    .venv/bin/python benchmarks/bench_indicators.py [DEVSET_DIR] [--list] [--no-extract]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from tjkg.indicators import IndicatorVocabulary, load_indicators

REPO = Path(__file__).resolve().parent.parent


def gold_indicators(folder: Path) -> list[str]:
    """The ``indicator`` of every metric mention in the gold-format JSON files of ``folder``."""
    out: list[str] = []
    for path in sorted(folder.glob("*.json")):
        obj = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(obj, dict) and isinstance(obj.get("mentions"), list):
            out += [m["indicator"] for m in obj["mentions"]
                    if m.get("type") == "metric" and m.get("indicator")]
    return out


def extracted_indicators(texts: list[Path]) -> list[str]:
    """The indicator of every metric tjkg's extractor finds in ``texts``."""
    from tjkg.extract import extract_mentions
    from tjkg.sources import read_release

    out: list[str] = []
    for path in texts:
        for m in extract_mentions(read_release(path)):
            if m.type == "metric" and m.metric and m.metric.indicator:
                out.append(m.metric.indicator)
    return out


def report(name: str, names: list[str], vocab: IndicatorVocabulary, *, listing: bool) -> None:
    matches = [vocab.match(n) for n in names]
    hows = Counter(m.how for m in matches)
    total = len(matches) or 1
    print(f"{name}: {len(matches)} metrics; exact {hows['exact']} ({hows['exact'] / total:.0%}), "
          f"narrower {hows['narrower']} ({hows['narrower'] / total:.0%}), "
          f"unmatched {hows['none']} ({hows['none'] / total:.0%})")
    if listing:
        for m in matches:
            target = m.concept.key if m.concept else ""
            print(f"    {m.how:8} {m.text}  ->  {target}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("devset", nargs="?", default=str(REPO.parent / "shared" / "devset"))
    ap.add_argument("--data", default=str(REPO / "data"), help="data dir (vocab/, curated/)")
    ap.add_argument("--list", action="store_true", help="list every indicator and its match")
    ap.add_argument("--no-extract", action="store_true", help="skip the extractor's output")
    args = ap.parse_args(argv)
    devset, data = Path(args.devset), Path(args.data)
    vocab = load_indicators(data / "vocab" / "indicators.ttl")
    if not len(vocab):
        print(f"no indicator vocabulary in {data / 'vocab'}", file=sys.stderr)
        return 2
    print(f"vocabulary: {len(vocab)} concepts, {len(vocab.by_key)} normalised labels")
    report("devset gold", gold_indicators(devset / "gold"), vocab, listing=args.list)
    report("seed curated", gold_indicators(data / "curated"), vocab, listing=args.list)
    if not args.no_extract:
        texts = sorted((devset / "docs").glob("*.txt")) + sorted((data / "releases").glob("*.txt"))
        report("extractor (devset + seed texts)", extracted_indicators(texts), vocab,
               listing=args.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
