"""The per-release build cache: a release's document, annotation and triples, keyed by a
hash of everything they are made from.

A release's key hashes its file and sidecar ``.meta.json``, its curated annotation, the
entity registry, the unit and indicator vocabularies, the build options, and tjkg's own
code and lexicons (every file of the installed package), so that a change to any of them
rebuilds what it must and nothing else. The ontology and shapes are not in the key: they
do not change a release's triples (validation runs on every build). Entries are pickles
written atomically by tjkg itself; a corrupt or foreign entry counts as a miss. Deleting
the folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .models import Annotation, Document

if TYPE_CHECKING:
    from .pipeline import BuildConfig

_FORMAT = "tjkg-release-cache/1"


@dataclass
class ReleaseResult:
    """What building one release gives: its document, annotation and graph.

    The triples travel between processes, and rest in the cache, as N-Triples bytes
    (pyoxigraph parses a release in about a millisecond).
    """

    document: Document
    annotation: Annotation
    _triples: list[ox.Triple] | None = None
    _ntriples: bytes | None = None

    @classmethod
    def of(cls, document: Document, annotation: Annotation,
           triples: list[ox.Triple]) -> ReleaseResult:
        return cls(document, annotation, _triples=triples)

    def ntriples(self) -> bytes:
        if self._ntriples is None:
            data = ox.serialize(self._triples or [], format=ox.RdfFormat.N_TRIPLES)
            self._ntriples = data or b""
        return self._ntriples

    def triples(self) -> list[ox.Triple]:
        if self._triples is None:
            parsed = ox.parse(self._ntriples or b"", format=ox.RdfFormat.N_TRIPLES)
            self._triples = [q.triple for q in parsed]
        return self._triples

    def __getstate__(self) -> dict[str, Any]:
        return {"document": self.document, "annotation": self.annotation,
                "_triples": None, "_ntriples": self.ntriples()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of tjkg's code and resources (lexicons, queries), and of the versions of the
    libraries whose output is cached."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{_FORMAT} {sys.version} {ox.__version__}".encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(root)).encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def _file_digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except FileNotFoundError:
        return b"-"
    except OSError as exc:  # unreadable: no key, the build reports the file itself
        raise _Unreadable from exc


class _Unreadable(Exception):
    pass


class ReleaseCache:
    """Per-release results in a folder, one file per release."""

    def __init__(self, folder: str | Path, config: BuildConfig) -> None:
        self.folder = Path(folder)
        h = hashlib.sha256(code_fingerprint().encode())
        h.update(_file_digest(config.curated_dir / "entities.json"))
        h.update(_file_digest(config.data_dir / "vocab" / "units.json"))
        h.update(_file_digest(config.data_dir / "vocab" / "indicators.ttl"))
        h.update(repr((config.use_extractor, config.extractors)).encode())
        self.base = h.digest()
        self.curated_dir = config.curated_dir
        self.hits = 0
        self._keys: dict[Path, str | None] = {}

    def key(self, release: Path) -> str | None:
        """The cache key of the release at ``release`` (None if it cannot be read); worked
        out once per build (a miss asks for it again to store the result)."""
        if release in self._keys:
            return self._keys[release]
        self._keys[release] = key = self._key(release)
        return key

    def _key(self, release: Path) -> str | None:
        stem = release.stem
        h = hashlib.sha256(self.base)
        h.update(str(release.resolve()).encode() + b"\0")
        try:
            for part in (release, release.with_name(f"{stem}.meta.json"),
                         self.curated_dir / f"{stem}.json"):
                h.update(_file_digest(part))
        except _Unreadable:
            return None
        return h.hexdigest()

    def _entry(self, release: Path, key: str) -> Path:
        return self.folder / f"{release.stem}.{key[:32]}.pickle"

    def get(self, release: Path) -> ReleaseResult | None:
        key = self.key(release)
        if key is None:
            return None
        entry = self._entry(release, key)
        try:
            with open(entry, "rb") as fh:
                tag, stored_key, result = pickle.load(fh)
        except OSError:  # absent, or the cache folder cannot be read: a miss
            return None
        except Exception:  # corrupt, truncated or from another version: a miss
            with contextlib.suppress(OSError):
                entry.unlink(missing_ok=True)
            return None
        if tag != _FORMAT or stored_key != key or not isinstance(result, ReleaseResult):
            return None
        self.hits += 1
        return result

    def put(self, release: Path, result: ReleaseResult) -> None:
        """Store ``result`` (best effort: a cache that cannot be written is skipped), and
        remove the release's older entries."""
        key = self.key(release)
        if key is None:
            return
        entry = self._entry(release, key)
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((_FORMAT, key, result), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
            tmp = None
            for old in self.folder.glob(f"{release.stem}.*.pickle"):
                if old != entry and old.name.count(".") == entry.name.count("."):
                    old.unlink(missing_ok=True)
        except OSError:  # a cache that cannot be written (full disk, read-only) is skipped
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
