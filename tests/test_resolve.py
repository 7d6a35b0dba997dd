"""Entity resolution: one real-world thing, one key; related but distinct things apart."""

from __future__ import annotations

from tjkg.curated import Registry
from tjkg.models import Document, Mention, ReleaseMeta
from tjkg.resolve import resolve_annotation, split_role


def _resolve(text: str, spans: list[tuple[str, str]], place: str = ""):
    doc = Document("d", text, meta=ReleaseMeta(place=place))
    mentions, at = [], 0
    for surface, mtype in spans:
        start = text.index(surface, at)
        mentions.append(Mention("d", start, start + len(surface), surface, mtype))
        at = start + len(surface)
    return resolve_annotation(doc, mentions, Registry())


def _entities(ann) -> dict[str, tuple[str, str | None]]:
    return {m.text: (m.entity, next(e.code for e in ann.entities if e.key == m.entity))
            for m in ann.mentions}


def test_short_and_full_division_names_are_one_place_with_its_code() -> None:
    ann = _resolve("天津市召开会议。天津的企业增多。", [("天津市", "district_or_place"),
                                                   ("天津", "district_or_place")])
    assert _entities(ann) == {"天津市": ("天津市", "120000"), "天津": ("天津市", "120000")}


def test_a_district_named_after_its_city_and_ambiguous_names() -> None:
    beijing = _resolve("北京朝阳区的项目。", [("北京朝阳区", "district_or_place")])
    assert _entities(beijing) == {"北京朝阳区": ("北京市朝阳区", "110105")}
    changchun = _resolve("长春市朝阳区的项目。", [("长春市", "district_or_place"),
                                               ("朝阳区", "district_or_place")])
    assert _entities(changchun)["朝阳区"] == ("长春市朝阳区", "220104")


def test_relative_bodies_belong_to_the_release_place() -> None:
    tianjin = _resolve("天津市召开会议,市委部署工作。", [("天津市", "district_or_place"),
                                                     ("市委", "government_body")])
    liaocheng = _resolve("聊城市召开会议,市委部署工作。", [("聊城市", "district_or_place"),
                                                       ("市委", "government_body")])
    assert tianjin.mentions[1].entity == "天津市委"
    assert liaocheng.mentions[1].entity == "聊城市委"


def test_metadata_place_wins_over_counting() -> None:
    ann = _resolve("北京和北京的企业,市政府部署。", [("北京", "district_or_place"),
                                                 ("北京", "district_or_place"),
                                                 ("市政府", "government_body")], place="天津市")
    assert ann.mentions[2].entity == "天津市政府"


def test_split_role() -> None:
    assert split_role("市工业和信息化局副局长") == ("市工业和信息化局", "副局长")
    assert split_role("董事长") == ("", "董事长")


def test_a_post_is_only_in_an_organisation() -> None:
    text = "华泰牌销量增长。华泰副总经理李明介绍,中芯国际总经理王强出席。"
    doc = Document("d", text)
    mentions = []
    for surface, mtype, role in (("华泰", "product_or_achievement", None),
                                 ("中芯国际", "enterprise", None),
                                 ("李明", "person", "华泰副总经理"),
                                 ("王强", "person", "中芯国际总经理")):
        start = text.index(surface)
        mentions.append(Mention("d", start, start + len(surface), surface, mtype, role=role))
    posts = {p.person: p for p in resolve_annotation(doc, mentions, Registry()).posts}
    assert posts["李明"].organization is None  # 华泰 here is a brand, not an employer
    assert posts["王强"].organization_type == "enterprise"
    assert posts["王强"].organization.startswith("中芯国际")


def test_the_place_a_body_is_named_after_gives_the_release_place() -> None:
    ann = _resolve("天津市工业和信息化局发布消息,市工信局表示将继续支持。",
                   [("天津市工业和信息化局", "government_body"), ("市工信局", "government_body")])
    assert ann.mentions[0].entity == ann.mentions[1].entity == "天津市工业和信息化局"
    liaocheng = _resolve("聊城市工业和信息化局发布消息,市工信局表示将继续支持。",
                         [("聊城市工业和信息化局", "government_body"),
                          ("市工信局", "government_body")])
    assert liaocheng.mentions[1].entity == "聊城市工业和信息化局"


def test_short_and_full_department_names_are_one_body() -> None:
    ann = _resolve("聊城市召开会议,聊城市发改委和市发展和改革委员会、市工信局参加。",
                   [("聊城市", "district_or_place"), ("聊城市发改委", "government_body"),
                    ("市发展和改革委员会", "government_body"), ("市工信局", "government_body")])
    keys = [m.entity for m in ann.mentions]
    assert keys[1] == keys[2] == "聊城市发展和改革委员会"
    assert keys[3] == "聊城市工业和信息化局"
    body = next(e for e in ann.entities if e.key == "聊城市工业和信息化局")
    assert "市工信局" in (body.label_zh, *body.aliases)  # the surface is kept as a label
