"""Real triple stores for the slow tests: an Oxigraph server and Virtuoso, on 127.0.0.1."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_exe() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.is_file() else shutil.which("oxigraph")


def wait_http(url: str, proc: subprocess.Popen, *, timeout: float = 60.0,
              ok=(200, 400, 401, 404, 405)) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}")
        try:
            if requests.get(url, timeout=2).status_code in ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def stop(proc: subprocess.Popen, *, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


class Oxigraph:
    """``oxigraph serve --location DIR --bind 127.0.0.1:PORT`` as a subprocess."""

    def __init__(self, location: Path, port: int | None = None) -> None:
        self.location, self.port = location, port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Oxigraph:
        exe = oxigraph_exe()
        assert exe, "the oxigraph command (pip install oxigraph) is missing"
        self.log = open(self.location.parent / f"oxigraph-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [exe, "serve", "--location", str(self.location), "--bind",
             f"127.0.0.1:{self.port}"], stdout=self.log, stderr=subprocess.STDOUT)
        wait_http(f"{self.base}/query?query=ASK%7B%7D", self.proc)
        return self

    def kill(self) -> None:
        assert self.proc is not None
        stop(self.proc, sig=signal.SIGKILL)

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)
            self.log.close()


@contextmanager
def oxigraph_server(location: Path) -> Iterator[Oxigraph]:
    server = Oxigraph(location).start()
    try:
        yield server
    finally:
        server.stop()


def virtuoso_exe() -> str | None:
    return shutil.which("virtuoso-t")


class Virtuoso:
    """Virtuoso Open Source 7 in a folder of its own (a copy of the Debian virtuoso.ini with
    the database paths and both ServerPort lines changed), started with +foreground."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sql_port, self.http_port = free_port(), free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def configure(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        text = VIRTUOSO_INI.read_text(encoding="utf-8")
        text = text.replace("/var/lib/virtuoso-opensource-7/db/", f"{self.folder}/")
        section = None
        out = []
        for line in text.splitlines():
            m = re.match(r"\s*\[(\w+)\]", line)
            if m:
                section = m.group(1)
            if re.match(r"\s*ServerPort\s*=", line):
                port = self.sql_port if section == "Parameters" else self.http_port
                line = f"ServerPort = {port}"
            elif re.match(r"\s*DirsAllowed\s*=", line):
                line = f"{line.rstrip()}, {self.folder}"
            elif re.match(r"\s*ResultSetMaxRows\s*=", line):
                line = "ResultSetMaxRows = 1000000"
            out.append(line)
        ini = self.folder / "virtuoso.ini"
        ini.write_text("\n".join(out) + "\n", encoding="utf-8")
        return ini

    def start(self) -> Virtuoso:
        exe = virtuoso_exe()
        assert exe
        ini = self.configure()
        self.log = open(self.folder / "stdout.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen([exe, "+configfile", str(ini), "+foreground"],
                                     cwd=self.folder, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        wait_http(f"{self.base}/sparql?query=ASK%7B%7D", self.proc, timeout=120, ok=(200,))
        return self

    def stop(self) -> None:
        """Clean shutdown: SIGTERM makes Virtuoso checkpoint and exit."""
        if self.proc is not None:
            stop(self.proc, timeout=60)
            self.log.close()


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[Virtuoso]:
    server = Virtuoso(folder).start()
    try:
        yield server
    finally:
        server.stop()


def env_with(**values: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(values)
    return env
