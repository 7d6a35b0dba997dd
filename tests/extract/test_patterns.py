"""Pattern rules, on small sentences written for these tests."""

from __future__ import annotations

import pytest

from tjkg.extract import extract_mentions
from tjkg.extract.patterns import extract_patterns, unannotated_spans
from tjkg.models import Document


def _all(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in extract_mentions(Document("t", text))]


def _patterns(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in extract_patterns(Document("t", text))]


@pytest.mark.parametrize(
    ("text", "span", "mtype"),
    [
        (
            "3月2日,河北华远精密机械股份有限公司发布新品。",
            "河北华远精密机械股份有限公司",
            "enterprise",
        ),
        ("协议由星河公司与蓝海动力有限公司签署。", "蓝海动力有限公司", "enterprise"),
        ("协议由星河公司与蓝海动力有限公司签署。", "星河公司", "enterprise"),
        ("东方光谷(武汉)科技有限公司落户。", "东方光谷(武汉)科技有限公司", "enterprise"),
        ("依托北辰新材料研究院开展攻关。", "北辰新材料研究院", "research_institute"),
        ("共建先进光源实验室。", "先进光源实验室", "research_institute"),
        ("加快建设西岸智慧科技园。", "西岸智慧科技园", "industrial_park_or_zone"),
        ("东湖数字装备产业园正式开园", "东湖数字装备产业园", "industrial_park_or_zone"),
        ("扎实推进北港氢能示范项目。", "北港氢能示范项目", "project"),
        ("京沪高铁(北段)完成改造", "京沪高铁(北段)", "project"),
        ("组建长江航运产业联盟", "长江航运产业联盟", "cluster_or_chain"),
        ("发布江城光电子产业集群发展报告", "江城光电子产业集群", "cluster_or_chain"),
        ("深入实施制造业数字化赋能行动", "制造业数字化赋能行动", "program_or_policy"),
        (
            "印发《关于促进海洋经济发展的若干措施》",
            "关于促进海洋经济发展的若干措施",
            "program_or_policy",
        ),
        ("设立50亿元新材料产业投资基金", "新材料产业投资基金", "program_or_policy"),
    ],
)
def test_suffix_rules(text, span, mtype):
    assert (span, mtype) in _all(text)


@pytest.mark.parametrize(
    "text",
    [
        "加快推进重大项目建设。",
        "打造12条标志性产业链。",
        "推动产业链供应链协同。",
        "完善现代产业体系。",
    ],
)
def test_generic_names_are_not_mentions(text):
    assert [t for t, mtype in _all(text) if mtype != "metric"] == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("市商务局召开会议", "市商务局"),
        ("区委、区政府高度重视", "区委"),
        ("区委、区政府高度重视", "区政府"),
        ("浙江省杭州市经济和信息化局发布通知", "浙江省杭州市经济和信息化局"),
        ("市政府新闻办举行发布会", "市政府新闻办"),
        ("市科技局成果转化处负责人说", "市科技局成果转化处"),
        ("国家发展改革委印发方案", "国家发展改革委"),
        ("经新区区委研究", "新区区委"),
    ],
)
def test_government_bodies(text, span):
    assert (span, "government_body") in _all(text)


@pytest.mark.parametrize("text", ["城市委员会", "全市工业经济", "我市上市企业", "省市县级重点项目"])
def test_words_that_only_look_like_organs(text):
    assert not any(mtype == "government_body" for _t, mtype in _all(text))


def test_person_after_organisation_and_title_gets_the_role():
    doc = Document("t", "市发展改革委副主任刘晓东介绍,刘晓东还回答了提问。")
    persons = [m for m in extract_mentions(doc) if m.type == "person"]
    assert [(m.text, m.role) for m in persons] == [
        ("刘晓东", "市发展改革委副主任"),
        ("刘晓东", "市发展改革委副主任"),
    ]


def test_person_before_title():
    doc = Document("t", "会上,李强总理作报告。")
    assert [(m.text, m.role) for m in extract_mentions(doc) if m.type == "person"] == [
        ("李强", "总理")
    ]


def test_two_character_name_before_a_verb():
    doc = Document("t", "集团董事长王岩表示")
    assert [m.text for m in extract_mentions(doc) if m.type == "person"] == ["王岩"]


