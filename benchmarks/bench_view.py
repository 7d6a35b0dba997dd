"""Benchmark the HTML view on a synthetic corpus-scale graph.

    .venv/bin/python benchmarks/bench_view.py [--entities 5000] [--out out/bench-view.html]

Builds an entity graph shaped as ``docs/modelling.md`` describes (typed entities with
zh/en labels and aliases, evidence spans into release texts, relations, people holding
posts, observations with indicator, period, area, value, unit and bound), then prints:

- the seconds ``render_view`` and ``write_view`` take (issue 5 asks ≤ 2 s at 5,000 nodes);
- if ``/usr/bin/chromium`` and the ``playwright`` package are present, the seconds from
  navigation start until headless Chromium has drawn the network with physics stopped
  (issue 5 asks ≤ 5 s), read from ``window.tjkgView.drawnAt``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, QB, RDF, RDFS, SKOS, XSD

from tjkg.namespaces import ID, NIF, SDMXATT, SDMXDIM, SDMXMEAS, TJKG, new_graph

#: (class, IRI kind, zh stem, en stem, share of the entities)
KINDS = (
    (TJKG.Enterprise, "enterprise", "企业", "Enterprise", 0.34),
    (TJKG.Project, "project", "项目", "Project", 0.14),
    (TJKG.Product, "product", "产品", "Product", 0.09),
    (TJKG.Policy, "programme", "政策", "Policy", 0.07),
    (TJKG.Designation, "programme", "认定", "Designation", 0.04),
    (TJKG.ResearchInstitute, "institute", "研究院", "Institute", 0.05),
    (TJKG.GovernmentBody, "government", "局", "Bureau", 0.05),
    (TJKG.Person, "person", "人", "Person", 0.05),
    (TJKG.IndustrialPark, "park", "园区", "Park", 0.05),
    (TJKG.IndustrialChain, "grouping", "产业链", "Chain", 0.03),
    (TJKG.IndustrialCluster, "grouping", "集群", "Cluster", 0.02),
    (TJKG.IndustryAlliance, "grouping", "联盟", "Alliance", 0.01),
    (TJKG.Place, "place", "区", "District", 0.06),
)
INDICATORS = ("规上工业总产值", "工业增加值", "研发投入", "固定资产投资", "营业收入")
UNITS = (("yuan", "元", "yuan"), ("percent", "%", "percent"))


#: Headless Chromium on a closed network, as root (shared with tests/test_view_browser.py).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def build_synthetic_graph(n_entities: int = 5000, *, seed: int = 0) -> Graph:
    """A deterministic entity graph of ``n_entities`` entities, spans and observations."""
    rng = random.Random(seed)
    g = new_graph()
    n_releases = max(3, n_entities // 100)
    releases = [f"{i:03d}_{rng.getrandbits(64):016x}" for i in range(n_releases)]
    texts: list[list[str]] = [[] for _ in releases]
    lengths = [0] * n_releases
    method = ID["method/curated"]
    g.add((method, RDF.type, TJKG.ExtractionMethod))
    g.add((method, RDFS.label, Literal("curated annotation", lang="en")))

    def mention(entity: URIRef, surface: str, mention_type: str, r: int | None = None) -> None:
        r = rng.randrange(n_releases) if r is None else r
        prefix = "报告指出,"
        sentence = f"{prefix}{surface}今年发展势头良好,持续推进高质量发展。"
        begin = lengths[r] + len(prefix)
        end = begin + len(surface)
        texts[r].append(sentence)
        lengths[r] += len(sentence)
        span = ID[f"span/{releases[r]}/{begin}-{end}"]
        g.add((entity, TJKG.evidence, span))
        g.add((span, RDF.type, TJKG.TextSpan))
        g.add((span, NIF.referenceContext, ID[f"release/{releases[r]}"]))
        g.add((span, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
        g.add((span, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((span, NIF.anchorOf, Literal(surface)))
        g.add((span, TJKG.mentionType, Literal(mention_type)))
        g.add((span, PROV.wasAttributedTo, method))
        g.add((span, TJKG.confidence, Literal("1", datatype=XSD.decimal)))

    by_class: dict[URIRef, list[URIRef]] = {}
    counts = [max(1, round(share * n_entities)) for *_, share in KINDS]
    counts[0] += n_entities - sum(counts)
    for (cls, kind, zh, en, _), count in zip(KINDS, counts, strict=True):
        members = by_class.setdefault(cls, [])
        for i in range(count):
            name = f"{'天津' if cls == TJKG.Place else ''}{zh}{i:04d}"
            entity = ID[f"{kind}/{name}"]
            members.append(entity)
            g.add((entity, RDF.type, cls))
            g.add((entity, RDFS.label, Literal(name, lang="zh")))
            if rng.random() < 0.4:
                g.add((entity, RDFS.label, Literal(f"{en} {i}", lang="en")))
            surfaces = [name]
            if rng.random() < 0.3:
                alias = f"{zh}简称{i}"
                g.add((entity, SKOS.altLabel, Literal(alias, lang="zh")))
                surfaces.append(alias)
            for k in range(1 + int(rng.random() < 0.4) + int(rng.random() < 0.1)):
                mention(entity, surfaces[k % len(surfaces)], kind)
    places = by_class[TJKG.Place]
    organisations = by_class[TJKG.Enterprise] + by_class[TJKG.ResearchInstitute]
    groupings = (
        by_class[TJKG.IndustrialChain]
        + by_class[TJKG.IndustrialCluster]
        + by_class[TJKG.IndustryAlliance]
    )
    programmes = by_class[TJKG.Policy] + by_class[TJKG.Designation]
    targets = by_class[TJKG.Project] + by_class[TJKG.IndustrialPark]

    def skewed(pool: list[URIRef]) -> URIRef:
        return pool[min(len(pool) - 1, int(rng.paretovariate(1.2)) - 1)]

    for cls, members in by_class.items():
        for entity in members:
            if cls == TJKG.Place:
                if entity != places[0]:
                    g.add((entity, TJKG.locatedIn, places[0]))
                continue
            if rng.random() < 0.8:
                g.add((entity, TJKG.locatedIn, skewed(places)))
    for org in organisations:
        if rng.random() < 0.5:
            g.add(
                (org, rng.choice((TJKG.builds, TJKG.operates, TJKG.investsIn)), rng.choice(targets))
            )
        if rng.random() < 0.4:
            g.add((org, TJKG.memberOf, skewed(groupings)))
        if rng.random() < 0.2:
            g.add((org, TJKG.designatedUnder, skewed(programmes)))
    for product in by_class[TJKG.Product]:
        g.add((product, TJKG.producedBy, rng.choice(organisations)))
    for programme in programmes:
        g.add((programme, TJKG.issuedBy, rng.choice(by_class[TJKG.GovernmentBody])))
    for body in by_class[TJKG.GovernmentBody]:
        g.add((body, TJKG.jurisdiction, skewed(places)))
    for i, person in enumerate(by_class[TJKG.Person]):
        body = rng.choice(by_class[TJKG.GovernmentBody])
        post = ID[f"post/{i:04d}/局长"]
        g.add((person, ORG.holds, post))
        g.add((post, RDF.type, ORG.Post))
        g.add((post, RDFS.label, Literal("局长", lang="zh")))
        g.add((post, ORG.postIn, body))

    for ind in INDICATORS:
        g.add((ID[f"indicator/{ind}"], RDF.type, TJKG.Indicator))
        g.add((ID[f"indicator/{ind}"], RDFS.label, Literal(ind, lang="zh")))
    for key, zh, en in UNITS:
        g.add((ID[f"unit/{key}"], RDFS.label, Literal(zh, lang="zh")))
        g.add((ID[f"unit/{key}"], RDFS.label, Literal(en, lang="en")))
    for year in range(2020, 2026):
        g.add((ID[f"period/{year}"], RDFS.label, Literal(str(year))))
    for n in range(n_entities // 2):
        r = rng.randrange(n_releases)
        written = f"{rng.randint(1, 999)}.{rng.randint(1, 9)}亿"
        sentence = f"全年实现{written}元。"
        begin = lengths[r] + 4
        end = begin + len(written)
        texts[r].append(sentence)
        lengths[r] += len(sentence)
        obs = ID[f"observation/{releases[r]}/{begin}-{end}"]
        span = ID[f"span/{releases[r]}/{begin}-{end}"]
        g.add((obs, RDF.type, TJKG.Observation))
        g.add((obs, QB.dataSet, ID[f"dataset/{releases[r]}"]))
        g.add((obs, TJKG.indicator, ID[f"indicator/{INDICATORS[n % len(INDICATORS)]}"]))
        g.add((obs, SDMXDIM.refPeriod, ID[f"period/{2020 + n % 6}"]))
        g.add((obs, SDMXDIM.refArea, skewed(places)))
        value = Decimal(written[:-1]) * 100000000
        g.add((obs, SDMXMEAS.obsValue, Literal(str(value.normalize()), datatype=XSD.decimal)))
        g.add((obs, SDMXATT.unitMeasure, ID["unit/yuan"]))
        g.add((obs, TJKG.valueAsWritten, Literal(written)))
        g.add((obs, TJKG.bound, ID["bound/exact"]))
        g.add((obs, TJKG.status, ID["status/actual"]))
        if rng.random() < 0.3:
            g.add((obs, TJKG.aboutEntity, rng.choice(organisations)))
        g.add((obs, TJKG.evidence, span))
        g.add((span, RDF.type, TJKG.TextSpan))
        g.add((span, NIF.referenceContext, ID[f"release/{releases[r]}"]))
        g.add((span, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
        g.add((span, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((span, NIF.anchorOf, Literal(written)))

    for doc_id, sentences in zip(releases, texts, strict=True):
        release = ID[f"release/{doc_id}"]
        g.add((release, RDF.type, TJKG.Release))
        g.add((release, RDF.type, NIF.Context))
        g.add((release, DCTERMS.identifier, Literal(doc_id)))
        g.add((release, NIF.isString, Literal("".join(sentences))))
    return g


def time_browser(path: Path, *, timeout_s: float = 60.0) -> dict[str, float] | None:
    """Seconds until Chromium drew the page's network, or None without Chromium/Playwright."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("browser: skipped, /usr/bin/chromium not found (apt-get install chromium)")
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("browser: skipped, the playwright package is missing (pip install playwright)")
        return None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout_s * 1000)
        page.wait_for_function(
            "window.tjkgView && window.tjkgView.drawnAt", timeout=timeout_s * 1000
        )
        figures = page.evaluate(
            """() => ({
                drawn_s: window.tjkgView.drawnAt / 1000,
                load_s: performance.timing.loadEventEnd ? (performance.timing.loadEventEnd
                    - performance.timing.navigationStart) / 1000 : null,
                physics: window.network.physics.physicsEnabled,
                nodes: window.network.body.data.nodes.length,
                edges: window.network.body.data.edges.length,
                timing: window.tjkgView.timing,
                dom: performance.timing.domInteractive - performance.timing.navigationStart,
            })"""
        )
        browser.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=Path("out/bench-view.html"))
    parser.add_argument("--communities", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="timed writes (best is shown)")
    args = parser.parse_args(argv)

    from tjkg.view import write_view

    t0 = time.perf_counter()
    graph = build_synthetic_graph(args.entities)
    t1 = time.perf_counter()
    print(f"synthetic graph: {args.entities} entities, {len(graph)} triples ({t1 - t0:.2f} s)")
    walls, cpus = [], []
    for _ in range(args.repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        write_view(graph, args.out, title="tjkg benchmark", communities=args.communities)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    size = args.out.stat().st_size / 1e6
    print(
        f"write_view (render + UTF-8 atomic write), {args.entities} nodes: "
        f"best {min(walls):.2f} s wall, {min(cpus):.2f} s CPU of {args.repeat} runs "
        f"(all: {', '.join(f'{w:.2f}' for w in walls)} s; {size:.1f} MB; "
        f"load average {os.getloadavg()[0]:.1f}) -> {args.out}"
    )
    if not args.no_browser:
        figures = time_browser(args.out)
        if figures is not None:
            print(
                f"browser: network drawn {figures['drawn_s']:.2f} s after navigation start "
                f"(physics enabled: {figures['physics']}; {figures['nodes']} nodes, "
                f"{figures['edges']} edges; load event {figures['load_s']} s)"
            )
            t = figures["timing"]
            print(
                f"  in the page (ms after navigation start): HTML parsed {figures['dom']}, "
                f"page script {t['scriptStart']:.0f}, data parsed {t['dataParsed']:.0f}, "
                f"network built {t['networkBuilt']:.0f}, script done {t['scriptEnd']:.0f}, "
                f"first drawn {t['drawn']:.0f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
