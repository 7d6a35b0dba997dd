"""Rule-based mentions: organisational suffixes, government organs, persons with roles,
enumerations with a typed head noun, quoted slogans and bracketed titles.

Each rule produces mentions with ``source="extractor:patterns"`` and a confidence that
reflects how reliable the rule proved on annotated releases (lexicon hits, scored higher in
:mod:`tjkg.extract.lexicon`, win ties).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from tjkg.extract.lexicon import (
    departments,
    document_matches,
    load_lexicon,
    matches_within,
    surnames,
)
from tjkg.extract.text import NAME_CHARS, is_cjk, normalize_text, strip_name_prefix
from tjkg.models import Document, Mention

__all__ = ["SUFFIXES", "extract_patterns", "unannotated_spans"]

_C = Decimal

# --------------------------------------------------------------------------------- suffixes

#: Suffix → (mention type, confidence, minimum specific characters before the suffix).
SUFFIXES: dict[str, tuple[str, Decimal, int]] = {
    # enterprises
    "股份有限公司": ("enterprise", _C("0.9"), 2),
    "有限责任公司": ("enterprise", _C("0.9"), 2),
    "有限公司": ("enterprise", _C("0.9"), 2),
    "集团有限公司": ("enterprise", _C("0.9"), 2),
    "集团公司": ("enterprise", _C("0.85"), 2),
    "股份公司": ("enterprise", _C("0.85"), 2),
    "分公司": ("enterprise", _C("0.8"), 2),
    "公司": ("enterprise", _C("0.7"), 2),
    "集团": ("enterprise", _C("0.7"), 2),
    "股份": ("enterprise", _C("0.6"), 2),
    # research institutes
    "研究院": ("research_institute", _C("0.85"), 2),
    "研究所": ("research_institute", _C("0.85"), 2),
    "实验室": ("research_institute", _C("0.8"), 2),
    "大学": ("research_institute", _C("0.85"), 2),
    "学院": ("research_institute", _C("0.75"), 2),
    "科学院": ("research_institute", _C("0.85"), 2),
    "设计院": ("research_institute", _C("0.8"), 2),
    "技术创新中心": ("research_institute", _C("0.75"), 2),
    "工程技术研究中心": ("research_institute", _C("0.75"), 2),
    "工程研究中心": ("research_institute", _C("0.75"), 2),
    "研究中心": ("research_institute", _C("0.7"), 2),
    "校区": ("research_institute", _C("0.7"), 2),
    # zones
    "科技园": ("industrial_park_or_zone", _C("0.8"), 2),
    "产业园": ("industrial_park_or_zone", _C("0.75"), 2),
    "工业园": ("industrial_park_or_zone", _C("0.75"), 2),
    "产业园区": ("industrial_park_or_zone", _C("0.75"), 2),
    "工业园区": ("industrial_park_or_zone", _C("0.75"), 2),
    "开发区": ("industrial_park_or_zone", _C("0.8"), 2),
    "高新区": ("industrial_park_or_zone", _C("0.8"), 2),
    "经开区": ("industrial_park_or_zone", _C("0.8"), 2),
    "示范区": ("industrial_park_or_zone", _C("0.75"), 2),
    "商务区": ("industrial_park_or_zone", _C("0.75"), 2),
    "科技城": ("industrial_park_or_zone", _C("0.75"), 2),
    "科学城": ("industrial_park_or_zone", _C("0.75"), 2),
    "科创城": ("industrial_park_or_zone", _C("0.75"), 2),
    "生态城": ("industrial_park_or_zone", _C("0.7"), 2),
    "保税区": ("industrial_park_or_zone", _C("0.8"), 2),
    "自贸区": ("industrial_park_or_zone", _C("0.8"), 2),
    "自由贸易试验区": ("industrial_park_or_zone", _C("0.85"), 2),
    "合作区": ("industrial_park_or_zone", _C("0.7"), 2),
    "新区": ("industrial_park_or_zone", _C("0.6"), 2),
    "先行区": ("industrial_park_or_zone", _C("0.7"), 2),
    # projects
    "项目": ("project", _C("0.7"), 2),
    "生产线": ("project", _C("0.7"), 2),
    "总装线": ("project", _C("0.75"), 2),
    "基地": ("project", _C("0.65"), 2),
    "总部": ("project", _C("0.6"), 2),
    "高铁": ("project", _C("0.75"), 2),
    "城际": ("project", _C("0.75"), 2),
    "高速公路": ("project", _C("0.75"), 2),
    "高速": ("project", _C("0.7"), 2),
    "铁路": ("project", _C("0.7"), 2),
    "机场": ("project", _C("0.7"), 2),
    "大道": ("project", _C("0.6"), 2),
    "环路": ("project", _C("0.6"), 2),
    "班列": ("project", _C("0.7"), 2),
    "大桥": ("project", _C("0.7"), 2),
    "隧道": ("project", _C("0.65"), 2),
    "工程": ("project", _C("0.6"), 2),
    # clusters, chains, alliances
    "产业集群": ("cluster_or_chain", _C("0.75"), 2),
    "集群": ("cluster_or_chain", _C("0.7"), 2),
    "产业链": ("cluster_or_chain", _C("0.7"), 2),
    "产业带": ("cluster_or_chain", _C("0.7"), 2),
    "联盟": ("cluster_or_chain", _C("0.75"), 2),
    "创新联合体": ("cluster_or_chain", _C("0.7"), 2),
    # programmes and policies
    "行动计划": ("program_or_policy", _C("0.8"), 2),
    "行动": ("program_or_policy", _C("0.7"), 2),
    "计划": ("program_or_policy", _C("0.7"), 2),
    "规划": ("program_or_policy", _C("0.7"), 2),
    "战略": ("program_or_policy", _C("0.7"), 2),
    "条例": ("program_or_policy", _C("0.8"), 2),
    "办法": ("program_or_policy", _C("0.7"), 2),
    "实施意见": ("program_or_policy", _C("0.75"), 2),
    "实施方案": ("program_or_policy", _C("0.75"), 2),
    "纲要": ("program_or_policy", _C("0.7"), 2),
    "基金": ("program_or_policy", _C("0.7"), 2),
    "专项资金": ("program_or_policy", _C("0.75"), 2),
    "试点": ("program_or_policy", _C("0.65"), 2),
    "体系": ("program_or_policy", _C("0.55"), 3),
    "若干措施": ("program_or_policy", _C("0.7"), 2),
    "若干政策": ("program_or_policy", _C("0.7"), 2),
    "试点城市": ("program_or_policy", _C("0.7"), 2),
    "示范城市": ("program_or_policy", _C("0.7"), 2),
    "干线": ("project", _C("0.6"), 2),
    # products
    "飞船": ("product_or_achievement", _C("0.6"), 2),
    "探测器": ("product_or_achievement", _C("0.6"), 2),
    "操作系统": ("product_or_achievement", _C("0.6"), 2),
    "大模型": ("product_or_achievement", _C("0.6"), 2),
    "芯片": ("product_or_achievement", _C("0.5"), 3),
    "运载火箭": ("product_or_achievement", _C("0.6"), 2),
    "超级计算机": ("product_or_achievement", _C("0.55"), 2),
}

_ORG_TYPES = frozenset({"enterprise", "research_institute"})
_SUFFIX_RE = re.compile(
    "(?:"
    + "|".join(
        sorted(
            (re.escape(k) for k, v in SUFFIXES.items() if v[0] not in _ORG_TYPES),
            key=len,
            reverse=True,
        )
    )
    + r")(?!装备|设备|机械|师|技术|化|学|车|机|器|材料|管理|服务|条|建设|投资|制)"
    # an organisation may be the subject of what follows (有限公司建设…, 研究院研制…)
    + "|(?:"
    + "|".join(
        sorted(
            (re.escape(k) for k, v in SUFFIXES.items() if v[0] in _ORG_TYPES),
            key=len,
            reverse=True,
        )
    )
    + r")(?!师|化|学|生|城|科技园|制|车)"
)
_NAMED_PROGRAMME_SUFFIXES = frozenset(
    {"行动", "行动计划", "计划", "规划", "战略", "条例", "办法", "纲要", "实施意见", "实施方案"}
)
_INNER_COUNT = re.compile(r"(?<!第)(?:\d+|[一二两三四五六七八九十]+|首)(?:个|家|条|项|批|大|颗|款)")

#: Words that alone do not make a name specific (重大项目, 标志性产业链, 现代产业体系).
GENERIC = tuple(
    sorted(
        [
            "重大",
            "重点",
            "一批",
            "大批",
            "有关",
            "相关",
            "各类",
            "各项",
            "这些",
            "上述",
            "其他",
            "其它",
            "该",
            "本",
            "此",
            "新",
            "好",
            "大",
            "小",
            "优质",
            "龙头",
            "骨干",
            "标志性",
            "示范",
            "试点",
            "在建",
            "续建",
            "新建",
            "新开工",
            "建设",
            "产业",
            "工业",
            "制造业",
            "制造",
            "企业",
            "重要",
            "主要",
            "核心",
            "总体",
            "发展",
            "经济",
            "国家",
            "省",
            "市",
            "区",
            "县",
            "乡",
            "镇",
            "级",
            "全",
            "各",
            "多",
            "若干",
            "一系列",
            "主导",
            "特色",
            "优势",
            "现代",
            "现代化",
            "新型",
            "传统",
            "区域",
            "全国",
            "世界级",
            "世界",
            "一流",
            "国际",
            "具体",
            "专项",
            "配套",
            "公共",
            "服务",
            "工作",
            "政策",
            "实施",
            "中小",
            "高端",
            "高质量",
            "先进",
            "战略性",
            "新兴",
            "未来",
            "重点领域",
            "领域",
            "行业",
            "数字化",
            "智能化",
            "绿色化",
            "化",
            "性",
            "的",
            "五年",
            "年度",
            "三年",
            "十项",
            "各地",
            "全面",
            "全方位",
            "生产",
            "研发",
            "技术",
            "科技",
            "创新",
            "高新",
            "一体化",
            "协同",
            "合作",
            "招商",
            "引资",
            "财政",
            "金融",
            "资金",
            "项目",
            "标杆",
            "样板",
            "品牌",
            "质量",
            "效益",
            "管理",
            "治理",
            "改革",
            "开放",
            "战略",
            "目标",
            "任务",
            "举措",
            "措施",
            "机制",
            "模式",
            "体系",
            "平台",
            "载体",
            "园区",
            "集群",
            "链",
            "链条",
            "供应链",
            "价值链",
            "产业链",
            "创新链",
            "人才链",
            "资金链",
            "两",
            "三",
            "四",
            "五",
            "六",
            "七",
            "八",
            "九",
            "十",
            "百",
            "千",
            "万",
            "亿",
            "一",
            "二",
            "多个",
            "几",
            "数",
            "大型",
            "中型",
            "小型",
            "超大",
            "超",
            "省市县",
            "省市",
            "市县",
            "县级",
            "市级",
            "省级",
            "国家级",
            "区级",
            "部级",
            "培育",
            "升级",
            "改造",
            "转型",
            "提升",
            "规上",
            "规模以上",
            "基础",
            "共性",
            "关键",
            "前沿",
            "颠覆性",
            "未来产业",
            "传统产业",
            "民营",
            "国有",
            "外资",
            "本地",
            "当地",
            "周边",
            "配套",
            "头部",
            "链主",
            "领军",
            "示范性",
            "引领",
            "支撑",
            "重大工程",
            "民生",
            "基础设施",
            "新基建",
            "其",
            "同",
            "这",
            "那",
            "该类",
            "更多",
            "更",
            "最",
            "首批",
            "第一批",
            "本批",
            "该批",
            "新一轮",
            "新一批",
            "万亿级",
            "合资",
            "规划",
            "计划",
            "方案",
            "新设",
            "集团",
            "旗下",
            "独资",
            "控股",
            "上市",
            "参股",
            "全资",
            "投资",
            "运营",
            "建设单位",
            "哪些",
            "什么",
            "哪个",
            "怎样",
            "如何",
            "亿元以上",
            "万元以上",
            "以上",
            "以下",
            "联合",
            "千亿级",
            "百亿级",
            "资源",
            "落地",
            "成果",
            "我们",
            "我",
            "你们",
            "他们",
            "本公司",
            "母公司",
            "子公司",
        ],
        key=len,
        reverse=True,
    )
)
_GENERIC_RE = re.compile("|".join(map(re.escape, GENERIC)))
_GENERIC_MULTI_RE = re.compile("|".join(re.escape(g) for g in GENERIC if len(g) > 1))

_STRONG_VERBS = re.compile(
    r"(?:引进|引入|推进|实施|落实|开展|举办|举行|召开|印发|出台|入选|获批|获评|荣获|获得|打造|建成|"
    r"设立|成立|组建|培育|支持|加快|启动|签订|签约|完成|实现|形成|承接|孵化|新增|认定|上榜|晋级|"
    r"出席|介绍|表示|指出|强调|提出|部署|坚持|围绕|聚焦|依托|带动|成为|纳入|列入|创建|推动|深化|"
    r"增资|扩建|交付|发布|推出|研发|研制|制备|深耕|获评|入围|落户|签署|建设|共建|合建|联建|累计|"
    r"今年|去年|明年|目前|当前|近年来|有哪些|哪些|什么|如何|已经|正在|"
    r"做强|做优|做大|壮大|争创|安排|其中包括|包括|延伸|补齐|拓展|谋划|招引)"
    r"(?:出|了|成|好)?"
)


def _specific_len(core: str) -> int:
    """Characters of ``core`` left after removing generic words and numerals."""
    rest = _GENERIC_MULTI_RE.sub("", core)
    rest = re.sub(r"[\d.%,“”‘’()\-—·\s]", "", rest)
    if len(rest) > 2:  # one-character generic words count only inside longer names (石化)
        rest = _GENERIC_RE.sub("", rest)
    return len(rest)


def _drop_places(core: str) -> str:
    """``core`` without the division names in it (北京资源落地 → 资源落地)."""
    out = core
    for a, b, entry in sorted(load_lexicon().find(core), key=lambda t: t[0] - t[1]):
        if entry.type == "district_or_place" and core[a:b] in out:
            out = out.replace(core[a:b], "")
    return out


def _ascii_joiner(norm: str, k: int) -> bool:
    """A space or slash between ASCII letters or digits inside a name (Mini/Micro LED)."""
    if norm[k] not in " /" or k == 0 or k + 1 >= len(norm):
        return False
    a, b = norm[k - 1], norm[k + 1]
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()


def _name_run_start(norm: str, end: int, *, max_len: int = 30) -> int:
    """Leftmost offset of the run of name characters ending at ``end``."""
    i = end
    depth_paren = 0
    while i > 0 and end - i < max_len:
        ch = norm[i - 1]
        if ch == ")":
            depth_paren += 1
        elif ch == "(":
            if depth_paren == 0:
                break
            depth_paren -= 1
        elif not (is_cjk(ch) or ch in NAME_CHARS or _ascii_joiner(norm, i - 1)):
            break
        i -= 1
    # an unmatched opening quote: the name starts after it
    seg = norm[i:end]
    opens = [k for k, c in enumerate(seg) if c == "“"]
    closes = [k for k, c in enumerate(seg) if c == "”"]
    for k in reversed(opens):
        if not any(c > k for c in closes):
            return i + k + 1
    return i


def _protected_by_lexicon(norm: str, s: int, e: int) -> list[bool]:
    mask = [False] * (e - s)
    for a, b, _entry in matches_within(norm, s, e):
        if b - a >= 2:
            for k in range(a, b):
                mask[k] = True
    return mask


def _cut_after_strong_verb(run: str, mask: list[bool], limit: int) -> int:
    start = 0
    for m in _STRONG_VERBS.finditer(run, 0, limit):
        free = not any(mask[m.start() : m.end()])
        room = limit - m.end()
        if free and (room >= 2 or (room == 0 and (m.start() == 0 or start == 0))):
            start = m.end()
    return start


def _suffix_candidates(norm: str) -> Iterator[tuple[int, int, str, Decimal]]:
    lex = load_lexicon()
    for m in _SUFFIX_RE.finditer(norm):
        suffix = m.group()
        mtype, conf, min_core = SUFFIXES[suffix]
        end = m.end()
        # a following section in brackets: 京滨城际(南段), 津潍高铁(天津段); 主线段
        tail = re.match(r"\([^()]{1,8}段\)|[东西南北]段", norm[end : end + 8])
        if tail and mtype == "project":
            end += tail.end()
        rs = _name_run_start(norm, m.start())
        if rs >= m.start():
            continue
        run = norm[rs:end]
        mask = _protected_by_lexicon(norm, rs, end)
        keep = end - m.start()
        cut = _cut_after_strong_verb(run, mask, len(run) - keep)
        cut += strip_name_prefix(run[cut:], keep=keep, protected=mask[cut:])
        start = rs + cut
        # programmes: a year belongs to the name (2024年国民经济和社会发展计划)
        if mtype == "program_or_policy":
            y = re.search(r"\d{4}年$", norm[max(0, start - 5) : start])
            if y and suffix in ("计划", "规划", "纲要", "行动计划", "实施方案"):
                start -= 5
            inner = re.search(r"\d{4}年", norm[start : m.start()])
            if inner and inner.start() > 0:
                start += inner.start()
        # a complete programme name right before: cut after it (“十四五”规划制造强国战略)
        cut_at = 0
        for _a, b, entry in matches_within(norm, start, m.start()):
            complete = entry.type == "program_or_policy" and entry.kind in _COMPLETE_KINDS
            if complete and b < m.start() - start:
                cut_at = max(cut_at, b)
        start += cut_at
        # a count inside the run: the name starts after it (装备制造3个国家级产业集群)
        counts = list(_INNER_COUNT.finditer(norm, start, m.start()))
        if counts:
            start = counts[-1].end()
        if mtype in ("program_or_policy", "cluster_or_chain", "industrial_park_or_zone"):
            for a, b, entry in matches_within(norm, start, m.start()):
                if a == 0 and entry.type == "government_body" and start + b < m.start():
                    start += b
                    break
        # a level word before a plan's own name: 国家“十四五”规划 → “十四五”规划
        for a, _b, entry in matches_within(norm, start, end):
            if entry.kind in ("plan", "strategy") and start + _b == end and a > 0:
                if re.fullmatch(r"(?:国家|全国|省|市|区|县)(?:级)?", norm[start : start + a]):
                    start += a
                break
        core = norm[start : m.start()]
        if mtype in ("research_institute", "industrial_park_or_zone") and _LEVEL_ONLY.fullmatch(
            core
        ):  # 省级工程技术研究中心, 国家重点实验室: a designation, not one institution
            yield start, end, "program_or_policy", conf
            continue
        if mtype == "research_institute":
            start = _institute_parent_start(norm, rs, start, m.start())
            core = norm[start : m.start()]
        if _MAGNITUDE_CLASS.match(core):
            continue  # 千亿级电子信息产业集群: a class of clusters, not a named one
        if mtype in ("cluster_or_chain", "program_or_policy") and start > rs + 1:
            start = _join_conjoined(norm, rs, start, m.start())
            core = norm[start : m.start()]
        if not core or core[0] in "”’)":
            continue
        if core.count("“") != core.count("”") or core.count("(") != core.count(")"):
            continue
        if mtype == "product_or_achievement" and re.fullmatch(r"“[^“”]+”", core):
            continue  # “海河·岐伯”大模型: the quoted name is the product (see _QUOTED_PRODUCT)
        strong_programme = mtype == "program_or_policy" and suffix in _NAMED_PROGRAMME_SUFFIXES
        if _specific_len(core) < min_core and not (strong_programme and len(core) >= 4):
            continue
        if suffix == "项目" and _specific_len(_drop_places(core)) < min_core:
            continue
        if any(e.type == "district_or_place" for e in lex.get(norm[start:end])):
            continue  # 滨海新区 is a division, not a zone
        yield start, end, _retype(mtype, norm, start, end, suffix), conf


_COMPLETE_KINDS = frozenset({"plan", "strategy", "pilot"})
_LEVEL_ONLY = re.compile(r"(?:国家级|省级|市级|区级|县级|省部级|国家|省|市)(?:重点)?(?:以上)?")
_MAGNITUDE_CLASS = re.compile(r"(?:万亿|千亿|百亿|十亿|亿元|百万|千万)级")
_CONJ_ITEM_END = (
    *(k for k, v in SUFFIXES.items() if v[0] == "program_or_policy"),
    *("集群", "产业链", "链", "政策", "方案", "工厂", "企业"),
)


def _institute_parent_start(norm: str, rs: int, start: int, suffix_start: int) -> int:
    """Start of an institute named under its parent academy or university, when a 与/和
    inside cut it (中国科学院苏州纳米技术与纳米仿生研究所); else ``start``."""
    if "与" not in norm[rs:start] and "和" not in norm[rs:start]:
        return start
    within = matches_within(norm, rs, suffix_start)
    parents = [(a, b) for a, b, e in within if e.type == "research_institute"]
    if len({a for a, _b in parents}) == 1 and rs + parents[0][0] < start:
        # (天津大学与南开大学研究院: two parents, no join)
        a, b = max(parents, key=lambda ab: ab[1])
        between = norm[rs + b : suffix_start]
        if len(between) <= 16 and not _STRONG_VERBS.search(between) and "的" not in between:
            return rs + a
    return start


def _join_conjoined(norm: str, rs: int, start: int, suffix_start: int) -> int:
    """Start of a name whose topic joins two fields with 及/和 (生物医药及高端医疗器械产业集群,
    智能化改造和数字化转型三年行动), or ``start`` when the left side is a name of its own."""
    if norm[start - 1] not in "及和":
        return start
    left_end = start - 1
    run = norm[rs:left_end]
    mask = _protected_by_lexicon(norm, rs, left_end)
    cut = _cut_after_strong_verb(run, mask, len(run))
    cut += strip_name_prefix(run[cut:], protected=mask[cut:])
    left = run[cut:]
    if not (2 <= len(left) <= 10) or not all(is_cjk(c) for c in left):
        return start
    if left.endswith(_CONJ_ITEM_END) or _STRONG_VERBS.search(left):
        return start
    if any(e.type != "program_or_policy" for _a, _b, e in matches_within(norm, rs + cut, left_end)):
        return start  # 天津和北京…: places or organisations are items of their own
    return rs + cut


_SITE_KINDS = frozenset({"province", "city", "county", "province-short", "city-short",
                         "county-short"})  # fmt: skip


def _leading_company(norm: str, start: int, end: int) -> int:
    """Length of a company short name opening a project or park name, or 0: the name goes on
    with a city (中创新航东莞基地, 立讯精密南昌产业园) or the short name ends with an
    industry word (协鑫科技颗粒硅项目)."""
    name = norm[start:end]
    lex = load_lexicon()
    for a, _b, entry in lex.find(name[:10]):
        if entry.type == "enterprise" and a == 0:
            return 0  # the lexicon names it
        if entry.type == "district_or_place" and entry.kind in _SITE_KINDS and 2 <= a <= 6:
            head = name[:a]
            if (
                all(is_cjk(c) for c in head)
                and _specific_len(head) >= 2
                and not any(e.type == "district_or_place" for _x, _y, e in lex.find(head))
                and not _STRONG_VERBS.search(head)
            ):
                return a
            break
    m = re.match(rf"([\u4e00-\u9fff]{{2}})(?:{_INDUSTRY})", name)
    if (
        m
        and len(name) - m.end() >= 4
        and m.group(1) not in _FIELD_WORDS
        and m.group() not in _FIELD_WORDS
        and not lex.get(m.group(1))
    ):
        return m.end()
    return 0


def _retype(mtype: str, norm: str, start: int, end: int, suffix: str) -> str:
    name = norm[start:end]
    positioning = (
        name.startswith(("全国", "国家", "国际", "世界级", "区域"))
        or name.endswith(("研发基地", "转化基地", "示范基地", "承载地"))
        or any(e.kind == "region" and a == 0 for a, _b, e in load_lexicon().find(name[:8]))
    )  # 京津冀…基地, 长三角…基地: a regional positioning
    if mtype == "project" and suffix == "基地" and positioning:
        return "program_or_policy"
    if mtype == "industrial_park_or_zone" and re.match(r"(?:国家级|省级|市级|区级)", name):
        return "program_or_policy"  # 国家级经济技术开发区: a designation, not one zone
    if mtype == "project" and suffix == "工程" and "“" in name:
        return "program_or_policy"
    if mtype == "industrial_park_or_zone" and suffix in ("产业园", "产业园区"):
        for _a, _b, entry in load_lexicon().find(name):
            if entry.type == "enterprise" and _a == 0:
                return "project"
        if _leading_company(norm, start, end):
            return "project"  # 立讯精密南昌产业园: a park built by a company
    return mtype


# -------------------------------------------------------------------------- organs (bodies)


_CORE_RE: re.Pattern[str] | None = None
_BAD_BIGRAMS = frozenset(
    [
        "城市",
        "全市",
        "我市",
        "本市",
        "该市",
        "各市",
        "超市",
        "股市",
        "楼市",
        "上市",
        "都市",
        "夜市",
        "门市",
        "县市",
        "市市",
        "城区",
        "园区",
        "景区",
        "社区",
        "小区",
        "辖区",
        "片区",
        "街区",
        "新区",
        "矿区",
        "港区",
        "厂区",
        "牧区",
        "山区",
        "林区",
        "湾区",
        "省市",
        "全省",
        "我省",
        "本省",
        "外省",
        "全区",
        "我区",
        "本区",
        "全县",
        "我县",
        "本县",
        "各区",
        "各县",
        "各省",
        "分区",
        "老区",
        "功能区",
        "城乡",
        "乡镇",
        "城镇",
    ]
)
_LEVELS = ("自治区", "省", "市", "区", "县", "镇", "乡", "州", "旗")


def _core_regex() -> re.Pattern[str]:
    global _CORE_RE
    if _CORE_RE is None:
        cores = sorted(departments(), key=len, reverse=True)
        _CORE_RE = re.compile(
            r"第[一二三四五六七八九十]+届人民代表大会(?:常务委员会)?|领导小组办公室|领导小组|"
            + "|".join(map(re.escape, cores))
        )
    return _CORE_RE


_SUBUNIT_RE = re.compile(
    r"(?![与和及])(?:(?!联合|会同|协同|配合|指导|组织|牵头|[省市区县])[\u4e00-\u9fff与和]){2,10}?"
    r"(?:处|(?<!公)司|科|办公室)(?!长)"
)


def _division_before(norm: str, pos: int) -> int:
    """Start of a division name ending at ``pos`` (longest), or ``pos``."""
    lex = load_lexicon()
    for k in range(max(0, pos - 9), pos - 1):
        if any(e.type == "district_or_place" for e in lex.get(norm[k:pos])):
            return k
    return pos


_DIVISION_LEAD = re.compile(r"(?:代表|在|由|和|与|及|、|会同|联合)$")


def _unlisted_division(norm: str, pos: int) -> int:
    """Start of a county-level name missing from the lexicon (renamed since the list was
    made) ending at ``pos`` with 区/县: two characters after a listed division
    (成都市郫都区) or after a clause start or a word that introduces a body; else ``pos``."""
    if pos < 3 or norm[pos - 1] not in "区县":
        return pos
    k = pos - 3
    chunk = norm[k : pos - 1]
    if not all(is_cjk(c) for c in chunk) or norm[k : pos] in _BAD_BIGRAMS:
        return pos
    if any(c in _STOP_SET_CHARS for c in chunk) or _GENERIC_RE.fullmatch(chunk):
        return pos
    if any(norm.endswith(z, 0, pos) for z in _ZONE_AREA_SUFFIXES):
        return pos  # 开发区政府: a zone's administration, not a county
    if _division_before(norm, k) < k or k == 0 or not is_cjk(norm[k - 1]):
        return k
    if _DIVISION_LEAD.search(norm, max(0, k - 2), k):
        return k
    return pos


_ZONE_AREA_SUFFIXES = tuple(
    z for z, (t, _c, _n) in SUFFIXES.items() if t == "industrial_park_or_zone" and z[-1] == "区"
)
_STOP_SET_CHARS = frozenset("的与和及或等在对向从由为是将被把以于并了其这该此各同全我本新")


def _body_candidates(norm: str) -> Iterator[tuple[int, int, Decimal]]:
    n = len(norm)
    last_end = -1
    for m in _core_regex().finditer(norm):
        cs, e = m.start(), m.end()
        core = m.group()
        if core.startswith("领导小组"):
            rs = _name_run_start(norm, cs)
            run = norm[rs:e]
            cs = rs + strip_name_prefix(run, keep=len(core) + 2)
            if cs >= m.start() - 1:
                continue
        s = cs
        level = ""
        whole = _division_before(norm, cs)  # 北辰区委: the division's own 区 is the level
        if whole == cs:
            whole = _unlisted_division(norm, cs)
        if whole < cs and norm[cs - 1] in "省市区县州旗":
            s = whole
        for lv in _LEVELS if s == cs else ():
            if norm.startswith(lv, s - len(lv)) and s - len(lv) >= 0:
                level = lv
                s -= len(lv)
                break
        if norm.startswith("新区", s - 2) and s >= 2:
            s -= 2
        div = _division_before(norm, s)
        if div == s and s < cs:
            div = _unlisted_division(norm, s)
        while div < s and _division_before(norm, div) < div:
            div = _division_before(norm, div)  # 江苏省苏州市工业和信息化局
        has_div = div < s
        if not has_div and s == cs and not core.startswith("第"):
            # a bare core: only multi-character named forms (国资委 is in the organ lexicon)
            continue
        if not has_div:
            first = s
            if first > 0 and norm[first - 1 : first + 1] in _BAD_BIGRAMS:
                continue
            if first > 0 and level and norm[first - 1] in "省市区县":
                continue  # 省市县级: a list of levels, not a body
        s = div
        if norm.startswith("中共", s - 2) and s >= 2:
            s -= 2  # 中共天津市委
        if core == "委" and e < n and norm[e] in "员托婉屈":
            continue
        if s < last_end:
            continue
        sub = _SUBUNIT_RE.match(norm, e)
        if sub and not re.search(r"[的在等了是]", sub.group()):
            e = sub.end()
        conf = _C("0.9") if has_div or len(core) >= 3 else _C("0.8")
        last_end = e
        yield s, e, conf


# --------------------------------------------------------------------------------- persons

TITLES = tuple(
    sorted(
        [
            "党组书记",
            "党委书记",
            "副局长",
            "局长",
            "副主任",
            "主任",
            "常务副市长",
            "副市长",
            "市长",
            "副区长",
            "区长",
            "副县长",
            "县长",
            "副省长",
            "省长",
            "副书记",
            "书记",
            "副总经理",
            "总经理",
            "副董事长",
            "董事长",
            "副总裁",
            "总裁",
            "总工程师",
            "首席执行官",
            "首席科学家",
            "副院长",
            "院长",
            "副所长",
            "所长",
            "副校长",
            "校长",
            "副主席",
            "主席",
            "秘书长",
            "一级巡视员",
            "二级巡视员",
            "巡视员",
            "一级调研员",
            "二级调研员",
            "调研员",
            "副司长",
            "司长",
            "副处长",
            "处长",
            "副科长",
            "科长",
            "副部长",
            "部长",
            "副厅长",
            "厅长",
            "理事长",
            "会长",
            "副会长",
            "创始人",
            "总监",
            "新闻发言人",
            "发言人",
            "发布人",
            "主持人",
            "院士",
            "教授",
            "研究员",
            "总书记",
            "总理",
            "副总理",
            "主任委员",
            "副主任委员",
            "董事",
            "监事长",
            "党工委书记",
            "管委会主任",
            "总经济师",
            "总会计师",
        ],
        key=len,
        reverse=True,
    )
)
_TITLE_RE = re.compile("|".join(map(re.escape, TITLES)))
_AFTER_NAME = re.compile(
    r"(?:介绍|表示|说|指出|强调|出席|主持|回答|站在|在|等|一行|同志|和|与|作|发表|宣布|带领|率|就|对|"
    r"向|以|称|认为|透露|坦言|告诉|也|还|讲|提到|分析|接受|答|谈|参加|会见|调研|解读|通报|发布|"
    r"致辞|讲话|看来|代表|一起|及|、|表态|深有感触|感慨|自豪|回顾|说明|希望|建议|坦承|补充)"
)
_NAME_AFTER_TITLE_TITLES = frozenset(
    [
        "总书记",
        "总理",
        "副总理",
        "主席",
        "书记",
        "市长",
        "区长",
        "局长",
        "主任",
        "董事长",
        "总经理",
        "院士",
        "教授",
        "省长",
        "县长",
    ]
)


_TITLE_END_RE = re.compile("(?:" + "|".join(map(re.escape, TITLES)) + ")$")
_FUNCTION_CHARS = frozenset("在和与及等说对向就也还均都将为是的")


def _name_at(norm: str, i: int, sn: frozenset[str]) -> int:
    """Length (2 or 3) of a personal name starting at ``i``, or 0."""
    if i >= len(norm):
        return 0
    two = norm[i : i + 2]
    first = two if two in sn else norm[i]
    if first not in sn:
        return 0
    for length in (len(first) + 2, len(first) + 1):
        if i + length > len(norm):
            continue
        if length == len(first) + 2 and norm[i + length - 1] in _FUNCTION_CHARS:
            continue  # 李清在调研: 在 starts the predicate, not the given name
        name = norm[i : i + length]
        if not all(is_cjk(c) for c in name):
            continue
        if length == len(first) + 2:
            cue = _AFTER_NAME.match(norm, i + length - 1)
            if cue and len(cue.group()) >= 2:
                continue  # 周军站在: 站在 follows a one-character given name
        after = norm[i + length : i + length + 6]
        if not after or not is_cjk(after[0]) or _AFTER_NAME.match(after) or _TITLE_RE.match(after):
            return length
    return 0


def _person_candidates(doc: Document, norm: str) -> list[tuple[int, int, str]]:
    sn = surnames()
    found: dict[tuple[int, int], str] = {}
    for m in _TITLE_RE.finditer(norm):
        title = m.group()
        # organisation + title + name (spaces between title and name are layout: 局长 王芳)
        s = m.end()
        while s < len(norm) and norm[s] in " \u3000\xa0" and s - m.end() < 3:
            s += 1
        length = _name_at(norm, s, sn)
        if length:
            rs = _name_run_start(norm, m.start())
            run = norm[rs : m.end()]
            lead = strip_name_prefix(
                run, keep=len(title), protected=_protected_by_lexicon(norm, rs, m.end())
            )
            role_start = rs + lead
            # 市商务局党组书记、局长刘志强: the role takes in the titles listed before
            while role_start > 1 and norm[role_start - 1] == "、":
                prev = _TITLE_END_RE.search(norm, max(0, role_start - 12), role_start - 1)
                if not prev:
                    break
                prs = _name_run_start(norm, prev.start())
                plead = strip_name_prefix(
                    norm[prs : prev.end()],
                    keep=len(prev.group()),
                    protected=_protected_by_lexicon(norm, prs, prev.end()),
                )
                role_start = prs + plead
            role = doc.text[role_start : m.end()]
            found.setdefault((s, s + length), role)
            # further names after 、 share the role: 副局长王芳、张建国出席
            e = s + length
            while e < len(norm) and norm[e] == "、":
                more = _name_at(norm, e + 1, sn)
                after = norm[e + 1 + more : e + 3 + more]
                if not more or not (after[:1] in ("、", ",", "") or _AFTER_NAME.match(after)):
                    break
                found.setdefault((e + 1, e + 1 + more), role)
                e = e + 1 + more
            continue
        # name + title (习近平总书记)
        if title in _NAME_AFTER_TITLE_TITLES:
            loose = title in ("总书记", "总理", "副总理", "主席", "院士")
            for length in (3, 2):
                s = m.start() - length
                if s < 0:
                    continue
                name = norm[s : m.start()]
                if not all(is_cjk(c) for c in name):
                    continue
                if name[0] not in sn and name[:2] not in sn:
                    continue
                if (
                    s > 0
                    and is_cjk(norm[s - 1])
                    and norm[s - 1] not in "的、和与及由是对向,:"
                    and not loose
                ):
                    continue
                found.setdefault((s, m.start()), title)
                break
    for sp in doc.meta.speakers:
        if sp.name:
            role = (sp.organization or "") + (sp.role or "")
            i = norm.find(sp.name)
            if i >= 0:
                found.setdefault((i, i + len(sp.name)), role or sp.name)
    # every other occurrence of a found name gets the same role (the fullest one stated)
    names: dict[str, str] = {}
    for (s, e), role in found.items():
        if len(role) > len(names.get(norm[s:e], "")):
            names[norm[s:e]] = role
    for name, role in names.items():
        for mm in re.finditer(re.escape(name), norm):
            found[(mm.start(), mm.end())] = role
    # drop a name inside a longer one found at the same place
    out = []
    for (s, e), role in sorted(found.items()):
        if any(a <= s and e <= b and (a, b) != (s, e) for (a, b) in found):
            continue
        out.append((s, e, role))
    return out


# ---------------------------------------------------------------------------- enumerations

_HEADS: tuple[tuple[str, str], ...] = (
    ("品牌", "product_or_achievement"),
    ("核心技术", "product_or_achievement"),
    ("关键技术", "product_or_achievement"),
    ("产品", "product_or_achievement"),
    ("大模型", "product_or_achievement"),
    ("操作系统", "product_or_achievement"),
    ("龙头企业", "enterprise"),
    ("骨干企业", "enterprise"),
    ("领军企业", "enterprise"),
    ("链主企业", "enterprise"),
    ("重点企业", "enterprise"),
    ("企业", "enterprise"),
    ("公司", "enterprise"),
    ("车企", "enterprise"),
    ("重大项目", "project"),
    ("重点项目", "project"),
    ("项目", "project"),
    ("国家级产业集群", "cluster_or_chain"),
    ("产业集群", "cluster_or_chain"),
    ("区域集群", "cluster_or_chain"),
    ("集群", "cluster_or_chain"),
    ("产业链", "cluster_or_chain"),
    ("科研院所", "research_institute"),
    ("高校", "research_institute"),
    ("院所", "research_institute"),
    ("园区", "industrial_park_or_zone"),
    ("乡镇", "district_or_place"),
    ("街道", "district_or_place"),
    ("区县", "district_or_place"),
    ("县区", "district_or_place"),
)
_HEAD_RE = re.compile(
    r"(?:等)?(?:\d+|[一二两三四五六七八九十几多数]+|一大)?(?:个|家|条|项|批|款|类|种|大)?"
    r"(?:国家级|省级|市级|区域|重大|重点|知名|优质|骨干|龙头|标志性|"
    r"(?:(?!领域|行业|方面|方向|产业|开展|实施|推进|进行|的)[\u4e00-\u9fff]){1,4}?)?"
    r"(?P<head>" + "|".join(re.escape(h) for h, _ in _HEADS) + ")"
)
_HEAD_TYPE = dict(_HEADS)
_ITEM_LEAD = re.compile(
    r"^(?:.*?(?:龙头企业|骨干企业|领军企业|企业|公司|品牌|项目|包括|如|有|以))(?=[\u4e00-\u9fffA-Za-z])"
)


def _enumeration_candidates(norm: str) -> Iterator[tuple[int, int, str, Decimal]]:
    # anchor: 等 or a count right after the last item
    for anchor in re.finditer(r"等|(?<=[\u4e00-\u9fff”])(?<!等)(?=\d+(?:个|家|条|项))", norm):
        head = _HEAD_RE.match(norm, anchor.start())
        if not head:
            continue
        if anchor.group() != "等" and not head.group().startswith(tuple("0123456789")):
            continue
        mtype = _HEAD_TYPE[head.group("head")]
        # the items: back to the clause start, split at 、
        i = anchor.start()
        j = i
        while j > 0 and norm[j - 1] not in ",。;:!?\n()《》":
            j -= 1
        seg = norm[j:i]
        spans = []
        k = j
        for sep in re.finditer(r"、|(?<=”)(?=“)", seg + "、"):
            spans.append((k, j + sep.start()))
            k = j + sep.end()
        if len(spans) < 2 and not (
            anchor.group() == "等"
            and re.match(r"等(?:一批|多个|一大批|\d+(?:个|家|条|项))", norm[i:])
        ):
            continue
        # the first item: strip the lead-in
        fs, fe = spans[0]
        first = norm[fs:fe]
        fmask = _protected_by_lexicon(norm, fs, fe)
        cut = _cut_after_strong_verb(first, fmask, len(first) - 1)
        cut += strip_name_prefix(first[cut:], protected=fmask[cut:])
        lead = _ITEM_LEAD.match(first[cut:])
        if lead:
            cut += lead.end()
        others = [e - s for s, e in spans[1:]] or [fe - fs - cut]
        longest = max(others)
        if fe - fs - cut > longest + 3:
            cut = fe - fs - longest
        spans[0] = (fs + cut, fe)
        for idx, (s, e) in enumerate(spans):
            if idx:
                imask = _protected_by_lexicon(norm, s, e)
                s += strip_name_prefix(norm[s:e], protected=imask)
            item = norm[s:e]
            while item.startswith(("“", "‘")) and item.endswith(("”", "’")):
                s, e, item = s + 1, e - 1, item[1:-1]
            if not (2 <= len(item) <= 16) or re.search(r"[的了在是将把被]$|^\d|[,。]", item):
                continue
            if _specific_len(item) < 2:
                continue
            yield s, e, mtype, _C("0.75"), head.group("head")


# ----------------------------------------------------------------------- quotes and titles

_QUOTED_NUM = re.compile(
    r"“([0-9+＋\-N]+|[一二三四五六七八九十]+(?:\+[一二三四五六七八九十]+)+)”(?:现代化|现代|新型|主导)?"
    r"(主导产业|产业体系|工作思路|发展思路|战略|行动|工程|计划|布局|格局|体系|目标|模式|机制|产业|政策)"
)
_QUOTED_SLOGAN = re.compile(r"“([一二两三四五六七八九十百]+[个项大条张]?[\u4e00-\u9fff]{1,4})”")
_QUOTED_PRODUCT = re.compile(
    r"“([^“”\n,。、]{2,12})”(?=品牌|商标|大模型|模型|系列|芯片|操作系统|软件|APP|App|机器人|卫星|"
    r"火箭|飞机|客机|号)"
)
_QUOTED_PROGRAMME = re.compile(
    r"“[^“”\n]{2,24}”(?:(?!规划|计划|纲要|战略|行动)[\u4e00-\u9fff]){0,6}?(?:发展战略|战略|培育工程|工程|专项行动|行动计划|行动|计划|倡议)"
    r"(?![\u4e00-\u9fff]{0,1}(?:师|队|院|部|中心))"
)
_BOOK = re.compile(r"《([^《》\n]{2,60})》")
_PUBLICATION = re.compile(r"(?:报|杂志|日报|晚报|周刊|新闻|网|志|年鉴|丛书|电视台|频道)$")


def _quote_candidates(norm: str) -> Iterator[tuple[int, int, str, Decimal]]:
    for m in _QUOTED_NUM.finditer(norm):
        yield m.start(), m.end(), "program_or_policy", _C("0.8")
    for m in _QUOTED_SLOGAN.finditer(norm):
        content = m.group(1)
        if re.fullmatch(r"十[一二三四五六七八九]五", content):
            continue
        mtype = "cluster_or_chain" if content.endswith(("链", "群")) else "program_or_policy"
        yield m.start() + 1, m.end() - 1, mtype, _C("0.75")
    for m in _QUOTED_PROGRAMME.finditer(norm):
        yield m.start(), m.end(), "program_or_policy", _C("0.7")
    for m in _QUOTED_PRODUCT.finditer(norm):
        yield m.start(1), m.end(1), "product_or_achievement", _C("0.65")
    for m in _BOOK.finditer(norm):
        title = m.group(1)
        if _PUBLICATION.search(title):
            continue
        yield m.start() + 1, m.end() - 1, "program_or_policy", _C("0.85")


# ------------------------------------------------------------------- what is not annotated

_META_LINE = re.compile(
    r"(?:^[ \t•·\-*]*|(?<=[ \t\u3000]))(?:来源|稿源|编辑|责任编辑|作者|记者|信息来源|发布日期|"
    r"发稿时间|发布时间|浏览次数|浏览量|阅读量|"
    r"分享|审核|校对|供稿|图片来源|通讯员|原标题|点击数|字号)\s*[:|丨 ]",
    re.M,
)
#: A breadcrumb line (首页 > 新闻中心 > 工作动态).
_BREADCRUMB = re.compile(r"^[^\n]{0,12}(?:>|»|›)[^\n]*$", re.M)
_NAMES_ONLY = re.compile(r"[\u4e00-\u9fff]{2,4}(?:[ 、,/][\u4e00-\u9fff]{2,4})*")
_BYLINE = re.compile(
    r"[(]\s*(?:记者|通讯员|本报记者)[^()]{0,30}[)]|本报讯|(?:记者|通讯员)\s+[\u4e00-\u9fff]{2,3}"
)
_EVENT_QUOTED = re.compile(
    r"“[^“”\n]{1,40}”(?:系列)?(?:主题)?(?:新闻发布会|发布会|论坛|峰会|大会|会议|博览会|展览会|展会|"
    r"座谈会|推介会|对接会|洽谈会|大赛|比赛|活动|招聘会|交易会)"
)
_EVENT_PLAIN = re.compile(
    r"[\u4e00-\u9fff\d]{0,16}?(?:全会|全体会议|工作会议|代表大会第[一二三四五六七八九十]+次会议|"
    r"峰会|博览会|论坛|年会|交易会|二十大|十九大|二十届[一二三四五六七八九]中全会|"
    r"(?<!代表|职工)大会|推进会|分析会|座谈会|研讨会|推介会|对接会|洽谈会|展览会|大赛)"
)
_PUBLISHER = re.compile(
    r"[\u4e00-\u9fff]{2,4}(?:日报|晚报|商报|早报|时报|新闻网|电视台|融媒|发布)(?:·[\u4e00-\u9fff]{2,8})?"
    r"(?=[^\u4e00-\u9fff]|$)"
)
_DOCTRINE = re.compile(r"习近平新时代中国特色社会主义思想|习近平经济思想|习近平总书记重要讲话")


def unannotated_spans(doc: Document) -> list[tuple[int, int, bool]]:
    """Spans where the guidelines annotate nothing: source lines, bylines, event names and
    doctrine names. The flag says whether a government body inside is still annotated."""
    norm = normalize_text(doc.text)
    out: list[tuple[int, int, bool]] = []
    for m in _META_LINE.finditer(norm):
        line_end = norm.find("\n", m.start())
        line_end = len(norm) if line_end < 0 else line_end
        rest = norm[m.end() : line_end]
        if re.match(r"\s*(?:记者|作者|通讯员|编辑|责任编辑)", norm[m.start() : m.end()]) and not (
            _NAMES_ONLY.fullmatch(rest.strip())
        ):
            line_end = m.end()  # 记者:…? a question in a transcript, not a byline
        out.append((m.start(), line_end, False))
    for m in _BREADCRUMB.finditer(norm):
        out.append((m.start(), m.end(), False))
    for m in _BYLINE.finditer(norm):
        out.append((m.start(), m.end(), False))
    for m in _EVENT_QUOTED.finditer(norm):
        out.append((m.start(), m.end(), True))
    bodies: list[tuple[int, int, Decimal]] | None = None
    for m in _EVENT_PLAIN.finditer(norm):
        rs = _name_run_start(norm, m.end())
        run = norm[rs : m.end()]
        mask = _protected_by_lexicon(norm, rs, m.end())
        cut = _cut_after_strong_verb(run, mask, len(run) - 2)
        start = rs + cut + strip_name_prefix(run[cut:], keep=2, protected=mask[cut:])
        if bodies is None:
            bodies = list(_body_candidates(norm))
        for bs, be, _c in bodies:
            if bs < start < be:  # the event name starts with a whole body (郫都区人大)
                start = bs
        out.append((start, m.end(), True))
    for m in _PUBLISHER.finditer(norm):
        out.append((m.start(), m.end(), False))
    for m in _DOCTRINE.finditer(norm):
        out.append((m.start(), m.end(), False))
    return out


# ---------------------------------------------------------------------------------- driver

_INSTITUTE_NUM = re.compile(r"([\u4e00-\u9fff]{2,8}?)(\d{1,4})所(?![\u4e00-\u9fff]{0,1}(?:长|有))")
_DESIGNATION_TRIGGER = re.compile(r"(?:获评|入选|认定为|评为|获批|荣获|入围|被授予|授予)")
_DESIGNATION_HEAD = re.compile(
    r"(?:示范平台|建设平台|服务平台|创新平台|平台|示范中心|创新中心|促进中心|示范基地|基地|"
    r"示范企业|标杆企业|企业|示范工厂|工厂|车间|建设单位|示范单位|单位|示范园区|园区|"
    r"示范城市|试点城市|城市|试点|示范项目|称号)(?=名单|称号|[^\u4e00-\u9fff]|$)"
)


def _designation_candidates(norm: str) -> Iterator[tuple[int, int]]:
    """``获评工信部X平台`` / ``入选第二批X示范企业``: the designation after the verb."""
    for t in _DESIGNATION_TRIGGER.finditer(norm):
        s = t.end()
        for a, b, entry in matches_within(norm, s, s + 14):
            if a == 0 and entry.type == "government_body":
                s += b
                break
        batch = re.match(r"(?:第[一二三四五六七八九十\d]+批|首批|新一批|\d{4}年度?)", norm[s:])
        if batch:
            s += batch.end()
        best = None
        for h in _DESIGNATION_HEAD.finditer(norm, s, min(len(norm), s + 24)):
            seg = norm[s : h.start()]
            if not seg or not all(is_cjk(c) or c in "“”" for c in seg) or "的" in seg:
                break
            best = h.end()
            break
        if best and best - s >= 4:
            yield s, best


_CAPACITY_PROJECT = re.compile(
    r"[\u4e00-\u9fff]{0,4}?\d+(?:\.\d+)?(?:万吨|万台|万辆|万套|吉瓦|GW|万千瓦|亿片|万片|亿只)(?:/年)?级?"
    r"[\u4e00-\u9fffA-Za-z]{1,8}?(?=建成|投产|开工|竣工|落地|签约|正式|顺利|加快|全面|一期|二期|[,。;、]|$)"
)
_SPEC_PRODUCT = re.compile(
    r"\d+(?:\.\d+)?(?:英寸|纳米|nm|吋|寸|微米|μm)[\u4e00-\u9fffA-Za-z]{2,10}?"
    r"(?=[,。;、]|实现|量产|下线|投产|项目|生产线|产品|研发|$)"
)
_FIRST_OF_KIND = re.compile(
    r"(?:制备出|研制出|研发出|推出|发布|下线|诞生)了?(?:我国|国内|全国|全球|世界|行业)?"
    r"(?:首颗|首台|首个|首款|首套|首条|第一台|第一颗|第一款)(?P<x>[^,。;、\n“”]{2,16}?)(?=[,。;、\n]|$)"
)


def _capacity_projects(norm: str) -> Iterator[tuple[int, int, str]]:
    """``中石化南港120万吨乙烯``: an enterprise, a site, a capacity and a product (a
    project); ``中环12英寸半导体硅单晶``: an enterprise, a specification and a product."""
    for a, b, entry in document_matches(norm):
        if entry.type != "enterprise":
            continue
        m = _CAPACITY_PROJECT.match(norm, b)
        if m and not norm.startswith("项目", m.end()):
            yield a, m.end(), "project"
            continue
        m = _SPEC_PRODUCT.match(norm, b)
        if m:
            yield a, m.end(), "product_or_achievement"


_COMMITTEE = re.compile(r"管委会|管理委员会|党工委|党工委管委会")
_NUMBERED_PRODUCT = re.compile(
    r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,4}?[一二三四五六七八九十\d]{1,3}号(?![\u4e00-\u9fff]{0,1}(?:线|楼|院|文|令))"
)
_INDUSTRY = (
    "生物|科技|智造|医药|药业|制药|电子|软件|信息|智能|新材|能源|汽车|动力|化学|化工|半导体|"
    "微电子|光电|精密|重工|机械|装备|电气|通信|网络|数据|环保|材料|股份|集团|信创"
)
_SHORT_COMPANY = re.compile(
    rf"(?<=[,。;:、\n“”])([\u4e00-\u9fff]{{2}})({_INDUSTRY})"
    r"(?=自主研发|研发|推出|发布|获评|入选|建成|成为|投资|落户|牵头|联合|携手|打造|成功|率先|首发)"
)
_FIELD_WORDS = frozenset(
    [
        "人工",
        "合成",
        "生物",
        "高端",
        "智能",
        "数字",
        "新型",
        "绿色",
        "先进",
        "现代",
        "传统",
        "未来",
        "海洋",
        "航空",
        "航天",
        "集成",
        "电子",
        "信息",
        "新能源",
        "网络",
        "工业",
        "互联",
        "数据",
        "量子",
        "细胞",
        "基因",
        "医疗",
        "健康",
        "新材",
        "能源",
        "化工",
        "精细",
        "汽车",
        "装备",
        "机械",
        "人工智能",
        "合成生物",
        "生物医药",
        "高端装备",
        "智能网联",
        "集成电路",
        # sectors that open a project name without naming a company (石化化工中试基地)
        "石化",
        "钢铁",
        "纺织",
        "食品",
        "建材",
        "冶金",
        "有色",
        "轻工",
        "电力",
        "光伏",
        "储能",
        "锂电",
        "氢能",
        "风电",
        "核电",
        "船舶",
        "物流",
        "农业",
    ]
)
_TOWN_LIST = re.compile(
    r"(?<![\u4e00-\u9fff])(?![各全我本城乡村])([\u4e00-\u9fff]{2}(?:镇|乡|街道))"
    r"((?:、(?![各全我本城乡村])[\u4e00-\u9fff]{2}(?:镇|乡|街道))+)"
)
_TOWN = re.compile(
    r"(?<=[在于至到])(?!全市|全区|全县|各个|城乡|农村|当地|所在|基层|重点)([\u4e00-\u9fff]{2})"
    r"(镇|乡|街道)(?![\u4e00-\u9fff])"
)


_DESIGNATION_ENDS = (
    "试点", "试点城市", "示范城市", "研发基地", "转化基地", "示范基地", "承载地", "平台", "单位",
    "示范企业", "企业", "工厂", "车间", "园区", "冠军", "百强市", "称号",
)  # fmt: skip


def ontology_class(mtype: str, name: str) -> str | None:
    """A finer class of tjkg's ontology for a mention, when its name shows one.

    >>> ontology_class("cluster_or_chain", "高端装备产业链")
    'IndustrialChain'
    >>> ontology_class("cluster_or_chain", "京津冀集群联盟")
    'IndustryAlliance'
    >>> ontology_class("program_or_policy", "省级智能工厂")
    'Designation'
    >>> ontology_class("program_or_policy", "制造业高质量发展行动") is None
    True
    """
    if mtype == "cluster_or_chain":
        if name.endswith(("链", "链条")):
            return "IndustrialChain"
        if name.endswith("联盟"):
            return "IndustryAlliance"
    if mtype == "program_or_policy" and name.endswith(_DESIGNATION_ENDS):
        return "Designation"
    return None


def extract_patterns(doc: Document) -> list[Mention]:
    """All pattern rules over one document."""
    text = doc.text
    norm = normalize_text(text)
    did = doc.doc_id
    out: list[Mention] = []

    def add(
        s: int, e: int, mtype: str, conf: Decimal, role: str | None = None, cls: str | None = None
    ) -> None:
        if 0 <= s < e <= len(text):
            out.append(
                Mention(did, s, e, text[s:e], mtype, role=role, source="extractor:patterns",
                        confidence=conf, cls=cls or ontology_class(mtype, norm[s:e]))
            )  # fmt: skip

    for s, e, mtype, conf in _suffix_candidates(norm):
        add(s, e, mtype, conf)
        if mtype == "project":
            lead = _leading_company(norm, s, e)
            if lead:
                add(s, s + lead, "enterprise", _C("0.6"))
        if mtype == "industrial_park_or_zone":
            committee = _COMMITTEE.match(norm, e)
            if committee:  # 西岸高新区管委会: the zone's administration is a body
                add(s, committee.end(), "government_body", _C("0.8"))
    for s, e, conf in _body_candidates(norm):
        add(s, e, "government_body", conf)
    for a, b, entry in document_matches(norm):
        if entry.type == "government_body":
            sub = _SUBUNIT_RE.match(norm, b)
            if sub and not re.search(r"[的在等了是]", sub.group()):
                add(a, sub.end(), "government_body", _C("0.8"))  # 工信部装备工业一司
    for s, e, role in _person_candidates(doc, norm):
        add(s, e, "person", _C("0.8"), role=role)
    for s, e, mtype, conf, head in _enumeration_candidates(norm):
        chain = mtype == "cluster_or_chain" and head.endswith("链")
        add(s, e, mtype, conf, cls="IndustrialChain" if chain else None)
    for s, e, mtype, conf in _quote_candidates(norm):
        add(s, e, mtype, conf)
    for m in _INSTITUTE_NUM.finditer(norm):
        rs = _name_run_start(norm, m.end())
        s = rs + strip_name_prefix(norm[rs : m.end()], keep=len(m.group(2)) + 1)
        if _specific_len(norm[s : m.start(2)]) >= 2:
            add(s, m.end(), "research_institute", _C("0.7"))
    for s, e in _designation_candidates(norm):
        add(s, e, "program_or_policy", _C("0.65"), cls="Designation")
    for s, e, mtype in _capacity_projects(norm):
        add(s, e, mtype, _C("0.65"))
    for m in _FIRST_OF_KIND.finditer(norm):
        add(m.start("x"), m.end("x"), "product_or_achievement", _C("0.6"))
    for m in _NUMBERED_PRODUCT.finditer(norm):
        add(m.start(), m.end(), "product_or_achievement", _C("0.6"))
    for m in _SHORT_COMPANY.finditer(norm):
        if m.group(1) not in _FIELD_WORDS and m.group() not in _FIELD_WORDS:
            add(m.start(), m.end(1) + len(m.group(2)), "enterprise", _C("0.55"))
    for mm in list(out):
        if mm.type == "project" and mm.text.endswith("总部") and len(mm.text) >= 4:
            add(mm.start, mm.end - 2, "enterprise", _C("0.6"))
    for m in _TOWN.finditer(norm):
        add(m.start(), m.end(), "district_or_place", _C("0.6"))
    for m in _TOWN_LIST.finditer(norm):  # 菁蓉镇、德源街道: named towns listed together
        add(m.start(1), m.end(1), "district_or_place", _C("0.6"))
        for t in re.finditer(r"(?<=、)[^、]+", m.group(2)):
            add(m.start(2) + t.start(), m.start(2) + t.end(), "district_or_place", _C("0.6"))
    return out
