"""`mentoring serve` (the command API under uvicorn) and `mentoring api-key new ROLE`."""

from __future__ import annotations

import typer

from gateways.entrypoints.cli.errors import run_cleanly, store_failures_in_one_line
from gateways.entrypoints.http.auth.keys import Role, hash_key, new_key
from gateways.entrypoints.http.auth.loading import load_key_ring
from gateways.entrypoints.http.cpu_affinity import (
    LISTED,
    CpuChoice,
    allowed_cpus,
    can_pin,
    cpu_list,
    pin_process,
)
from gateways.entrypoints.http.settings import load_http_settings
from gateways.settings import ConfigurationError, load_settings

WORKER_STARTUP_SECONDS = 60
api_keys = typer.Typer(help="API keys of the command API.", no_args_is_help=True)


def serve(
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    port: int = typer.Option(8000, min=1, max=65535, help="port to listen on"),
    workers: int = typer.Option(1, min=1, help="worker processes"),
    ingest_hris: bool = typer.Option(
        False, "--ingest-hris",
        help="also consume the HRIS topic in this process (the Kafka store's single writer)",
    ),
    schedule: bool = typer.Option(
        True, "--schedule/--no-schedule",
        help="run the scheduler (expiries, reminders, the notification topic) in this process",
    ),
) -> None:
    """Serve the command API (FastAPI under uvicorn) on the configured MENTORING_STORE."""
    import os

    with run_cleanly():
        settings = load_settings()
        http_settings = load_http_settings()
        load_key_ring(http_settings, settings.environment)
        if ingest_hris and workers > 1:
            raise ConfigurationError("--ingest-hris: run it with one worker (one consumer)")
        if ingest_hris:
            # uvicorn builds the app in a factory that reads the environment
            os.environ["MENTORING_SERVE_INGESTS_HRIS"] = "true"
        if workers > 1 and settings.store_location.kind == "kafka":
            raise ConfigurationError(
                "--workers: the Kafka store has one writer per application, so serve it with "
                "one worker (workers would fence each other's writes)"
            )
        cpus = pinned(http_settings.cpus, workers)
        where = "" if cpus is None else f" on CPU {cpu_list(cpus)} (MENTORING_HTTP_CPUS)"
        typer.echo(f"serving {settings.store_location} on http://{host}:{port}{where}", err=True)
    # the app's factory reads it; set only while this command serves, never left behind
    previous = os.environ.get("MENTORING_SERVE_SCHEDULES")
    os.environ["MENTORING_SERVE_SCHEDULES"] = "true" if schedule else "false"
    try:
        _run(host, port, workers)
    finally:
        if previous is None:
            os.environ.pop("MENTORING_SERVE_SCHEDULES", None)
        else:
            os.environ["MENTORING_SERVE_SCHEDULES"] = previous


def pinned(choice: CpuChoice, workers: int) -> frozenset[int] | None:
    """Pin serve, and the workers it starts, to the CPUs MENTORING_HTTP_CPUS chooses (before
    the app starts its threads); those CPUs, or None when nothing is pinned. Where the system
    cannot pin, ``auto`` pins nothing and says so, and a CPU list is refused."""
    listed = choice.mode == LISTED
    if not can_pin():
        if listed:
            raise ConfigurationError(
                "MENTORING_HTTP_CPUS: this system cannot pin a process to CPUs; use auto or all"
            )
        return None
    try:
        cpus = choice.cpus(workers, allowed_cpus())
        if cpus is not None:
            pin_process(cpus)
    except ValueError as error:
        raise ConfigurationError(f"MENTORING_HTTP_CPUS: {error}") from None
    except PermissionError as error:
        if listed:
            raise ConfigurationError(
                f"MENTORING_HTTP_CPUS: pinning to CPU {cpu_list(choice.listed)} was refused "
                f"({error.strerror}); use auto or all"
            ) from None
        typer.echo(f"not pinned to a CPU: {error.strerror} (MENTORING_HTTP_CPUS)", err=True)
        return None
    return cpus


def _run(host: str, port: int, workers: int) -> None:
    """Run uvicorn: the app built here with one worker, by each worker's factory otherwise."""
    import uvicorn

    if workers == 1:
        # Built here, not in uvicorn's factory: a store that refuses to open (a forged record,
        # a broken hash chain, no broker) is one line and exit 1, not uvicorn's traceback.
        with store_failures_in_one_line("refusing to start: "):
            from gateways.entrypoints.http.asgi import app_from_environment

            app = app_from_environment()
        uvicorn.run(app, host=host, port=port, access_log=False, proxy_headers=True)
        return
    uvicorn.run(
        "gateways.entrypoints.http.asgi:app_from_environment", factory=True, host=host, port=port,
        workers=workers, access_log=False, proxy_headers=True,
        # a spawned worker re-imports this CLI and connects to the store before it answers
        timeout_worker_healthcheck=WORKER_STARTUP_SECONDS,
    )


@api_keys.command("new")
def new_api_key(role: Role = typer.Argument(..., help="the role the key is for")) -> None:
    """Print a fresh key (give it to the client) and its hash line (give it to the server)."""
    key = new_key()
    typer.echo(f"key:  {key}")
    typer.echo(f"line: {role.value} {hash_key(key)}")
    typer.echo("Append the line to MENTORING_API_KEYS_FILE; the key is not stored anywhere.")


def register(app: typer.Typer) -> None:
    """Add `serve` and `api-key` to the `mentoring` command."""
    app.command("serve")(serve)
    app.add_typer(api_keys, name="api-key")
