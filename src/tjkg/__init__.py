"""tjkg: knowledge graphs from Chinese government industrial-policy releases.

The library API (the CLI is a thin layer over it)::

    from tjkg.pipeline import build, build_graph, BuildConfig
    from tjkg.validate import validate_graph
    from tjkg.query import run_query
"""

__version__ = "0.1.0"
