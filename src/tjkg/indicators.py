"""The controlled indicator vocabulary (``data/vocab/indicators.ttl``) and matching to it.

An observation's indicator is free text (``规模以上工业总产值``, ``全市规上工业产值``,
``工业增加值占GDP比重``). :func:`match_key` normalises it: NFKC, quotes, parentheticals,
``的``/``同比``/``累计`` removed; leading place names (``全市``, ``天津市``, ``聊城``), period
words (``2024年``, ``“十四五”时期``) and verbs (``累计培育``, ``入选``) stripped; wording unified
(规模以上→规上, 地区生产总值/国内生产总值→GDP, 万元→单位, 总产值→产值, R&D/研发经费→研发投入,
增长率/增幅→增速, 降幅/降低率→下降率, 占比→比重, trailing 数量/数 dropped).

:meth:`IndicatorVocabulary.match` then looks the key up among the normalised labels of the
vocabulary (``exact``), else takes the longest label the key ends with when it covers at
least :data:`SUFFIX_SHARE` of the key (``narrower``: ``汽车产业规上工业产值`` is narrower than
规模以上工业总产值), else nothing. Only an exact match uses the controlled concept; the others
get an indicator of their own, in the scheme ``id:scheme/indicators-uncontrolled``, with
``skos:broader`` the concept a narrower match found (``docs/modelling.md``, *Indicators*).

:meth:`IndicatorVocabulary.describe` gives the indicator's IRI and the triples describing it
and the concepts it links to; ``tjkg.rdf`` adds them to a release graph.

>>> match_key("全市规模以上工业总产值")
'规上工业产值'
>>> match_key("工业增加值占地区生产总值的比重")
'工业增加值占GDP比重'
>>> match_key("2024年高新技术企业数量")
'高新技术企业'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .errors import CuratedDataError
from .iris import mint_iri, normalize_key
from .namespaces import TJKG

SCHEME = mint_iri("scheme", "indicators")
UNCONTROLLED_SCHEME = mint_iri("scheme", "indicators-uncontrolled")
INDICATOR_BASE = str(mint_iri("indicator", "x"))[:-1]
#: A narrower match needs the matched label to cover this share of the normalised text.
SUFFIX_SHARE = 0.5
#: ... and at least this many characters.
SUFFIX_MIN_CHARS = 4

Triple = tuple[URIRef, URIRef, URIRef | Literal]
How = TypingLiteral["exact", "narrower", "none"]

_LEXICON = Path(__file__).resolve().parent / "resources" / "lexicon"


# normalisation -------------------------------------------------------------------------------
_DROP = re.compile(r"[“”‘’\"'「」『』《》〈〉]|的|同比|累计")
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_GENERIC_PLACES = ("全市", "全省", "全区", "全县", "全域", "我市", "我省", "我区", "我县",
                   "本市", "本省", "本区", "本县", "全社会")
# place short names that are also ordinary words at the start of an indicator
_NOT_PLACES = frozenset({"新兴", "城区", "郊区", "矿区", "市中", "新市", "长安"})
_PERIOD = re.compile(
    r"^(?:\d{4}(?:[-—~至]\d{4})?年?(?:度)?"
    r"|\d{1,2}(?:[-—~至]\d{1,2})?月份?|[上下]半年|前?[一二三四1-4]季度|前三季度"
    r"|全年|今年|去年|上年|本年|当年|年末|年底|年初|目前|截至(?:目前|年底|年末)?"
    r"|十[一二三四五六七八九]五(?:时期|期间|以来|期末|末|初)?"
    r"|近[一二三四五六七八九十\d]+年来?|连续[一二三四五六七八九十\d]+年|[一二三四五六七八九十]年来)"
)
_TRAILING_PERIOD = re.compile(
    r"(?:(?:从|由|自)(?:\d{4}|“?十[一二三四五六七八九]五).*|\d{4}年?|年末|年底|全年)$"
)
_VERBS = re.compile(
    r"^(?:新认定|认定|培育|拥有|共有|现有|入选|获评|获批|成功创建|创建|建成|打造|获得|实现|完成)"
)
_SUBSTITUTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"规模以上", "规上"),
        (r"国家级", "国家"),
        (r"地区生产总值|国内生产总值|地区GDP|生产总值", "GDP"),
        (r"每?万元(?=工业|增加值|GDP)", "单位"),
        (r"总产值", "产值"),
        (r"研究与试验发展|研究与实验发展|R&D", "研发"),
        (r"研发经费投入|研发经费支出|研发经费|研发支出", "研发投入"),
        (r"(?:年均|年平均|平均每年|年均复合)(?:增长率|增长速度|增速|增幅|增长)$", "年均增速"),
        (r"(?<!年均)(?:增长率|增长速度|增速|增幅|增长)$", "增速"),
        (r"(?:下降率|降低率|降幅|下降幅度|下降|降低)$", "下降率"),
        (r"(?:所占比重|占比|比重|比例)$", "比重"),
        # 占规上工业比重 after a measure means that measure of 规上工业
        (r"(增加值|产值|营业收入)占(规上工业|工业|规上服务业)比重$", r"\1占\2\1比重"),
    )
)
_COUNT = re.compile(r"(?<=..)(?<![指参系])(?:数量|总数|个数|家数|数目|数)$")


class _Prefixes:
    """The longest of a set of names that a text starts with; ``match`` mimics a compiled
    pattern's (a 3,000-name alternation costs 0.2 s to compile at every start)."""

    def __init__(self, names: set[str]) -> None:
        self.names = frozenset(names)
        self.lengths = sorted({len(n) for n in names}, reverse=True)

    def match(self, text: str) -> _Match | None:
        for n in self.lengths:
            if n <= len(text) and text[:n] in self.names:
                return _Match(n)
        return None


