"""The portal's lists, in SQL over the read side's tables (never aggregates, never the log).

Every list is keyset-paginated (`projections.portal.pages`); people are answered by HRIS id
(the read side keys them by uuid5 of it, `employees.hris_id` maps them back). Values are
validated by the callers (the HTTP models); these functions only build and run SQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import duckdb

from projections.handlers.base import person
from projections.portal.lookups import batches, indexed
from projections.portal.pages import Page, SortKey, page

HRIS = "(SELECT hris_id FROM employees WHERE employees.employee_id = {column})"

PROGRAM_STATUSES = ("open", "closed", "all")
ROUND_STATUSES = ("open", "closed", "all")
REQUEST_ROLES = ("mentee", "mentor")
REQUEST_STATUSES = ("pending", "accepted", "declined", "expired", "withdrawn")
MENTORSHIP_STATUSES = ("active", "ended", "all")


def _hris(column: str) -> str:
    return HRIS.format(column=column)


def _open_filter(column: str, status: str) -> str:
    return {"open": f" AND {column} IS NULL", "closed": f" AND {column} IS NOT NULL"}.get(
        status, ""
    )


# --- programs and rounds -----------------------------------------------------------------

PROGRAM_KEYS = (SortKey("launched_on", "date"), SortKey("program_id", "uuid"))
ROUND_KEYS = (SortKey("round_no", "int"),)
ROUND_COLUMNS = (
    "round_no, round_name, departments, opened_on, closed_on, hired_on_or_after, max_tenure_days"
)


def programs(
    connection: duckdb.DuckDBPyConnection, *, status: str, limit: int, cursor: str | None
) -> Page:
    """Programs (open: not closed), each with its open rounds."""
    sql = (
        "SELECT program_id, name, program_type, formality, starts_on, ends_on, "
        "meeting_cadence, launched_on, closed_on, launched_on AS k0, program_id AS k1 "
        "FROM programs WHERE true" + _open_filter("closed_on", status)
    )
    listed = page(connection, sql, [], PROGRAM_KEYS, limit, cursor)
    ids = [row["program_id"] for row in listed.items]
    rounds: dict[UUID, list[dict[str, Any]]] = {program_id: [] for program_id in ids}
    if ids:
        result = connection.execute(
            f"SELECT program_id, {ROUND_COLUMNS} "
            "FROM program_rounds WHERE closed_on IS NULL AND list_contains(?, program_id) "
            "ORDER BY program_id, round_no",
            [ids],
        )
        for row in _dicts(result):
            rounds[row.pop("program_id")].append(row)
    for row in listed.items:
        row["open_rounds"] = rounds[row["program_id"]]
    return listed


def program_exists(connection: duckdb.DuckDBPyConnection, program_id: UUID) -> bool:
    return bool(
        connection.execute(
            "SELECT count(*) FROM programs WHERE program_id = ?", [program_id]
        ).fetchall()[0][0]
    )


def rounds(
    connection: duckdb.DuckDBPyConnection, program_id: UUID, *, status: str, limit: int,
    cursor: str | None,
) -> Page:
    """A program's rounds, by number."""
    sql = (
        f"SELECT {ROUND_COLUMNS}, round_no AS k0 "
        "FROM program_rounds WHERE program_id = ?" + _open_filter("closed_on", status)
    )
    return page(connection, sql, [program_id], ROUND_KEYS, limit, cursor)


# --- requests ----------------------------------------------------------------------------

REQUEST_KEYS = (SortKey("made_on", "date"), SortKey("request_id", "uuid"), SortKey("role"))

