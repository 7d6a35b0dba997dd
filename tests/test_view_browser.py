"""The HTML view in a real headless Chromium (Debian ``chromium``, driven by Playwright).

Needs ``apt-get install chromium fonts-noto-cjk`` and ``pip install playwright``; the
browser is Debian's (``executable_path``), never one downloaded by ``playwright install``.
Skipped, with the reason, when either is missing. Screenshots go to
``out/test-artifacts/`` (override with ``TJKG_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import importlib.util
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from tjkg.view import write_view

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "view" / "hostile.ttl"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("TJKG_TEST_ARTIFACTS", ROOT / "out" / "test-artifacts"))


def _bench_view():
    """benchmarks/bench_view.py (synthetic graphs and the Chromium flags live there)."""
    spec = importlib.util.spec_from_file_location(
        "bench_view", ROOT / "benchmarks" / "bench_view.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ARGS = _bench_view().CHROMIUM_ARGS
IDS = "https://w3id.org/tjkg/id/"
SMIC = IDS + "enterprise/中芯国际"
TIANJIN = IDS + "place/天津市"
HOSTILE = IDS + "project/hostile"

if not CHROMIUM.exists():
    pytest.skip(
        "/usr/bin/chromium is missing (apt-get install chromium fonts-noto-cjk)",
        allow_module_level=True,
    )
if importlib.util.find_spec("playwright") is None:
    pytest.skip(
        "the playwright package is missing (pip install playwright; no 'playwright install')",
        allow_module_level=True,
    )


class Page:
    """A loaded view with everything it logged, asked for and popped up."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def load(self, path: Path, *, timeout_s: float = 60) -> float:
        self.page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout_s * 1000)
        self.page.wait_for_function(
            "() => window.tjkgView && window.tjkgView.drawnAt", timeout=60_000
        )
        return self.page.evaluate("window.tjkgView.drawnAt") / 1000

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def node_id(self, iri: str) -> int:
        return self.js(
            "iri => JSON.parse(document.getElementById('tjkg-data').textContent)"
            ".details.findIndex(d => d.iri === iri)",
            iri,
        )

    def visible(self) -> list[int]:
        return sorted(self.js("window.tjkgView.visibleIds()"))


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def view(browser, tmp_path: Path) -> Iterator[Page]:
    graph = Graph()
    graph.parse(FIXTURE, format="turtle")
    path = write_view(graph, tmp_path / "graph.html", title="tjkg fixture")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = Page(context.new_page())
    page.load(path)
    yield page
    context.close()


def assert_clean(page: Page) -> None:
    assert page.errors == []
    assert page.dialogs == []  # no alert() ran
    assert page.requests, "the page itself was requested"
    assert all(url.startswith(("file:", "data:")) for url in page.requests), page.requests


def test_loads_offline_with_the_graph_s_counts(view: Page) -> None:
    assert view.js("window.network.body.data.nodes.length") == 6
    assert view.js("window.network.body.data.edges.length") == 6
    assert view.js("window.network.physics.physicsEnabled") is False
    assert len(view.visible()) == 6
    assert view.js("document.querySelectorAll('#legend li').length") == 6
    assert_clean(view)


def test_search_shows_matches_and_their_neighbours(view: Page) -> None:
    view.page.fill("#search", "中芯")  # SMIC's alias
    view.page.wait_for_function("() => window.tjkgView.shown === 4")
    expected = sorted(
        view.node_id(i) for i in (SMIC, TIANJIN, HOSTILE, IDS + "grouping/信创产业链")
    )
    assert view.visible() == expected
    results = view.js("[...document.querySelectorAll('#results li')].map(e => e.textContent)")
    assert results == ["中芯国际"]
    view.page.fill("#search", "tianjin")  # English label, any case
    view.page.wait_for_function(
        "() => [...document.querySelectorAll('#results li')].map(e => e.textContent)"
        ".join() === '天津市'"
    )
    gov = IDS + "government/天津市工业和信息化局"
    assert view.visible() == sorted(view.node_id(i) for i in (SMIC, TIANJIN, HOSTILE, gov))
    view.page.fill("#search", "")
    view.page.wait_for_function("() => window.tjkgView.shown === 6")
    assert_clean(view)


def test_class_filter_hides_a_class(view: Page) -> None:
    view.page.locator('#legend li[data-class="Place"] input').uncheck()
    assert view.js("window.tjkgView.shown") == 5
    assert view.node_id(TIANJIN) not in view.visible()
    view.page.locator('#legend li[data-class="Place"] input').check()
    assert len(view.visible()) == 6
    assert_clean(view)


