"""Automatic mention extraction: named extractors ``Document -> list[Mention]`` and their merge.

>>> from tjkg.models import Document
>>> doc = Document("d", "2024年,天津市工业和信息化局认定专精特新“小巨人”企业超170家。")
>>> for m in extract_mentions(doc):
...     print(m.text, m.type)
天津市工业和信息化局 government_body
专精特新“小巨人”企业 program_or_policy
超170家 metric

Extractors are registered by name (:data:`EXTRACTORS`); :func:`extract_mentions` runs them,
drops what the guidelines leave unannotated (bylines, source lines, event names), keeps the
maximal span of overlapping results and nests an organisation or zone inside a project,
product or policy name (``nested_in``). Every mention carries ``source="extractor:<name>"``
and a confidence reflecting the rule that produced it.

Modules (one concern each):

* :mod:`~tjkg.extract.numbers`: Chinese numbers, magnitudes, units, bounds, ranks, periods;
* :mod:`~tjkg.extract.text`: the one-for-one normalised view (full-width, traditional) and
  the left edge of a name that ends at a known suffix;
* :mod:`~tjkg.extract.lexicon`: general lexicons (``tjkg/resources/lexicon``) → ``lexicon``;
* :mod:`~tjkg.extract.patterns`: suffix, organ, person, enumeration, quote rules → ``patterns``;
* :mod:`~tjkg.extract.metrics`: values with unit, period, status, comparison → ``metrics``.

No statistical segmenter is used: jieba's dictionary alone takes about 0.6 s to load (most of
the one-second start-up budget), and the rules above reach the targets on annotated releases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from tjkg.extract.numbers import canonical_decimal
from tjkg.models import Annotation, Change, Document, Mention, MetricFields, Span

__all__ = [
    "EXTRACTORS",
    "Extractor",
    "clear_caches",
    "extract_mentions",
    "from_gold_json",
    "merge_mentions",
    "register",
    "relations_json",
    "release_year",
    "review_mentions",
    "to_gold_json",
]

#: Mentions below this confidence go to review (``tjkg extract --review``).
REVIEW_THRESHOLD = Decimal("0.7")

Extractor = Callable[[Document], list[Mention]]

#: Registered extractors by name, in the order they run.
EXTRACTORS: dict[str, Extractor] = {}

_OUTER_TYPES = frozenset({"project", "product_or_achievement", "program_or_policy"})
_INNER_TYPES = frozenset(
    {"enterprise", "research_institute", "government_body", "industrial_park_or_zone"}
)


def register(name: str) -> Callable[[Extractor], Extractor]:
    """Register ``fn`` as the extractor ``name`` (decorator)."""

    def deco(fn: Extractor) -> Extractor:
        EXTRACTORS[name] = fn
        return fn

    return deco


def release_year(doc: Document) -> int | None:
    """The release year from the document's metadata, if any.

    >>> from tjkg.models import ReleaseMeta
    >>> release_year(Document("d", "", meta=ReleaseMeta(published="2025-12-10T13:41:04+08:00")))
    2025
    """
    meta = doc.meta
    for value in (meta.published, meta.event_date, *(v for _k, v in meta.extra)):
        m = re.search(r"(?:19|20)\d{2}", value or "")
        if m:
            return int(m.group())
    return None


def _inside(a: Mention, b: Mention) -> bool:
    return b.start <= a.start and a.end <= b.end


def merge_mentions(doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """Resolve overlaps by the guideline rules and sort by ``(start, -end)``.

    The longest span wins (then the higher confidence); an organisation or zone inside an
    accepted project, product or policy name is kept with ``nested_in``; a metric never
    overlaps an entity.
    """
    from tjkg.extract.patterns import unannotated_spans

    n = len(doc.text)
    hard = bytearray(n + 1)  # nothing annotated here
    soft = [-1] * (n + 1)  # event names: only a government body wholly inside is annotated
    for k, (s, e, keep_bodies) in enumerate(unannotated_spans(doc)):
        if keep_bodies:
            for i in range(s, e):
                soft[i] = k
        else:
            hard[s:e] = b"\x01" * (e - s)

    def is_blocked(m: Mention) -> bool:
        if any(hard[m.start : m.end]):
            return True
        ids = set(soft[m.start : m.end])
        if ids == {-1}:
            return False
        # kept only: a government body lying wholly inside one event name
        return m.type != "government_body" or -1 in ids or len(ids) != 1

    entities = [m for m in mentions if m.type != "metric" and not is_blocked(m)]
    metrics = [m for m in mentions if m.type == "metric" and not is_blocked(m)]
    entities.sort(key=lambda m: (-(m.end - m.start), -m.confidence, m.start))
    owner: list[int] = [-1] * (n + 1)  # index into ``accepted`` of the span covering a char
    inner_taken = bytearray(n + 1)
    accepted: list[Mention] = []
    nested: list[Mention] = []
    for m in entities:
        clash_ids = {owner[k] for k in range(m.start, m.end)} - {-1}
        if not clash_ids:
            for k in range(m.start, m.end):
                owner[k] = len(accepted)
            accepted.append(m)
            continue
        if len(clash_ids) != 1 or m.type not in _INNER_TYPES:
            continue
        outer = accepted[next(iter(clash_ids))]
        if (
            outer.type in _OUTER_TYPES
            and _inside(m, outer)
            and (m.start, m.end) != (outer.start, outer.end)
            and not any(inner_taken[m.start : m.end])
        ):
            inner_taken[m.start : m.end] = b"\x01" * (m.end - m.start)
            nested.append(_replace(m, nested_in=(outer.start, outer.end)))
    result = accepted + nested
    metrics.sort(key=lambda m: (-(m.end - m.start), -m.confidence, m.start))
    kept_metrics: list[Mention] = []
    metric_taken = bytearray(n + 1)
    for m in metrics:
        if any(owner[k] != -1 for k in range(m.start, m.end)) or any(metric_taken[m.start : m.end]):
            continue
        metric_taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        kept_metrics.append(m)
    result += kept_metrics
    result.sort(key=lambda m: (m.start, -m.end, m.type))
    return result


def _replace(m: Mention, **changes: Any) -> Mention:
    from dataclasses import replace

    return replace(m, **changes)


def _ensure_registered() -> None:
    if EXTRACTORS:
        return
    from tjkg.extract import lexicon, metrics, patterns

    register("lexicon")(lexicon.extract_lexicon)
    register("patterns")(patterns.extract_patterns)
    register("metrics")(metrics.extract_metrics)


def clear_caches() -> None:
    """Forget per-text caches (normalised views, lexicon matches); for honest timing."""
    from tjkg.extract.lexicon import document_matches
    from tjkg.extract.text import normalize_text

    normalize_text.cache_clear()
    document_matches.cache_clear()


def extract_mentions(doc: Document, *, extractors: Sequence[str] | None = None) -> list[Mention]:
    """Run the named extractors (all registered ones by default) and merge their mentions."""
    _ensure_registered()
    names = list(EXTRACTORS) if extractors is None else list(extractors)
    found: list[Mention] = []
    for name in names:
        try:
            fn = EXTRACTORS[name]
        except KeyError:
            raise ValueError(
                f"unknown extractor {name!r}; known: {', '.join(EXTRACTORS)}"
            ) from None
        found.extend(fn(doc))
    return merge_mentions(doc, found)


def review_mentions(
    mentions: Sequence[Mention], *, threshold: Decimal = REVIEW_THRESHOLD
) -> list[Mention]:
    """The mentions a person should check: confidence below ``threshold``.

    Write them with :func:`to_gold_json` (the curated format) for accept / fix / reject.
    """
    return [m for m in mentions if m.confidence < threshold]


# ------------------------------------------------------------------------- interchange JSON


def _json_number(d: Decimal | None) -> int | float | None:
    if d is None:
        return None
    d = canonical_decimal(d)
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def _mention_json(m: Mention) -> dict[str, Any]:
    out: dict[str, Any] = {"type": m.type, "text": m.text, "start": m.start, "end": m.end}
    if m.nested_in is not None:
        out["nested_in"] = [m.nested_in[0], m.nested_in[1]]
    if m.role is not None:
        out["role"] = m.role
    if m.entity is not None:
        out["entity"] = m.entity
    if m.cls is not None:
        out["cls"] = m.cls
    f = m.metric
    if f is not None:
        out.update(
            indicator=f.indicator,
            value=f.value,
            value_normalized=_json_number(f.value_normalized),
            unit=f.unit,
            unit_implicit=f.unit_implicit,
            period=f.period,
            bound=f.bound,
            kind=f.kind,
            status=f.status,
            redacted=f.redacted,
        )
        if f.area is not None:
            out["area"] = f.area
        if f.about is not None:
            out["about"] = f.about
        if f.comparison is not None:
            c = f.comparison
            cmp_out: dict[str, Any] = {"text": c.text, "start": c.start, "end": c.end}
            ch = f.change
            if ch is not None:
                cmp_out.update(
                    value=_json_number(ch.value),
                    unit=ch.unit,
                    direction=ch.direction,
                    base_period=ch.base_period,
                    baseline=ch.baseline,
                )
            out["comparison"] = cmp_out
    if m.source != "curated":
        out["source"] = m.source
        out["confidence"] = float(m.confidence)
    return out


def to_gold_json(doc: Document, mentions: Sequence[Mention]) -> dict[str, Any]:
    """The interchange (devset gold) form of a document's mentions."""
    ms = sorted(mentions, key=lambda m: (m.start, -m.end, m.type))
    counts: dict[str, int] = {}
    for m in ms:
        counts[m.type] = counts.get(m.type, 0) + 1
    return {
        "doc_id": doc.doc_id,
        "text_length": len(doc.text),
        "counts": dict(sorted(counts.items())),
        "mentions": [_mention_json(m) for m in ms],
    }


