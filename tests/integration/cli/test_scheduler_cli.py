"""`mentoring scheduler --once --today` as a process, on SQLite and Kafka: killed with SIGKILL
in the middle of a pass and restarted, it loses and repeats nothing; the Kafka outbox topic is
read by a plain consumer as JSON; `mentoring notifications tail` prints the feed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.base import HRIS_ACTOR, Stamp
from domain.vocabulary import Formality, ProgramType
from gateways.bootstrap import persistence_env
from gateways.settings import Settings
from services.employees import HireEmployee
from services.enrolment import CompleteMentorTraining, EnrolMentee, VolunteerAsMentor
from services.mentoring import MentoringService
from services.notifications import read_feed
from services.programs import LaunchProgram, OpenRound
from services.requests import MakeRequest
from tests.support.kafka_topics import committed_records

DAY0 = date(2024, 3, 1)
MENTEES = 12
CRASH_AFTER = 5


def day(n: int) -> date:
    """Business day ``n`` (day 0: the requests are made)."""
    return DAY0 + timedelta(days=n)


@pytest.fixture(params=["sqlite", "kafka"])
def settings(request: pytest.FixtureRequest, tmp_path: Path, unique_name: str) -> Settings:
    """A fresh store of each kind."""
    if request.param == "kafka":
        bootstrap = request.getfixturevalue("kafka_bootstrap")
        return Settings(store=f"kafka://{bootstrap}", kafka_topic_prefix=unique_name)
    return Settings(store=f"sqlite:///{tmp_path / 'events.db'}")


def build_requests(settings: Settings) -> None:
    """T0..T11 each ask M1 then M2 on day 0, to respond by day 14."""
    service = MentoringService(env=persistence_env(settings))
    try:
        hire = [f"T{n}" for n in range(MENTEES)] + ["M1", "M2", "E0"]
        for person in hire:
            service.handle(
                HireEmployee(
                    command_id=f"hire-{person}", stamp=Stamp(HRIS_ACTOR, date(2020, 1, 1)),
                    hris_id=person, department="Sales", job_level=5, manager_id=None,
                    location="Lyon",
                )
            )
        program_id = service.handle(
            LaunchProgram(
                stamp=Stamp("E0", date(2024, 1, 1)), name="Grow", program_type=ProgramType.GENERAL,
                goal="grow", formality=Formality.STRUCTURED, starts_on=date(2024, 1, 1),
                ends_on=None, meeting_cadence="monthly", executive_sponsor_id="E0",
            )
        )
        service.handle(
            OpenRound(stamp=Stamp("E0", date(2024, 2, 1)), program_id=program_id, round_name="r1")
        )
        for mentor in ("M1", "M2"):
            service.handle(
                VolunteerAsMentor(
                    stamp=Stamp(mentor, date(2024, 2, 1)), program_id=program_id,
                    employee_id=mentor, topics=("sales",), capacity=MENTEES, hours_per_month=4,
                )
            )
            service.handle(
                CompleteMentorTraining(
                    stamp=Stamp("A1", date(2024, 2, 1)), program_id=program_id,
                    employee_id=mentor, course="basics",
                )
            )
        for n in range(MENTEES):
            mentee = f"T{n}"
            service.handle(
                EnrolMentee(
                    stamp=Stamp(mentee, date(2024, 2, 1)), program_id=program_id,
                    employee_id=mentee, topics=("sales",), aim="grow",
                )
            )
            service.handle(
                MakeRequest(
                    stamp=Stamp(mentee, DAY0), program_id=program_id, topic="sales",
                    choices=("M1", "M2"), reason="private words", respond_by=day(14),
                )
            )
    finally:
        service.close()


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment of a `mentoring` process on the store."""
    return {
        **os.environ,
        "MENTORING_STORE": settings.store,
        "MENTORING_KAFKA_TOPIC_PREFIX": settings.kafka_topic_prefix,
        "MENTORING_ENVIRONMENT": "test",
        "MENTORING_LOG_FORMAT": "json",
    }


