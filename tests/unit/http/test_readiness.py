"""/readyz checks: the store answers, and a projection keeps up within the bound."""

from __future__ import annotations

from gateways.entrypoints.http.health import ReadinessProbes


def unreachable() -> int:
    raise ConnectionError("broker down")


def test_a_store_that_answers_is_ready() -> None:
    assert all(check.ok for check in ReadinessProbes(store_head=lambda: 7).run())


def test_a_store_that_does_not_answer_is_not_ready() -> None:
    [check] = ReadinessProbes(store_head=unreachable).run()
    assert (check.name, check.ok) == ("store", False)


def test_a_projection_within_the_bound_is_ready() -> None:
    probes = ReadinessProbes(store_head=lambda: 100, projection_position=lambda: 95, max_lag=5)
    assert all(check.ok for check in probes.run())


def test_a_projection_lagging_past_the_bound_is_not_ready() -> None:
    probes = ReadinessProbes(store_head=lambda: 100, projection_position=lambda: 94, max_lag=5)
    assert not probes.run()[-1].ok


def test_a_projection_that_does_not_answer_is_not_ready() -> None:
    probes = ReadinessProbes(store_head=lambda: 100, projection_position=unreachable)
    assert not probes.run()[-1].ok