SENT = (
    "SELECT r.request_id, 'mentee' AS role, r.program_id, r.round_no, r.mentee_id, "
    "r.mentor_id, r.topic, r.made_on, NULL::DATE AS asked_on, r.respond_by, "
    "r.outcome AS status, r.outcome_on AS decided_on, r.mentorship_id "
    "FROM requests r WHERE r.mentee_id = ?"
)
RECEIVED = (  # a ranked mentor sees a request only once it is addressed to them (asked)
    "SELECT r.request_id, 'mentor' AS role, r.program_id, r.round_no, r.mentee_id, "
    "a.mentor_id, r.topic, r.made_on, a.asked_on, a.respond_by, "
    "CASE WHEN a.answer = 'pending' AND r.outcome = 'withdrawn' THEN 'withdrawn' "
    "ELSE a.answer END AS status, "
    "CASE WHEN a.answer = 'pending' AND r.outcome = 'withdrawn' THEN r.outcome_on "
    "ELSE a.answered_on END AS decided_on, "
    "CASE WHEN a.answer = 'accepted' THEN r.mentorship_id END AS mentorship_id "
    f"FROM request_answers a JOIN {indexed('requests', 'request_id')} r "
    "USING (request_id) WHERE a.mentor_id = ?"
)


def requests(
    connection: duckdb.DuckDBPyConnection, hris_id: str, *, role: str | None,
    statuses: tuple[str, ...], limit: int, cursor: str | None,
) -> Page:
    """Requests the employee sent (as mentee) and received (as a mentor they were addressed to),
    in any state; `statuses` filters on the request's state for its sender, on the mentor's own
    answer for a mentor."""
    employee = person(hris_id)
    parts: list[str] = []
    parameters: list[Any] = []
    if role in (None, "mentee"):
        parts.append(SENT)
        parameters.append(employee)
    asked = _asked_of(connection, employee) if role in (None, "mentor") else []
    if asked:
        parts.append(RECEIVED)
        parameters.extend([asked, employee])
    if not parts:
        return Page([], None)
    where = ""
    if statuses:
        where = " WHERE list_contains(?, status)"
        parameters.append(list(statuses))
    union = " UNION ALL ".join(parts)
    sql = (
        f"SELECT *, made_on AS k0, request_id AS k1, role AS k2 FROM ({union}) AS mine{where}"
    )
    listed = page(connection, sql, parameters, REQUEST_KEYS, limit, cursor)
    _name_people(connection, listed.items, "mentee_id", "mentor_id")
    return listed


def _asked_of(connection: duckdb.DuckDBPyConnection, mentor: UUID | None) -> list[UUID]:
    """The requests ever addressed to the mentor (by the index on request_answers)."""
    return [row[0] for row in connection.execute(
        "SELECT request_id FROM request_answers WHERE mentor_id = ?", [mentor]
    ).fetchall()]


def _name_people(
    connection: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]], *columns: str
) -> None:
    """Replace the people's uuids in `columns` of a page's rows by their HRIS ids (one indexed
    lookup for the page, rather than a join with every employee)."""
    ids = list({row[column] for row in rows for column in columns if row[column] is not None})
    names: dict[UUID, str] = {}
    for batch in batches(ids):
        names.update(connection.execute(
            f"SELECT employee_id, hris_id FROM {indexed('employees', 'employee_id')}", [batch]
        ).fetchall())
    for row in rows:
        for column in columns:
            row[column] = None if row[column] is None else names.get(row[column])


def employee_exists(connection: duckdb.DuckDBPyConnection, hris_id: str) -> bool:
    """Whether the employee was ever hired (projected)."""
    return bool(connection.execute(
        "SELECT count(*) FROM employees WHERE employee_id = ?", [person(hris_id)]
    ).fetchall()[0][0])


def open_requests(connection: duckdb.DuckDBPyConnection, hris_id: str) -> list[dict[str, Any]]:
    """The pending requests addressed to the employee as a mentor now, oldest deadline first
    (a ranked mentor sees a request only once it is addressed to them)."""
    mentor = person(hris_id)
    asked = _asked_of(connection, mentor)
    if not asked:
        return []
    rows: list[dict[str, Any]] = []
    for batch in batches(asked):
        rows.extend(_dicts(connection.execute(
            "SELECT request_id, version, program_id, mentee_id, topic, "
            "coalesce(ranked, []) AS choices, coalesce(reason, '') AS reason, "
            "? AS addressed_mentor_id, respond_by, outcome AS status, mentorship_id "
            f"FROM {indexed('requests', 'request_id')} "
            "WHERE mentor_id = ? AND outcome = 'pending'",
            [hris_id, batch, mentor],
        )))
    rows.sort(key=lambda row: (  # as ORDER BY respond_by (NULLS LAST), CAST(id AS VARCHAR)
        row["respond_by"] is None, row["respond_by"] or date.min, str(row["request_id"])
    ))
    _name_people(connection, rows, "mentee_id")
    return rows


