"""Loading a build into a SPARQL 1.1 triple store with the Graph Store HTTP Protocol.

Each release's named graph and the ontology graph are sent with ``PUT {endpoint}?graph=IRI``;
PUT replaces a graph, so loading twice changes nothing. Where the store has a real default
graph (Oxigraph, Fuseki, GraphDB), the merge of the release graphs (= ``tjkg.ttl``) is also
PUT to ``?default``, so a query without ``GRAPH``/``FROM`` gives the same rows as ``tjkg
query`` (see ``tjkg.store``). Virtuoso has no separate default graph (a query without ``FROM`` reads
every graph), so nothing is sent there.

Credentials come from ``TJKG_STORE_USER`` / ``TJKG_STORE_PASSWORD`` or a netrc file (the
``NETRC`` variable or ``~/.netrc``), never from the command line. Basic or digest auth is
chosen from the store's ``WWW-Authenticate`` answer. Connection errors, timeouts and 5xx
answers are retried with exponential backoff; any other failure stops the load with a
:class:`LoadError` naming the endpoint, the graph, the HTTP status and the graphs already
loaded (those stay in the store: each PUT stands on its own).

>>> from tjkg.load import load_graph_store            # doctest: +SKIP
>>> load_graph_store("out", "http://127.0.0.1:7878/store").summary()   # doctest: +SKIP
'loaded 2 graph(s), 3901 triples into http://127.0.0.1:7878/store in 0.08 s'
"""

from __future__ import annotations

import netrc
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from .errors import StoreError
from .iris import ONTOLOGY_GRAPH
from .namespaces import GRAPH

if TYPE_CHECKING:
    import pyoxigraph as ox
    import requests

#: Graphs whose IRI starts with this belong to tjkg (``--prune`` only touches these).
GRAPH_PREFIX = str(GRAPH)
DEFAULT_GRAPH = "default"  # the key of the default graph in a source's graphs
USER_ENV, PASSWORD_ENV = "TJKG_STORE_USER", "TJKG_STORE_PASSWORD"
CONTENT_TYPE = "application/n-triples"


class LoadError(StoreError):
    """A load that stopped: which endpoint, graph and status, and what was loaded before."""

    def __init__(self, endpoint: str, graph: str, problem: str, *,
                 status: int | None = None, loaded: Iterable[str] = ()) -> None:
        self.endpoint, self.graph, self.status, self.problem = endpoint, graph, status, problem
        self.loaded = tuple(loaded)
        super().__init__(f"{endpoint}: graph <{graph}>: {problem}; {_loaded_text(self.loaded)}")


def _loaded_text(loaded: tuple[str, ...]) -> str:
    if not loaded:
        return "nothing was loaded"
    names = [release_of(g) for g in loaded]
    shown = ", ".join(names[:10]) + (f", ... ({len(names) - 10} more)" if len(names) > 10
                                     else "")
    return f"already loaded and intact in the store: {len(names)} graph(s) ({shown})"


def release_of(graph: str) -> str:
    """The doc_id of a release graph IRI (``ontology`` / ``default`` for the others)."""
    return graph[len(GRAPH_PREFIX):] if graph.startswith(GRAPH_PREFIX) else graph


@dataclass(frozen=True)
class LoadReport:
    """What a load did: graphs sent (IRI, triples), graphs pruned, time taken."""

    endpoint: str
    graphs: tuple[tuple[str, int], ...]
    pruned: tuple[str, ...] = ()
    seconds: float = 0.0
    default_graph: bool = False
    bulk: bool = False

    @property
    def triples(self) -> int:
        return sum(n for _, n in self.graphs)

    def summary(self) -> str:
        text = (f"loaded {len(self.graphs)} graph(s), {self.triples} triples into "
                f"{self.endpoint} in {self.seconds:.2f} s")
        if self.default_graph:
            text += " (and their merge as the default graph)"
        if self.bulk:
            text += " with Oxigraph's bulk loader"
        if self.pruned:
            text += f"; pruned {len(self.pruned)}: " + ", ".join(
                release_of(g) for g in self.pruned)
        return text


# --- reading the source -------------------------------------------------------------------

