"""Mentions to canonical entities: aliases, 简称/全称, context, curated overrides.

One real-world thing gets one key (and so one IRI) within and across releases: a mention
resolves through, in order, its curated ``entity`` name, the registry's context aliases for
the release's place (``市工信局`` in a Tianjin release), the registry's global aliases, and
finally its own normalised text.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from .curated import CuratedRelation, Registry
from .errors import CuratedDataError
from .extract.lexicon import Entry, full_cores, load_lexicon
from .extract.patterns import TITLES as PERSON_TITLES
from .iris import normalize_key
from .models import Annotation, Document, Entity, Mention, Post, Relation

#: Titles a role may end with, longest first: the extractor's titles plus collective roles.
TITLES: tuple[str, ...] = tuple(
    sorted(set(PERSON_TITLES) | {"专家", "企业家", "负责人", "委员", "常委", "经理"},
           key=lambda t: (-len(t), t))
)

_ORG_SUFFIX_TYPES: tuple[tuple[str, str], ...] = (
    (r"(公司|集团|企业|厂)$", "enterprise"),
    (r"(大学|学院|研究院|研究所|实验室|科学院|中心)$", "research_institute"),
    (r"(局|委|委员会|办|办公室|厅|部|政府|处|科|司|署|会)$", "government_body"),
)


def split_role(role: str) -> tuple[str, str]:
    """``市工业和信息化局局长`` -> (``市工业和信息化局``, ``局长``); no known title -> ('', role).

    >>> split_role("市工业和信息化局二级巡视员")
    ('市工业和信息化局', '二级巡视员')
    >>> split_role("总书记")
    ('', '总书记')
    """
    role = role.strip()
    for title in TITLES:
        if role.endswith(title):
            return role[: -len(title)].rstrip("、,，的 "), title
    return "", role


def guess_org_type(name: str) -> str | None:
    for pattern, mtype in _ORG_SUFFIX_TYPES:
        if re.search(pattern, name):
            return mtype
    return None


_LEVELS = {"province": 0, "city": 1, "county": 2}
_RELATIVE = {"市": "市", "区": "区", "县": "县", "省": "省"}  # 市委 is the city's own 市委


@lru_cache(maxsize=1)
def _division_by_code() -> dict[str, str]:
    return {e.code: e.canonical for es in load_lexicon().by_surface.values() for e in es
            if e.code and e.type == "district_or_place" and e.kind in _LEVELS}


@lru_cache(maxsize=1)
def _division_names() -> Counter:
    """How many divisions bear each name (朝阳区: 2)."""
    return Counter(_division_by_code().values())


def _main_place(mentions: Sequence[Mention], title_end: int = 0) -> str:
    """The city (or municipality) a release is about when its metadata does not say: the
    one the title line names, else the one its place mentions, and the places its
    government bodies are named after, fall in most often (滨海新区 counts for 天津市)."""
    by_code = _division_by_code()
    counts: dict[str, int] = {}
    for m in mentions:
        # a place mention, or a government body named after its place (天津市工业和信息化局)
        if m.type not in ("district_or_place", "government_body"):
            continue
        name = normalize_key(m.text)
        codes: set[str] = set()
        for cut in range(len(name), 1, -1):  # 天津市滨海新区: its longest known prefix
            codes = {e.code for e in load_lexicon().get(name[:cut])
                     if e.type == "district_or_place" and e.code}
            if codes:
                break
        if len(codes) != 1:
            continue
        code = codes.pop()
        city = by_code.get(code[:4] + "00") or by_code.get(code[:2] + "0000")
        if city:
            counts[city] = counts.get(city, 0) + (100 if m.start < title_end else 1)
    return min(counts, key=lambda c: (-counts[c], c)) if counts else ""


class _Resolver:
    """Names to keys: curated registry first, then the general lexicons (divisions with
    their codes, organs, enterprise groups with 简称/全称), else the normalised name."""

    def __init__(self, doc: Document, registry: Registry,
                 mentions: Sequence[Mention] = ()) -> None:
        self.doc = doc
        self.registry = registry
        self.known: dict[tuple[str, str], Entry] = {}  # (type, key) -> lexicon entry used
        title_end = doc.text.find("\n") if "\n" in doc.text else len(doc.text)
        place = doc.meta.place or _main_place(mentions, title_end)
        self.place = registry.resolve(place, "district_or_place") or (
            normalize_key(place) if place else "")
        reg = registry.entities.get(self.place)
        hit = self._lexicon(place, "district_or_place", "") if place else None
        self.place_code = (reg.code if reg and reg.code else None) or (
            hit.code if hit else None) or ""
        if hit and not (reg and reg.key == self.place):
            self.place = hit.canonical

    def _lexicon(self, name: str, mtype: str, context_code: str) -> Entry | None:
        entries = [e for e in load_lexicon().get(normalize_key(name)) if e.type == mtype]
        if mtype == "district_or_place" and len({(e.canonical, e.code) for e in entries}) > 1:
            near = [e for e in entries if e.code and context_code
                    and e.code[:2] == context_code[:2]]
            entries = near or entries
            if len({(e.canonical, e.code) for e in entries}) > 1:  # a city over a county
                top = min(_LEVELS.get(e.kind.split("-")[0], 3) for e in entries)
                entries = [e for e in entries if _LEVELS.get(e.kind.split("-")[0], 3) == top]
        if len({(e.canonical, e.code) for e in entries}) != 1:
            return None
        entry = entries[0]
        if entry.code and _division_names()[entry.canonical] > 1:  # 朝阳区 of 北京 or 长春
            parent = _division_by_code().get(entry.code[:4] + "00") or _division_by_code().get(
                entry.code[:2] + "0000")
            if parent and parent != entry.canonical:
                return replace(entry, canonical=parent + entry.canonical)
        return entry

    def key(self, name: str, mtype: str) -> str:
        found = self.registry.resolve(name, mtype, place=self.place)
        if found:
            return found
        entry = self._lexicon(name, mtype, self.place_code)
        if entry is None and mtype == "district_or_place":
            entry = self._within(normalize_key(name))
        if entry is None:
            key = self._full_form(self._relative(normalize_key(name), mtype), mtype)
            return self.registry.resolve(key, mtype, place=self.place) or key
        key = normalize_key(entry.canonical)
        found = self.registry.resolve(key, mtype, place=self.place)
        if found:
            return found
        self.known.setdefault((mtype, key), entry)
        return key

    def _within(self, name: str) -> Entry | None:
        """``天津市滨海新区``, ``北京朝阳区``: a division named after its parent."""
        for cut in range(len(name) - 2, 1, -1):
            parent = self._lexicon(name[:cut], "district_or_place", self.place_code)
            if parent is not None and parent.code:
                child = self._lexicon(name[cut:], "district_or_place", parent.code)
                if child is not None and child.code and child.code[:2] == parent.code[:2]:
                    return child
        return None

    @staticmethod
    def _full_form(name: str, mtype: str) -> str:
        """A local body named with a customary short core takes the full one
        (``天津市工信局`` -> ``天津市工业和信息化局``), so both are one key."""
        if mtype != "government_body":
            return name
        cores = full_cores()
        for cut in range(1, len(name)):
            full = cores.get(name[cut:])
            if full is not None:
                return name[:cut] + full
        return name

    def _relative(self, name: str, mtype: str) -> str:
        """A body named relative to the release's place (市委, 市发展改革委, 区政府) is that
        place's body: ``聊城市`` + ``市委`` -> ``聊城市委``, so two cities' bodies differ."""
        if mtype != "government_body" or not self.place or len(name) < 2:
            return name
        suffix = _RELATIVE.get(name[0])
        if suffix and self.place.endswith(suffix):
            return self.place + name[1:]
        return name


def _merge_entities(
    found: dict[tuple[str, str], Entity],
    registry: Registry,
    mtype: str,
    key: str,
    surface: str,
    cls: str | None,
    lexical: Entry | None = None,
) -> None:
    base = registry.entities.get(key)
    if base is not None and base.type != mtype:
        base = None
    if base is None and lexical is not None:
        base = Entity(key=key, type=mtype, label_zh=key, label_en=lexical.en or None,
                      code=lexical.code or None)
    # labels are names as written (the key is only their normalised form, for the IRI)
    written = surface.strip()
    label = written if normalize_key(written) == key else key
    current = found.get((mtype, key)) or base or Entity(key=key, type=mtype, label_zh=label)
    aliases = set(current.aliases)
    if written != current.label_zh:
        aliases.add(written)
    found[(mtype, key)] = replace(current, aliases=tuple(sorted(aliases)), cls=current.cls or cls)


#: Mention types an org:Post can be in (the shapes' org:Organization subclasses).
ORGANISATION_TYPES = frozenset({"enterprise", "research_institute", "government_body"})


def resolve_annotation(
    doc: Document,
    mentions: Sequence[Mention],
    registry: Registry,
    *,
    relations: Iterable[CuratedRelation] = (),
    curated_path: str = "",
) -> Annotation:
    """Resolve ``mentions`` of ``doc`` to entities, posts and relations.

    A curated relation naming an entity the release does not mention raises
    CuratedDataError (naming ``curated_path``).
    """
    r = _Resolver(doc, registry, mentions)
    found: dict[tuple[str, str], Entity] = {}
    resolved: list[Mention] = []
    by_text: dict[str, tuple[str, str]] = {}
    for m in mentions:
        if m.type == "metric":
            resolved.append(m)
            continue
        key = r.key(m.entity or m.text, m.type)
        _merge_entities(found, registry, m.type, key, m.text, m.cls, r.known.get((m.type, key)))
        resolved.append(replace(m, entity=key))
        by_text.setdefault(normalize_key(m.text), (m.type, key))
        by_text.setdefault(key, (m.type, key))

    def lookup(name: str, what: str) -> tuple[str, str]:
        norm = normalize_key(name)
        if norm in by_text:
            return by_text[norm]
        for mtype in sorted({t for t, _ in found}):
            key = r.key(name, mtype)
            if (mtype, key) in found:
                return mtype, key
        raise CuratedDataError(
            curated_path or doc.path or doc.doc_id,
            f"{what}: {name!r} names no entity mentioned in the release",
        )

    # registry parents (sub-organisation, containing place) when both are in the release
    rels: list[Relation] = []
    for (mtype, key), ent in sorted(found.items()):
        if ent.parent and ent.parent in {k for _, k in found}:
            ptype = next(t for t, k in sorted(found) if k == ent.parent)
            pred = (
                "locatedIn"
                if ptype == "district_or_place"
                else ("subOrganizationOf" if mtype != "district_or_place" else "locatedIn")
            )
            first = next(m for m in resolved if m.entity == key and m.type == mtype)
            rels.append(Relation(key, pred, ent.parent, first.span, source="curated"))
    for i, cr in enumerate(relations):
        _s_type, s_key = lookup(cr.subject, f"relation #{i} subject")
        _o_type, o_key = lookup(cr.object, f"relation #{i} object")
        rels.append(Relation(s_key, cr.predicate, o_key, cr.evidence, source="curated"))

    posts: list[Post] = []
    for m in resolved:
        if m.type != "person" or not m.role or m.entity is None:
            continue
        org_name, title = split_role(m.role)
        org_key = org_type = None
        if org_name:
            hit = None
            try:
                hit = lookup(org_name, "role organisation")
            except CuratedDataError:
                otype = guess_org_type(org_name)
                if otype and (otype, r.key(org_name, otype)) in found:
                    hit = (otype, r.key(org_name, otype))
            if hit and hit[0] in ORGANISATION_TYPES:  # 阳谷华泰 read as a brand is no employer
                org_type, org_key = hit
        posts.append(Post(m.entity, title, m.role, org_key, org_type))

    organizer = None
    if doc.meta.event_organizer:
        try:
            organizer = lookup(doc.meta.event_organizer, "event organizer")[1]
        except CuratedDataError:
            organizer = None
    speakers: list[str] = []
    for sp in doc.meta.speakers:
        key = r.key(sp.name, "person")
        if ("person", key) not in found:
            found[("person", key)] = Entity(key=key, type="person", label_zh=key)
        speakers.append(key)
        role = f"{sp.organization}{sp.role}" if sp.role else ""
        if role and not any(p.person == key for p in posts):
            org_key = org_type = None
            if sp.organization:
                with contextlib.suppress(CuratedDataError):
                    org_type, org_key = lookup(sp.organization, "speaker organisation")
                if org_type not in ORGANISATION_TYPES:
                    org_key = org_type = None
            posts.append(Post(key, sp.role, role, org_key, org_type))
    place = r.place if ("district_or_place", r.place) in found else None
    unique_posts = tuple(sorted(set(posts), key=lambda p: (p.person, p.role, p.label)))
    return Annotation(
        document=doc,
        mentions=tuple(sorted(resolved, key=lambda m: (m.start, -m.end, m.type))),
        entities=tuple(found[k] for k in sorted(found)),
        relations=tuple(
            sorted(
                set(rels),
                key=lambda x: (x.subject, x.predicate, x.object, x.evidence.start, x.evidence.end),
            )
        ),
        posts=unique_posts,
        place=place,
        organizer=organizer,
        speakers=tuple(speakers),
    )
