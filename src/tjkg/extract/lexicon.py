"""General lexicons (divisions, organs, enterprises, institutes, programmes) and the
``lexicon`` extractor that finds their entries in a document.

The data lives in ``tjkg/resources/lexicon/*.tsv``; each file's header says where its
entries come from. Nothing here is specific to one release.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from tjkg.extract.text import is_cjk, normalize_text
from tjkg.models import Document, Mention

__all__ = [
    "LEVEL_PREFIX",
    "Entry",
    "Lexicon",
    "departments",
    "document_matches",
    "extract_lexicon",
    "load_lexicon",
    "matches_within",
    "surnames",
]

#: Short names of prefecture-level cities that are also common words; kept out of matching.
_AMBIGUOUS_SHORT = frozenset(
    {"白银", "普洱", "大同", "开封", "阿里", "三明", "永州", "中山", "黄山", "东营", "长治",
     "保山", "通化", "丽水", "海东", "来宾", "三沙", "金华", "太原", "安康", "平凉", "玉林",
     "吉安", "长春", "四平", "白山", "辽源", "松原", "鸡西", "双鸭山", "七台河", "大庆",
     "宜春", "新余", "景德镇", "乐山", "眉山", "资阳", "广安", "巴中", "达州", "南平", "宁德"}
)  # fmt: skip
_NOT_AMBIGUOUS_BUT_CITY = frozenset({"太原", "长春", "大庆", "金华", "宁德", "吉安", "安康"})


@dataclass(frozen=True)
class Entry:
    """One surface form of a lexicon entry."""

    surface: str
    type: str  # mention type
    canonical: str
    kind: str  # province, city, county, region, nickname, organ, enterprise, designation, ...
    code: str | None = None
    en: str | None = None


class Lexicon:
    """Exact longest/all-match lookup of surface forms in a normalised text."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.by_surface: dict[str, list[Entry]] = {}
        for e in entries:
            if e.surface:
                self.by_surface.setdefault(e.surface, []).append(e)
        lengths: dict[str, set[int]] = {}
        for s in self.by_surface:
            lengths.setdefault(s[:2], set()).add(len(s))
        # indexed by the first two characters: far fewer lengths to try per position
        self._lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}

    def __contains__(self, surface: str) -> bool:
        return surface in self.by_surface

    def get(self, surface: str) -> list[Entry]:
        return self.by_surface.get(surface, [])

    def find(self, text: str) -> Iterator[tuple[int, int, Entry]]:
        """Every occurrence of every surface form, ASCII forms only at word boundaries."""
        lengths = self._lengths
        by_surface = self.by_surface
        n = len(text)
        for i in range(n):
            ls = lengths.get(text[i : i + 2])
            if not ls:
                continue
            for length in ls:
                if i + length > n:
                    continue
                s = text[i : i + length]
                entries = by_surface.get(s)
                if not entries:
                    continue
                if s.isascii() and (
                    (i > 0 and text[i - 1].isascii() and text[i - 1].isalnum())
                    or (
                        i + length < n and text[i + length].isascii() and text[i + length].isalnum()
                    )
                ):
                    continue
                for e in entries:
                    yield i, i + length, e


def _rows(name: str) -> Iterator[dict[str, str]]:
    path = resources.files("tjkg") / "resources" / "lexicon" / name
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t")