# --- mentorships and what happens in them --------------------------------------------------

MENTORSHIP_KEYS = (SortKey("started_on", "date"), SortKey("mentorship_id", "uuid"))
MENTORSHIP_COLUMNS = (
    "m.mentorship_id, m.program_id, m.round_no, m.mentee_id, m.mentor_id, m.origin, "
    "m.topic, m.started_on, m.ended_on, m.end_reason, "
    "CASE WHEN m.ended_on IS NULL THEN 'active' ELSE 'ended' END AS status"
)


def mentorships(
    connection: duckdb.DuckDBPyConnection, hris_id: str, *, status: str, limit: int,
    cursor: str | None,
) -> Page:
    """The employee's mentorships, as mentee or mentor, oldest first."""
    employee = person(hris_id)
    ended = _open_filter("m.ended_on", {"active": "open", "ended": "closed"}.get(status, "all"))
    mine = " UNION ALL ".join(
        f"SELECT {MENTORSHIP_COLUMNS}, '{role}' AS role, m.started_on AS k0, "
        f"m.mentorship_id AS k1 FROM mentorships m WHERE m.{role}_id = ?{ended}"
        for role in ("mentee", "mentor")
    )
    listed = page(connection, f"SELECT * FROM ({mine}) AS mine", [employee] * 2,
                  MENTORSHIP_KEYS, limit, cursor)
    held = _sessions_held(connection, [row["mentorship_id"] for row in listed.items])
    for row in listed.items:
        row["sessions_held"] = held.get(row["mentorship_id"], 0)
    _name_people(connection, listed.items, "mentee_id", "mentor_id")
    return listed


def _sessions_held(connection: duckdb.DuckDBPyConnection, ids: list[UUID]) -> dict[UUID, int]:
    """How many sessions each of these mentorships held (by the index on sessions)."""
    held: dict[UUID, int] = {}
    for batch in batches(ids):
        held.update(connection.execute(
            f"SELECT mentorship_id, count(*) FROM {indexed('sessions', 'mentorship_id')} "
            "GROUP BY mentorship_id", [batch],
        ).fetchall())
    return held


def mentorship_pair(
    connection: duckdb.DuckDBPyConnection, mentorship_id: UUID
) -> tuple[str | None, str | None] | None:
    """The mentee's and the mentor's HRIS ids, or None if no such mentorship is projected."""
    rows = _dicts(connection.execute(
        "SELECT mentee_id, mentor_id FROM mentorships WHERE mentorship_id = ?", [mentorship_id]
    ))
    _name_people(connection, rows, "mentee_id", "mentor_id")
    return (rows[0]["mentee_id"], rows[0]["mentor_id"]) if rows else None


SESSION_KEYS = (SortKey("held_on", "date"), SortKey("notification_id", "int"))
GOAL_KEYS = (SortKey("goal_id"),)
SURVEY_KEYS = (SortKey("notification_id", "int"),)


def sessions(
    connection: duckdb.DuckDBPyConnection, mentorship_id: UUID, *, limit: int,
    cursor: str | None,
) -> Page:
    """The sessions held, by date."""
    sql = (
        "SELECT notification_id AS session_no, held_on, duration_minutes, mode, topics, "
        "held_on AS k0, notification_id AS k1 FROM sessions WHERE mentorship_id = ?"
    )
    return page(connection, sql, [mentorship_id], SESSION_KEYS, limit, cursor)


