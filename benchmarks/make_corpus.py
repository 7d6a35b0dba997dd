"""Generate a realistic corpus of releases for benchmarks (never committed).

The releases are recombined at run time from the sentences of the real releases in
``data/releases/`` and ``../shared/devset/docs/`` (read where they are; their text is never
copied into the project): paragraphs are runs of consecutive sentences of a real release,
the entities annotated in ``data/curated/`` and ``../shared/devset/gold/`` are swapped for
other entities of the same type (or for made-up enterprise, place and person names), and
numbers, years and dates vary. Each release gets the genre's furniture (title line,
``来源:``, a date line, ``分享``, a copyright or editor footer) and a ``NAME.meta.json``
sidecar. The same seed gives the same bytes, and the first N releases of a larger corpus
are the N releases of the smaller one.

    .venv/bin/python benchmarks/make_corpus.py OUT_DIR [-n 100] [--seed 0]

If ``../shared/devset`` is absent, only the releases in ``data/releases/`` are used.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_RELEASES = REPO / "data" / "releases"
DEFAULT_CURATED = REPO / "data" / "curated"
DEFAULT_DEVSET = REPO.parent / "shared" / "devset"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Generic name parts (not taken from any release): the generator mixes them with the
# annotated entities it reads at run time so that large corpora keep meeting new names.
CITIES = _words(
    "天津 北京 上海 重庆 聊城 泰州 绵阳 潍坊 洛阳 襄阳 芜湖 宜宾 株洲 柳州 常州 无锡 "
    "南通 盐城 扬州 徐州 烟台 淄博 临沂 济宁 德州 沧州 唐山 保定 廊坊 邯郸 太原 大同 "
    "包头 鄂尔多斯 榆林 宝鸡 咸阳 赣州 九江 岳阳 衡阳 常德 湛江 江门 佛山 东莞 惠州 "
    "珠海 泉州 漳州 莆田 温州 台州 嘉兴 湖州 绍兴 金华 合肥 蚌埠 马鞍山"
)
DISTRICT_SUFFIXES = ("新区", "区", "县", "经济技术开发区", "高新区")
DISTRICT_STEMS = _words(
    "东丽 西青 津南 北辰 武清 宝坻 宁河 静海 蓟州 滨湖 高新 "
    "临港 开发 港城 江北 城东 城西 南湖 北湖 长安 新城"
)
ENTERPRISE_STEMS = _words(
    "华信 海泰 中科 恒瑞 金桥 远航 北辰 天工 博远 凯达 鑫源 新港 赛恩 众诚 宏达 银河 "
    "华创 瑞丰 蓝海 精工 鼎盛 联合 智源 泰达 明德 同创 汇川 立讯 星河 云帆"
)
INDUSTRY_WORDS = _words(
    "科技 智能装备 新材料 生物医药 电子 精密机械 汽车零部件 化工 半导体 信息技术 "
    "能源装备 航空科技 医疗器械 机器人 光电 软件"
)
COMPANY_SUFFIXES = ("股份有限公司", "有限公司", "集团有限公司", "集团", "科技有限公司")
SURNAMES = _words("王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 梁 宋 郑 谢 韩 唐")
GIVEN = _words("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 秀 霞 平 刚 文 华 建 国 红 良 青")
BYLINE_PREFIX = ("", "【新闻发布会】", "【权威发布】", "")

_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?]+[”’」)]*|[^。！？!?\n]+$")
_DATE = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?=年|—|-|\s)")
_NUMBER = re.compile(
    r"(?<![\dA-Za-z.+\-—])(\d+(?:\.\d+)?)(?![\dA-Za-z+\-—]|\.\d|月|日|年|时|号|季|批|英寸)"
)
_PLACE_PREFIX = re.compile("^(?:京津冀|" + "|".join(sorted(CITIES, key=len, reverse=True)) + ")")
_FURNITURE = re.compile(
    r"^\s*(?:来源|稿源|编辑|责任编辑|发布日期|信息来源|分享|分享到|•|©|版权所有|本报讯)"
    r"|^\s*\d{4}-\d{2}-\d{2}|^\s*来源\s*\|"
)
# Mention types swapped between releases, and the shortest surface form worth swapping
# (single words such as 规划 or 三新 are left as they are).
SWAP_TYPES = {
    "enterprise": 2,
    "district_or_place": 2,
    "project": 4,
    "research_institute": 4,
    "cluster_or_chain": 4,
    "product_or_achievement": 4,
    "program_or_policy": 5,
    "industrial_park_or_zone": 4,
    "person": 2,
}


@dataclass
class Source:
    """One real release: its title line and its paragraphs as lists of sentences."""

    name: str
    title: str
    paragraphs: list[list[str]]


@dataclass
class Material:
    """Everything the generator recombines, read at run time."""

    sources: list[Source]
    entities: dict[str, list[str]]  # type -> surface forms
    roles: dict[str, str] = field(default_factory=dict)  # person -> role as stated
    pattern: re.Pattern[str] | None = None
    type_of: dict[str, str] = field(default_factory=dict)


def _split_sentences(line: str) -> list[str]:
    return [s for s in _SENTENCE.findall(line) if s.strip()]


def read_source(path: Path) -> Source:
    """Title line and body paragraphs of a release (furniture lines dropped)."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    title = lines[0].rstrip(" |") if lines else path.stem
    paragraphs = []
    for ln in lines[1:]:
        if _FURNITURE.search(ln) or ln == title:
            continue
        sentences = _split_sentences(ln)
        if sentences:
            paragraphs.append(sentences)
    return Source(path.stem, title, paragraphs)