def source_file(source: str | Path) -> Path:
    """The N-Quads or TriG file of ``source`` (a build folder or such a file)."""
    path = Path(source)
    if path.is_dir():
        for name in ("tjkg.nq", "tjkg.trig"):
            if (path / name).is_file():
                return path / name
        raise StoreError(f"{path}: no tjkg.nq or tjkg.trig here (run `tjkg build` first)")
    if not path.is_file():
        raise StoreError(f"{path}: no such build folder or file")
    if path.suffix.lower() not in (".nq", ".trig"):
        raise StoreError(f"{path}: expected a build folder, an .nq or a .trig file")
    return path


def read_graphs(source: str | Path) -> dict[str, list[ox.Triple]]:
    """Graph IRI -> triples, in file order (``"default"`` for default-graph quads)."""
    import pyoxigraph as ox

    path = source_file(source)
    fmt = ox.RdfFormat.TRIG if path.suffix.lower() == ".trig" else ox.RdfFormat.N_QUADS
    graphs: dict[str, list[ox.Triple]] = {}
    try:
        for q in ox.parse(path=str(path), format=fmt):
            name = q.graph_name
            key = (DEFAULT_GRAPH if isinstance(name, ox.DefaultGraph)
                   else f"_:{name.value}" if isinstance(name, ox.BlankNode) else name.value)
            graphs.setdefault(key, []).append(ox.Triple(q.subject, q.predicate, q.object))
    except (OSError, SyntaxError) as exc:
        raise StoreError(f"{path}: cannot read: {exc}") from None
    return graphs


class _NotSimple(ValueError):
    """A line the text splitter does not handle; the file is then parsed by Oxigraph."""


def _split_nquad(line: bytes) -> tuple[str, bytes]:
    """(graph key, N-Triples line) of one N-Quads line as Oxigraph writes them: single
    spaces between terms, no tabs or comments. IRIs hold no spaces in N-Quads, and only
    the object (a literal) may, so the graph is the last term when three terms precede it.
    """
    body = line.rstrip(b"\r\n")
    if not body.endswith(b" .") or b"\t" in body or b"<<" in body or body.startswith(b"#"):
        raise _NotSimple(line)
    body = body[:-2]
    cut = body.rfind(b" ")
    last, rest = body[cut + 1:], body[:cut]
    is_iri = last.startswith(b"<") and last.endswith(b">")
    # a graph follows a literal object (its quotes are in ``rest``) or three space-free terms
    if ((is_iri or last.startswith(b"_:")) and b'"' not in last and not rest.endswith(b"^^")
            and (b'"' in rest or rest.count(b" ") == 2)):
        key = last[1:-1].decode() if is_iri else last.decode()
        return key, rest + b" .\n"
    return DEFAULT_GRAPH, body + b" .\n"


def read_graph_lines(source: str | Path) -> dict[str, list[bytes]]:
    """Graph IRI -> its triples as N-Triples lines, in file order (``"default"`` for
    default-graph quads). N-Quads are split as text (fast); TriG, or N-Quads that are not
    one-quad-a-line with single spaces, are parsed by Oxigraph."""
    path = source_file(source)
    if path.suffix.lower() == ".nq":
        try:
            return _split_nquads(path.read_bytes())
        except _NotSimple:
            pass
        except OSError as exc:
            raise StoreError(f"{path}: cannot read: {exc}") from None
    return {key: _ntriples_lines(triples) for key, triples in read_graphs(path).items()}


def _split_nquads(data: bytes) -> dict[str, list[bytes]]:
    """:func:`_split_nquad` over a file's bytes, with a fast path for the common case
    (Oxigraph writes a graph's quads one after another): a line ending in the previous
    line's ``<graph> .`` after three terms belongs to that graph (the same tests as
    :func:`_split_nquad`, fewer of them)."""
    graphs: dict[str, list[bytes]] = {}
    suffix, target = b"\x00", None  # no line ends with a NUL
    lines = data.split(b"\n")
    last = lines.pop()
    for line in lines:
        line += b"\n"
        if line.endswith(suffix) and target is not None:
            rest = line[:-len(suffix)]
            if ((b'"' in rest or rest.count(b" ") == 2) and b"\t" not in line
                    and b"<<" not in line and not rest.endswith(b"^^")
                    and not line.startswith(b"#")):
                target.append(rest + b" .\n")
                continue
        if not line.strip():
            continue
        key, triple = _split_nquad(line)
        target = graphs.setdefault(key, [])
        target.append(triple)
        suffix = (b" <" + key.encode() + b"> .\n" if key != DEFAULT_GRAPH
                  and not key.startswith("_:") else b"\x00")
    if last.strip():
        key, triple = _split_nquad(last)
        graphs.setdefault(key, []).append(triple)
    return graphs


