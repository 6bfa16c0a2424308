"""`mentoring serve` runs every thread on the CPUs MENTORING_HTTP_CPUS chooses (the process
is started for real and its threads' affinity read from /proc)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.integration.observability.test_process_metrics import mentoring, store_env
from tests.support.scraping import free_port, healthy, wait_for

ALLOWED = frozenset(os.sched_getaffinity(0))


def thread_cpus(pid: int) -> dict[int, frozenset[int]]:
    """The CPUs each thread of a process may run on."""
    return {
        int(task.name): frozenset(os.sched_getaffinity(int(task.name)))
        for task in Path(f"/proc/{pid}/task").iterdir()
    }


def serving_threads(tmp_path: Path, cpus: str) -> dict[int, frozenset[int]]:
    """Start serve on a SQLite store with MENTORING_HTTP_CPUS=``cpus``; once it answers, the
    CPUs of each of its threads."""
    env, port = store_env(tmp_path), free_port()
    env["MENTORING_HTTP_CPUS"] = cpus
    env["MENTORING_ENVIRONMENT"] = "development"  # the documented development keys
    with mentoring(env, "serve", "--port", str(port)) as server:
        wait_for(lambda: healthy(f"http://127.0.0.1:{port}") or server.poll() is not None,
                 what="the API starting")
        assert server.poll() is None
        return thread_cpus(server.pid)


def test_a_single_serve_process_runs_every_thread_on_one_cpu_by_default(tmp_path: Path) -> None:
    threads = serving_threads(tmp_path, "auto")
    expected = frozenset({max(ALLOWED)}) if len(ALLOWED) > 1 else ALLOWED
    assert len(threads) > 5  # the event loop, the store's, the read model's, the scheduler's
    assert set(threads.values()) == {expected}


def test_serve_told_all_runs_on_every_cpu_it_may_use(tmp_path: Path) -> None:
    assert set(serving_threads(tmp_path, "all").values()) == {ALLOWED}


def test_serve_runs_on_the_cpu_listed(tmp_path: Path) -> None:
    first = min(ALLOWED)
    assert set(serving_threads(tmp_path, str(first)).values()) == {frozenset({first})}
