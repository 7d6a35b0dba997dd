"""A local SPARQL 1.1 Protocol endpoint over a build: the ``oxigraph`` server (PyPI).

``oxigraph serve-read-only --location out/store --bind 127.0.0.1:7878 --timeout-s 30``
answers ``/query`` (GET or POST; results as SPARQL JSON, XML, CSV or TSV by ``Accept``),
refuses ``/update`` with 403, and serves a query page (YASGUI, bundled with the server, so
it works offline) at ``/`` that shows results as an HTML table. The server has no
``text/html`` result format of its own (``Accept: text/html`` gets 406).

``--timeout-s`` cancels a query after that many seconds. Results are streamed, so a query
cancelled after its first bytes were sent ends with HTTP 200 and a truncated body (the
text "The SPARQL operation has been cancelled"): clients see a parse error, not a 5xx.

The default graph is the store's, which ``tjkg build`` fills with the merge of all graphs
(see ``tjkg.store``); ``GRAPH ?g`` reaches each release's graph.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .errors import StoreError
from .store import ensure_store, load_nquads_store, store_of

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30


def oxigraph_executable() -> str:
    """The ``oxigraph`` command: next to the running Python (a venv), else on PATH."""
    for name in ("oxigraph", "oxigraph.exe"):
        here = Path(sys.executable).with_name(name)
        if here.is_file():
            return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("oxigraph: command not found (pip install oxigraph)")


def store_for(data_path: str | Path) -> tuple[Path, Path | None]:
    """(store folder, temporary folder to remove afterwards or None) for ``data_path``:
    a build folder (its store/, written from tjkg.nq if missing), a store folder, or an
    .nq/.trig file (loaded into a temporary store)."""
    path = Path(data_path)
    if path.is_dir():
        return (store_of(path) or ensure_store(path)), None
    if path.is_file() and path.suffix.lower() in (".nq", ".trig"):
        tmp = Path(tempfile.mkdtemp(prefix="tjkg-serve-"))
        load_nquads_store(path, tmp / "store")
        return tmp / "store", tmp
    raise StoreError(f"{path}: not a build folder, a store folder, or an .nq/.trig file")


@dataclass
class Server:
    """A running ``oxigraph`` server; ``stop()`` ends it (and removes a temporary store)."""

    process: subprocess.Popen
    url: str
    store: Path
    cleanup: Path | None = None
    command: list[str] = field(default_factory=list)

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        if self.cleanup is not None:
            shutil.rmtree(self.cleanup, ignore_errors=True)

    def wait(self) -> int:
        try:
            return self.process.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()


def start_server(data_path: str | Path = "out", *, port: int = DEFAULT_PORT,
                 host: str = "127.0.0.1", read_only: bool = True,
                 timeout_s: int | None = DEFAULT_TIMEOUT_S, ready_timeout: float = 30.0,
                 quiet: bool = False) -> Server:
    """Start the server over ``data_path`` and return once it answers queries."""
    store, cleanup = store_for(data_path)
    cmd = [oxigraph_executable(), "serve-read-only" if read_only else "serve",
           "--location", str(store), "--bind", f"{host}:{port}"]
    if timeout_s:
        cmd += ["--timeout-s", str(int(timeout_s))]
    out = subprocess.DEVNULL if quiet else None
    try:
        proc = subprocess.Popen(cmd, stdout=out, stderr=out)
    except OSError as exc:
        raise StoreError(f"{cmd[0]}: cannot start: {exc}") from None
    shown_host = f"[{host}]" if ":" in host else host
    server = Server(proc, f"http://{shown_host}:{port}", store, cleanup, cmd)
    try:
        _wait_ready(server, ready_timeout)
    except BaseException:  # not ready, or interrupted while waiting: leave no process behind
        server.stop()
        raise
    return server


def _wait_ready(server: Server, ready_timeout: float) -> None:
    proc, port = server.process, server.url.rsplit(":", 1)[1]
    probe = f"{server.query_url}?query=ASK%7B%7D"
    deadline = time.monotonic() + ready_timeout
    while True:
        if proc.poll() is not None:
            raise StoreError(f"{server.url}: oxigraph exited with code {proc.returncode} "
                             f"(is port {port} in use, or the store open for writing?)")
        try:
            with urllib.request.urlopen(probe, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise StoreError(f"{server.url}: oxigraph did not answer in {ready_timeout} s")
        time.sleep(0.1)


def serve(data_path: str | Path = "out", *, port: int = DEFAULT_PORT, host: str = "127.0.0.1",
          read_only: bool = True, timeout_s: int | None = DEFAULT_TIMEOUT_S) -> int:
    """Serve ``data_path`` until interrupted (Ctrl-C or SIGTERM); returns an exit code.

    The oxigraph process is stopped whichever way this function ends.
    """
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    server = start_server(data_path, port=port, host=host, read_only=read_only,
                          timeout_s=timeout_s)
    try:
        print(f"SPARQL endpoint {server.query_url} (query page {server.url}/), "
              f"{'read-only' if read_only else 'read-write'}, store {server.store}; "
              "Ctrl-C stops it", file=sys.stderr, flush=True)
        code = server.wait()
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    return 0 if code in (0, -2, -15, 130) else code