def test_enumeration_takes_its_type_from_the_head_noun():
    found = _all("培育了星辰科技、海川电气、北极光学等龙头企业。")
    assert {
        ("星辰科技", "enterprise"),
        ("海川电气", "enterprise"),
        ("北极光学", "enterprise"),
    } <= set(found)
    found = _all("推出“云帆”“远航”等多个品牌。")
    assert {("云帆", "product_or_achievement"), ("远航", "product_or_achievement")} <= set(found)


def test_elliptical_cluster_names_before_a_count():
    found = _all("成功创建东城光伏、西城纺织2个国家级产业集群。")
    assert ("东城光伏", "cluster_or_chain") in found
    assert ("西城纺织", "cluster_or_chain") in found
    assert ("国家级产业集群", "program_or_policy") in found
    assert ("2个", "metric") in found


def test_quoted_numbered_programmes_and_slogans():
    found = _all("构建“2+3+N”产业体系,推进“五大行动”,打造“八链”。")
    assert ("“2+3+N”产业体系", "program_or_policy") in found
    assert ("五大行动", "program_or_policy") in found
    assert ("八链", "cluster_or_chain") in found


def test_book_title_brackets_are_excluded_and_newspapers_skipped():
    found = _all("据《经济日报》报道,《行动方案》明确了目标。")
    assert ("行动方案", "program_or_policy") in found
    assert not any(t == "经济日报" for t, _ in found)


def test_metadata_lines_bylines_and_events_are_not_annotated():
    text = "来源:江城日报\n本报讯 (记者 张三) 市委召开“数字江城”系列新闻发布会。\n编辑:李四"
    found = _all(text)
    assert ("市委", "government_body") in found
    assert not any(t in ("张三", "李四", "数字江城", "江城日报") for t, _ in found)
    spans = unannotated_spans(Document("t", text))
    assert any(text[s:e].startswith("来源") for s, e, _keep in spans)


def test_a_body_inside_an_event_name_is_kept():
    found = _all("学习贯彻市委十三届五次全会精神")
    assert found == [("市委", "government_body")]


def test_towns_after_a_locative():
    assert ("东坝镇", "district_or_place") in _all("企业主要集中在东坝镇。")


def test_numbered_institutes():
    assert ("中国电科38所", "research_institute") in _all("中国电科38所研制成功")


def test_capacity_named_projects_nest_the_enterprise():
    doc = Document("t", "万华化学福建120万吨乙烯建成投产。")
    ms = extract_mentions(doc)
    assert [(m.text, m.type, m.nested_in is not None) for m in ms] == [
        ("万华化学福建120万吨乙烯", "project", False),
        ("万华化学", "enterprise", True),
    ]


def test_first_of_kind_achievements():
    assert ("8英寸碳化硅衬底", "product_or_achievement") in _all(
        "该所研制出国内首款8英寸碳化硅衬底,填补空白。"
    )


def test_designations_after_award_verbs():
    found = _all("两家企业获评工信部服务型制造示范平台。")
    assert ("服务型制造示范平台", "program_or_policy") in found
    assert ("工信部", "government_body") in found


def test_zone_administrations_are_bodies():
    found = _all("南湖高新区管委会主任赵刚介绍")
    assert ("南湖高新区管委会", "government_body") in found
    assert ("赵刚", "person") in found


def test_towns_after_a_division():
    assert ("静海区大邱庄镇", "district_or_place") in _all("企业落户静海区大邱庄镇。")


def test_quoted_product_names_exclude_quotes_and_head():
    assert _all("发布“星河·天枢”大模型") == [("星河·天枢", "product_or_achievement")]


def test_name_before_a_function_character_is_two_characters():
    found = [
        (m.text, m.type, m.role)
        for m in extract_mentions(Document("t", "东丽区委书记王涛在调研时说"))
    ]
    assert ("东丽区委", "government_body", None) in found
    assert ("王涛", "person", "东丽区委书记") in found


def test_two_bodies_joined_by_a_verb_are_two():
    found = _all("区工信局联合市科技局认定企业")
    assert ("区工信局", "government_body") in found and ("市科技局", "government_body") in found


