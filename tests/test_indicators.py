"""The controlled indicator vocabulary (data/vocab/indicators.ttl) and matching to it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from tests.conftest import DATA
from tjkg.errors import CuratedDataError
from tjkg.indicators import (
    SCHEME,
    UNCONTROLLED_SCHEME,
    IndicatorVocabulary,
    load_indicators,
    match_key,
)
from tjkg.iris import mint_iri
from tjkg.namespaces import TJKG
from tjkg.pipeline import BuildConfig, build
from tjkg.validate import validate_graph

VOCAB = DATA / "vocab" / "indicators.ttl"


@pytest.fixture(scope="module")
def vocab() -> IndicatorVocabulary:
    return load_indicators(VOCAB)


@pytest.fixture(scope="module")
def raw() -> Graph:
    return Graph().parse(VOCAB, format="turtle")


# the vocabulary file ---------------------------------------------------------------------------
def test_vocabulary_parses_and_covers_the_genre(vocab: IndicatorVocabulary) -> None:
    assert 60 <= len(vocab) <= 150


def test_every_concept_is_named_defined_and_in_the_scheme(raw: Graph) -> None:
    concepts = set(raw.subjects(RDF.type, SKOS.Concept))
    assert concepts == set(raw.subjects(SKOS.inScheme, SCHEME))
    for c in concepts:
        assert (c, RDF.type, TJKG.Indicator) in raw
        for prop in (SKOS.prefLabel, SKOS.definition):
            langs = sorted(o.language for o in raw.objects(c, prop) if isinstance(o, Literal))
            assert langs == ["en", "zh"], (c, prop, langs)
        assert all(o.language == "zh" for o in raw.objects(c, SKOS.altLabel)), c


def test_no_label_names_two_concepts(raw: Graph) -> None:
    owner: dict[str, URIRef] = {}
    for c in raw.subjects(RDF.type, SKOS.Concept):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in raw.objects(c, prop):
                if label.language == "zh":
                    key = match_key(str(label))
                    assert owner.setdefault(key, c) == c, f"{label} names {c} and {owner[key]}"


def test_broader_is_acyclic(vocab: IndicatorVocabulary) -> None:
    def ancestors(key: str, path: tuple[str, ...]) -> None:
        for b in vocab.concepts[key].broader:
            assert b not in path, f"broader cycle through {b}"
            ancestors(b, (*path, b))

    for key in vocab.concepts:
        ancestors(key, (key,))


# matching ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "concept"), [
    ("规模以上工业总产值", "规模以上工业总产值"),
    ("规上工业产值", "规模以上工业总产值"),
    ("全市规上工业总产值", "规模以上工业总产值"),
    ("天津市规模以上工业总产值", "规模以上工业总产值"),
    ("2024年全省规上工业增加值同比增长率", "规模以上工业增加值增速"),
    ("工业增加值占GDP的比重", "工业增加值占地区生产总值比重"),
    ("工业增加值占地区生产总值比重", "工业增加值占地区生产总值比重"),
    ("制造业增加值占比", "制造业增加值占地区生产总值比重"),
    ("“十四五”时期GDP年均增长", "地区生产总值年均增速"),
    ("全社会R&D经费投入强度", "研究与试验发展经费投入强度"),
    ("研发经费投入占地区生产总值比重", "研究与试验发展经费投入强度"),
    ("技改投资增幅", "工业技术改造投资增速"),
    ("万元GDP能耗降低率", "单位地区生产总值能耗下降率"),
    ("国家级专精特新“小巨人”企业", "专精特新“小巨人”企业数量"),
    ("专精特新小巨人企业数", "专精特新“小巨人”企业数量"),
    ("累计培育国家高新技术企业数量", "高新技术企业数量"),
    ("苏州市上市公司数量", "上市公司数量"),
    ("ＧＤＰ增速", "地区生产总值增速"),  # full-width Latin
    ("高技术制造业增加值占规上工业比重", "高技术制造业增加值占规模以上工业增加值比重"),
])
def test_variants_map_to_one_concept(vocab: IndicatorVocabulary, text: str, concept: str) -> None:
    m = vocab.match(text)
    assert m.how == "exact" and m.concept is not None and m.concept.key == concept, m
    assert m.iri == mint_iri("indicator", concept)


@pytest.mark.parametrize(("text", "broader"), [
    ("汽车行业规上工业增加值", "规模以上工业增加值"),
    ("新增高新技术企业数", "高新技术企业数量"),
    ("集成电路产业产值", "产业产值"),
])
def test_qualified_indicator_is_narrower(vocab: IndicatorVocabulary, text: str,
                                         broader: str) -> None:
    m = vocab.match(text)
    assert m.how == "narrower" and m.concept is not None and m.concept.key == broader
    assert m.iri == mint_iri("indicator", text)


@pytest.mark.parametrize("text", [
    "中芯国际累计投资额",
    "规上工业企业数量比上年增长率",  # a growth of a count, not the count
    "研发投入占比全省排名",  # a rank, not the share
    "新兴产业增加值",  # 新兴 is a county's short name, not stripped
    "产值",  # too short for a suffix match
])
def test_other_indicators_stay_uncontrolled(vocab: IndicatorVocabulary, text: str) -> None:
    assert vocab.match(text).how == "none"


def test_describe_reaches_broader_and_related(vocab: IndicatorVocabulary) -> None:
    iri, triples = vocab.describe("汽车行业规上工业增加值")
    g = Graph()
    for t in triples:
        g.add(t)
    assert (iri, SKOS.inScheme, UNCONTROLLED_SCHEME) in g
    iva = mint_iri("indicator", "规模以上工业增加值")
    assert (iri, SKOS.broader, iva) in g
    assert (iva, SKOS.inScheme, SCHEME) in g
    assert (mint_iri("indicator", "工业增加值"), SKOS.inScheme, SCHEME) in g  # its broader
    # nothing links to an undescribed node
    for _s, p, o in g.triples((None, None, None)):
        if p in (SKOS.broader, SKOS.related):
            assert (o, RDF.type, TJKG.Indicator) in g


# loading errors --------------------------------------------------------------------------------
_CONCEPT = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix tjkg: <https://w3id.org/tjkg/ontology#> .
<https://w3id.org/tjkg/id/indicator/{key}> a skos:Concept , tjkg:Indicator ;
    skos:prefLabel "{zh}"@zh {en} ; {extra}
    skos:definition "定义。"@zh , "Definition."@en ;
    skos:inScheme <https://w3id.org/tjkg/id/scheme/indicators> .
"""


