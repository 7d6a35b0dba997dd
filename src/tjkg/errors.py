"""Typed errors. The CLI prints ``str(error)`` on one line and exits with ``exit_code``."""

from __future__ import annotations


class TjkgError(Exception):
    """Base of every error tjkg reports to a user (exit code 2: usage or input)."""

    exit_code = 2


class FileProblem(TjkgError):
    """A problem with one file: the message names the file and the problem."""

    kind = "error"

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # picklable across processes
        return (type(self), (self.path, self.problem))


class SourceError(FileProblem):
    """A release that cannot be read."""


class CuratedDataError(FileProblem):
    """Curated data (annotations, entity registry, vocabularies) that is malformed."""


class OutputError(FileProblem):
    """An output path that cannot be written."""


class QueryError(TjkgError):
    """A SPARQL query that cannot be found, parsed or run."""


class StoreError(TjkgError):
    """A triple store that cannot be written, read or reached; the message names the store
    (endpoint or folder), the graph and the HTTP status where there is one."""
