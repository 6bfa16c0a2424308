"""What the API logs of the errors it answers: refusals in a line, store failures with their
traceback. Overload sheds many requests a second: each must cost a line, not a traceback."""

from __future__ import annotations

from eventsourcing.persistence import OperationalError
from structlog.testing import capture_logs

from gateways.entrypoints.http.handlers import render
from gateways.entrypoints.http.problems import HttpProblem


def test_an_overloaded_answer_is_logged_as_a_refusal_without_a_traceback() -> None:
    with capture_logs() as logs:
        response = render(HttpProblem(503, "overloaded", "too many commands in flight"))
    assert response.status_code == 503
    assert [(log["event"], log["rule"], "exc_info" in log) for log in logs] == [
        ("request_refused", "overloaded", False)
    ]


def test_a_store_failure_is_logged_as_such_with_its_traceback() -> None:
    with capture_logs() as logs:
        response = render(OperationalError("the broker is gone"))
    assert response.status_code == 503
    assert [(log["event"], log["log_level"], "exc_info" in log) for log in logs] == [
        ("store_unavailable", "warning", True)
    ]