def test_click_opens_the_panel_with_the_source_quote(view: Page) -> None:
    node = view.node_id(SMIC)
    x, y = view.js(
        """id => {
            const p = window.network.canvasToDOM(window.network.getPositions([id])[id]);
            const r = document.getElementById('mynetwork').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        node,
    )
    view.page.mouse.click(x, y)
    view.page.wait_for_selector("#panel:not([hidden])")
    panel = view.js("document.getElementById('panel').innerText")
    assert "中芯国际" in panel and "SMIC" in panel
    assert "rel_a [18–22]" in panel and "rel_b [0–2]" in panel
    marks = view.js("[...document.querySelectorAll('#panel mark')].map(m => m.textContent)")
    assert marks == ["中芯国际", "中芯"]
    assert "中芯国际在天津市扩产" in panel  # the surrounding sentence, from nif:isString
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    view.page.screenshot(path=ARTIFACTS / "view-fixture-panel.png")
    assert_clean(view)


def test_hostile_labels_show_as_text_and_run_nothing(view: Page) -> None:
    node = view.node_id(HOSTILE)
    view.js("id => window.tjkgView.select(id)", node)
    view.page.wait_for_selector("#panel:not([hidden])")
    assert view.js("document.querySelector('#panel h2').textContent") == (
        "<script>alert(1)</script>"
    )
    assert view.js("document.querySelectorAll('#panel img, #panel script').length") == 0
    assert "<img src=x onerror=alert(1)>" in view.js("document.getElementById('panel').innerText")
    view.page.click("#lang-en")
    assert view.js("id => window.network.body.data.nodes.get(id).label", node).startswith("quote")
    assert view.js("document.querySelectorAll('img').length") == 0
    # hover: vis shows the title as text
    x, y = view.js(
        """id => {
            const p = window.network.canvasToDOM(window.network.getPositions([id])[id]);
            const r = document.getElementById('mynetwork').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        node,
    )
    view.page.mouse.move(x, y)
    time.sleep(0.6)
    assert view.js("document.querySelectorAll('.vis-tooltip img').length") == 0
    assert_clean(view)


def test_language_switch(view: Page) -> None:
    node = view.node_id(TIANJIN)
    assert view.js("id => window.network.body.data.nodes.get(id).label", node) == "天津市"
    view.page.click("#lang-en")
    assert view.js("id => window.network.body.data.nodes.get(id).label", node) == "Tianjin"
    view.page.click("#lang-zh")
    assert view.js("id => window.network.body.data.nodes.get(id).label", node) == "天津市"
    assert_clean(view)


def _synthetic(n: int) -> Graph:
    return _bench_view().build_synthetic_graph(n)


def test_corpus_scale_draws_with_physics_stopped(browser, tmp_path: Path) -> None:
    graph = _synthetic(5000)
    started = time.perf_counter()
    path = write_view(graph, tmp_path / "graph.html", title="tjkg 5,000 entities")
    written = time.perf_counter() - started
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = Page(context.new_page())
    drawn = page.load(path)
    print(f"\n5,000 nodes: HTML written in {written:.2f} s, drawn {drawn:.2f} s after navigation")
    assert page.js("window.network.body.data.nodes.length") == 5000
    assert page.js("window.network.physics.physicsEnabled") is False
    # the draw time is a benchmark figure (benchmarks/bench_view.py), never a test verdict
    page.page.fill("#search", "企业0001")
    page.page.wait_for_function("() => window.tjkgView.shown < 5000")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.page.fill("#search", "")
    page.page.wait_for_function("() => window.tjkgView.shown === 5000")
    page.page.screenshot(path=ARTIFACTS / "view-corpus-5000.png")
    assert_clean(page)
    context.close()


def test_seed_release_view(browser, seed_build, tmp_path: Path) -> None:
    path = write_view(seed_build.union(), tmp_path / "graph.html", title="tjkg seed")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = Page(context.new_page())
    page.load(path)
    n = page.js("window.network.body.data.nodes.length")
    assert n == len(page.js("JSON.parse(document.getElementById('tjkg-data').textContent).details"))
    assert n > 10
    top = page.js(
        """() => { const ns = window.network.body.data.nodes.get();
                   ns.sort((a, b) => b.size - a.size || a.id - b.id); return ns[0].id; }"""
    )
    page.js("id => window.tjkgView.select(id)", top)
    page.page.wait_for_selector("#panel:not([hidden])")
    assert page.js("document.querySelectorAll('#panel blockquote').length") > 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=ARTIFACTS / "view-seed.png")
    assert_clean(page)
    context.close()