def goals(
    connection: duckdb.DuckDBPyConnection, mentorship_id: UUID, *, achieved: bool | None,
    limit: int, cursor: str | None,
) -> Page:
    """The goals set (never their description), by id."""
    where = {True: " AND achieved_on IS NOT NULL", False: " AND achieved_on IS NULL"}.get(
        achieved, ""  # type: ignore[arg-type]
    )
    sql = (
        "SELECT goal_id, set_on, achieved_on, achieved_on IS NOT NULL AS achieved, "
        "goal_id AS k0 FROM goals WHERE mentorship_id = ?" + where
    )
    return page(connection, sql, [mentorship_id], GOAL_KEYS, limit, cursor)


def surveys(
    connection: duckdb.DuckDBPyConnection, mentorship_id: UUID, *, limit: int,
    cursor: str | None,
) -> Page:
    """The survey answers, in the order given."""
    sql = (
        "SELECT notification_id AS survey_no, respondent_id, "
        "answered_on, confidence, commitment, org_understanding, networking, pairing_fit, "
        "notification_id AS k0 FROM surveys WHERE mentorship_id = ?"
    )
    listed = page(connection, sql, [mentorship_id], SURVEY_KEYS, limit, cursor)
    _name_people(connection, listed.items, "respondent_id")
    return listed


# --- stories -----------------------------------------------------------------------------

STORY_KEYS = (SortKey("recorded_on", "date"), SortKey("story_id", "uuid"))
STORY_COLUMNS = "story_id, program_id, mentorship_id, recorded_on, title, people"


def stories(
    connection: duckdb.DuckDBPyConnection, program_id: UUID, *, limit: int, cursor: str | None
) -> Page:
    """A program's success stories (title, never the text), oldest first."""
    sql = (
        f"SELECT {STORY_COLUMNS}, recorded_on AS k0, story_id AS k1 "
        "FROM success_stories WHERE program_id = ?"
    )
    return page(connection, sql, [program_id], STORY_KEYS, limit, cursor)


def story(connection: duckdb.DuckDBPyConnection, story_id: UUID) -> dict[str, Any] | None:
    rows = _dicts(connection.execute(
        f"SELECT {STORY_COLUMNS} FROM success_stories WHERE story_id = ?", [story_id]
    ))
    return rows[0] if rows else None


# --- mentors and the roster ----------------------------------------------------------------

MENTOR_KEYS = (SortKey("employee_id"), SortKey("enrolment_id", "uuid"))
MENTORS = (  # the program's own rows of program_mentors: no join with every employee
    "SELECT enrolment_id, hris_id AS employee_id, round_no, route, status, topics, capacity, "
    "hours_per_month, trained, greatest(capacity - taken, 0) AS free_slots, department, "
    "location FROM program_mentors WHERE program_id = ?"
)


def mentors(
    connection: duckdb.DuckDBPyConnection, program_id: UUID, *, topic: str | None,
    available: bool | None, department: str | None, location: str | None, limit: int,
    cursor: str | None,
) -> Page:
    """A program's mentors, filtered; available = active with a free slot."""
    where, parameters = [], [program_id]
    if topic is not None:
        where.append("list_contains(topics, ?)")
        parameters.append(topic)  # type: ignore[arg-type]
    if available is True:
        where.append("status = 'active' AND free_slots > 0")
    elif available is False:
        where.append("NOT (status = 'active' AND free_slots > 0)")
    for column, value in (("department", department), ("location", location)):
        if value is not None:
            where.append(f"{column} = ?")
            parameters.append(value)  # type: ignore[arg-type]
    filters = (" WHERE " + " AND ".join(where)) if where else ""
    sql = f"SELECT *, employee_id AS k0, enrolment_id AS k1 FROM ({MENTORS}) AS m{filters}"
    return page(connection, sql, parameters, MENTOR_KEYS, limit, cursor)


def mentees(connection: duckdb.DuckDBPyConnection, program_id: UUID) -> list[dict[str, Any]]:
    """Every mentee enrolled in the program, by HRIS id."""
    return _dicts(connection.execute(
        f"SELECT {_hris('mentee_id')} AS employee_id, round_no, coalesce(topics, []) AS topics "
        "FROM mentee_enrolments WHERE program_id = ? ORDER BY employee_id, enrolment_id",
        [program_id],
    ))


def _dicts(result: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