def _ttl(key: str = "工业增加值", zh: str = "工业增加值", en: str = ', "IVA"@en',
         extra: str = "") -> str:
    return _CONCEPT.format(key=key, zh=zh, en=en, extra=extra)


@pytest.mark.parametrize(("text", "message"), [
    ("<a> <b> .\n<broken", "Turtle syntax error"),
    (_ttl(en=""), "needs exactly one skos:prefLabel@en"),
    (_ttl(key="工业附加值"), "IRI key differs from its prefLabel"),
    (_ttl(extra="skos:broader <https://w3id.org/tjkg/id/indicator/不存在> ;"),
     "links to unknown '不存在'"),
    (_ttl() + _ttl(key="全部工业增加值", zh="全部工业增加值",
                   extra='skos:altLabel "全市工业增加值"@zh ;').split(" .\n", 2)[-1],
     "normalises to '工业增加值', a label of"),
    (_ttl().replace("skos:inScheme <https://w3id.org/tjkg/id/scheme/indicators>",
                    "skos:inScheme <https://w3id.org/tjkg/id/scheme/units>"),
     "not skos:inScheme"),
])
def test_broken_vocabulary_names_file_and_problem(tmp_path: Path, text: str,
                                                  message: str) -> None:
    path = tmp_path / "indicators.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CuratedDataError) as err:
        load_indicators(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_missing_vocabulary_is_empty(tmp_path: Path) -> None:
    vocab = load_indicators(tmp_path / "none.ttl")
    assert len(vocab) == 0 and vocab.match("规上工业总产值").how == "none"


# two releases, one indicator ----------------------------------------------------------------
def _release(data: Path, doc_id: str, text: str, metrics: list[tuple[str, str, str]]) -> None:
    """A release whose curated metrics are (value as written, indicator, period)."""
    (data / "releases" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    mentions = []
    for value, indicator, period in metrics:
        start = text.index(value)
        mentions.append({
            "type": "metric", "text": value, "start": start, "end": start + len(value),
            "indicator": indicator, "value": value, "value_normalized": "1500000000000",
            "unit": "元", "unit_implicit": True, "period": period})
    obj = {"doc_id": doc_id, "text_length": len(text), "mentions": mentions}
    (data / "curated" / f"{doc_id}.json").write_text(json.dumps(obj, ensure_ascii=False),
                                                     encoding="utf-8")


def test_same_indicator_in_two_releases_is_one_concept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for sub in ("releases", "curated", "vocab"):
        (data / sub).mkdir(parents=True)
    shutil.copyfile(VOCAB, data / "vocab" / "indicators.ttl")
    shutil.copyfile(DATA / "vocab" / "units.json", data / "vocab" / "units.json")
    _release(data, "r1", "2023年全市规模以上工业总产值1.5万亿。",
             [("1.5万亿", "全市规模以上工业总产值", "2023")])
    _release(data, "r2", "2024年规上工业产值达1.5万亿，其中汽车行业规上工业产值1.5万亿。",
             [("1.5万亿", "规上工业产值", "2024"),
              ("1.5万亿。", "汽车行业规上工业产值", "2024")])
    g = build(config=BuildConfig(data_dir=data, use_extractor=False)).union()
    controlled = mint_iri("indicator", "规模以上工业总产值")
    narrower = mint_iri("indicator", "汽车行业规上工业产值")
    used = sorted(set(g.objects(None, TJKG.indicator)))
    assert used == sorted([controlled, narrower])
    assert len(list(g.subjects(TJKG.indicator, controlled))) == 2
    assert {str(o) for o in g.objects(None, TJKG.indicatorAsWritten)} == {
        "全市规模以上工业总产值", "规上工业产值", "汽车行业规上工业产值"}
    assert (narrower, SKOS.inScheme, UNCONTROLLED_SCHEME) in g
    assert (narrower, SKOS.broader, controlled) in g
    assert (controlled, SKOS.inScheme, SCHEME) in g
    report = validate_graph(g)
    assert report.conforms, report
