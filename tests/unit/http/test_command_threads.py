"""A command endpoint runs in the app's command threads (``COMMAND_THREADS``), as a coroutine
to FastAPI: never more commands at once than the limiter admits."""

from __future__ import annotations

import threading
import time

import anyio

from gateways.entrypoints.http.idempotency.command import COMMAND_THREADS, claiming


class Overlap:
    """A sync endpoint that notes how many of its calls run at once."""

    def __init__(self) -> None:
        self.running = 0
        self.most = 0
        self.threads: set[str] = set()
        self.lock = threading.Lock()

    def endpoint(self, *, number: int) -> int:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.threads.add(threading.current_thread().name)
        time.sleep(0.02)
        with self.lock:
            self.running -= 1
        return number


def run_at_once(threads: int, calls: int) -> tuple[Overlap, list[int]]:
    overlap = Overlap()
    claimed = claiming(overlap.endpoint)
    answers: list[int] = []

    async def main() -> None:
        COMMAND_THREADS.set(anyio.CapacityLimiter(threads))

        async def one(number: int) -> None:
            answers.append(await claimed(number=number))

        async with anyio.create_task_group() as group:
            for number in range(calls):
                group.start_soon(one, number)

    anyio.run(main)
    return overlap, answers


def test_no_more_commands_run_at_once_than_the_command_threads() -> None:
    overlap, answers = run_at_once(threads=2, calls=8)

    assert sorted(answers) == list(range(8))
    assert overlap.most == 2


def test_a_command_endpoint_is_a_coroutine_that_runs_off_the_event_loop() -> None:
    overlap, _ = run_at_once(threads=4, calls=4)

    assert threading.main_thread().name not in overlap.threads
    assert overlap.most > 1  # they did run side by side