def cli(settings: Settings, *args: str, crash_after: int | None = None) -> Any:
    """Run `mentoring ARGS` as a process on the store; its CompletedProcess."""
    env = cli_env(settings)
    env.pop("MENTORING_SCHEDULER_CRASH_AFTER", None)
    if crash_after is not None:
        env["MENTORING_SCHEDULER_CRASH_AFTER"] = str(crash_after)
    command = [sys.executable, "-m", "gateways.entrypoints.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)


def scheduler_args(settings: Settings, today: date) -> list[str]:
    """`mentoring scheduler --once --today` (alone on Kafka: it takes the writer role)."""
    args = ["scheduler", "--once", "--today", today.isoformat()]
    if settings.store_location.kind == "kafka":
        args.append("--take-writer")
    return args


def schedule(settings: Settings, today: date, crash_after: int | None = None) -> Any:
    """One pass of the scheduler process for ``today``."""
    return cli(settings, *scheduler_args(settings, today), crash_after=crash_after)


def feed(settings: Settings) -> list[dict[str, Any]]:
    """The outbox, read through a fresh service."""
    service = MentoringService(env=persistence_env(settings))
    try:
        return read_feed(service, 0, 100_000).notifications
    finally:
        service.close()


def counted(items: list[dict[str, Any]]) -> Counter[tuple[str, str, str]]:
    """How often each (type, recipient, business date) occurs."""
    return Counter((n["type"], n["recipient"], n["business_date"]) for n in items)


def expected_after_day_15() -> Counter[tuple[str, str, str]]:
    """Received on day 0, reminded on days 11 and 14, expired and forwarded on day 15."""
    expected: Counter[tuple[str, str, str]] = Counter()
    for n in range(MENTEES):
        mentee = f"T{n}"
        expected[("request-received", "M1", day(0).isoformat())] += 1
        expected[("request-due-soon", "M1", day(11).isoformat())] += 1
        expected[("request-due-soon", "M1", day(14).isoformat())] += 1
        expected[("request-expired", mentee, day(15).isoformat())] += 1
        expected[("request-expired", "M1", day(15).isoformat())] += 1
        expected[("request-forwarded", mentee, day(15).isoformat())] += 1
        expected[("request-received", "M2", day(15).isoformat())] += 1
    return expected


def reminded_on_days_11_and_14(settings: Settings) -> None:
    """T0..T11's requests, and the scheduler's passes of days 11 and 14 (reminders only)."""
    build_requests(settings)
    for today in (day(11), day(14)):
        assert schedule(settings, today).returncode == 0


def test_a_scheduler_killed_mid_pass_and_restarted_loses_and_repeats_nothing(
    settings: Settings,
) -> None:
    reminded_on_days_11_and_14(settings)
    killed = schedule(settings, day(15), crash_after=CRASH_AFTER)
    assert killed.returncode == -signal.SIGKILL
    expired_before_restart = [n for n in feed(settings) if n["type"] == "request-forwarded"]
    assert len(expired_before_restart) == CRASH_AFTER  # killed mid-pass: some done, not all
    restarted = schedule(settings, day(15))
    assert restarted.returncode == 0, restarted.stderr
    assert f"{MENTEES - CRASH_AFTER} recorded" in restarted.stdout
    again = schedule(settings, day(15))
    assert again.returncode == 0 and "0 due, 0 recorded" in again.stdout
    items = feed(settings)
    assert counted(items) == expected_after_day_15()
    assert len({n["id"] for n in items}) == len(items)


def test_notifications_tail_prints_the_feed_as_json_lines(settings: Settings) -> None:
    build_requests(settings)
    assert schedule(settings, day(11)).returncode == 0
    tail = cli(settings, "notifications", "tail")
    assert tail.returncode == 0, tail.stderr
    lines = [json.loads(line) for line in tail.stdout.splitlines()]
    assert [n["id"] for n in lines] == [n["id"] for n in feed(settings)]
    assert Counter(n["type"] for n in lines) == {
        "request-received": MENTEES, "request-due-soon": MENTEES,
    }
    after = cli(settings, "notifications", "tail", "--after", lines[MENTEES - 1]["cursor"])
    assert [json.loads(line)["id"] for line in after.stdout.splitlines()] == [
        n["id"] for n in lines[MENTEES:]
    ]


def test_a_plain_consumer_reads_the_notification_topic_as_json_exactly_once(
    kafka_bootstrap: str, unique_name: str
) -> None:
    settings = Settings(store=f"kafka://{kafka_bootstrap}", kafka_topic_prefix=unique_name)
    build_requests(settings)
    for today in (day(11), day(14), day(15), day(15)):
        assert schedule(settings, today).returncode == 0
    records = committed_records(f"{unique_name}.notifications", bootstrap_servers=kafka_bootstrap)
    values = [json.loads(record.value) for record in records]
    assert [v["id"] for v in values] == [n["id"] for n in feed(settings)]
    assert counted(values) == expected_after_day_15()
    for record, value in zip(records, values, strict=True):
        headers = dict(record.headers)
        assert record.key.decode() == value["recipient"]
        assert headers["schema"] == b"mentoring-es/1"
        assert headers["event_type"] == b"domain.notifications:Notification.Sent"
        assert int(headers["notification_id"]) == int(value["cursor"])
        assert len(headers["hash"]) == 64 and set(headers) == {
            "schema", "event_type", "originator_version", "notification_id", "recorded_at",
            "hash",
        }
        assert "private words" not in record.value.decode()


def test_on_kafka_the_scheduler_alone_needs_take_writer(kafka_bootstrap: str) -> None:
    settings = Settings(store=f"kafka://{kafka_bootstrap}", kafka_topic_prefix="never-written")
    refused = cli(settings, "scheduler", "--once")
    assert refused.returncode == 2
    assert "--take-writer" in refused.stderr and refused.stderr.count("\n") == 1


def test_a_malformed_today_is_refused_in_one_line(tmp_path: Path) -> None:
    settings = Settings(store=f"sqlite:///{tmp_path / 'events.db'}")
    refused = cli(settings, "scheduler", "--once", "--today", "2024-13-01")
    assert refused.returncode == 2 and "--today" in refused.stderr


def test_tail_follow_prints_new_notifications_as_they_are_recorded(tmp_path: Path) -> None:
    settings = Settings(store=f"sqlite:///{tmp_path / 'events.db'}")
    build_requests(settings)
    env = {**os.environ, "MENTORING_STORE": settings.store, "MENTORING_ENVIRONMENT": "test"}
    command = [sys.executable, "-m", "gateways.entrypoints.cli", "notifications", "tail",
               "--follow", "--poll", "0.1"]
    follower = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert follower.stdout is not None
        first = [json.loads(follower.stdout.readline()) for _ in range(MENTEES)]
        assert {n["type"] for n in first} == {"request-received"}
        assert schedule(settings, day(11)).returncode == 0
        later = [json.loads(follower.stdout.readline()) for _ in range(MENTEES)]
        assert {(n["type"], n["business_date"]) for n in later} == {
            ("request-due-soon", day(11).isoformat())
        }
        assert follower.poll() is None  # still following
    finally:
        follower.terminate()
        follower.wait(10)


def test_a_scheduler_killed_from_outside_mid_pass_and_restarted_loses_and_repeats_nothing(
    settings: Settings,
) -> None:
    reminded_on_days_11_and_14(settings)
    # slow enough that reading the feed (a fresh service: on Kafka, under load, seconds) sees
    # the pass in its middle and the kill lands before its end
    env = {**cli_env(settings), "MENTORING_SCHEDULER_COMMAND_DELAY": "2.5"}
    command = [sys.executable, "-m", "gateways.entrypoints.cli", *scheduler_args(settings, day(15))]
    quiet = subprocess.DEVNULL
    process = subprocess.Popen(command, env=env, stdout=quiet, stderr=quiet)
    try:
        deadline = time.monotonic() + 120
        while len([n for n in feed(settings) if n["type"] == "request-forwarded"]) < 3:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        assert process.wait(30) == -signal.SIGKILL
    forwarded = len([n for n in feed(settings) if n["type"] == "request-forwarded"])
    assert 3 <= forwarded < MENTEES  # killed in the middle of the pass
    assert schedule(settings, day(15)).returncode == 0
    items = feed(settings)
    assert counted(items) == expected_after_day_15()
    assert len({n["id"] for n in items}) == len(items)


def test_two_schedulers_running_the_same_day_at_once_send_each_notification_once(
    tmp_path: Path,
) -> None:
    settings = Settings(store=f"sqlite:///{tmp_path / 'events.db'}")
    build_requests(settings)
    env = {**cli_env(settings), "MENTORING_SCHEDULER_COMMAND_DELAY": "0.02"}
    passes: list[str] = []
    for today in (day(11), day(14), day(15)):
        command = [sys.executable, "-m", "gateways.entrypoints.cli",
                   *scheduler_args(settings, today)]
        both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
                for _ in range(2)]
        passes.extend(process.communicate(timeout=120)[0] for process in both)
        assert [process.returncode for process in both] == [0, 0]
    items = feed(settings)
    assert counted(items) == expected_after_day_15()
    assert len({n["id"] for n in items}) == len(items)
    assert all(" 0 failed" in output for output in passes)
