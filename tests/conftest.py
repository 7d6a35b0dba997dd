"""Shared fixtures: the mini fixture release (tests/fixtures/mini) and the seed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tjkg.pipeline import Build, BuildConfig, build

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini"
DATA = ROOT / "data"
DEVSET = ROOT.parent / "shared" / "devset"
UPDATE_GOLDEN = bool(os.environ.get("TJKG_UPDATE_GOLDEN"))
# tjkg's per-user cache (pySHACL's inoculated ontology) goes to a scratch folder in tests
os.environ.setdefault("TJKG_CACHE_HOME", tempfile.mkdtemp(prefix="tjkg-test-cache-"))


@pytest.fixture(scope="session")
def mini_build() -> Build:
    return build(config=BuildConfig(data_dir=MINI, use_extractor=False))


@pytest.fixture(scope="session")
def seed_build() -> Build:
    return build(config=BuildConfig(data_dir=DATA))
