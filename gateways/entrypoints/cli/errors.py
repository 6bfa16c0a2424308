"""Turn the failures a user can cause into one-line messages and exit codes, never tracebacks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from eventsourcing.persistence import PersistenceError
from kafka.errors import KafkaError

from gateways.settings import ConfigurationError
from gateways.stores.kafka.errors import KafkaAccessError


@contextmanager
def run_cleanly() -> Iterator[None]:
    """Run a CLI command body; configuration and input errors exit 2 with one line on stderr.

    Brokers that refuse this client (untrusted certificate, wrong credentials, missing ACLs)
    and stores that refuse to open (a forged or broken log, an unreachable broker) exit 1 with
    the one line naming the cause.
    """
    try:
        yield
    except ConfigurationError as error:
        typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None
    except (KafkaAccessError, PersistenceError) as error:
        typer.secho(f"error: {one_line(error)}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from None


@contextmanager
def store_failures_in_one_line(prefix: str = "") -> Iterator[None]:
    """A store that cannot be read or refuses to start (a forged record, unreachable brokers):
    one line naming the error's type (after ``prefix``), exit 1."""
    with run_cleanly():
        try:
            yield
        except (PersistenceError, KafkaError, OSError) as error:
            typer.secho(f"error: {prefix}{type(error).__name__}: {one_line(error)}",
                        err=True, fg=typer.colors.RED)
            raise typer.Exit(1) from None


def one_line(error: BaseException) -> str:
    """The error's message on one line (the first, when a library gave several)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