def _aliases(row: dict[str, str]) -> list[str]:
    return [a for a in (row.get("aliases") or "").split("|") if a]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """All general lexicon entries, loaded once."""
    entries: list[Entry] = []
    for row in _rows("divisions.tsv"):
        name, short, level, code = row["name"], row["short"], row["level"], row["code"]
        entries.append(Entry(name, "district_or_place", name, level, code))
        if (
            level in ("province", "city")
            and short != name
            and len(short) >= 2
            and (short not in _AMBIGUOUS_SHORT or short in _NOT_AMBIGUOUS_BUT_CITY)
        ):
            entries.append(Entry(short, "district_or_place", name, level + "-short", code))
    for row in _rows("regions.tsv"):
        entries.append(Entry(row["name"], "district_or_place", row["name"], row["kind"]))
    for fname, mtype in (
        ("organs.tsv", "government_body"),
        ("enterprises.tsv", "enterprise"),
        ("institutes.tsv", "research_institute"),
    ):
        for row in _rows(fname):
            canonical = row["name"]
            for s in [canonical, *_aliases(row)]:
                entries.append(Entry(s, mtype, canonical, mtype, en=row.get("en") or None))
    for row in _rows("programmes.tsv"):
        name = row["name"]
        variants = {name, name.replace("“", "‘").replace("”", "’")}  # 专精特新‘小巨人’企业
        for v in variants:
            entries.append(Entry(v, "program_or_policy", name, row["kind"], en=row.get("en")))
    return Lexicon(entries)


@lru_cache(maxsize=16)
def document_matches(norm: str) -> tuple[tuple[int, int, Entry], ...]:
    """Every lexicon match in a normalised text, computed once per text."""
    return tuple(load_lexicon().find(norm))


@lru_cache(maxsize=16)
def _match_starts(norm: str) -> list[int]:
    return [a for a, _b, _e in document_matches(norm)]


def matches_within(norm: str, start: int, end: int) -> Iterator[tuple[int, int, Entry]]:
    """Matches lying inside ``norm[start:end]``, with offsets relative to ``start``."""
    matches = document_matches(norm)
    for k in range(bisect_left(_match_starts(norm), start), len(matches)):
        a, b, entry = matches[k]
        if a >= end:
            break
        if b <= end:
            yield a - start, b - start, entry


@lru_cache(maxsize=1)
def departments() -> dict[str, str]:
    """Cores of local organ names (``工业和信息化局`` → ``department``)."""
    return {row["core"]: row["kind"] for row in _rows("departments.tsv")}