class _Match:
    def __init__(self, end: int) -> None:
        self._end = end

    def end(self) -> int:
        return self._end


@lru_cache(maxsize=1)
def _places() -> _Prefixes:
    """Leading place names: generic (全市), divisions (full names; short names of provinces
    and cities), named regions."""
    names = set(_GENERIC_PLACES)
    try:
        for line in (_LEXICON / "divisions.tsv").read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if line.startswith("#") or len(cols) < 4 or cols[0] == "code":
                continue
            names.add(cols[1])
            if cols[3] in ("province", "city") and len(cols[2]) >= 2:
                names.add(cols[2])
        for line in (_LEXICON / "regions.tsv").read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if not line.startswith("#") and cols[0] != "name" and len(cols[0]) >= 2:
                names.add(cols[0])
    except OSError:  # pragma: no cover - lexicon not installed: generic words only
        pass
    names -= _NOT_PLACES
    return _Prefixes({n for n in names if n})


def _strip_leading(text: str) -> str:
    places = _places()
    while True:
        before = text
        for pattern in (places, _PERIOD, _VERBS):
            m = pattern.match(text)
            if m and len(text) - m.end() >= 2:
                text = text[m.end():]
        if text == before:
            return text


def match_key(text: str) -> str:
    """The normalised form of an indicator name that matching compares (module docstring)."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"\s+", "", t).upper()
    t = _DROP.sub("", _PARENS.sub("", t))
    t = _strip_leading(t)
    t = _TRAILING_PERIOD.sub("", t) or t
    for pattern, repl in _SUBSTITUTIONS:
        t = pattern.sub(repl, t)
    return _COUNT.sub("", t)


# the vocabulary ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Indicator:
    """One controlled indicator concept."""

    key: str  # the Chinese preferred label, also the IRI key
    label_zh: str
    label_en: str
    definition_zh: str
    definition_en: str
    aliases: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()  # keys
    related: tuple[str, ...] = ()  # keys

    @property
    def iri(self) -> URIRef:
        return mint_iri("indicator", self.key)


@dataclass(frozen=True)
class IndicatorMatch:
    """How an indicator as written maps to the vocabulary."""

    text: str
    how: How
    concept: Indicator | None = None  # the controlled concept (exact) or the broader one

    @property
    def controlled(self) -> bool:
        return self.how == "exact"

    @property
    def iri(self) -> URIRef:
        """The controlled concept's IRI, else an uncontrolled one keyed on the text."""
        if self.how == "exact" and self.concept is not None:
            return self.concept.iri
        return mint_iri("indicator", normalize_key(self.text))


