"""MENTORING_HTTP_CPUS: which CPUs `mentoring serve` pins itself to."""

from __future__ import annotations

import pytest

from gateways.entrypoints.cli import serve
from gateways.entrypoints.http import cpu_affinity
from gateways.entrypoints.http.cpu_affinity import cpu_list, parse_cpus
from gateways.entrypoints.http.settings import HttpSettings, load_http_settings
from gateways.settings import ConfigurationError

TWO = frozenset({0, 1})


def test_auto_pins_a_single_process_to_the_last_cpu_it_may_use() -> None:
    assert parse_cpus("auto").cpus(1, frozenset({2, 3, 5})) == {5}


def test_auto_leaves_several_workers_where_the_system_puts_them() -> None:
    assert parse_cpus("auto").cpus(2, TWO) is None


def test_auto_pins_nothing_on_a_single_cpu() -> None:
    assert parse_cpus("auto").cpus(1, frozenset({0})) is None


def test_all_pins_nothing() -> None:
    assert parse_cpus("ALL").cpus(1, TWO) is None


def test_a_cpu_list_is_read_with_its_ranges() -> None:
    assert parse_cpus("0-2,5").cpus(1, frozenset(range(8))) == {0, 1, 2, 5}


def test_a_listed_cpu_the_process_may_not_use_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="CPU 4-5 is not available .*may run on 0-1"):
        parse_cpus("1,4-5").cpus(1, TWO)


@pytest.mark.parametrize("text", ["", "one", "1-", "-1", "1,,2", "0-1 2"])
def test_text_that_is_no_cpu_list_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not auto, all or a CPU list"):
        parse_cpus(text)


@pytest.mark.parametrize(("text", "why"), [
    ("3-1", "the CPU range 3-1 runs backwards"),
    ("0-99999999999", "CPU 99999999999 is past the highest CPU number"),  # before any list
])
def test_a_cpu_list_no_machine_has_is_refused_saying_why(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_cpus(text)


def test_cpus_are_listed_as_the_kernel_lists_them() -> None:
    assert cpu_list({5, 0, 1, 2, 7, 8}) == "0-2,5,7-8"


def test_serve_runs_on_one_cpu_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MENTORING_HTTP_CPUS", raising=False)
    assert HttpSettings().cpus == parse_cpus("auto")


def test_a_bad_setting_is_one_line_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORING_HTTP_CPUS", "first")
    with pytest.raises(ConfigurationError, match="^MENTORING_HTTP_CPUS: 'first' is not auto"):
        load_http_settings()


def refuse_affinity(pid: int, cpus: object) -> None:
    raise PermissionError(1, "Operation not permitted")


def test_auto_serves_unpinned_where_pinning_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(serve, "allowed_cpus", lambda: TWO)  # so auto pins, on any machine
    monkeypatch.setattr(cpu_affinity.os, "sched_setaffinity", refuse_affinity)
    assert serve.pinned(parse_cpus("auto"), 1) is None
    assert "not pinned to a CPU: Operation not permitted" in capsys.readouterr().err


def test_a_cpu_list_is_refused_in_one_line_where_pinning_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cpu_affinity.os, "sched_setaffinity", refuse_affinity)
    first = min(cpu_affinity.allowed_cpus())
    with pytest.raises(ConfigurationError, match=f"pinning to CPU {first} was refused"):
        serve.pinned(parse_cpus(str(first)), 1)


def test_auto_pins_nothing_where_the_system_cannot_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "can_pin", lambda: False)
    monkeypatch.setattr(cpu_affinity.os, "sched_setaffinity", refuse_affinity)  # not reached
    assert serve.pinned(parse_cpus("auto"), 1) is None


def test_a_cpu_list_is_refused_where_the_system_cannot_pin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(serve, "can_pin", lambda: False)
    with pytest.raises(ConfigurationError, match="cannot pin a process to CPUs"):
        serve.pinned(parse_cpus("0"), 1)
