"""Turn the failures a user can cause into one-line messages and exit codes, never tracebacks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from gateways.settings import ConfigurationError


@contextmanager
def run_cleanly() -> Iterator[None]:
    """Run a CLI command body; configuration and input errors exit 2 with one line on stderr."""
    try:
        yield
    except ConfigurationError as error:
        typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None