def _ntriples_lines(triples: list[ox.Triple]) -> list[bytes]:
    import pyoxigraph as ox

    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return [ln + b"\n" for ln in data.split(b"\n") if ln]


def _merge(graphs: dict[str, list[bytes]]) -> list[bytes]:
    """The release graphs' triples, each once (the content of tjkg.ttl)."""
    return list(dict.fromkeys(t for name, ts in graphs.items()
                              if name not in (str(ONTOLOGY_GRAPH), DEFAULT_GRAPH)
                              for t in ts))


# --- credentials and HTTP -----------------------------------------------------------------

def credentials(endpoint: str) -> tuple[str, str] | None:
    """(user, password) from TJKG_STORE_USER/TJKG_STORE_PASSWORD, else netrc for the host."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user:
        return user, password or ""
    host = urlsplit(endpoint).hostname or ""
    try:
        entry = netrc.netrc(os.environ.get("NETRC")).authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    if entry and entry[0]:
        return entry[0], entry[2] or ""
    return None


def is_virtuoso(endpoint: str) -> bool:
    return "sparql-graph-crud" in urlsplit(endpoint).path


def query_endpoint_for(endpoint: str) -> str | None:
    """The SPARQL query URL beside a Graph Store Protocol URL, for the stores tjkg knows."""
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last == "store":  # Oxigraph
        new = f"{head}/query"
    elif last.startswith("sparql-graph-crud"):  # Virtuoso
        new = f"{head}/sparql"
    elif last == "data":  # Fuseki: /{dataset}/data
        new = f"{head}/query"
    elif path.endswith("/rdf-graphs/service"):  # GraphDB, RDF4J
        new = path[: -len("/rdf-graphs/service")]
    else:
        return None
    return urlunsplit((parts.scheme, parts.netloc, new, "", ""))


class _Client:
    """One HTTP session with auth negotiation, timeouts and retries."""

    def __init__(self, endpoint: str, *, timeout: float, retries: int, backoff: float,
                 auth: Any) -> None:
        import requests

        self.endpoint, self.timeout, self.retries, self.backoff = (endpoint, timeout,
                                                                  retries, backoff)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "tjkg-load"
        self.auth = auth
        self.creds = None if auth is not None else credentials(endpoint)

    def _negotiate(self, response: requests.Response) -> bool:
        """After a 401: choose basic or digest from WWW-Authenticate; False if we can't."""
        import requests

        if self.auth is not None or self.creds is None:
            return False
        scheme = response.headers.get("WWW-Authenticate", "").split(" ", 1)[0].lower()
        user, password = self.creds
        self.auth = (requests.auth.HTTPDigestAuth(user, password) if scheme == "digest"
                     else requests.auth.HTTPBasicAuth(user, password))
        return True

    def request(self, method: str, url: str, *, graph: str, loaded: tuple[str, ...],
                **kw: Any) -> requests.Response:
        import requests

        attempt = 0
        while True:
            try:
                # an explicit no-op auth keeps requests from sending netrc credentials as
                # Basic on its own (Virtuoso then answers 401 with no challenge)
                r = self.session.request(method, url, auth=self.auth or _no_auth,
                                         timeout=(min(10.0, self.timeout), self.timeout), **kw)
            except (requests.ConnectionError, requests.Timeout) as exc:
                problem = f"{method} failed: {type(exc).__name__}: {_short(exc)}"
                status = None
            else:
                if r.status_code == 401 and self._negotiate(r):
                    continue
                if r.status_code < 500:
                    if r.status_code >= 400:
                        hint = {401: f" (set {USER_ENV}/{PASSWORD_ENV} or a netrc entry)",
                                403: " (the store refuses writes: a read-only server, "
                                     "or an account without write rights)"
                                }.get(r.status_code, "")
                        raise LoadError(self.endpoint, graph,
                                        f"{method} answered HTTP {r.status_code} {r.reason}"
                                        f"{hint}: {_short(r.text)}",
                                        status=r.status_code, loaded=loaded)
                    return r
                problem = f"{method} answered HTTP {r.status_code} {r.reason}: {_short(r.text)}"
                status = r.status_code
            if attempt >= self.retries:
                raise LoadError(self.endpoint, graph,
                                f"{problem} (after {attempt + 1} attempt(s))",
                                status=status, loaded=loaded)
            time.sleep(self.backoff * 2 ** attempt)
            attempt += 1


