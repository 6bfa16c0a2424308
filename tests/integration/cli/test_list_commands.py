"""`mentoring programs|rounds|mentors|requests|mentorships` on a real projected DuckDB file
(the scenario organisation of tests/integration/projections/scenario_org.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.cli.conftest import invoke


@pytest.fixture
def program_id(projected: dict[str, str]) -> str:
    """The id of the organisation's one program, "Grow"."""
    (program,) = listed(projected, "programs")
    return str(program["program_id"])


def listed(env: dict[str, str], *args: str) -> list[dict[str, Any]]:
    """Every item of one list, as JSON, following `next` two at a time."""
    items: list[dict[str, Any]] = []
    cursor: list[str] = []
    while True:
        code, out, err = invoke(env, *args, "--json", "--limit", "2", *cursor)
        assert code == 0, err
        page = json.loads(out)
        assert len(page["items"]) <= 2
        items.extend(page["items"])
        if page["next"] is None:
            return items
        cursor = ["--cursor", page["next"]]


def test_programs_lists_each_program_with_its_open_rounds(projected: dict[str, str]) -> None:
    (program,) = listed(projected, "programs")
    assert (program["name"], [r["round_name"] for r in program["open_rounds"]]) == (
        "Grow", ["two"]
    )


def test_programs_prints_a_table_by_default(projected: dict[str, str]) -> None:
    code, out, _ = invoke(projected, "programs")
    assert (code, "Grow" in out, "2 two" in out) == (0, True, True)


def test_rounds_lists_every_round_by_number(projected: dict[str, str], program_id: str) -> None:
    rounds = listed(projected, "rounds", program_id)
    assert [(r["round_no"], r["closed_on"], r["max_tenure_days"]) for r in rounds] == [
        (1, "2023-12-31", None), (2, None, None)
    ]


def test_rounds_keeps_only_open_ones_when_asked(projected: dict[str, str], program_id: str) -> None:
    opened = listed(projected, "rounds", program_id, "--status", "open")
    assert [r["round_no"] for r in opened] == [2]


def test_mentors_walks_every_page_without_gap_or_repeat(
    projected: dict[str, str], program_id: str
) -> None:
    mentors = [m["employee_id"] for m in listed(projected, "mentors", program_id)]
    assert mentors == sorted(set(mentors)) and {"R1", "R2", "R3", "O3", "O5"} <= set(mentors)


def test_mentors_filters_by_department(projected: dict[str, str], program_id: str) -> None:
    everyone = listed(projected, "mentors", program_id)
    sales = listed(projected, "mentors", program_id, "--department", "Sales")
    assert [m["employee_id"] for m in sales] == [
        m["employee_id"] for m in everyone if m["department"] == "Sales"
    ] and 0 < len(sales) < len(everyone)


def test_mentors_filters_by_availability(projected: dict[str, str], program_id: str) -> None:
    available = listed(projected, "mentors", program_id, "--available")
    assert available and all(m["status"] == "active" and m["free_slots"] > 0 for m in available)


def test_mentors_filters_by_topic(projected: dict[str, str], program_id: str) -> None:
    assert listed(projected, "mentors", program_id, "--topic", "no such topic") == []


def test_requests_lists_what_a_mentee_sent(projected: dict[str, str]) -> None:
    sent = listed(projected, "requests", "O8", "--role", "mentee")
    assert sent and {r["role"] for r in sent} == {"mentee"}


def test_requests_filters_by_status(projected: dict[str, str]) -> None:
    people, wanted = ("O8", "O10", "R1"), ("declined", "withdrawn")
    everyone = [r for person in people for r in listed(projected, "requests", person)]
    kept = [
        r for person in people
        for r in listed(projected, "requests", person, "--status", wanted[0], "--status", wanted[1])
    ]
    assert kept == [r for r in everyone if r["status"] in wanted] and len(kept) == 2


def test_requests_shows_a_mentor_only_requests_addressed_to_them(
    projected: dict[str, str],
) -> None:
    received = listed(projected, "requests", "R3", "--role", "mentor")
    assert {r["mentee_id"] for r in received} == {"O5", "O6", "O7", "O9", "O10"}


def test_mentorships_lists_ended_ones_when_asked(projected: dict[str, str]) -> None:
    ended = listed(projected, "mentorships", "M1", "--status", "ended")
    assert [(m["mentor_id"], m["status"]) for m in ended] == [("R1", "ended")]


def test_an_unknown_status_is_one_line_with_exit_2(projected: dict[str, str]) -> None:
    code, out, err = invoke(projected, "mentorships", "M1", "--status", "paused")
    assert (code, out, len(err.splitlines())) == (2, "", 1)


def test_a_cursor_the_cli_did_not_give_is_refused_with_exit_2(projected: dict[str, str]) -> None:
    code, _, err = invoke(projected, "programs", "--cursor", "not-a-cursor")
    assert (code, "cursor" in err) == (2, True)


def test_lists_before_anything_is_projected_say_to_run_project(env: dict[str, str]) -> None:
    code, _, err = invoke(env, "programs")
    assert (code, "run `mentoring project`" in err) == (1, True)