class IndicatorVocabulary:
    """Controlled indicators by key, and by the :func:`match_key` of every label."""

    def __init__(self, concepts: Iterable[Indicator] = (), *, path: str = "") -> None:
        self.path = path
        self.concepts: dict[str, Indicator] = {}
        self.by_key: dict[str, str] = {}
        for c in concepts:
            self._add(c)
        for c in self.concepts.values():
            for k in (*c.broader, *c.related):
                if k not in self.concepts:
                    raise CuratedDataError(path, f"indicator {c.key!r}: links to unknown {k!r}")
        self._suffixes = sorted(self.by_key, key=len, reverse=True)
        self._described: dict[str, tuple[URIRef, tuple[Triple, ...]]] = {}

    def _add(self, c: Indicator) -> None:
        if c.key in self.concepts:
            raise CuratedDataError(self.path, f"indicator {c.key!r} defined twice")
        self.concepts[c.key] = c
        for name in (c.label_zh, *c.aliases):
            k = match_key(name)
            if not k:
                raise CuratedDataError(self.path, f"indicator {c.key!r}: label {name!r} is empty")
            other = self.by_key.setdefault(k, c.key)
            if other != c.key:
                raise CuratedDataError(
                    self.path,
                    f"label {name!r} of {c.key!r} normalises to {k!r}, a label of {other!r}",
                )

    def __len__(self) -> int:
        return len(self.concepts)

    def match(self, text: str) -> IndicatorMatch:
        """The concept ``text`` names: exact, narrower (longest label it ends with), or none."""
        key = match_key(text)
        if key in self.by_key:
            return IndicatorMatch(text, "exact", self.concepts[self.by_key[key]])
        for label in self._suffixes:
            if (
                len(label) >= SUFFIX_MIN_CHARS
                and len(label) >= SUFFIX_SHARE * len(key)
                and key.endswith(label)
            ):
                return IndicatorMatch(text, "narrower", self.concepts[self.by_key[label]])
        return IndicatorMatch(text, "none")

    # RDF ---------------------------------------------------------------------------------
    def describe(self, text: str) -> tuple[URIRef, tuple[Triple, ...]]:
        """The IRI of the indicator written ``text`` and the triples that describe it (with
        every controlled concept it reaches by skos:broader/skos:related)."""
        cached = self._described.get(text)
        if cached is None:
            m = self.match(text)
            triples: list[Triple] = []
            reach: list[str] = []
            if m.controlled and m.concept is not None:
                reach.append(m.concept.key)
            else:
                u, label = m.iri, Literal(normalize_key(text), lang="zh")
                triples += [(u, RDF.type, TJKG.Indicator), (u, RDF.type, SKOS.Concept),
                            (u, RDFS.label, label), (u, SKOS.prefLabel, label),
                            (u, SKOS.inScheme, UNCONTROLLED_SCHEME)]
                if m.concept is not None:
                    triples.append((u, SKOS.broader, m.concept.iri))
                    reach.append(m.concept.key)
            seen: set[str] = set()
            while reach:
                key = reach.pop()
                if key not in seen:
                    seen.add(key)
                    triples += concept_triples(self.concepts[key])
                    reach += [*self.concepts[key].broader, *self.concepts[key].related]
            cached = self._described[text] = (m.iri, tuple(triples))
        return cached

    def graph(self) -> Graph:
        """The whole vocabulary as SKOS (what ``tjkg`` writes for each concept it uses)."""
        from .namespaces import new_graph

        g = new_graph()
        for c in self.concepts.values():
            for t in concept_triples(c):
                g.add(t)
        return g