def relations_json(ann: Annotation) -> list[dict[str, Any]]:
    """The interchange form of an annotation's relations (``relations`` beside ``mentions``):
    subject and object as entity keys with their mention types, the evidence span, the
    source (``curated`` or ``extractor:relations/<rule>``) and the confidence."""
    types: dict[str, set[str]] = {}
    for e in ann.entities:
        types.setdefault(e.key, set()).add(e.type)
    out = []
    for r in sorted(ann.relations, key=lambda r: (r.evidence.start, r.evidence.end, r.subject,
                                                  r.predicate, r.object)):
        rec: dict[str, Any] = {"subject": r.subject, "predicate": r.predicate,
                               "object": r.object}
        for side, key in (("subject_type", r.subject), ("object_type", r.object)):
            if len(types.get(key, ())) == 1:
                rec[side] = next(iter(types[key]))
        rec.update(evidence=[r.evidence.start, r.evidence.end], text=r.evidence.text,
                   source=r.source, confidence=_json_number(r.confidence))
        out.append(rec)
    return out


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        value = repr(value)
    return canonical_decimal(Decimal(str(value)))


def from_gold_json(obj: dict[str, Any], doc_id: str | None = None) -> list[Mention]:
    """Mentions from the interchange (devset gold) form; ``value_normalized`` as Decimal."""
    did = doc_id or obj.get("doc_id", "")
    out: list[Mention] = []
    for rec in obj.get("mentions", []):
        metric = None
        if rec["type"] == "metric":
            cmp_rec = rec.get("comparison")
            comparison = (
                Span(did, cmp_rec["start"], cmp_rec["end"], cmp_rec["text"]) if cmp_rec else None
            )
            change = None
            if cmp_rec and any(
                cmp_rec.get(k) is not None
                for k in ("value", "direction", "base_period", "baseline")
            ):
                change = Change(
                    value=_decimal(cmp_rec.get("value")),
                    unit=cmp_rec.get("unit"),
                    direction=cmp_rec.get("direction"),
                    base_period=cmp_rec.get("base_period"),
                    baseline=cmp_rec.get("baseline"),
                )
            metric = MetricFields(
                indicator=rec.get("indicator", ""),
                value=rec.get("value", rec["text"]),
                value_normalized=_decimal(rec.get("value_normalized")),
                unit=rec.get("unit", ""),
                unit_implicit=bool(rec.get("unit_implicit", False)),
                period=rec.get("period"),
                bound=rec.get("bound", "exact"),
                kind=rec.get("kind", "value"),
                status=rec.get("status", "actual"),
                redacted=bool(rec.get("redacted", False)),
                comparison=comparison,
                area=rec.get("area"),
                about=rec.get("about"),
                change=change,
            )
        nested = rec.get("nested_in")
        out.append(
            Mention(
                doc_id=did,
                start=int(rec["start"]),
                end=int(rec["end"]),
                text=rec["text"],
                type=rec["type"],
                role=rec.get("role"),
                nested_in=(int(nested[0]), int(nested[1])) if nested else None,
                metric=metric,
                entity=rec.get("entity"),
                cls=rec.get("cls"),
                source=rec.get("source", "curated"),
                confidence=_decimal(rec.get("confidence", 1)) or Decimal(1),
            )
        )
    return out
