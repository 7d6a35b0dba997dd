"""``tjkg load`` and ``tjkg serve``: argument parsing and calls into tjkg.load / tjkg.serve.

Exit codes: 0 loaded (or server stopped), 2 failed (the one-line message says what was and
was not loaded). Errors are raised as TjkgError and reported by ``tjkg.cli.main``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.option("--data", "data", default="out", show_default=True,
              type=click.Path(path_type=Path),
              help="Build folder (its tjkg.nq or tjkg.trig), or a TriG/N-Quads file.")
@click.option("--endpoint", metavar="URL", default=None,
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph) "
                   "or http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso).")
@click.option("--store", "store_dir", default=None, type=click.Path(path_type=Path),
              help="Local Oxigraph store folder to fill instead of an endpoint.")
@click.option("--prune", is_flag=True,
              help="Remove tjkg release graphs that are not in this build.")
@click.option("--query-endpoint", metavar="URL", default=None,
              help="SPARQL query URL used by --prune to list graphs (default: derived "
                   "from --endpoint for Oxigraph, Virtuoso, Fuseki, GraphDB).")
@click.option("--default-graph/--no-default-graph", default=None,
              help="Also PUT the merge of the release graphs as the default graph "
                   "(default: yes, except for Virtuoso).")
@click.option("--bulk/--no-bulk", default=None,
              help="Oxigraph only: replace graphs in batches with its bulk loader (default "
                   "when the server says it is Oxigraph; a failure can leave one batch "
                   "incomplete) instead of one transactional PUT per graph.")
@click.option("--timeout", default=300.0, show_default=True, type=float,
              help="Seconds to wait for the store's answer to each request.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 20),
              help="Retries on connection errors, timeouts and 5xx (exponential backoff).")
def load(data: Path, endpoint: str | None, store_dir: Path | None, prune: bool,
         query_endpoint: str | None, default_graph: bool | None, bulk: bool | None,
         timeout: float, retries: int) -> None:
    """Load a build's named graphs into a triple store (PUT per graph: repeatable).

    One graph per release plus the ontology, with the SPARQL 1.1 Graph Store HTTP Protocol.
    Credentials: TJKG_STORE_USER / TJKG_STORE_PASSWORD or a netrc entry for the host
    (basic or digest auth, as the store asks). Exit 0 loaded, 2 failed.
    """
    if (endpoint is None) == (store_dir is None):
        raise click.UsageError("give exactly one of --endpoint URL or --store DIR")
    if store_dir is not None:
        from .load import load_local_store

        report = load_local_store(data, store_dir, prune=prune)
    else:
        from .load import load_graph_store

        assert endpoint is not None
        report = load_graph_store(data, endpoint, prune=prune, timeout=timeout,
                                  retries=retries, query_endpoint=query_endpoint,
                                  default_graph=default_graph, bulk=bulk)
    click.echo(report.summary())


@click.command()
@click.option("--data", "data", default="out", show_default=True,
              type=click.Path(path_type=Path),
              help="Build folder (its store/, made from tjkg.nq if missing), a store "
                   "folder, or a TriG/N-Quads file.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (keep 127.0.0.1 unless you mean to share it).")
@click.option("--timeout", "timeout_s", default=30, show_default=True,
              type=click.IntRange(0, None), help="Query timeout in seconds (0: none).")
@click.option("--writable", is_flag=True, help="Accept SPARQL Update (default: read-only).")
def serve(data: Path, port: int, host: str, timeout_s: int, writable: bool) -> None:
    """Serve the built graph as a SPARQL 1.1 endpoint (Oxigraph server) until Ctrl-C.

    Query at http://HOST:PORT/query (JSON, XML, CSV, TSV results), query page at
    http://HOST:PORT/ (results as an HTML table). Read-only unless --writable.
    """
    from .serve import serve as run_server

    sys.exit(run_server(data, port=port, host=host, read_only=not writable,
                        timeout_s=timeout_s or None))