def test_listed_titles_and_names_share_the_role():
    doc = Document("t", "市交通委党组书记、主任高原,市交通委副主任孙婷、马俊出席。")
    persons = [(m.text, m.role) for m in extract_mentions(doc) if m.type == "person"]
    assert persons == [
        ("高原", "市交通委党组书记、主任"),
        ("孙婷", "市交通委副主任"),
        ("马俊", "市交通委副主任"),
    ]


def test_enterprise_with_a_specification_names_a_product():
    found = [
        (m.text, m.type, m.nested_in)
        for m in extract_mentions(Document("t", "华虹12英寸功率芯片实现量产。"))
    ]
    assert found == [
        ("华虹12英寸功率芯片", "product_or_achievement", None),
        ("华虹", "enterprise", (0, 10)),
    ]


def test_short_names_inside_road_names_are_not_enterprises():
    assert _all("中环线改造完成") == []


def test_sub_units_of_ministries_and_bodies_next_to_companies():
    found = [
        (m.text, m.type, m.role)
        for m in extract_mentions(Document("t", "工信部原材料工业司司长陈明说"))
    ]
    assert ("工信部原材料工业司", "government_body", None) in found
    assert ("陈明", "person", "工信部原材料工业司司长") in found
    assert _all("市人民政府与星海公司签约") == [
        ("市人民政府", "government_body"),
        ("星海公司", "enterprise"),
    ]


def test_an_event_name_does_not_swallow_its_organisers():
    found = _all("江城市人民政府与华为公司举办数字经济论坛。")
    assert ("华为公司", "enterprise") in found


@pytest.mark.parametrize("text", ["双方成立合资公司", "集团旗下上市公司", "新设子公司3家"])
def test_generic_company_references(text):
    assert not any(mtype == "enterprise" for _t, mtype in _all(text))


def test_investment_company_names():
    assert ("江城港投资公司", "enterprise") in _all("江城港投资公司成立")


def test_generic_references_to_the_plan_are_not_mentions():
    assert _all("本规划提出,规划纲要明确,中央驻津单位积极参与。") == []
    assert _all("《纲要》提出") == [("纲要", "program_or_policy")]


# ------------------------------------------------------------ general rules (issue 3)


def _persons(text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.role) for m in extract_mentions(Document("t", text)) if m.type == "person"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a one-character given name before 站在 (the 周军站 regression)
        ("市科技局局长周军站在展台前介绍新品。", [("周军", "市科技局局长")]),
        # spaces between the title and the name are layout
        ("区长 蒋明远\n各位代表:", [("蒋明远", "区长")]),
        ("市商务局局长  何立新介绍有关情况。", [("何立新", "市商务局局长")]),
        # transcript speaker tags
        ("【主持人 韩冰】各位记者朋友,大家好。", [("韩冰", "主持人")]),
        # a repeated name takes the fullest role stated
        (
            "市工信局副局长 许文静\n【发布人 许文静】谢谢主持人。",
            [("许文静", "市工信局副局长"), ("许文静", "市工信局副局长")],
        ),
    ],
)
def test_person_boundaries_and_roles(text, expected):
    assert _persons(text) == expected