def _mentions(path: Path) -> list[dict]:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [m for m in obj.get("mentions", []) if isinstance(m, dict)]


def load_material(
    releases: Path = DEFAULT_RELEASES,
    curated: Path = DEFAULT_CURATED,
    devset: Path | None = DEFAULT_DEVSET,
) -> Material:
    """Read the real releases and their annotated entities (devset optional)."""
    texts = sorted(releases.glob("*.txt"))
    annotations = sorted(curated.glob("*.json"))
    if devset is not None and (devset / "docs").is_dir():
        texts += sorted((devset / "docs").glob("*.txt"))
        annotations += sorted((devset / "gold").glob("*.json"))
    sources = [s for s in map(read_source, texts) if s.paragraphs]
    if not sources:
        raise SystemExit(f"no release text found in {releases} or {devset}")
    entities: dict[str, set[str]] = {t: set() for t in SWAP_TYPES}
    roles: dict[str, str] = {}
    for path in annotations:
        for m in _mentions(path):
            mtype, text = m.get("type"), str(m.get("text") or "")
            if mtype in SWAP_TYPES and len(text) >= SWAP_TYPES[mtype] and "\n" not in text:
                entities[mtype].add(text)
                if mtype == "person" and m.get("role"):
                    roles.setdefault(text, str(m["role"]))
    entities["person"].discard("习近平")  # the head of state is not swapped for a made-up name
    material = Material(sources, {t: sorted(v) for t, v in entities.items()}, roles)
    forms = sorted({f for v in material.entities.values() for f in v}, key=lambda s: (-len(s), s))
    material.type_of = {f: t for t, v in material.entities.items() for f in v}
    if forms:
        material.pattern = re.compile("|".join(map(re.escape, forms)))
    return material


