"""General lexicons: divisions from cpca's table, organs, enterprises, programmes."""

from __future__ import annotations

import doctest

import pytest

from tjkg.extract import lexicon as lexicon_module
from tjkg.extract.lexicon import departments, extract_lexicon, load_lexicon, surnames
from tjkg.models import Document


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in extract_lexicon(Document("t", text))]


def test_doctests_pass():
    assert doctest.testmod(lexicon_module).failed == 0


def test_every_division_level_is_loaded_with_codes():
    lex = load_lexicon()
    places = [e for es in lex.by_surface.values() for e in es if e.type == "district_or_place"]
    codes = {e.code for e in places if e.code}
    assert len(codes) > 3000  # provinces, prefecture cities and counties
    (tianjin,) = [e for e in lex.get("天津市") if e.kind == "province"]
    assert tianjin.code == "120000"
    assert any(e.code == "120116" for e in lex.get("滨海新区"))
    assert any(e.canonical == "广西壮族自治区" for e in lex.get("广西"))


def test_short_names_only_for_provinces_and_cities():
    lex = load_lexicon()
    assert any(e.kind == "city-short" for e in lex.get("聊城"))
    # county short forms are too ambiguous (e.g. 朝阳, 和平) to match on their own
    assert not any(e.kind == "county-short" for e in lex.get("朝阳"))


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [("工信部", "工业和信息化部"), ("国家发展改革委", "国家发展和改革委员会"),
     ("科技部", "科学技术部"),
     ("国务院国资委", "国务院国有资产监督管理委员会")],
)  # fmt: skip
def test_ministry_short_names(alias, canonical):
    assert any(
        e.canonical == canonical and e.type == "government_body" for e in load_lexicon().get(alias)
    )


@pytest.mark.parametrize(
    ("alias", "canonical", "en"),
    [("中石化", "中国石油化工集团有限公司", "Sinopec"),
     ("中国石化", "中国石油化工集团有限公司", "Sinopec"),
     ("空客", "空中客车公司", "Airbus"), ("比亚迪", "比亚迪股份有限公司", "BYD"),
     ("中芯国际", "中芯国际集成电路制造有限公司", "SMIC")],
)  # fmt: skip
def test_enterprise_aliases_and_english_names(alias, canonical, en):
    (entry,) = [e for e in load_lexicon().get(alias) if e.type == "enterprise"]
    assert (entry.canonical, entry.en) == (canonical, en)


def test_adjacent_divisions_join():
    assert ("河北省石家庄市", "district_or_place") in _found("河北省石家庄市发布新政")
    assert ("上海浦东新区", "district_or_place") in _found("落户上海浦东新区")


def test_ascii_aliases_need_word_boundaries():
    assert ("ABB", "enterprise") in _found("与ABB合作")
    assert not any(t == "ABB" for t, _ in _found("ABBA乐队"))


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("认定国家级专精特新“小巨人”企业30家", "国家级专精特新“小巨人”企业"),
        ("新增省级智能工厂12家", "省级智能工厂"),
        ("入选国家卓越级智能工厂", "国家卓越级智能工厂"),
        ("获评省级数字经济“晨星工厂”", "省级数字经济“晨星工厂”"),
        ("江苏省瞪羚企业", "江苏省瞪羚企业"),
        ("成功创建国家级产业集群", "国家级产业集群"),
        ("全面落实“十四五”规划", "“十四五”规划"),
    ],
)
def test_designations_take_level_prefix_and_head(text, span):
    assert (span, "program_or_policy") in _found(text)


def test_prefixed_designations_need_a_level():
    # a bare 产业集群 is a generic noun, not a designation
    assert not any(t == "产业集群" for t, _ in _found("打造特色产业集群"))


def test_departments_and_surnames():
    assert departments()["工业和信息化局"] == "department"
    assert "工信局" in departments()
    assert {"王", "欧阳"} <= surnames()
