"""Fixtures for the store tests: build folders of the mini fixture (one release) and of a
two-release copy of it (the same entities stated in two graphs, as in a real corpus)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from tests.conftest import MINI
from tjkg import oxi
from tjkg.cli import main
from tjkg.cli_store import load as load_command
from tjkg.cli_store import serve as serve_command
from tjkg.export import named_graphs, turtle_bytes
from tjkg.pipeline import Build, BuildConfig, build
from tjkg.store import write_store
from tjkg.validate import load_ontology


def two_release_data(target: Path) -> Path:
    """The mini fixture with its release copied as ``mini_002`` (same text, same curation)."""
    shutil.copytree(MINI, target)
    rel, cur = target / "releases", target / "curated"
    for suffix in (".txt", ".meta.json"):
        shutil.copy(rel / f"mini_001{suffix}", rel / f"mini_002{suffix}")
    text = (cur / "mini_001.json").read_text(encoding="utf-8")
    (cur / "mini_002.json").write_text(text.replace('"mini_001"', '"mini_002"', 1),
                                       encoding="utf-8")
    return target


def write_build_dir(graphs: list[tuple[URIRef, Graph]], union: Graph, out: Path, *,
                    store: bool = True) -> Path:
    """The store-related artefacts of ``tjkg build``: tjkg.ttl, tjkg.trig, tjkg.nq, store/."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "tjkg.ttl").write_bytes(turtle_bytes(union))
    (out / "tjkg.trig").write_bytes(oxi.serialize(oxi.iter_quads(graphs), "trig"))
    (out / "tjkg.nq").write_bytes(oxi.serialize(oxi.iter_quads(graphs), "nquads"))
    if store:
        write_store(graphs, out / "store")
    return out


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="session")
def mini_graphs(mini_build: Build, ontology: Graph) -> list[tuple[URIRef, Graph]]:
    return named_graphs(mini_build, ontology)


@pytest.fixture(scope="session")
def mini_dir(mini_build: Build, mini_graphs, tmp_path_factory) -> Path:
    return write_build_dir(mini_graphs, mini_build.union(),
                           tmp_path_factory.mktemp("mini") / "out")


@pytest.fixture(scope="session")
def two_build(tmp_path_factory) -> Build:
    data = two_release_data(tmp_path_factory.mktemp("two") / "data")
    return build(config=BuildConfig(data_dir=data, use_extractor=False))


@pytest.fixture(scope="session")
def two_graphs(two_build: Build, ontology: Graph) -> list[tuple[URIRef, Graph]]:
    return named_graphs(two_build, ontology)


@pytest.fixture(scope="session")
def two_dir(two_build: Build, two_graphs, tmp_path_factory) -> Path:
    return write_build_dir(two_graphs, two_build.union(),
                           tmp_path_factory.mktemp("two-out") / "out")


@pytest.fixture()
def cli() -> CliRunner:
    """A runner for ``tjkg`` with ``load`` and ``serve`` added (as cli.py does)."""
    for command in (load_command, serve_command):
        if command.name not in main.commands:
            main.add_command(command)
    return CliRunner()
