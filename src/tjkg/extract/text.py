"""Text helpers shared by the extractors: a one-for-one normalised view, sentence and clause
boundaries, and the left edge of a name that ends at a known suffix.

Every helper keeps offsets: :func:`normalize_text` maps one character to one character, so an
offset into the normalised view is an offset into the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tjkg.extract.numbers import to_halfwidth

__all__ = [
    "NAME_CHARS",
    "clause_start",
    "is_cjk",
    "normalize_text",
    "sentence_bounds",
    "strip_name_prefix",
]

# Traditional characters frequent in this genre, mapped one for one to simplified forms.
_TRAD = (
    "業业區区國国發发員员會会廠厂產产資资億亿萬万項项個个與与級级長长開开頭头專专務务創创術术"
    "華华東东體体進进實实際际網网電电機机製制營营聯联現现點点鏈链園园測测設设計计劃划縣县鎮镇"
    "廳厅辦办黨党書书記记處处廣广門门島岛灣湾為为這这們们來来時时間间動动總总數数據据統统質质"
    "標标準准達达經经濟济環环輪轮車车軍军鐵铁錢钱銀银貿贸號号場场導导學学館馆醫医藥药農农衛卫"
    "兩两獲获費费雙双組组織织團团隊队職职權权規规範范舉举遠远連连運运過过還还報报強强樓楼麗丽"
    "龍龙鳳凤飛飞陽阳陰阴廈厦蘇苏榮荣豐丰極极傳传蓋盖燈灯爐炉熱热鋼钢鋁铝鐘钟鑄铸鍛锻軌轨線线"
    "纜缆紡纺後后裡里於于並并從从對对將将說说話话認认識识論论調调議议講讲證证評评請请讓让試试"
    "該该語语誌志購购買买賣卖貨货責责貢贡負负財财貝贝賽赛軟软輸输較较載载邊边郵邮鄉乡釋释針针"
    "錄录鏡镜關关閱阅陸陆階阶隨随險险雜杂離离難难雲云靈灵響响頁页順顺須须預预領领頻频題题額额"
    "風风飯饭馬马驗验魚鱼鳥鸟麥麦黃黄齊齐齒齿龜龟優优價价儲储兒儿內内冊册劑剂勞劳勢势勵励協协"
    "單单參参變变嚴严圍围圖图圓圆壓压壯壮壽寿夠够奮奋婦妇孫孙寧宁審审寬宽寶宝尋寻屆届層层屬属"
    "岡冈崗岗嶺岭巖岩幣币幫帮幹干幾几庫库彈弹歸归當当徑径復复徵征態态應应戰战戶户擁拥擇择擊击"
    "擔担擴扩攝摄敗败斷断晉晋暢畅條条構构樣样樹树橋桥檢检歡欢歲岁歷历氣气決决沒没溝沟滿满漢汉"
    "潔洁災灾無无煙烟爭争狀状獎奖獨独畫画療疗盡尽監监盤盘確确礎础禮礼種种稅税穩稳競竞筆笔節节"
    "築筑簡简糧粮紀纪約约紙纸細细終终結结給给絡络絲丝綜综綠绿維维緊紧編编練练績绩續续罰罚聲声"
    "聽听肅肃脫脱腦脑興兴舊旧艦舰藝艺衝冲補补裝装複复視视覽览親亲觀观訊讯許许訴诉診诊詢询詳详"
    "誠诚誤误謝谢譜谱護护讀读貸贷賀贺賓宾賴赖贈赠贊赞趨趋躍跃軸轴輛辆輕轻轄辖轉转迴回週周遊游"
    "違违遞递適适選选遺遗邁迈鄭郑銷销錦锦鍵键閉闭閩闽闊阔陣阵陳陈陝陕雖虽靜静韓韩頂顶顆颗願愿"
    "類类顯显養养餘余駐驻驅驱魯鲁鹽盐貫贯綫线淨净濱滨瀋沈滬沪贛赣遼辽隴陇甯宁瓊琼粵粤臺台"
)
_TRAD_MAP = {ord(_TRAD[i]): ord(_TRAD[i + 1]) for i in range(0, len(_TRAD) - 1, 2)}


@lru_cache(maxsize=64)
def normalize_text(text: str) -> str:
    """Full-width ASCII to ASCII and common traditional characters to simplified, one for one.

    >>> normalize_text("天津市工業和信息化局，１２％")
    '天津市工业和信息化局,12%'
    """
    return to_halfwidth(text).translate(_TRAD_MAP)


def is_cjk(ch: str) -> bool:
    """True for a CJK unified ideograph.

    >>> is_cjk("津"), is_cjk("A")
    (True, False)
    """
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


#: Characters a name may contain besides CJK ideographs.
NAME_CHARS = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz()—-·+“”‘’&")

_SENT_END = "。!?;\n"
_CLAUSE_END = _SENT_END + ",:、"


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The ``[start, end)`` of the sentence holding ``pos``.

    >>> t = "甲。乙丙。丁"
    >>> sentence_bounds(t, 3)
    (2, 5)
    """
    start = pos
    while start > 0 and text[start - 1] not in _SENT_END:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in _SENT_END:
        end += 1
    return start, min(end + 1, len(text))


