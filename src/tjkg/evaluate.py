"""Scoring predicted mentions against gold mentions (devset guidelines, *Gold JSON schema*).

* **strict**: same ``(start, end, type)``;
* **lenient**: same type and overlapping spans, matched one to one (largest overlap first);
* nested mentions are scored like any other mention;
* for metrics matched leniently: the share with the right ``value_normalized``, ``unit``,
  both, and ``period``.

>>> from tjkg.models import Mention
>>> g = [Mention("d", 0, 3, "天津市", "district_or_place")]
>>> p = [Mention("d", 0, 2, "天津", "district_or_place")]
>>> s = score(g, p)
>>> s.overall("strict").f1, s.overall("lenient").f1
(0.0, 1.0)
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tjkg.models import MENTION_TYPES, Document, Mention, Relation
from tjkg.sources import read_release

__all__ = [
    "Counts",
    "Scores",
    "evaluate_dir",
    "evaluate_files",
    "format_scores",
    "read_document",
    "score",
    "score_relations",
]


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Scores:
    """Per-type counts (strict and lenient) and metric-field agreement."""

    strict: dict[str, Counts] = field(default_factory=dict)
    lenient: dict[str, Counts] = field(default_factory=dict)
    metric_matched: int = 0
    metric_value: int = 0
    metric_unit: int = 0
    metric_value_unit: int = 0
    metric_period: int = 0
    docs: int = 0
    chars: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str, str, int, int, str]] = field(default_factory=list)

    def overall(self, mode: str = "lenient") -> Counts:
        total = Counts()
        for c in getattr(self, mode).values():
            total.add(c)
        return total

    def share(self, what: str) -> float:
        """Share of matched metrics right in ``value``, ``unit``, ``value_unit`` or ``period``."""
        n = getattr(self, f"metric_{what}")
        return n / self.metric_matched if self.metric_matched else 0.0

    def add(self, other: Scores) -> None:
        for mode in ("strict", "lenient"):
            mine = getattr(self, mode)
            for t, c in getattr(other, mode).items():
                mine.setdefault(t, Counts()).add(c)
        for name in ("metric_matched", "metric_value", "metric_unit", "metric_value_unit",
                     "metric_period", "docs", "chars"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds
        self.errors.extend(other.errors)


def _key(m: Mention) -> tuple[int, int, str]:
    return (m.start, m.end, m.type)


def score(gold: Sequence[Mention], pred: Sequence[Mention]) -> Scores:
    """Compare one document's gold and predicted mentions."""
    s = Scores()
    types = sorted({m.type for m in gold} | {m.type for m in pred}, key=_type_order)
    for t in types:
        s.strict[t] = Counts()
        s.lenient[t] = Counts()
    gold_keys = {_key(m) for m in gold}
    pred_keys = {_key(m) for m in pred}
    for m in pred:
        if _key(m) in gold_keys:
            s.strict[m.type].tp += 1
        else:
            s.strict[m.type].fp += 1
    for m in gold:
        if _key(m) not in pred_keys:
            s.strict[m.type].fn += 1
    # lenient: one-to-one by largest overlap
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if g.type == p.type and g.start < p.end and p.start < g.end:
                overlap = min(g.end, p.end) - max(g.start, p.start)
                exact = (g.start, g.end) == (p.start, p.end)
                pairs.append((not exact, -overlap, i, j))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    matches: list[tuple[Mention, Mention]] = []
    for _ne, _ov, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        matches.append((gold[i], pred[j]))
    for g, _p in matches:
        s.lenient[g.type].tp += 1
    for i, g in enumerate(gold):
        if i not in used_g:
            s.lenient[g.type].fn += 1
            s.errors.append(("fn", g.doc_id, g.type, g.start, g.end, g.text))
    for j, p in enumerate(pred):
        if j not in used_p:
            s.lenient[p.type].fp += 1
            s.errors.append(("fp", p.doc_id, p.type, p.start, p.end, p.text))
    for g, p in matches:
        if g.type != "metric" or g.metric is None or p.metric is None:
            continue
        s.metric_matched += 1
        v = g.metric.value_normalized == p.metric.value_normalized
        u = g.metric.unit == p.metric.unit
        s.metric_value += v
        s.metric_unit += u
        s.metric_value_unit += v and u
        s.metric_period += (g.metric.period or None) == (p.metric.period or None)
        if not (v and u):
            s.errors.append(("value", g.doc_id, "metric", g.start, g.end,
                             f"{g.text}: gold {g.metric.value_normalized} {g.metric.unit}, "
                             f"pred {p.metric.value_normalized} {p.metric.unit}"))  # fmt: skip
        elif g.metric.period != p.metric.period:
            s.errors.append(("period", g.doc_id, "metric", g.start, g.end,
                             f"{g.text}: gold {g.metric.period}, "
                             f"pred {p.metric.period}"))  # fmt: skip
    return s