@pytest.mark.parametrize(
    ("text", "span", "mtype"),
    [
        # a county renamed after the division list was made, after its city
        (
            "在成都市郫都区第十九届人民代表大会第五次会议上",
            "成都市郫都区第十九届人民代表大会",
            "government_body",
        ),
        ("我代表郫都区人民政府向大会报告工作。", "郫都区人民政府", "government_body"),
        ("安徽省经济和信息化厅公布了名单。", "安徽省经济和信息化厅", "government_body"),
        # an organisation followed by what it does
        ("支持晶能光电(江西)有限公司建设芯片产线。", "晶能光电(江西)有限公司", "enterprise"),
        ("其中包括星岚新能源科技有限公司扩产项目。", "星岚新能源科技有限公司", "enterprise"),
        # new suffixes
        ("京九(江西)电子信息产业带集聚效应显著。", "京九(江西)电子信息产业带", "cluster_or_chain"),
        ("建设南昌VR科创城,打造产业高地。", "南昌VR科创城", "industrial_park_or_zone"),
        ("大会在松山湖科学城举行。", "松山湖科学城", "industrial_park_or_zone"),
        ("依托山东大学青岛校区开展合作。", "山东大学青岛校区", "research_institute"),
        (
            "依托华东理工大学国家硅基LED工程技术研究中心,推进产业化。",
            "华东理工大学国家硅基LED工程技术研究中心",
            "research_institute",
        ),
        # ASCII words inside a name
        ("建设Mini/Micro LED芯片生产线项目。", "Mini/Micro LED芯片生产线项目", "project"),
        # a list marker and a verb before a heading's name
        ("(一)做强移动智能终端产业链。", "移动智能终端产业链", "cluster_or_chain"),
        # fields joined by 及/和 inside one name
        ("推动新能源汽车及新型储能产业集群。", "新能源汽车及新型储能产业集群", "cluster_or_chain"),
        (
            "深入实施制造业智能化改造和数字化转型三年行动。",
            "制造业智能化改造和数字化转型三年行动",
            "program_or_policy",
        ),
        # an institute under its parent academy, across 与
        (
            "中国科学院苏州纳米技术与纳米仿生研究所等单位参会。",
            "中国科学院苏州纳米技术与纳米仿生研究所",
            "research_institute",
        ),
        # quoted programme names
        (
            "全面落实“四化同步、城乡融合”发展战略,推动发展。",
            "“四化同步、城乡融合”发展战略",
            "program_or_policy",
        ),
        ("我们将实施“链主”企业培育工程,支持龙头企业。", "“链主”企业培育工程", "program_or_policy"),
        # designations: head noun, level only, 和 between two designations
        ("新增“专精特新”中小企业63家。", "“专精特新”中小企业", "program_or_policy"),
        ("对新认定的国家级“小巨人”企业给予奖励。", "国家级“小巨人”企业", "program_or_policy"),
        ("新增省级工程技术研究中心50个。", "省级工程技术研究中心", "program_or_policy"),
        ("公布省级绿色工厂和智能工厂名单。", "省级绿色工厂", "program_or_policy"),
        ("公布省级绿色工厂和智能工厂名单。", "智能工厂", "program_or_policy"),
        # state-level new areas and listed towns are places
        ("青岛西海岸新区将建设成为主阵地。", "青岛西海岸新区", "district_or_place"),
        ("菁蓉镇、德源街道新增入驻企业210余家。", "菁蓉镇", "district_or_place"),
        ("菁蓉镇、德源街道新增入驻企业210余家。", "德源街道", "district_or_place"),
    ],
)
def test_general_rules_find_the_name(text, span, mtype):
    assert (span, mtype) in _all(text)


@pytest.mark.parametrize(
    ("text", "span", "mtype"),
    [
        ("中创新航东莞基地二期项目加快推进。", "中创新航", "enterprise"),
        ("支持立讯精密南昌产业园扩大产能。", "立讯精密", "enterprise"),
        ("支持立讯精密南昌产业园扩大产能。", "立讯精密南昌产业园", "project"),
        ("协鑫科技颗粒硅二期项目加快推进。", "协鑫科技", "enterprise"),
    ],
)
def test_a_company_short_name_opening_a_project_is_nested(text, span, mtype):
    ms = extract_mentions(Document("t", text))
    assert any(m.text == span and m.type == mtype for m in ms)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("南昌、吉安三个千亿级电子信息产业集群能级提升。", "千亿级电子信息产业集群"),
        ("石化化工中试基地建设加快。", "石化化工"),
        ("生物医药产业园项目开工。", "生物医药"),
        ("天津大学与南开大学研究院签约。", "天津大学与南开大学研究院"),
        ("落实“十四五”规划制造强国战略。", "“十四五”规划制造强国战略"),
        ("开发区政府出台政策。", "开发区政府"),
    ],
)
def test_general_rules_do_not_overreach(text, absent):
    assert absent not in [t for t, _ in _all(text)]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("2025-06-12 15:20  来源:青岛政务网\n正文", "青岛"),  # furniture mid-line
        ("首页 > 新闻中心 > 东莞动态\n正文", "东莞"),  # breadcrumb
        ("2025东莞新型储能产业发展大会在此举行。", "东莞"),  # a conference name
    ],
)
def test_page_furniture_and_conference_names_are_not_annotated(text, absent):
    assert absent not in [t for t, _ in _all(text)]