@lru_cache(maxsize=1)
def full_cores() -> dict[str, str]:
    """Customary short cores and their full forms (``工信局`` → ``工业和信息化局``)."""
    return {row["core"]: row["full"] for row in _rows("departments.tsv") if row.get("full")}


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Chinese surnames, single and compound."""
    path = resources.files("tjkg") / "resources" / "lexicon" / "surnames.txt"
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


#: Level prefixes of designations (国家级制造业单项冠军, 省级集群, 市级培育).
LEVEL_PREFIX = re.compile(r"(?:国家级|省级|市级|区级|县级|部级|国家|全国|省|市)$")
_LEVEL_WORDS = ("国家级", "省级", "市级", "区级", "县级", "部级", "国家", "全国")
#: A level word separated from the base by these heads another item (省级绿色工厂和智能工厂).
_TOPIC_BREAK = re.compile(r"[的和与及、]")
_HEADS = (
    "建设单位", "中小企业", "示范企业", "种子企业", "培育企业", "储备企业", "后备企业", "企业",
    "工厂", "车间",
    "单位",
)  # fmt: skip


def _designation_span(
    norm: str, start: int, end: int, entry: Entry, lex: Lexicon
) -> tuple[int, int] | None:
    """Extend a designation over a level prefix (and a short topic) and a head noun."""
    s, e = start, end
    if entry.kind in ("plan", "strategy"):
        return s, e
    # quotes around the base: 数字经济“晨星工厂” (kept only when a prefix is attached)
    quoted = s > 0 and norm[s - 1] == "“" and e < len(norm) and norm[e] == "”"
    if quoted:
        s, e = s - 1, e + 1
    prefixed = False
    # a topic of up to six characters between a level word and the base
    window = norm[max(0, s - 10) : s]
    for lw in _LEVEL_WORDS:
        k = window.rfind(lw)
        if k < 0:
            continue
        topic = window[k + len(lw) :]
        plain = all(is_cjk(c) for c in topic) and not _TOPIC_BREAK.search(topic)
        if len(topic) <= 6 and plain:
            s = s - len(window) + k
            prefixed = True
            break
    if not prefixed:
        # a division name (天津市雏鹰企业) or a one-character level (省/市) right before
        for k in range(max(0, s - 8), s):
            cand = norm[k:s]
            if any(x.type == "district_or_place" for x in lex.get(cand)):
                s, prefixed = k, True
                break
        if not prefixed and s > 0 and norm[s - 1] in "省市" and (s < 2 or not is_cjk(norm[s - 2])):
            s -= 1
            prefixed = True
    if entry.kind == "prefixed" and not prefixed:
        return None
    if quoted and not prefixed:
        s, e = s + 1, e - 1
    if not norm[start:end].endswith(_HEADS):
        for h in _HEADS:
            if norm.startswith(h, e):
                e += len(h)
                break
    return s, e


_DESIGNATION_KINDS = frozenset({"designation", "prefixed", "pilot"})
_FACILITY_AFTER = re.compile(
    r"(?:港(?!澳)|站|机场|路(?!线|径)|线|街|大道|大桥|地铁|海关|银行|日报)"
)
_TOWN_AFTER = re.compile(
    r"[\u4e00-\u9fff]{2,3}?(?:镇|乡|街道)(?![\u4e00-\u9fff]{0,1}(?:政府|党委|长|办))"
)


def extract_lexicon(doc: Document) -> list[Mention]:
    """Mentions of lexicon entries: places (adjacent divisions joined: 天津市滨海新区),
    organs, enterprises, institutes, programmes and designations (with level and head)."""
    norm = normalize_text(doc.text)
    lex = load_lexicon()
    found: list[tuple[int, int, str, str, Decimal]] = []  # start, end, type, kind, confidence
    places: list[tuple[int, int, Entry]] = []
    for start, end, entry in document_matches(norm):
        if entry.type == "district_or_place":
            places.append((start, end, entry))
            continue
        if entry.type == "program_or_policy":
            span = _designation_span(norm, start, end, entry, lex)
            if span is None:
                continue
            found.append((span[0], span[1], entry.type, entry.kind, Decimal("0.9")))
            continue
        if end - start <= 2 and _FACILITY_AFTER.match(norm, end):
            continue  # 中环线, 长安街: a short name inside a road or station name
        found.append((start, end, entry.type, entry.kind, Decimal("0.95")))
    # join adjacent divisions (天津市滨海新区, 北京朝阳区): keep the longest at each start
    places.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    best: dict[int, tuple[int, int, Entry]] = {}
    for p in places:
        if p[0] not in best:
            best[p[0]] = p
    joined: list[tuple[int, int, str]] = []
    for start in sorted(best):
        s, e, entry = best[start]
        if (
            joined
            and joined[-1][1] == s
            and entry.kind in ("county", "city")
            and joined[-1][2] in ("province", "city", "province-short", "city-short")
        ):
            js, _, _ = joined[-1]
            joined[-1] = (js, e, entry.kind)
            continue
        if joined and s < joined[-1][1]:
            continue
        joined.append((s, e, entry.kind))
    for i, (s, e, kind) in enumerate(joined):
        town = _TOWN_AFTER.match(norm, e)
        if town and kind in ("county", "city"):
            joined[i] = (s, town.end(), "town")  # 静海区大邱庄镇
    for s, e, kind in joined:
        if _FACILITY_AFTER.match(norm, e):
            continue  # 天津港, 天津站, 北京路: the place is part of a facility's name
        conf = Decimal("0.8") if kind.endswith("-short") or kind == "nickname" else Decimal("0.9")
        found.append((s, e, "district_or_place", kind, conf))
    text = doc.text
    return [
        Mention(
            doc.doc_id,
            s,
            e,
            text[s:e],
            t,
            source="extractor:lexicon",
            confidence=c,
            cls="Designation" if k in _DESIGNATION_KINDS else None,
        )
        for s, e, t, k, c in found
    ]
