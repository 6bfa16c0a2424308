"""Staged events name their set-based route by number."""

from __future__ import annotations

from projections.bulk_routes import employee_routes, route_numbers, routes_by_topic


def test_every_routed_topic_has_its_own_number() -> None:
    numbers = route_numbers()

    assert set(numbers) == set(routes_by_topic())
    assert sorted(numbers.values()) == list(range(len(numbers)))


def test_employee_routes_are_the_routes_into_employee_changes() -> None:
    routes = routes_by_topic()

    employee = {t for t, n in route_numbers().items() if n in employee_routes()}

    assert employee == {t for t, r in routes.items() if r.table == "employee_changes"}
    assert employee