def _no_auth(r: requests.PreparedRequest) -> requests.PreparedRequest:
    return r


def _short(text: object, n: int = 200) -> str:
    return " ".join(str(text).split())[:n]


def _graph_url(endpoint: str, graph: str) -> tuple[str, dict[str, str]]:
    if graph == DEFAULT_GRAPH:
        return endpoint, {"default": ""}
    return endpoint, {("graph-uri" if is_virtuoso(endpoint) else "graph"): graph}


def list_graphs(client: _Client, query_url: str, *, loaded: tuple[str, ...]) -> list[str]:
    """tjkg's graphs in the store (IRIs starting with GRAPH_PREFIX), via SPARQL."""
    q = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
         f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}')
    r = client.request("GET", query_url, graph="(listing graphs)", loaded=loaded,
                       params={"query": q},
                       headers={"Accept": "application/sparql-results+json"})
    try:
        rows = r.json()["results"]["bindings"]
    except (ValueError, KeyError) as exc:
        raise LoadError(query_url, "(listing graphs)", f"not SPARQL JSON results: {exc}",
                        status=r.status_code, loaded=loaded) from None
    return sorted(b["g"]["value"] for b in rows if "g" in b)


# --- loading ------------------------------------------------------------------------------

#: Triples per request: larger graphs are sent as a PUT and then POSTs (a request body of
#: tens of MB can stall past a timeout while the store indexes it).
CHUNK_TRIPLES = 50_000


def _send_graph(client: _Client, endpoint: str, name: str, lines: list[bytes], *,
                loaded: tuple[str, ...]) -> None:
    """PUT one graph (replacing it), in chunks: PUT the first, POST (add) the others."""
    url, params = _graph_url(endpoint, name)
    headers = {"Content-Type": f"{CONTENT_TYPE}; charset=utf-8"}
    for n, start in enumerate(range(0, max(len(lines), 1), CHUNK_TRIPLES)):
        client.request("PUT" if n == 0 else "POST", url, graph=name, loaded=loaded,
                       params=params, headers=headers,
                       data=b"".join(lines[start:start + CHUNK_TRIPLES]))


def is_oxigraph(client: _Client, query_url: str | None) -> bool:
    """Whether the store answers as an Oxigraph server (``Server: Oxigraph/...``)."""
    if not query_url:
        return False
    import requests

    try:
        r = client.session.get(query_url, params={"query": "ASK {}"}, timeout=10,
                               auth=client.auth or _no_auth)
    except requests.RequestException:
        return False
    return r.headers.get("Server", "").startswith("Oxigraph")


def _oxigraph_batches(client: _Client, endpoint: str, sends: list[tuple[str, list[bytes]]],
                      done: list[tuple[str, int]], *, batch_triples: int,
                      on_graph: Callable[[str, int], None] | None) -> None:
    """Oxigraph's fast path, batch by batch: one SPARQL Update drops the batch's graphs,
    then one N-Quads POST to ``/store?no_transaction`` (Oxigraph's bulk loader) adds them.
    A failure leaves earlier batches intact; the failed batch's graphs may be missing or
    incomplete, and the error says so."""
    update_url = endpoint.rstrip("/").rsplit("/", 1)[0] + "/update"
    batch: list[tuple[str, list[bytes]]] = []
    size = 0

    def flush() -> None:
        nonlocal size
        if not batch:
            return
        names = [n for n, _ in batch]
        shown = ", ".join(release_of(n) for n in names[:5]) + (
            f", ... ({len(names) - 5} more)" if len(names) > 5 else "")
        loaded = tuple(g for g, _ in done)
        drops = " ; ".join("CLEAR SILENT DEFAULT" if n == DEFAULT_GRAPH
                           else f"DROP SILENT GRAPH <{n}>" for n in names)
        body = b"".join(line if n == DEFAULT_GRAPH else line[:-3] + b" <" + n.encode()
                        + b"> .\n" for n, lines in batch for line in lines)
        try:
            client.request("POST", update_url, graph=names[0], loaded=loaded,
                           data=drops.encode(),
                           headers={"Content-Type": "application/sparql-update"})
            client.request("POST", endpoint, graph=names[0], loaded=loaded,
                           params={"no_transaction": ""}, data=body,
                           headers={"Content-Type": "application/n-quads; charset=utf-8"})
        except LoadError as exc:
            raise LoadError(exc.endpoint, exc.graph,
                            f"{exc.problem}; the graphs of its batch of {len(names)} "
                            f"({shown}) may be missing or incomplete: load again",
                            status=exc.status, loaded=exc.loaded) from None
        for n, lines in batch:
            if n != DEFAULT_GRAPH:
                done.append((n, len(lines)))
            if on_graph is not None:
                on_graph(n, len(lines))
        batch.clear()
        size = 0

    for name, lines in sends:
        batch.append((name, lines))
        size += len(lines)
        if size >= batch_triples:
            flush()
    flush()