def score_relations(
    gold: Iterable[Relation], pred: Iterable[Relation]
) -> dict[str, Counts]:
    """Relations compared as ``(subject key, predicate, object key)``, per predicate and
    ``all``; evidence, source and confidence are not compared."""
    g = {(r.subject, r.predicate, r.object) for r in gold}
    p = {(r.subject, r.predicate, r.object) for r in pred}
    out: dict[str, Counts] = {"all": Counts()}
    for pred_name in sorted({t[1] for t in g | p}):
        gs = {t for t in g if t[1] == pred_name}
        ps = {t for t in p if t[1] == pred_name}
        c = Counts(len(gs & ps), len(ps - gs), len(gs - ps))
        out[pred_name] = c
        out["all"].add(c)
    return out


def _type_order(t: str) -> tuple[int, str]:
    return (MENTION_TYPES.index(t) if t in MENTION_TYPES else len(MENTION_TYPES), t)


def read_document(txt: Path) -> Document:
    """A release with its optional ``.meta.json`` sidecar (devset or data layout)."""
    return read_release(txt)


def _load_gold(path: Path) -> tuple[dict, list[Mention]]:
    from tjkg.extract import from_gold_json

    obj = json.loads(path.read_text(encoding="utf-8"))
    return obj, from_gold_json(obj, obj.get("doc_id") or path.stem)


def evaluate_files(gold_file: str | Path, pred_file: str | Path) -> Scores:
    """Score a predicted interchange file against a gold file."""
    from tjkg.extract import from_gold_json

    obj, gold = _load_gold(Path(gold_file))
    pred_obj = json.loads(Path(pred_file).read_text(encoding="utf-8"))
    pred = from_gold_json(pred_obj, obj.get("doc_id") or Path(gold_file).stem)
    s = score(gold, pred)
    s.docs = 1
    s.chars = int(obj.get("text_length", 0))
    return s


def evaluate_dir(
    gold_dir: str | Path,
    *,
    extract: Callable[[Document], Iterable[Mention]] | None = None,
) -> Scores:
    """Run ``extract`` (tjkg's extractor by default) on each ``docs/NAME.txt`` beside
    ``gold_dir/NAME.json`` (``gold_dir`` may be the devset root or its ``gold/`` folder)."""
    root = Path(gold_dir)
    gold_path = root / "gold" if (root / "gold").is_dir() else root
    docs_path = gold_path.parent / "docs"
    if extract is None:
        from tjkg.extract import extract_mentions as extract
    total = Scores()
    for gf in sorted(gold_path.glob("*.json")):
        obj, gold = _load_gold(gf)
        doc_file = obj.get("doc_file")
        txt = gold_path.parent / doc_file if doc_file else docs_path / f"{gf.stem}.txt"
        doc = read_document(txt)
        doc = Document(doc_id=obj.get("doc_id") or doc.doc_id, text=doc.text, path=doc.path,
                       meta=doc.meta)  # fmt: skip
        t0 = time.perf_counter()
        pred = list(extract(doc))
        elapsed = time.perf_counter() - t0
        s = score(gold, pred)
        s.docs, s.chars, s.seconds = 1, len(doc.text), elapsed
        total.add(s)
    return total


def format_scores(s: Scores, *, title: str = "") -> str:
    """A plain-text table: per type strict and lenient P/R/F1, overall, metric fields."""
    lines = []
    if title:
        lines.append(title)
    header = (
        f"{'type':<24}{'gold':>5}{'pred':>5}  {'strict P':>8} {'R':>5} {'F1':>5}   "
        f"{'lenient P':>9} {'R':>5} {'F1':>5}"
    )
    lines.append(header)
    lines.append("-" * len(header))
    types = sorted(set(s.strict) | set(s.lenient), key=_type_order)
    for t in [*types, "overall"]:
        st = s.overall("strict") if t == "overall" else s.strict.get(t, Counts())
        le = s.overall("lenient") if t == "overall" else s.lenient.get(t, Counts())
        if t == "overall":
            lines.append("-" * len(header))
        lines.append(
            f"{t:<24}{st.tp + st.fn:>5}{st.tp + st.fp:>5}  {st.precision:>8.3f} {st.recall:>5.3f} "
            f"{st.f1:>5.3f}   {le.precision:>9.3f} {le.recall:>5.3f} {le.f1:>5.3f}"
        )
    if s.metric_matched:
        lines.append(
            f"metrics matched: {s.metric_matched}; value right {s.share('value'):.1%}, unit right "
            f"{s.share('unit'):.1%}, value+unit right {s.share('value_unit'):.1%}, period right "
            f"{s.share('period'):.1%}"
        )
    if s.seconds > 0:
        lines.append(
            f"documents: {s.docs}; characters: {s.chars}; "
            f"{s.chars / s.seconds:,.0f} chars/s including start-up"
        )
    return "\n".join(lines) + "\n"