def clause_start(text: str, pos: int, *, stops: str = _CLAUSE_END) -> int:
    """The offset where the clause holding ``pos`` starts.

    >>> clause_start("甲乙,丙丁", 4)
    3
    """
    start = pos
    while start > 0 and text[start - 1] not in stops:
        start -= 1
    return start


# ----------------------------------------------------------------------- left edge of names

#: Words that never start a name: the name starts after them.
STOP_WORDS = (
    "的", "与", "和", "及", "或", "等", "在", "对", "向", "从", "由", "为", "是", "将", "被",
    "把", "以", "于", "并", "了", "其", "这", "该", "此", "各", "同", "跟", "让", "使", "给",
    "也", "都", "已", "即", "就", "还", "又", "再", "至", "到", "自", "据", "而", "且",
    "过", "之",
)  # fmt: skip
_STOP_SET = frozenset(STOP_WORDS)

#: Phrases holding a stop character that belong inside names.
PROTECTED = (
    "工业和信息化", "发展和改革", "国民经济和社会发展", "政策与法规", "人力资源和社会保障",
    "住房和城乡建设", "文化和旅游", "规划和自然资源", "粮食和物资储备", "林业和草原",
    "经济和信息化", "科学和技术", "交通和运输", "生态和环境", "教育和科学", "研究与开发",
    "中国", "中央", "中关村", "中心", "中环", "中芯", "中石", "中科", "中小", "中车", "中铁",
    "中建", "中核", "中船", "中化", "中信", "中粮", "中联", "中兴", "中试", "中医", "中药",
    "中高端", "中部", "上海", "上市", "上汽", "下一代", "内蒙古", "外资", "外贸", "前沿", "后勤",
    "和平", "自主", "自动", "自然", "自贸", "自由", "为民", "以上", "之江", "所属", "等级",
    "高新", "至上", "同方", "同济", "同仁", "里程", "上合", "在线", "于家堡", "于洪",
    "南开", "开发", "创新中心", "国家级", "省级", "市级", "数字化", "信息化", "智能化", "绿色化",
)  # fmt: skip