def _oxigraph_bulk(client: _Client, endpoint: str, sends: list[tuple[str, list[bytes]]],
                   done: list[tuple[str, int]], *, batch_triples: int,
                   on_graph: Callable[[str, int], None] | None) -> None:
    """:func:`_oxigraph_batches`, with the merged default graph sent on a second connection
    while the named graphs go (the server bulk-loads both at once). A failure of the named
    graphs is reported first; the default graph's names the named graphs loaded."""
    from concurrent.futures import ThreadPoolExecutor

    named = [s for s in sends if s[0] != DEFAULT_GRAPH]
    default = [s for s in sends if s[0] == DEFAULT_GRAPH]
    if not default or not named:
        _oxigraph_batches(client, endpoint, sends, done, batch_triples=batch_triples,
                          on_graph=on_graph)
        return
    side = _Client(endpoint, timeout=client.timeout, retries=client.retries,
                   backoff=client.backoff, auth=client.auth)
    side.creds = client.creds
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            merged = pool.submit(_oxigraph_batches, side, endpoint, default, [],
                                 batch_triples=len(default[0][1]) + 1, on_graph=on_graph)
            _oxigraph_batches(client, endpoint, named, done, batch_triples=batch_triples,
                              on_graph=on_graph)
        merged.result()
    except LoadError as exc:
        if exc.graph != DEFAULT_GRAPH:
            raise
        raise LoadError(exc.endpoint, exc.graph, exc.problem, status=exc.status,
                        loaded=(g for g, _ in done)) from None
    finally:
        side.session.close()