def concept_triples(c: Indicator) -> list[Triple]:
    """The triples describing one controlled concept."""
    i = c.iri
    zh, en = Literal(c.label_zh, lang="zh"), Literal(c.label_en, lang="en")
    out: list[Triple] = [
        (i, RDF.type, TJKG.Indicator), (i, RDF.type, SKOS.Concept),
        (i, SKOS.prefLabel, zh), (i, SKOS.prefLabel, en), (i, RDFS.label, zh), (i, RDFS.label, en),
        (i, SKOS.definition, Literal(c.definition_zh, lang="zh")),
        (i, SKOS.definition, Literal(c.definition_en, lang="en")),
        (i, SKOS.inScheme, SCHEME),
    ]
    out += [(i, SKOS.altLabel, Literal(a, lang="zh")) for a in c.aliases]
    out += [(i, SKOS.broader, mint_iri("indicator", k)) for k in c.broader]
    out += [(i, SKOS.related, mint_iri("indicator", k)) for k in c.related]
    return out


# loading -------------------------------------------------------------------------------------
def _one(g: Graph, node: URIRef, prop: URIRef, lang: str, where: str, path: str) -> str:
    values = [o for o in g.objects(node, prop) if isinstance(o, Literal) and o.language == lang]
    if len(values) != 1:
        raise CuratedDataError(path, f"{where}: needs exactly one {prop.n3(g.namespace_manager)}"
                                     f"@{lang}, has {len(values)}")
    return str(values[0])


def _key(node: object, where: str, path: str) -> str:
    if not isinstance(node, URIRef) or not str(node).startswith(INDICATOR_BASE):
        raise CuratedDataError(path, f"{where}: {node} is not an IRI under {INDICATOR_BASE}")
    return str(node)[len(INDICATOR_BASE):]


def load_indicators(path: str | Path) -> IndicatorVocabulary:
    """Read and check ``vocab/indicators.ttl``; a missing file is an empty vocabulary.

    Every ``skos:Concept`` must be in ``id:scheme/indicators``, be keyed on its Chinese
    preferred label, have one prefLabel and one definition in ``@zh`` and ``@en``, and link
    (broader/related) only to concepts of the file; no two concepts may share a label once
    normalised (:func:`match_key`). A problem raises :class:`CuratedDataError`.
    """
    path = Path(path)
    p = str(path)
    if not path.exists():
        return IndicatorVocabulary(path=p)
    from .oxi import read_turtle

    try:
        g = read_turtle(path)
    except OSError as exc:
        raise CuratedDataError(p, exc.strerror or str(exc)) from None
    except UnicodeDecodeError as exc:
        raise CuratedDataError(p, f"not UTF-8: {exc}") from None
    except (SyntaxError, ValueError) as exc:  # pyoxigraph: the line and column
        raise CuratedDataError(p, f"Turtle syntax error: {exc}") from None
    concepts = []
    for node in sorted(g.subjects(RDF.type, SKOS.Concept)):
        key = _key(node, f"concept {node}", p)
        where = f"indicator {key!r}"
        if (node, SKOS.inScheme, SCHEME) not in g:
            raise CuratedDataError(p, f"{where}: not skos:inScheme {SCHEME}")
        label_zh = _one(g, node, SKOS.prefLabel, "zh", where, p)
        if normalize_key(label_zh) != key:
            raise CuratedDataError(p, f"{where}: IRI key differs from its prefLabel {label_zh!r}")
        aliases = sorted(str(o) for o in g.objects(node, SKOS.altLabel))
        concepts.append(Indicator(
            key=key,
            label_zh=label_zh,
            label_en=_one(g, node, SKOS.prefLabel, "en", where, p),
            definition_zh=_one(g, node, SKOS.definition, "zh", where, p),
            definition_en=_one(g, node, SKOS.definition, "en", where, p),
            aliases=tuple(a for a in aliases if a != label_zh),
            broader=tuple(sorted(_key(o, where, p) for o in g.objects(node, SKOS.broader))),
            related=tuple(sorted(_key(o, where, p) for o in g.objects(node, SKOS.related))),
        ))
    for node in g.subjects(SKOS.inScheme, SCHEME):
        if (node, RDF.type, SKOS.Concept) not in g:
            raise CuratedDataError(p, f"{node} is in the scheme but not a skos:Concept")
    return IndicatorVocabulary(concepts, path=p)