class ReleaseWriter:
    """Composes one release from the material with its own random generator."""

    def __init__(self, material: Material, rng: random.Random) -> None:
        self.m = material
        self.rng = rng
        self.city = rng.choice(CITIES)
        self.year = rng.randint(2019, 2026)
        self.year_shift = rng.randint(-3, 2)
        self.swaps: dict[str, str] = {}
        self.speakers: list[dict[str, str]] = []

    # names ---------------------------------------------------------------------------
    def person(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))

    def enterprise(self) -> str:
        r = self.rng
        place = r.choice((self.city, r.choice(CITIES), ""))
        return (
            place
            + r.choice(ENTERPRISE_STEMS)
            + r.choice(INDUSTRY_WORDS)
            + r.choice(COMPANY_SUFFIXES)
        )

    def place(self, original: str) -> str:
        r = self.rng
        if original.endswith(("区", "县", "镇")):
            return r.choice(DISTRICT_STEMS) + r.choice(DISTRICT_SUFFIXES)
        city = self.city if r.random() < 0.6 else r.choice(CITIES)
        return city + ("市" if original.endswith("市") else "")

    def substitute(self, original: str) -> str:
        """The same replacement for every occurrence of ``original`` in this release."""
        if original in self.swaps:
            return self.swaps[original]
        mtype = self.m.type_of[original]
        r = self.rng
        if mtype == "person":
            new = self.person()
            if original in self.m.roles:
                self.speakers.append({"name": new, "role": self.m.roles[original]})
                self.speakers[-1]["role"] = self.rewrite_names(self.m.roles[original])
        elif mtype == "district_or_place":
            new = self.place(original)
        elif mtype == "enterprise" and r.random() < 0.6:
            new = self.enterprise()
        else:
            pool = self.m.entities[mtype]
            new = r.choice(pool)
            if r.random() < 0.4:
                new = original  # most names of a real release stay what they are
            elif mtype in ("cluster_or_chain", "project", "industrial_park_or_zone"):
                new = _PLACE_PREFIX.sub(self.city, new, count=1)  # same kind, this city
        self.swaps[original] = new
        return new

    # figures -------------------------------------------------------------------------
    def vary_number(self, match: re.Match[str]) -> str:
        text = match.group(1)
        value = float(text) * self.rng.uniform(0.6, 1.6)
        rest = match.string[match.end() : match.end() + 1]
        if rest == "%" or rest == "个":
            value = min(value, 99.9)
        decimals = len(text.split(".")[1]) if "." in text else 0
        if decimals:
            return f"{max(value, 0.1):.{decimals}f}"
        return str(max(1, round(value)))

    def rewrite_names(self, text: str) -> str:
        if self.m.pattern is None:
            return text
        return self.m.pattern.sub(lambda mt: self.substitute(mt.group(0)), text)

    def rewrite(self, sentence: str) -> str:
        """Swap entities, then vary dates, years and other numbers."""
        sentence = self.rewrite_names(sentence)
        r = self.rng
        sentence = _DATE.sub(lambda mt: f"{r.randint(1, 12)}月{r.randint(1, 28)}日", sentence)
        sentence = _YEAR.sub(lambda mt: str(int(mt.group(1)) + self.year_shift), sentence)
        return _NUMBER.sub(self.vary_number, sentence)

    # the release -----------------------------------------------------------------------
    def body(self, target: int) -> list[str]:
        """Paragraphs of consecutive sentences of real releases, until ``target`` chars."""
        r = self.rng
        paragraphs: list[str] = []
        size = 0
        while size < target:
            src = r.choice(self.m.sources)
            para = r.choice(src.paragraphs)
            start = r.randrange(len(para))
            run = para[start : start + r.randint(1, 4)]
            text = "".join(self.rewrite(s) for s in run)
            if size + len(text) > target * 1.4 and paragraphs:
                break
            paragraphs.append(text)
            size += len(text) + 2
        return paragraphs

    def release(self) -> tuple[str, dict]:
        r = self.rng
        title_src = r.choice(self.m.sources)
        title = r.choice(BYLINE_PREFIX) + self.rewrite(title_src.title)
        paragraphs = self.body(r.randint(900, 2600))
        month, day = r.randint(1, 12), r.randint(1, 28)
        hh, mm, ss = r.randint(8, 21), r.randint(0, 59), r.randint(0, 59)
        date = f"{self.year}-{month:02d}-{day:02d}"
        city_full = f"{self.city}市"
        publisher = r.choice((f"{self.city}发布", f"{self.city}日报", f"{city_full}人民政府网"))
        style = r.randrange(3)
        if style == 0:
            stamp = f"{date} {hh:02d}:{mm:02d}:{ss:02d}"
            head = [title, "", f"来源:{publisher}", stamp, "分享", ""]
            foot = ["", f"©{self.year} {publisher} 版权所有"]
        elif style == 1:
            publisher = f"{city_full}工业和信息化局"
            stamp = f"{date} {hh:02d}:{mm:02d}"
            head = [title, "  • 信息来源:市工业和信息化局", f"  • 发布日期:{stamp}", ""]
            foot = ["", "分享到:", f"版权所有 © {city_full}人民政府 主办:{city_full}人民政府办公室"]
        else:
            paragraphs[0] = f"本报讯 (记者 {self.person()}) " + paragraphs[0]
            head = [title, f"{date} {hh:02d}:{mm:02d}", ""]
            foot = ["", f"来源 | {publisher}", f"责任编辑:{self.person()}"]
        text = "\n".join([*head, "\n\n".join(paragraphs), *foot]) + "\n"
        meta: dict = {
            "title": title,
            "publisher": publisher,
            "published": f"{date}T{hh:02d}:{mm:02d}:{ss:02d}+08:00",
            "place": city_full,
            "generator": "benchmarks/make_corpus.py",
        }
        if "发布会" in text:
            meta["event"] = {
                "date": f"{date[:8]}{max(1, day - 1):02d}",
                "title": title.removeprefix("【新闻发布会】"),
                "organizer": "市政府新闻办",
            }
        if self.speakers:
            meta["speakers"] = self.speakers
        return text, meta


def release_name(seed: int, index: int) -> str:
    return f"gen{seed}_{index:05d}"


def make_release(material: Material, *, seed: int, index: int) -> tuple[str, dict]:
    """Text and metadata of release ``index`` of the corpus of ``seed`` (independent of N)."""
    return ReleaseWriter(material, random.Random(f"tjkg-corpus-{seed}-{index}")).release()


def make_corpus(
    out_dir: str | Path, n: int, *, seed: int = 0, material: Material | None = None
) -> list[Path]:
    """Write ``n`` releases (``NAME.txt`` + ``NAME.meta.json``) into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    material = material or load_material()
    paths = []
    for i in range(n):
        text, meta = make_release(material, seed=seed, index=i)
        name = release_name(seed, i)
        path = out / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        (out / f"{name}.meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path, help="folder to write (created; never under data/)")
    ap.add_argument("-n", "--releases", type=int, default=100, help="how many releases")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET, help="devset root (optional)")
    args = ap.parse_args(argv)
    material = load_material(devset=args.devset)
    paths = make_corpus(args.out_dir, args.releases, seed=args.seed, material=material)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    print(
        f"{len(paths)} releases, {chars:,} chars ({chars / max(1, len(paths)):,.0f} per release) "
        f"from {len(material.sources)} real releases -> {args.out_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
