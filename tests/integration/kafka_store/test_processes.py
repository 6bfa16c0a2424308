"""Several processes on one log: restart, fencing, and racing writers (real subprocesses)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.kafka_store.conftest import FactoryMaker
from tests.integration.kafka_store.support import Worker, partition_records


@pytest.fixture
def workers(kafka_bootstrap: str, kafka_env: dict[str, str]) -> Iterator[list[Worker]]:
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def start(workers: list[Worker], kafka_env: dict[str, str]) -> Worker:
    worker = Worker(kafka_env["KAFKA_BOOTSTRAP_SERVERS"], kafka_env["KAFKA_TOPIC_PREFIX"])
    workers.append(worker)
    return worker


def data_records_written(kafka_env: dict[str, str], topic: str) -> int:
    """Every data record in the topic, committed or not (read_uncommitted)."""
    return len(partition_records(kafka_env["KAFKA_BOOTSTRAP_SERVERS"], topic, "read_uncommitted"))


def new_aggregate(worker: Worker, versions: list[int]) -> dict[str, Any]:
    """The worker's answer to inserting these versions of a new aggregate."""
    return worker.ask(op="insert", originator_id=str(uuid.uuid4()), versions=versions)


def older_then_newer(workers: list[Worker], kafka_env: dict[str, str]) -> tuple[Worker, Worker]:
    """Two writers on one log, each having written one new aggregate: the older one first."""
    older = start(workers, kafka_env)
    new_aggregate(older, [1])
    newer = start(workers, kafka_env)
    new_aggregate(newer, [1])
    return older, newer


def test_a_new_process_continues_the_log_where_the_last_one_stopped(
    workers: list[Worker], kafka_env: dict[str, str]
) -> None:
    aggregate = str(uuid.uuid4())
    first = start(workers, kafka_env)
    assert first.ask(op="insert", originator_id=aggregate, versions=[1, 2, 3])["ids"] == [1, 2, 3]
    first.stop()

    second = start(workers, kafka_env)

    assert second.started["max"] == 3
    assert second.ask(op="select", originator_id=aggregate)["versions"] == [1, 2, 3]
    assert second.ask(op="insert", originator_id=aggregate, versions=[4])["ids"] == [4]


def test_a_restarted_process_refuses_a_version_written_before_the_restart(
    workers: list[Worker], kafka_env: dict[str, str]
) -> None:
    aggregate = str(uuid.uuid4())
    start(workers, kafka_env).ask(op="insert", originator_id=aggregate, versions=[1, 2])
    workers[0].stop()

    answer = start(workers, kafka_env).ask(op="insert", originator_id=aggregate, versions=[2])

    assert answer["error"] == "IntegrityError"


def test_the_older_writer_is_fenced_once_a_newer_one_writes(
    workers: list[Worker], kafka_env: dict[str, str]
) -> None:
    older, _ = older_then_newer(workers, kafka_env)

    answer = new_aggregate(older, [1])

    assert answer["error"] == "WriterFencedError"
    assert "fenced" in answer["message"]


def test_a_fenced_writer_stays_fenced_and_writes_nothing(
    workers: list[Worker], kafka_env: dict[str, str]
) -> None:
    older, newer = older_then_newer(workers, kafka_env)
    new_aggregate(older, [1])

    again = new_aggregate(older, [1, 2])

    assert again["error"] == "WriterFencedError"
    assert newer.ask(op="max")["max"] == 2
    events_topic = f"{kafka_env['KAFKA_TOPIC_PREFIX']}.App.events"
    assert data_records_written(kafka_env, events_topic) == 2


def test_of_two_processes_inserting_the_same_version_exactly_one_wins(
    workers: list[Worker], kafka_env: dict[str, str]
) -> None:
    aggregate = str(uuid.uuid4())
    racers = [start(workers, kafka_env), start(workers, kafka_env)]
    racers[0].ask(op="insert", originator_id=aggregate, versions=[1])
    answers: list[dict[str, object]] = []

    def race(worker: Worker) -> None:
        answers.append(worker.ask(op="insert", originator_id=aggregate, versions=[2, 3]))

    threads = [threading.Thread(target=race, args=(worker,)) for worker in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(str(answer.get("error")) for answer in answers) == ["IntegrityError", "None"]
    assert start(workers, kafka_env).ask(op="select", originator_id=aggregate)["versions"] == [
        1,
        2,
        3,
    ]


def test_a_subscription_streams_what_another_process_commits(
    workers: list[Worker], kafka_env: dict[str, str], make_factory: FactoryMaker
) -> None:
    writer = start(workers, kafka_env)
    writer.ask(op="insert", originator_id=str(uuid.uuid4()), versions=[1])
    recorder = make_factory().application_recorder()

    with recorder.subscribe(gt=0) as subscription:
        first = next(subscription)
        writer.ask(op="insert", originator_id=str(uuid.uuid4()), versions=[1, 2])
        later = [next(subscription), next(subscription)]

    assert [first.id, *(n.id for n in later)] == [1, 2, 3]
