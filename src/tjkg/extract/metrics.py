"""Metric mentions: values with unit, bound, rank, period, status, indicator and an attached
comparison (``比“十三五”末提升2.1个百分点``), by the guidelines' *Metrics* section.

>>> from tjkg.models import Document, ReleaseMeta
>>> doc = Document("d", "今年前三季度,全市工业增加值增长5.2%,比上年同期提高1.1个百分点。",
...                meta=ReleaseMeta(published="2025-10-20"))
>>> [(m.text, m.metric.period, m.metric.comparison.text) for m in extract_metrics(doc)]
[('5.2%', '2025年前三季度', '比上年同期提高1.1个百分点')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from decimal import Decimal

from tjkg.extract.numbers import normalize_period, parse_quantity
from tjkg.extract.text import is_cjk, normalize_text
from tjkg.models import Change, Document, Mention, MetricFields, Span

__all__ = ["UNITS", "extract_metrics", "find_periods", "parse_comparison"]

#: Units and measure words a value may carry (longest first when matching).
UNITS = tuple(
    sorted(
        [
            "个百分点",
            "百分点",
            "%",
            "‰",
            "倍",
            "元",
            "美元",
            "欧元",
            "港元",
            "日元",
            "家",
            "个",
            "条",
            "项",
            "件",
            "台",
            "套",
            "架",
            "枚",
            "辆",
            "只",
            "头",
            "吨",
            "千瓦时",
            "千瓦",
            "兆瓦",
            "吉瓦",
            "万千瓦",
            "瓦",
            "度",
            "平方米",
            "平方公里",
            "平方千米",
            "亩",
            "公顷",
            "立方米",
            "米",
            "公里",
            "千米",
            "人次",
            "人",
            "名",
            "位",
            "次",
            "座",
            "批",
            "颗",
            "款",
            "种",
            "户",
            "栋",
            "幢",
            "张",
            "篇",
            "部",
            "份",
            "家次",
            "项次",
            "标箱",
            "余人",
            "GW",
            "MW",
            "kW",
            "TEU",
            "GB",
            "TB",
            "万标箱",
            "万人次",
            "万吨",
            "吨标准煤",
            "千克",
            "公斤",
            "克",
            "升",
            "毫升",
            "小时",
            "天",
            "所",
            "支",
            "例",
            "首",
            "株",
            "场",
            "期",
            "届",
            "届次",
        ],
        key=len,
        reverse=True,
    )
)
_NON_VALUE_UNITS = frozenset({"天", "小时", "届", "届次", "期"})
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = r"[一二两三四五六七八九十百千]+"

_VALUE_RE = re.compile(
    rf"(?P<pre>超过|不少于|不低于|超|逾|近|约)?"
    rf"(?:(?P<num>{_NUM})(?P<pre_mag>余|多)?(?P<mag>亿亿|万亿|亿|万|千)?|(?P<cn>{_CN})(?P<cnmag>万亿|亿|万))"
    rf"(?P<approx>余|多)?(?P<unit>{_UNIT_RE})?(?P<post>以上|左右|开外|以下|以内)?"
)
_RANK_RE = re.compile(
    r"(?P<w>第|前)(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})(?P<u>名|位|强)?(?P<post>开外)?"
)
_RANK_CONTEXT = re.compile(
    r"(?:居|列|排名|排|位居|位列|跃居|全国|全省|全球|全市|国内|世界|占有率|榜)"
)
_REDACTED_RE = re.compile(rf"[*＊](?P<unit>{_UNIT_RE})")
_AFTER_BAD = re.compile(r"(?:年|月|日|号|时|季度|周年|批|次会议|届|英寸|纳米|nm|G\b|代|期)")

_COMPARISON_RE = re.compile(
    rf",?(?:增速|增幅|涨幅|降幅|总量|规模)?(?P<cmp>(?:比|较|高于|低于|优于|快于|慢于|好于|超出|是|相当于)[^,。;:\n]{{0,24}}?"
    rf"(?:(?:提升|提高|增长|增加|下降|减少|降低|回落|扩大|缩小|上升|收窄|加快|放缓|回升|多|少)"
    rf"(?:了)?)?(?:{_NUM})(?:万亿|亿|万)?(?:{_UNIT_RE}))"
)

_PERIOD_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("reset", re.compile(r"目前|当前|截至目前|现有|现已")),
    ("fyp-now", re.compile(r"五年来|近五年|过去五年|五年间")),
    ("fyp", re.compile(r"[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间|末|以来|初)?")),
    ("until", re.compile(
        r"(?:截至|截止)(?:今年|去年|\d{4}年?)(?:年?底|年末)?(?:\d{1,2}月(?:底|末)?)?"
    )),
    ("target", re.compile(r"(?:到|至)(\d{4})年")),
    ("year", re.compile(r"(?:今年|去年|上年|\d{4}年)"
                        r"(?:前三季度|上半年|下半年|全年|第[一二三四]季度|"
                        r"\d{1,2}[-—~至]\d{1,2}月|前\d{1,2}个月|\d{1,2}月)?(?:以来|底|末)?")),
    ("months", re.compile(r"(?<![\d年])\d{1,2}[-—~至]\d{1,2}月|前三季度|上半年|下半年|"
                          r"前\d{1,2}个月|(?<![年前])第?[一二三四]季度")),
)  # fmt: skip
_UP_DOWN_RE = re.compile(r"(?<![\d.])(\d{1,4})(升|增)(\d{1,4})(降|减)(?![\d\u4e00-\u9fff])")
_SCOPED_RE = re.compile(r"连续[\d一二两三四五六七八九十]+年|日均|每年")


@dataclass(frozen=True)
class _Period:
    start: int
    end: int
    kind: str
    value: str | None


_INCREASE = re.compile(r"提升|提高|增长|增加|上升|扩大|加快|回升|多")
_DECREASE = re.compile(r"下降|减少|降低|回落|缩小|收窄|放缓|少")
_CMP_HEAD = re.compile(
    r"^(?:增速|增幅|涨幅|降幅|总量|规模)?(比|较|高于|低于|优于|快于|慢于|好于|超出|是|相当于)"
)
_CMP_TAIL = re.compile(
    r"(?P<verb>提升|提高|增长|增加|下降|减少|降低|回落|扩大|缩小|上升|收窄|加快|放缓|回升|多|少)?了?"
    rf"(?P<q>{_NUM}(?:万亿|亿|万)?(?:{_UNIT_RE}))$"
)


def parse_comparison(text: str, *, year: int | None = None) -> Change:
    """The structured reading of a comparison attached to a value.

    >>> c = parse_comparison("比“十三五”末提升2.1个百分点")
    >>> c.value, c.unit, c.direction, c.base_period, c.baseline
    (Decimal('2.1'), '个百分点', 'increase', '“十三五”末(2020)', None)
    >>> parse_comparison("优于全国平均水平3.3个百分点").direction
    'better'
    >>> parse_comparison("比去年同期下降0.9个百分点", year=2024).base_period
    '2023'
    >>> c = parse_comparison("是2020年的1.5倍")
    >>> c.value, c.unit, c.direction, c.base_period
    (Decimal('1.5'), '倍', 'ratio', '2020')
    """
    s = normalize_text(text)
    head = _CMP_HEAD.match(s)
    tail = _CMP_TAIL.search(s)
    word = head.group(1) if head else ""
    base = s[head.end() if head else 0 : tail.start() if tail else len(s)]
    base = re.sub(r"的$", "", base)
    value = unit = None
    if tail:
        q = parse_quantity(tail.group("q"))
        value, unit = q.value, q.unit
    verb = tail.group("verb") if tail else None
    if word in ("是", "相当于") or (unit == "倍" and not verb):
        direction = "ratio"
    elif verb and _INCREASE.fullmatch(verb):
        direction = "increase"
    elif verb and _DECREASE.fullmatch(verb):
        direction = "decrease"
    elif word in ("高于", "优于", "快于", "好于", "超出"):
        direction = "better"
    elif word in ("低于", "慢于"):
        direction = "worse"
    else:
        direction = None
    period_text = re.sub(r"(?:同期|同口径|水平)$", "", base)
    base_period = normalize_period(period_text, year=year) if period_text else None
    baseline = None if base_period else (base or None)
    return Change(value, unit, direction, base_period, baseline)


def _current_plan(year: int | None) -> str | None:
    """The five-year plan period a release year falls in (2025 → “十四五”时期(2021—2025))."""
    if year is None or year < 1966:
        return None
    n = 3 + (year - 1966) // 5
    digits = "一二三四五六七八九"
    if not 11 <= n <= 19:
        return None
    first = 1966 + 5 * (n - 3)
    return f"“十{digits[n - 11]}五”时期({first}—{first + 4})"


def _release_year(doc: Document) -> int | None:
    from tjkg.extract import release_year

    return release_year(doc)


def find_periods(norm: str, year: int | None) -> list[_Period]:
    """Period expressions in text order (names like “十四五”规划 and dates are skipped)."""
    found: list[_Period] = []
    taken = bytearray(len(norm) + 1)
    for kind, rx in _PERIOD_RES:
        for m in rx.finditer(norm):
            s, e = m.start(), m.end()
            if any(taken[s:e]):
                continue
            after = norm[e : e + 6]
            if kind == "fyp":
                text = m.group()
                if not re.search(r"[“\"”]|时期|期间|末|以来|初", text):
                    continue
                if re.match(r"(?:规划|计划|纲要|”)", after) and not re.search(
                    r"时期|末|以来|初", text
                ):
                    continue
                if "规划" in after[:2]:
                    continue
            if kind == "year":
                if re.match(r"\d{1,2}日|以前|度", after):
                    continue
                if re.search(
                    r"(?:入选|获评|公布|发布|印发|评选|认定|名单)$", norm[max(0, s - 2) : s]
                ):
                    continue  # 入选2024年国家…示范企业: the year of a list, not of a value
                if re.match(
                    r"[\u4e00-\u9fff]{0,12}?(?:计划|规划|纲要|方案)", norm[e : e + 16]
                ) and not m.group().endswith("以来"):
                    tail = re.match(r"[^,。;\n]{0,16}?(?:计划|规划|纲要|方案)", norm[e:])
                    if tail and not re.search(r"\d", tail.group()):
                        continue
            taken[s:e] = b"\x01" * (e - s)
            value: str | None
            if kind == "reset":
                value = None
            elif kind == "target":
                value = m.group(1)
            elif kind == "fyp-now":
                value = _current_plan(year)
                if value is None:
                    continue
            elif (
                kind == "year"
                and m.group().endswith("以来")
                and re.match(r"\d{4}年以来", m.group())
            ):
                value = m.group()[:4]
            else:
                value = normalize_period(m.group(), year=year)
                if value is None and kind != "reset":
                    continue
            pkind = kind
            if norm.startswith("的", e) and kind in ("year", "months", "target"):
                pkind = "attr"  # 2024年的2.2万亿: scopes the next value only
            found.append(_Period(s, e, pkind, value))
    found.sort(key=lambda p: p.start)
    return found


_TRAIL_VERBS = re.compile(
    r"(?:累计|共|总计|合计|分别|均|已|将|力争|预计|年均|同比|环比)?(?:达到|达|为|是|实现|完成|增长|提高|提升|"
    r"突破|超过|超|约|近|占|位居|居|排名|跃居|列|新增|增加|减少|下降|突破|接近|保持|稳定在|"
    r"控制在|上榜|入选|达到了|有)?$"
)
_LEAD = re.compile(
    r"^(?:\d{4}年|今年|去年|上年|[一二三四五六七八九十]+是|其中|同时|此外|另外|全市|全区|我市|全省|"
    r"“十[一二三四五六七八九]五”(?:时期|期间|以来|末)?|\d{1,2}[-—]\d{1,2}月|前三季度|上半年|"
    r"累计|新增|目前)+"
)


_LEAD_VERBS = re.compile(
    r"^(?:力争|预计|全年|累计|共有|现有|拥有|共|已|将|到\d{4}年|建成后|投产后|可|实现|完成|设立|"
    r"培育|新增|认定|建成|打造|推动|带动|引进|签约|入库)+"
)


def _indicator(norm: str, s: int, e: int) -> str:
    j = s
    while j > 0 and norm[j - 1] not in ",。;:!?\n、":
        j -= 1
    head = norm[j:s]
    head = re.sub(r"(?:超过|超|逾|近|约|不少于|不低于)$", "", head)
    growth = bool(re.search(r"(?:增长|增速|提高|提升|下降)$", head))
    decline = bool(re.search(r"(?:下降|减少|降低)$", head))
    head = _TRAIL_VERBS.sub("", head)
    head = _LEAD.sub("", head)
    head = _LEAD_VERBS.sub("", head)
    if not head:
        tail = re.match(r"[^,。;:!?\n]{1,14}", norm[e:])
        head = tail.group() if tail else ""
    if growth and not head.endswith(("率", "增速", "幅")):
        head += "降幅" if decline else "增长率"
    head = re.sub(r"^(?:同比|环比)", "", head)
    head = re.sub(r"^(?:增长|增速)率$", "增长率", head)
    return head.strip("“”,")


def extract_metrics(doc: Document) -> list[Mention]:
    """Metric mentions with all fields."""
    text = doc.text
    norm = normalize_text(text)
    year = _release_year(doc)
    cands: list[tuple[int, int, MetricFields, Decimal]] = []
    consumed: list[tuple[int, int]] = []

    def bounds_before(s: int, bound: str) -> str:
        before = norm[max(0, s - 2) : s]
        if before.endswith(("突破", "超过", "高于")) and bound == "exact":
            return "lower"
        if before.endswith(("接近", "约为", "大约", "将近")) and bound == "exact":
            return "approx"
        return bound

    for m in _VALUE_RE.finditer(norm):
        s, e = m.start(), m.end()
        num = m.group("num")
        if s > 0 and (norm[s - 1].isascii() and (norm[s - 1].isalnum() or norm[s - 1] in ".+-/:")):
            continue
        if norm[s - 1 : s] in ("第", "前") and not m.group("pre"):
            continue
        after = norm[e : e + 4]
        if num is not None:
            if not (m.group("mag") or m.group("unit")):
                continue
            if e < len(norm) and (norm[e].isascii() and norm[e].isalnum()):
                continue
            if not m.group("unit") and _AFTER_BAD.match(after):
                continue
            if m.group("unit") in _NON_VALUE_UNITS:
                continue
            if m.group("unit") is None and m.group("mag") == "千":
                continue
        else:
            cn = m.group("cn")
            if m.group("cnmag") == "万" and m.group("unit") not in ("元", "美元", "人", "吨"):
                continue
            if (
                s > 0
                and is_cjk(norm[s - 1])
                and norm[s - 1] not in "超近约逾达为至和、到破值额"
                and not m.group("pre")
                and not m.group("unit")
            ):
                continue
            if len(cn) == 1 and cn not in "百千十" and not m.group("unit"):
                continue
        if m.group("unit") in ("名", "位") and not m.group("post") and num is None:
            continue
        written = norm[s:e]
        q = parse_quantity(written)
        if q.value is None:
            continue
        unit = q.unit
        bound = bounds_before(s, q.bound)
        fields = MetricFields(
            indicator="", value=text[s:e], value_normalized=q.value, unit=unit,
            unit_implicit=q.unit_implicit, bound=bound, kind="value",
        )  # fmt: skip
        cands.append((s, e, fields, Decimal("0.85") if m.group("unit") else Decimal("0.7")))
    for m in _RANK_RE.finditer(norm):
        s, e = m.start(), m.end()
        after = norm[e : e + 1]
        ctx = norm[max(0, s - 10) : s]
        if m.group("u") == "强":
            continue
        if not m.group("u"):
            if after and (is_cjk(after) or after.isalnum()):
                continue
            if not _RANK_CONTEXT.search(ctx):
                continue
        q = parse_quantity(norm[s:e].replace("开外", ""))
        if q.value is None:
            continue
        bound = "lower" if m.group("post") else q.bound
        fields = MetricFields(
            indicator="", value=text[s:e], value_normalized=q.value, unit="位次", kind="rank",
            bound=bound,
        )  # fmt: skip
        cands.append((s, e, fields, Decimal("0.8")))
    for m in re.finditer("倍增", norm):
        fields = MetricFields(indicator="", value="倍增", value_normalized=Decimal(2), unit="倍")
        cands.append((m.start(), m.end(), fields, Decimal("0.6")))
    for m in _REDACTED_RE.finditer(norm):
        fields = MetricFields(
            indicator="", value=text[m.start() : m.end()], value_normalized=None,
            unit=m.group("unit"), redacted=True,
        )  # fmt: skip
        cands.append((m.start(), m.end(), fields, Decimal("0.6")))
    for m in _UP_DOWN_RE.finditer(norm):
        for g in (1, 3):
            fields = MetricFields(
                indicator="", value=m.group(g), value_normalized=Decimal(m.group(g)), unit="个",
                unit_implicit=True,
            )  # fmt: skip
            cands.append((m.start(g), m.end(g), fields, Decimal("0.6")))
    cands.sort(key=lambda c: (c[0], -c[1]))
    # comparisons attached to a value
    kept: list[tuple[int, int, MetricFields, Decimal, Span | None]] = []
    last_end = -1
    for s, e, fields, conf in cands:
        if s < last_end or any(a <= s < b for a, b in consumed):
            continue
        comparison = None
        cm = _COMPARISON_RE.match(norm, e)
        if cm:
            cs = cm.start("cmp")
            ce = cm.end("cmp")
            comparison = Span(doc.doc_id, cs, ce, text[cs:ce])
            consumed.append((cs, ce))
            fields = replace(fields, change=parse_comparison(text[cs:ce], year=year))
        kept.append((s, e, fields, conf, comparison))
        last_end = e
    periods = [
        p for p in find_periods(norm, year) if not any(a <= p.start < b for a, b in consumed)
    ]
    out: list[Mention] = []
    previous = ("", -1)  # indicator of the previous metric and its sentence start
    for s, e, fields, conf, comparison in kept:
        period, status = _period_for(norm, s, periods, year)
        indicator = _indicator(norm, s, e)
        sent = _sentence_start(norm, s)
        if indicator in ("", "增长率") and previous[1] == sent and previous[0]:
            # 产值870.9亿元,同比增长5.7%: the subject is the previous value's
            base = previous[0].removesuffix("增长率")
            indicator = base + indicator if indicator else base
        previous = (indicator, sent)
        fields = MetricFields(
            indicator=indicator, value=fields.value,
            value_normalized=fields.value_normalized, unit=fields.unit,
            unit_implicit=fields.unit_implicit, period=period, bound=fields.bound,
            kind=fields.kind, status=status, redacted=fields.redacted, comparison=comparison,
            change=fields.change,
        )  # fmt: skip
        out.append(
            Mention(doc.doc_id, s, e, text[s:e], "metric", metric=fields,
                    source="extractor:metrics", confidence=conf)
        )  # fmt: skip
    return out


_FLOW = re.compile(
    r"年均|增长|增速|新增|累计|创建|设立|建成|引进|实施|培育|新建|投资|入选|入围|交付|生产(?!总值)|下降|"
    r"减少|提高|提升|获批|认定|签约|落地|开工|竣工|转化|孵化|跃居|成功|晋级|增资|获评|评为"
)


_WHOLE_YEAR = re.compile(r"(?<![\d年])全年")


def _sentence_start(norm: str, pos: int) -> int:
    i = pos
    while i > 0 and norm[i - 1] not in "。!?;\n":
        i -= 1
    return i


def _period_for(
    norm: str, s: int, periods: list[_Period], year: int | None
) -> tuple[str | None, str]:
    sent = _sentence_start(norm, s)
    clause = s
    while clause > 0 and norm[clause - 1] not in ",。;!?\n":
        clause -= 1
    state: str | None = None
    status = "actual"
    in_sentence: _Period | None = None
    attr: str | None = None
    # walk back from the value: the nearest attributive period in the clause, and the nearest
    # other period (which sets the running state)
    i = bisect_left(periods, s, key=lambda p: p.start) - 1
    while i >= 0:
        p = periods[i]
        i -= 1
        if p.kind == "attr":
            if attr is None and p.start >= clause:
                attr = p.value
            continue
        state = None if p.kind == "reset" else p.value
        if p.start >= sent:
            in_sentence = p
        break
    if attr is not None:
        state = attr
    if year and (state is None or state.startswith("“")) and _WHOLE_YEAR.search(norm, sent, s):
        state = str(year)  # 全年力争…: this year, whatever plan period was named before
    if in_sentence is not None and in_sentence.kind == "target":
        status = "target"
    sentence = norm[sent:s]
    if re.search(r"力争|目标|将达到|预期目标|到20\d\d年", sentence):
        status = "target"
    elif "预计" in sentence:
        status = "forecast"
    if (
        status == "actual"
        and state
        and re.fullmatch(r"\d{4}", state)
        and year
        and int(state) > year
    ):
        status = "target"
    scoped = None
    for m in _SCOPED_RE.finditer(norm, clause, s):
        scoped = m.group()
    if scoped:
        return scoped, status
    cumulative = norm.rfind("累计", sent, s)
    if cumulative >= 0 and re.search(r"另有|此外|同时|另", norm[cumulative:s]):
        cumulative = -1
    if cumulative >= 0 and not re.search(r"(?:增长|下降|提高|降低|提升|减少)$", norm[clause:s]):
        if state and re.fullmatch(r"\d{4}", state):
            return f"截至{state}", status
        if year and (state is None or state.startswith("“")):
            return f"截至{year}", status
    fyp = re.fullmatch(r"“(十[一二三四五六七八九]五)”时期\((\d{4})—(\d{4})\)", state or "")
    clause_end = s
    while clause_end < len(norm) and norm[clause_end] not in ",。;!?\n":
        clause_end += 1
    if fyp and year and not _FLOW.search(norm[clause:clause_end]):
        # a level, not a flow over the plan: the plan's end if it is over, else the present
        if int(fyp.group(3)) < year:
            return f"“{fyp.group(1)}”末({fyp.group(3)})", status
        return None, status
    return state, status
