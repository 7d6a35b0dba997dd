"""The ``tjkg`` command: argument parsing and calls into the library, nothing else.

Exit codes: 0 success (and the graph conforms), 1 SHACL violations (artefacts and report
written), 2 usage, input or runtime error (one line on stderr naming the file and problem).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .errors import TjkgError

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2
CACHE_DIR = ".tjkg-cache"  # beside the output folder


class _Group(click.Group):
    """Turns TjkgError (and any unexpected error) into one line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TjkgError as exc:
            click.echo(f"tjkg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:
            if os.environ.get("TJKG_DEBUG"):
                raise
            click.echo(
                f"tjkg: internal error: {type(exc).__name__}: {exc} "
                f"(set TJKG_DEBUG=1 for a traceback)",
                err=True,
            )
            ctx.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tjkg")
def main() -> None:
    """tjkg: knowledge graphs from Chinese industrial-policy releases.

    Exit codes: 0 ok, 1 SHACL violations, 2 usage or input error.
    """


validator_option = click.option(
    "--validator",
    type=click.Choice(["fast", "pyshacl"]),
    default="fast",
    show_default=True,
    help="SHACL engine: 'fast' (SPARQL on Oxigraph, same report) or 'pyshacl' (reference).",
)


def _view_renderer() -> Callable | None:
    try:
        from .view import render_view
    except ImportError:  # pragma: no cover - view module absent
        return None
    return render_view


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Output folder (replaced atomically).",
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder with releases/, curated/ and vocab/ (default: ./data).",
)
@click.option("--no-extract", is_flag=True, help="Use curated annotations only.")
@click.option("--no-view", is_flag=True, help="Do not write graph.html.")
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Leave out releases that cannot be read (and list them) instead of stopping.",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Per-release results cache (default: .tjkg-cache beside --out).",
)
@click.option("--no-cache", is_flag=True, help="Rebuild every release; leave the cache alone.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for the releases (default: TJKG_WORKERS or the CPU count).",
)
@validator_option
def build(
    sources: tuple[Path, ...],
    out_dir: Path,
    data_dir: Path | None,
    no_extract: bool,
    no_view: bool,
    skip_bad: bool,
    cache_dir: Path | None,
    no_cache: bool,
    jobs: int | None,
    validator: str,
) -> None:
    """Build the graph of SOURCE releases (files or folders; default: data/releases).

    Writes tjkg.ttl, tjkg.trig, tjkg.nq, tjkg.jsonld, graph.html, validation.txt,
    validation.ttl, void.ttl, texts/ and store/ into --out. Exit 1 if the graph violates the
    shapes. Releases whose inputs (text, metadata, curated data, registry, tjkg's code and
    lexicons) are unchanged since the last build are taken from the cache.
    """
    from .export import check_output_dir, write_outputs
    from .pipeline import BuildConfig
    from .pipeline import build as run_build
    from .validate import load_ontology, validate_triples

    t0 = time.perf_counter()
    check_output_dir(out_dir)  # before the work: a path that cannot be written fails now
    options: dict = {"data_dir": data_dir} if data_dir else {}
    if jobs:
        options["workers"] = jobs
    if not no_cache:
        options["cache_dir"] = cache_dir or out_dir.parent / CACHE_DIR
    config = BuildConfig(use_extractor=not no_extract, **options)
    result = run_build(list(sources) or None, config=config, skip_bad=skip_bad)
    for problem in result.skipped:
        click.echo(f"skipped {problem}", err=True)
    if not result.documents:
        raise TjkgError("no release to build" + (" (all skipped)" if result.skipped else ""))
    merged = result.merged()
    report = validate_triples(merged, engine=validator)
    write_outputs(
        result,
        out_dir,
        report=report,
        ontology=load_ontology(),
        render_view=None if no_view else _view_renderer(),
        merged=merged,
    )
    n_obs = sum(len([m for m in a.mentions if m.type == "metric"]) for a in result.annotations)
    n_ent = sum(len(a.entities) for a in result.annotations)
    click.echo(
        f"built {len(result.documents)} release(s)"
        + (f" ({result.cached} from cache)" if result.cached else "")
        + f": {n_ent} entities, {n_obs} "
        f"observations, {len(merged)} triples -> {out_dir}/ "
        f"({time.perf_counter() - t0:.2f} s)"
    )
    if not report.conforms:
        click.echo(
            f"SHACL: {len(report.violations)} violation(s); see {out_dir}/validation.txt", err=True
        )
        sys.exit(EXIT_INVALID)
    click.echo(f"SHACL: conforms ({len(report.results)} warning(s))")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@validator_option