#: Time words and verbs stripped from the left of a candidate name (adverbs before verbs).
_TIME_PREFIX = re.compile(
    r"^(?:\d{1,2}月\d{1,2}日(?:上午|下午|晚)?|\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来)?|"
    r"日前|近日|近期|目前|当前|今年|去年|明年|此次|本次|同时|其中|随后|期间|截至目前|最终)"
)
ADVERBS = (
    "扎实", "深入", "全面", "大力", "积极", "加快", "持续", "着力", "坚定不移", "不断", "进一步",
    "继续", "切实", "稳步", "有序", "高标准", "高质量", "高水平", "高效能", "高起点", "统筹",
    "协同", "联合", "共同", "合力", "率先", "成功", "正式", "主动", "重点", "先后", "相继",
    "陆续", "已经", "已", "还", "也", "均", "都", "再", "又", "将", "要", "正在", "全力",
    "努力", "奋力", "精心", "聚力", "全速", "一体", "同步", "首次", "顺利", "圆满", "初步",
    "自主", "牵头", "多方", "逐步", "力争", "推动", "助力",
)  # fmt: skip
VERBS = (
    "推进", "实施", "落实", "开展", "启动", "印发", "出台", "制定", "发布", "推动", "深化",
    "坚持", "围绕", "聚焦", "纳入", "入选", "列入", "获批", "获评", "获得", "荣获", "获", "创建",
    "打造", "建设", "建成", "建立", "设立", "成立", "组建", "引进", "引入", "培育", "支持",
    "引导", "鼓励", "依托", "携手", "联手", "合作", "签订", "签约", "举办", "举行", "召开",
    "参加", "出席", "邀请", "介绍", "表示", "指出", "强调", "提出", "部署", "完成", "实现",
    "加强", "提升", "提高", "发展", "壮大", "做强", "做优", "做大", "布局", "谋划", "承接",
    "转化", "孵化", "服务", "助推", "促进", "保障", "贯彻", "学习", "落地", "投产", "开工",
    "竣工", "签署", "成为", "包括", "涵盖", "覆盖", "拥有", "形成", "集聚", "聚集", "吸引",
    "新增", "认定", "评为", "评选", "遴选", "申报", "入围", "上榜", "晋级", "授予", "命名",
    "研发", "研制", "生产", "制造", "推出", "上线", "开通", "通车", "贯通", "开行", "增开",
    "编制", "修订", "审议", "通过", "批准", "批复", "同意", "报送", "组织", "指导", "牵头",
    "对接", "服务于", "面向", "瞄准", "抢抓", "用好", "办好", "抓好", "做好", "抓", "建", "育",
    "搭", "共建", "共育", "共造", "参与", "配套", "带动", "辐射", "支撑", "引领", "驱动",
    "设", "有", "为", "是", "像", "如", "例如", "比如", "涌现出", "培育出", "走出", "诞生",
    "看", "看好", "到", "来", "去", "在", "向", "位于", "地处", "落户", "入驻", "进驻", "扎根",
    "投资", "投运", "运营", "运行", "开放", "大修", "改造", "升级", "扩建", "新建", "续建",
    "构建", "构筑", "深耕", "交付", "增资", "制备", "获评", "做实", "打响", "擦亮", "培植",
    "加大", "优化", "调整", "融入", "设置", "共有", "现有", "拥有", "新认定", "获认定",
)  # fmt: skip
_ADV_RE = "|".join(sorted((re.escape(a) for a in ADVERBS), key=len, reverse=True))
_VERB_RE = "|".join(sorted((re.escape(v) for v in VERBS), key=len, reverse=True))
_VERB_PREFIX = re.compile(
    rf"^(?:(?:{_ADV_RE})*(?:{_VERB_RE})(?:了|出|好|起|成)?)(?![业线性型者力区园化率品])"
)
_CLASSIFIERS = "(?:大批|批|个|家|条|项|类|种|座|所|支|位|名|只|件|台|套|大)"
_COUNT_PREFIX = re.compile(
    r"^(?:(?:这|那|该|此|各|每|其|首|第)?(?:\d+|[一二两三四五六七八九十百千几多数]+)"
    + _CLASSIFIERS
    + r"|(?:这|那|该|此|各|每)"
    + _CLASSIFIERS
    + r")(?:重大|重点|新|优质)?"
)
#: List markers opening a heading or item: (一), (1), 一、, 1., ①.
_LIST_PREFIX = re.compile(
    r"^(?:\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、]|[①-⑳])"
)
_MONEY_PREFIX = re.compile(r"^(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)(?:万亿|亿|万)?元")
_GENERIC_PREFIX = re.compile(
    r"^(?:全市|我市|本市|全区|我区|本区|全省|我省|全县|我国|全国各地|各地|各级)"
)


_PROTECTED_RE = re.compile("|".join(sorted(map(re.escape, PROTECTED), key=len, reverse=True)))


def _protected_mask(run: str) -> list[bool]:
    mask = [False] * len(run)
    for m in _PROTECTED_RE.finditer(run):
        for k in range(m.start(), m.end()):
            mask[k] = True
    return mask


def strip_name_prefix(run: str, *, keep: int = 0, protected: list[bool] | None = None) -> int:
    """How many characters at the left of ``run`` are not part of the name ending it.

    ``keep`` characters at the right (the suffix) are never stripped. ``protected`` marks
    characters (from lexicon hits) that stop characters inside must not split.

    >>> r = "扎实推进滨海新区高质量发展支撑引领行动"
    >>> r[strip_name_prefix(r, keep=2):]
    '滨海新区高质量发展支撑引领行动'
    >>> r = "赛象公司与华海智汇技术有限公司"
    >>> r[strip_name_prefix(r, keep=4):]
    '华海智汇技术有限公司'
    >>> r = "市工业和信息化局"
    >>> r[strip_name_prefix(r, keep=1):]
    '市工业和信息化局'
    """
    n = len(run)
    limit = max(0, n - keep)
    mask = _protected_mask(run)
    if protected is not None:
        mask = [a or b for a, b in zip(mask, protected, strict=False)]
    start = 0
    for i in range(limit):
        if run[i] in _STOP_SET and not mask[i]:
            if i == 1 and run[i] in "和与及" and is_cjk(run[0]):
                continue  # 天和核心舱: a one-character word before 和 is part of the name
            start = i + 1
    # strip time words, verb phrases, counters and generic determiners, repeatedly
    changed = True
    while changed and start < limit:
        changed = False
        rest = run[start:limit]
        for rx in (_LIST_PREFIX, _TIME_PREFIX, _VERB_PREFIX, _MONEY_PREFIX, _COUNT_PREFIX,
                   _GENERIC_PREFIX):  # fmt: skip
            m = rx.match(rest)
            if m and m.end() > 0 and not any(mask[start : start + m.end()]):
                start += m.end()
                changed = True
                break
            if m and m.end() > 0 and rx is _VERB_PREFIX:
                # a protected phrase begins with a verb-like character: strip only what is
                # before the protected part
                k = 0
                while k < m.end() and not mask[start + k]:
                    k += 1
                if k > 0:
                    start += k
                    changed = True
                    break
    return min(start, limit)
