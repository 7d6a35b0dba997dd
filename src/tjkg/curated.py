"""Curated data: per-release annotations, the entity registry and the unit vocabulary.

Formats are documented in ``docs/data-format.md``. Everything here is checked on load; a
problem raises :class:`~tjkg.errors.CuratedDataError` naming the file and the entry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .decimals import canonical_decimal
from .errors import CuratedDataError
from .iris import normalize_key
from .models import (
    BOUNDS,
    ENTITY_TYPES,
    KINDS,
    MENTION_TYPES,
    STATUSES,
    Change,
    Document,
    Entity,
    Mention,
    MetricFields,
    Span,
)
from .namespaces import RELATIONS

FINER_CLASSES: dict[str, tuple[str, ...]] = {
    "cluster_or_chain": ("IndustrialCluster", "IndustrialChain", "IndustryAlliance"),
    "program_or_policy": ("Policy", "Designation"),
}
DIRECTIONS = ("increase", "decrease", "better", "worse", "ratio")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CuratedDataError(str(path), exc.strerror or str(exc)) from None
    except UnicodeDecodeError as exc:
        raise CuratedDataError(str(path), f"not UTF-8: {exc}") from None
    except json.JSONDecodeError as exc:
        raise CuratedDataError(str(path), f"JSON syntax error: {exc}") from None


@dataclass(frozen=True)
class Unit:
    key: str
    zh: str
    en: str = ""
    qudt: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitVocabulary:
    units: tuple[Unit, ...] = ()
    by_name: dict[str, Unit] = field(default_factory=dict)

    def lookup(self, name: str) -> Unit:
        """The unit written ``name``; an unknown unit gets its own name as key."""
        return self.by_name.get(name.strip()) or Unit(key=name.strip(), zh=name.strip())


def load_units(path: str | Path) -> UnitVocabulary:
    path = Path(path)
    if not path.exists():
        return UnitVocabulary()
    obj = _read_json(path)
    units: list[Unit] = []
    by_name: dict[str, Unit] = {}
    for i, u in enumerate(obj.get("units", []) if isinstance(obj, dict) else []):
        if not isinstance(u, dict) or not u.get("key") or not u.get("zh"):
            raise CuratedDataError(str(path), f"unit #{i}: needs 'key' and 'zh'")
        unit = Unit(
            str(u["key"]),
            str(u["zh"]),
            str(u.get("en") or ""),
            str(u.get("qudt") or ""),
            tuple(map(str, u.get("aliases") or ())),
        )
        units.append(unit)
        for name in (unit.zh, *unit.aliases):
            if name in by_name and by_name[name].key != unit.key:
                raise CuratedDataError(str(path), f"unit name {name!r} used by two units")
            by_name[name] = unit
    return UnitVocabulary(tuple(units), by_name)


@dataclass(frozen=True)
class Registry:
    """Curated entities with their aliases (global and context-dependent)."""

    entities: dict[str, Entity] = field(default_factory=dict)
    aliases: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, alias) -> key
    context_aliases: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # (place key, type, alias) -> key

    def resolve(self, name: str, mention_type: str, *, place: str = "") -> str | None:
        """The registry key ``name`` refers to for a mention of ``mention_type``, if any."""
        alias = normalize_key(name)
        if place:
            key = self.context_aliases.get((normalize_key(place), mention_type, alias))
            if key:
                return key
        return self.aliases.get((mention_type, alias))


def load_registry(path: str | Path) -> Registry:
    path = Path(path)
    if not path.exists():
        return Registry()
    obj = _read_json(path)
    items = obj.get("entities") if isinstance(obj, dict) else None
    if not isinstance(items, list):
        raise CuratedDataError(str(path), "expected an object with an 'entities' list")
    entities: dict[str, Entity] = {}
    aliases: dict[tuple[str, str], str] = {}
    context: dict[tuple[str, str, str], str] = {}
    for i, e in enumerate(items):
        where = f"entity #{i}"
        if not isinstance(e, dict) or not e.get("key") or not e.get("type"):
            raise CuratedDataError(str(path), f"{where}: needs 'key' and 'type'")
        key, etype = normalize_key(str(e["key"])), str(e["type"])
        if etype not in ENTITY_TYPES:
            raise CuratedDataError(str(path), f"{where} ({key}): unknown type {etype!r}")
        cls = e.get("cls")
        if cls and cls not in FINER_CLASSES.get(etype, ()):
            raise CuratedDataError(str(path), f"{where} ({key}): class {cls!r} not for {etype}")
        if key in entities and entities[key].type == etype:
            raise CuratedDataError(str(path), f"{where}: duplicate key {key!r}")
        names = [str(a) for a in e.get("aliases") or ()]
        entity = Entity(
            key=key,
            type=etype,
            label_zh=str(e.get("label_zh") or key),
            cls=cls,
            label_en=e.get("label_en") or None,
            aliases=tuple(names),
            code=str(e["code"]) if e.get("code") else None,
            parent=normalize_key(str(e["parent"])) if e.get("parent") else None,
        )
        entities[key] = entity
        for name in (key, entity.label_zh, *names):
            a = normalize_key(name)
            if aliases.get((etype, a), key) != key:
                raise CuratedDataError(
                    str(path), f"{where}: alias {a!r} also names {aliases[(etype, a)]!r}"
                )
            aliases[(etype, a)] = key
        place = normalize_key(str(e.get("place") or ""))
        for name in e.get("context_aliases") or ():
            if not place:
                raise CuratedDataError(str(path), f"{where}: context_aliases need a 'place'")
            context[(place, etype, normalize_key(str(name)))] = key
    return Registry(entities, aliases, context)


@dataclass(frozen=True)
class CuratedRelation:
    subject: str
    predicate: str
    object: str
    evidence: Span


@dataclass(frozen=True)
class CuratedAnnotation:
    """A reviewed annotation of one release."""

    path: str
    mentions: tuple[Mention, ...]
    relations: tuple[CuratedRelation, ...] = ()
    drop: tuple[tuple[int, int], ...] = ()
    complete: bool = True  # reviewed as exhaustive: no automatic extraction added


def _span(doc: Document, obj: Any, where: str, path: str) -> tuple[int, int]:
    if (
        not isinstance(obj, list | tuple)
        or len(obj) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in obj)
    ):
        raise CuratedDataError(path, f"{where}: span must be [start, end], got {obj!r}")
    start, end = obj
    if not 0 <= start < end <= len(doc.text):
        raise CuratedDataError(
            path, f"{where}: offsets [{start}, {end}] outside the text (length {len(doc.text)})"
        )
    return start, end


def _metric(doc: Document, m: dict[str, Any], where: str, path: str) -> MetricFields:
    for name in ("indicator", "unit"):
        if not isinstance(m.get(name), str) or not m[name]:
            raise CuratedDataError(path, f"{where}: metric needs a non-empty {name!r}")
    redacted = bool(m.get("redacted", False))
    raw = m.get("value_normalized")
    value: Decimal | None = None
    if raw is None:
        if not redacted:
            raise CuratedDataError(path, f"{where}: value_normalized is null but not redacted")
    else:
        try:
            value = canonical_decimal(raw)
        except ValueError as exc:
            raise CuratedDataError(path, f"{where}: value_normalized: {exc}") from None
    for name, allowed in (("bound", BOUNDS), ("kind", KINDS), ("status", STATUSES)):
        if m.get(name, allowed[0]) not in allowed:
            raise CuratedDataError(path, f"{where}: {name} {m.get(name)!r} not in {allowed}")
    comparison = change = None
    c = m.get("comparison")
    if c:
        if not isinstance(c, dict):
            raise CuratedDataError(path, f"{where}: comparison must be an object")
        cs, ce = _span(doc, [c.get("start"), c.get("end")], f"{where} comparison", path)
        if doc.text[cs:ce] != c.get("text"):
            raise CuratedDataError(
                path,
                f"{where}: comparison quote {c.get('text')!r} does not "
                f"match the text {doc.text[cs:ce]!r}",
            )
        comparison = Span(doc.doc_id, cs, ce, doc.text[cs:ce])
        change = _change(c, where, path)
    return MetricFields(
        indicator=m["indicator"],
        value=str(m.get("value") or m.get("text")),
        value_normalized=value,
        unit=m["unit"],
        unit_implicit=bool(m.get("unit_implicit")),
        period=m.get("period") or None,
        bound=m.get("bound", "exact"),
        kind=m.get("kind", "value"),
        status=m.get("status", "actual"),
        redacted=redacted,
        comparison=comparison,
        area=m.get("area") or None,
        about=m.get("about") or None,
        change=change,
    )


def _change(c: dict[str, Any], where: str, path: str) -> Change | None:
    if not any(c.get(k) is not None for k in ("value", "direction", "base_period", "baseline")):
        return None
    if c.get("direction") is not None and c["direction"] not in DIRECTIONS:
        raise CuratedDataError(
            path, f"{where}: comparison direction {c['direction']!r} not in {DIRECTIONS}"
        )
    try:
        value = canonical_decimal(c["value"]) if c.get("value") is not None else None
    except ValueError as exc:
        raise CuratedDataError(path, f"{where}: comparison value: {exc}") from None
    return Change(
        value=value,
        unit=c.get("unit") or None,
        direction=c.get("direction"),
        base_period=c.get("base_period") or None,
        baseline=c.get("baseline") or None,
    )


def load_curated(path: str | Path, doc: Document) -> CuratedAnnotation:
    """Load and check ``curated/NAME.json`` against its release ``doc``."""
    path = Path(path)
    p = str(path)
    obj = _read_json(path)
    if not isinstance(obj, dict) or not isinstance(obj.get("mentions"), list):
        raise CuratedDataError(p, "expected an object with a 'mentions' list")
    if obj.get("doc_id", doc.doc_id) != doc.doc_id:
        raise CuratedDataError(p, f"doc_id {obj['doc_id']!r} is not {doc.doc_id!r}")
    if "text_length" in obj and obj["text_length"] != len(doc.text):
        raise CuratedDataError(
            p,
            f"text_length {obj['text_length']} but the release has "
            f"{len(doc.text)} characters: annotation of another version?",
        )
    mentions: list[Mention] = []
    for i, m in enumerate(obj["mentions"]):
        where = f"mention #{i}"
        if not isinstance(m, dict):
            raise CuratedDataError(p, f"{where}: not an object")
        mtype = m.get("type")
        if mtype not in MENTION_TYPES:
            raise CuratedDataError(p, f"{where}: unknown type {mtype!r}")
        start, end = _span(doc, [m.get("start"), m.get("end")], where, p)
        if doc.text[start:end] != m.get("text"):
            raise CuratedDataError(
                p,
                f"{where}: quote {m.get('text')!r} does not match the "
                f"text at [{start}, {end}]: {doc.text[start:end]!r}",
            )
        cls = m.get("cls")
        if cls and cls not in FINER_CLASSES.get(mtype, ()):
            raise CuratedDataError(p, f"{where}: class {cls!r} not allowed for {mtype}")
        nested = m.get("nested_in")
        mentions.append(
            Mention(
                doc_id=doc.doc_id,
                start=start,
                end=end,
                text=m["text"],
                type=mtype,
                role=m.get("role") or None,
                nested_in=_span(doc, nested, where + " nested_in", p) if nested else None,
                metric=_metric(doc, m, where, p) if mtype == "metric" else None,
                entity=m.get("entity") or None,
                cls=cls,
                source="curated",
            )
        )
    relations = []
    for i, r in enumerate(obj.get("relations") or []):
        where = f"relation #{i}"
        if not isinstance(r, dict) or not all(
            isinstance(r.get(k), str) for k in ("subject", "predicate", "object")
        ):
            raise CuratedDataError(p, f"{where}: needs 'subject', 'predicate', 'object'")
        if r["predicate"] not in RELATIONS:
            raise CuratedDataError(p, f"{where}: unknown predicate {r['predicate']!r}")
        s, e = _span(doc, r.get("evidence"), where + " evidence", p)
        relations.append(
            CuratedRelation(
                r["subject"], r["predicate"], r["object"], Span(doc.doc_id, s, e, doc.text[s:e])
            )
        )
    drop = tuple(_span(doc, d, f"drop #{i}", p) for i, d in enumerate(obj.get("drop") or []))
    return CuratedAnnotation(
        p, tuple(mentions), tuple(relations), drop, bool(obj.get("complete", True))
    )


def write_review(doc: Document, extracted: Sequence[Mention], folder: str | Path) -> Path:
    """Write the low-confidence ``extracted`` mentions of ``doc`` for review.

    The file is a curated annotation with ``"complete": false``: once a person has
    accepted, fixed or deleted its mentions and moved it to ``curated/NAME.json``, it
    overrides the extractor on those spans and the extractor still supplies the rest.
    """
    from .extract import review_mentions, to_gold_json

    folder = Path(folder)
    obj = to_gold_json(doc, review_mentions(extracted))
    obj["complete"] = False
    obj["notes"] = ["Low-confidence extractions for review: keep, fix or delete each mention; "
                    "add missing ones; then move this file to curated/NAME.json."]
    for m, src in zip(obj["mentions"], review_mentions(extracted), strict=True):
        m["source"], m["confidence"] = src.source, str(src.confidence)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{doc.doc_id}.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise CuratedDataError(str(folder), f"cannot write the review file: {exc}") from None
    return path