def load_graph_store(source: str | Path, endpoint: str, *, prune: bool = False,
                     timeout: float = 300.0, retries: int = 3, backoff: float = 0.5,
                     auth: Any = None, query_endpoint: str | None = None,
                     default_graph: bool | None = None, bulk: bool | None = None,
                     batch_triples: int = CHUNK_TRIPLES,
                     on_graph: Callable[[str, int], None] | None = None) -> LoadReport:
    """PUT every named graph of ``source`` (build folder, .nq or .trig) to ``endpoint``.

    ``auth``: a ``requests`` auth object; by default credentials come from the environment
    or netrc. ``default_graph``: also PUT the merge of the release graphs to ``?default``
    (default: yes except for Virtuoso). ``bulk``: on an Oxigraph server (detected from its
    ``Server`` header unless given), replace graphs in batches of about ``batch_triples``
    triples with Oxigraph's bulk loader instead of one transactional PUT per graph (4x
    faster; a failure can leave the graphs of one batch incomplete). ``prune``: then DELETE
    tjkg release graphs the build does not have, listed through ``query_endpoint`` (derived
    from ``endpoint`` for Oxigraph, Virtuoso, Fuseki and GraphDB). ``on_graph(iri,
    triples)`` is called after each graph is sent. Raises :class:`LoadError` (exit code 2)
    on the first graph that cannot be loaded.
    """
    t0 = time.perf_counter()
    graphs = read_graph_lines(source)
    if not any(k != DEFAULT_GRAPH for k in graphs):
        raise StoreError(f"{source}: no named graphs to load")
    blank = sorted(k for k in graphs if k.startswith("_:"))
    if blank:
        raise StoreError(f"{source}: graph {blank[0]} is a blank node; the Graph Store "
                         "Protocol names graphs by IRI")
    if default_graph is None:
        default_graph = not is_virtuoso(endpoint)
    query_url = query_endpoint or query_endpoint_for(endpoint)
    if prune and not query_url:
        raise StoreError(f"{endpoint}: cannot tell the SPARQL query URL of this store; "
                         "give --query-endpoint to prune")
    client = _Client(endpoint, timeout=timeout, retries=retries, backoff=backoff, auth=auth)
    order = sorted((g for g in graphs if g != DEFAULT_GRAPH),
                   key=lambda g: (g == str(ONTOLOGY_GRAPH), g))
    sends: list[tuple[str, list[bytes]]] = [(g, graphs[g]) for g in order]
    if default_graph:
        sends.append((DEFAULT_GRAPH, _merge(graphs)))
    done: list[tuple[str, int]] = []
    if bulk is None:
        bulk = urlsplit(endpoint).path.endswith("/store") and is_oxigraph(client, query_url)
    if bulk:
        _oxigraph_bulk(client, endpoint, sends, done, batch_triples=batch_triples,
                       on_graph=on_graph)
    else:
        for name, lines in sends:
            _send_graph(client, endpoint, name, lines, loaded=tuple(g for g, _ in done))
            if name != DEFAULT_GRAPH:
                done.append((name, len(lines)))
            if on_graph is not None:
                on_graph(name, len(lines))
    pruned: list[str] = []
    if prune:
        assert query_url is not None
        loaded = tuple(g for g, _ in done)
        keep = set(graphs)
        for g in list_graphs(client, query_url, loaded=loaded):
            if g in keep:
                continue
            url, params = _graph_url(endpoint, g)
            try:
                client.request("DELETE", url, graph=g, loaded=loaded, params=params)
            except LoadError as exc:
                if exc.status != 404:  # already gone is fine
                    raise
            pruned.append(g)
    client.session.close()
    return LoadReport(endpoint, tuple(done), tuple(pruned), time.perf_counter() - t0,
                      default_graph=default_graph, bulk=bulk)


def load_local_store(source: str | Path, store_dir: str | Path, *, prune: bool = False
                     ) -> LoadReport:
    """Replace ``source``'s graphs in the local Oxigraph store ``store_dir`` (created if
    needed), (``prune``) remove tjkg release graphs the source does not have, and recompute
    the default graph as the merge of the release graphs in the store."""
    import pyoxigraph as ox

    t0 = time.perf_counter()
    graphs = read_graphs(source)
    store_dir = Path(store_dir)
    try:
        store_dir.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(store_dir))
    except OSError as exc:
        raise StoreError(f"{store_dir}: cannot open an Oxigraph store here: {exc}") from None
    done: list[tuple[str, int]] = []
    pruned: list[str] = []
    name = "(default)"
    try:
        for name in sorted(g for g in graphs if g != DEFAULT_GRAPH):
            node = ox.NamedNode(name)
            store.remove_graph(node)
            store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, node)
                              for t in graphs[name])
            done.append((name, len(graphs[name])))
        if prune:
            for node in list(store.named_graphs()):
                if (isinstance(node, ox.NamedNode) and node.value.startswith(GRAPH_PREFIX)
                        and node.value not in graphs):
                    store.remove_graph(node)
                    pruned.append(node.value)
        name = DEFAULT_GRAPH
        store.clear_graph(ox.DefaultGraph())
        merged = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                  for q in store.quads_for_pattern(None, None, None, None)
                  if not isinstance(q.graph_name, ox.DefaultGraph)
                  and q.graph_name.value != str(ONTOLOGY_GRAPH)]
        store.bulk_extend(merged)
        store.flush()
    except OSError as exc:
        raise LoadError(str(store_dir), name, f"cannot write: {exc}",
                        loaded=(g for g, _ in done)) from None
    finally:
        del store
    return LoadReport(str(store_dir), tuple(done), tuple(pruned), time.perf_counter() - t0,
                      default_graph=True)


__all__ = ["LoadError", "LoadReport", "credentials", "load_graph_store",
           "load_local_store", "query_endpoint_for", "read_graphs"]