def validate(files: tuple[Path, ...], validator: str) -> None:
    """Validate RDF FILES (Turtle, TriG, N-Quads, JSON-LD) against tjkg's shapes."""
    from .errors import FileProblem
    from .namespaces import new_graph
    from .validate import format_report, validate_graph

    g = new_graph()
    for f in files:
        fmt = {".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld"}.get(
            f.suffix.lower(), "turtle"
        )
        if not f.is_file():
            raise FileProblem(str(f), "no such file")
        try:
            if fmt in ("trig", "nquads"):
                from rdflib import Dataset

                ds = Dataset()
                ds.parse(f, format=fmt)
                for s, p, o, _ in ds.quads():
                    g.add((s, p, o))
            else:
                g.parse(f, format=fmt)
        except Exception as exc:
            raise FileProblem(str(f), f"cannot parse as {fmt}: {exc}") from None
    report = validate_graph(g, engine=validator)
    click.echo(format_report(report), nl=False)
    sys.exit(EXIT_OK if report.conforms else EXIT_INVALID)


@main.command()
@click.argument("query_arg", metavar="QUERY")
@click.option(
    "--data",
    "data",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Build folder or RDF file to query.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
def query(query_arg: str, data: Path, fmt: str) -> None:
    """Run QUERY (a shipped query name, a .rq file or inline SPARQL) over a built graph.

    `tjkg query --list` style discovery: `tjkg queries` lists the shipped names.
    """
    from .query import find_query
    from .store import run_query_on

    result = run_query_on(data, find_query(query_arg))
    out = {"table": result.to_table, "csv": result.to_csv, "json": result.to_json}[fmt]()
    click.echo(out, nl=False)


@main.command()
def queries() -> None:
    """List the competency queries shipped with tjkg (first comment line of each)."""
    from .query import shipped_queries

    for name, text in shipped_queries().items():
        first = next(
            (ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#")), ""
        )
        click.echo(f"{name}\t{first}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder with curated/ (default: ./data).",
)
@click.option("--no-curated", is_flag=True, help="Automatic extraction only.")
@click.option(
    "--review",
    is_flag=True,
    help="Also write the low-confidence extracted mentions, in the curated format, to "
    "DATA_DIR/curated/review/NAME.json for a person to accept, fix or reject.",
)
def extract(source: Path, fmt: str, data_dir: Path | None, no_curated: bool, review: bool) -> None:
    """Print the mentions of one release, shaped like a devset gold file, and the
    relations between its entities (key ``relations``: entity keys, evidence span, source).

    With --review, the extracted mentions below the confidence threshold go to a review
    file; moved to curated/NAME.json after review, they override extraction on rebuild.
    """
    from .curated import load_registry
    from .extract import relations_json, to_gold_json
    from .pipeline import BuildConfig, annotate, extract_relations_into, run_extractors
    from .resolve import resolve_annotation
    from .sources import read_release

    doc = read_release(source)
    config = BuildConfig(**({"data_dir": data_dir} if data_dir else {}))
    registry = load_registry(config.curated_dir / "entities.json")
    if no_curated:
        mentions = run_extractors(doc)
        ann = extract_relations_into(resolve_annotation(doc, mentions, registry))
    else:
        ann = annotate(doc, config=config, registry=registry)
        mentions = list(ann.mentions)
    obj = to_gold_json(doc, mentions)
    obj["relations"] = relations_json(ann)
    if review:
        from .curated import write_review

        path = write_review(doc, run_extractors(doc), config.curated_dir / "review")
        click.echo(f"review file: {path}", err=True)
    if fmt == "json":
        click.echo(json.dumps(obj, ensure_ascii=False, indent=1))
        return
    for m in obj["mentions"]:
        extra = m.get("value_normalized", m.get("role", ""))
        click.echo(f"{m['start']:>6} {m['end']:>6}  {m['type']:<24} {m['text']}  {extra or ''}")
    for r in obj["relations"]:
        s, e = r["evidence"]
        click.echo(f"{s:>6} {e:>6}  {r['predicate']:<24} {r['subject']} -> {r['object']}")


@main.command(name="eval")
@click.option("--gold", "gold", required=True, type=click.Path(exists=True, path_type=Path),
              help="A gold folder (devset root or its gold/) or one gold JSON file.")
@click.option("--pred", "pred", type=click.Path(exists=True, path_type=Path), default=None,
              help="A predicted JSON file in the interchange format (with --gold FILE).")
def evaluate(gold: Path, pred: Path | None) -> None:
    """Score extraction against hand annotations: P/R/F1 per type, strict and lenient.

    `tjkg eval --gold DIR` runs tjkg's extractor on each gold file's document (docs/ beside
    gold/); `tjkg eval --gold FILE --pred FILE` scores any extractor's output.
    """
    from .evaluate import evaluate_dir, evaluate_files, format_scores

    if pred is not None:
        if gold.is_dir():
            raise click.UsageError("--pred needs --gold to be a single gold file")
        scores = evaluate_files(gold, pred)
    else:
        if not gold.is_dir():
            raise click.UsageError("--gold FILE needs --pred FILE")
        scores = evaluate_dir(gold)
    click.echo(format_scores(scores, title=str(gold)), nl=False)


@main.command()
@click.option("--data", "data", default="out", show_default=True,
              type=click.Path(path_type=Path), help="Build folder or RDF file.")
@click.option("--top", default=10, show_default=True, help="How many entities to list.")
@click.option("--export", "export_dir", type=click.Path(path_type=Path), default=None,
              help="Write graph.graphml and graph.gexf (for Gephi) into this folder.")
def analyze(data: Path, top: int, export_dir: Path | None) -> None:
    """Central entities (degree, betweenness), Louvain communities, entities shared across
    releases; optionally GraphML and GEXF exports."""
    from .analytics import (
        centrality,
        communities,
        shared_entities,
        to_networkx,
        write_gexf,
        write_graphml,
    )
    from .query import load_data

    graph = load_data(data)
    G = to_networkx(graph)
    label = dict(G.nodes(data="label"))
    click.echo(f"{G.number_of_nodes()} entities, {G.number_of_edges()} relations")
    for measure, ranked in centrality(G, top=top).items():
        click.echo(f"\nmost central by {measure}:")
        for node, value in ranked:
            click.echo(f"  {value:.3f}  {label.get(node) or node}")
    groups = communities(G, seed=0)
    click.echo(f"\n{len(groups)} communities (Louvain, seed 0); largest:")
    for group in groups[:5]:
        names = [label.get(n) or n for n in group]
        click.echo(f"  {len(group):>4}  {'、'.join(names[:8])}{' …' if len(names) > 8 else ''}")
    shared = shared_entities(graph)
    click.echo(f"\n{len(shared)} entities appear in more than one release")
    for entity, releases in list(shared.items())[:top]:
        click.echo(f"  {label.get(entity) or entity}: {', '.join(releases)}")
    if export_dir is not None:
        write_graphml(G, export_dir / "graph.graphml")
        write_gexf(G, export_dir / "graph.gexf")
        click.echo(f"\nwrote {export_dir}/graph.graphml and {export_dir}/graph.gexf")


def _add_store_commands() -> None:
    from .cli_store import load, serve

    main.add_command(load)
    main.add_command(serve)


_add_store_commands()
