"""The DuckDB schema of the read side (documented column by column in docs/read-side.md)."""

from __future__ import annotations

from functools import cache

from projections.portal import mentor_table

TABLES: dict[str, str] = {
    "tracking": "application_name VARCHAR PRIMARY KEY, notification_id BIGINT NOT NULL",
    "employee_changes": (
        "notification_id BIGINT NOT NULL, employee_id UUID NOT NULL, change VARCHAR NOT NULL, "
        "effective_date DATE NOT NULL, hris_id VARCHAR, department VARCHAR, level INTEGER, "
        "manager_id UUID, location VARCHAR, demographic_group VARCHAR, exit_reason VARCHAR"
    ),
    "dirty_employees": "employee_id UUID NOT NULL",
    "employees": (
        "employee_id UUID NOT NULL, hris_id VARCHAR, demographic_group VARCHAR, "
        "first_hired_on DATE, department VARCHAR, level INTEGER, manager_id UUID, "
        "location VARCHAR, employed BOOLEAN"
    ),
    "employee_history": (
        "employee_id UUID NOT NULL, valid_from DATE NOT NULL, valid_to DATE, "
        "department VARCHAR, level INTEGER, manager_id UUID, location VARCHAR"
    ),
    "employment_spells": (
        "employee_id UUID NOT NULL, spell_no INTEGER NOT NULL, hired_on DATE NOT NULL, "
        "left_on DATE, exit_reason VARCHAR, voluntary BOOLEAN"
    ),
    "programs": (
        "program_id UUID PRIMARY KEY, name VARCHAR, program_type VARCHAR, formality VARCHAR, "
        "starts_on DATE, ends_on DATE, meeting_cadence VARCHAR, sponsor_hris_id VARCHAR, "
        "launched_on DATE, closed_on DATE"
    ),
    "program_rounds": (
        "program_id UUID NOT NULL, round_no INTEGER NOT NULL, round_name VARCHAR, "
        "departments VARCHAR[], opened_on DATE, closed_on DATE, hired_on_or_after DATE, "
        "max_tenure_days INTEGER, PRIMARY KEY (program_id, round_no)"
    ),
    "mentor_enrolments": (
        "enrolment_id UUID PRIMARY KEY, program_id UUID NOT NULL, mentor_id UUID NOT NULL, "
        "round_no INTEGER, route VARCHAR, status VARCHAR, enrolled_on DATE, trained_on DATE, "
        "topics VARCHAR[], capacity INTEGER, hours_per_month INTEGER, withdrawn_on DATE"
    ),
    "mentor_slots": (
        "enrolment_id UUID NOT NULL, mentorship_id UUID NOT NULL, mentee_id UUID, taken_on DATE, "
        "released_on DATE, PRIMARY KEY (enrolment_id, mentorship_id)"
    ),
    "mentee_enrolments": (
        "enrolment_id UUID PRIMARY KEY, program_id UUID NOT NULL, mentee_id UUID NOT NULL, "
        "round_no INTEGER, enrolled_on DATE, topics VARCHAR[]"
    ),
    "nominations": (
        "nomination_id UUID PRIMARY KEY, program_id UUID, round_no INTEGER, "
        "nominee_id UUID NOT NULL, nominated_by VARCHAR, nominated_on DATE NOT NULL, "
        "outcome VARCHAR NOT NULL, decided_on DATE"
    ),
    "requests": (
        "request_id UUID PRIMARY KEY, program_id UUID, round_no INTEGER, mentee_id UUID NOT NULL, "
        "topic VARCHAR, made_on DATE NOT NULL, choices INTEGER, mentor_id UUID, "
        "choice_index INTEGER, respond_by DATE, outcome VARCHAR NOT NULL, outcome_on DATE, "
        "mentorship_id UUID, version INTEGER, ranked VARCHAR[], reason VARCHAR"
    ),
    "request_answers": (
        "request_id UUID NOT NULL, mentor_id UUID NOT NULL, choice_index INTEGER, "
        "asked_on DATE NOT NULL, respond_by DATE, answer VARCHAR NOT NULL, answered_on DATE, "
        "decline_reason VARCHAR, PRIMARY KEY (request_id, mentor_id)"
    ),
    "mentorships": (
        "mentorship_id UUID PRIMARY KEY, program_id UUID, round_no INTEGER, "
        "mentee_id UUID NOT NULL, mentor_id UUID NOT NULL, request_id UUID, origin VARCHAR, "
        "topic VARCHAR, started_on DATE NOT NULL, ended_on DATE, end_reason VARCHAR"
    ),
    "participations": (
        "mentorship_id UUID NOT NULL, employee_id UUID NOT NULL, role VARCHAR NOT NULL, "
        "program_id UUID, round_no INTEGER, started_on DATE NOT NULL, ended_on DATE, "
        "end_reason VARCHAR, PRIMARY KEY (mentorship_id, role)"
    ),
    "kickoffs": (
        "notification_id BIGINT NOT NULL, mentorship_id UUID NOT NULL, participant_id UUID, "
        "answered_on DATE NOT NULL"
    ),
    "goals": (
        "mentorship_id UUID NOT NULL, goal_id VARCHAR NOT NULL, set_on DATE, achieved_on DATE, "
        "PRIMARY KEY (mentorship_id, goal_id)"
    ),
    "sessions": (
        "notification_id BIGINT NOT NULL, mentorship_id UUID NOT NULL, held_on DATE NOT NULL, "
        "duration_minutes INTEGER, mode VARCHAR, topics VARCHAR[]"
    ),
    "memos": (
        "notification_id BIGINT NOT NULL, mentorship_id UUID NOT NULL, filed_on DATE NOT NULL, "
        "skills VARCHAR[]"
    ),
    "surveys": (
        "notification_id BIGINT NOT NULL, mentorship_id UUID NOT NULL, respondent_id UUID, "
        "answered_on DATE NOT NULL, confidence INTEGER, commitment INTEGER, "
        "org_understanding INTEGER, networking INTEGER, pairing_fit INTEGER"
    ),
    "success_stories": (
        "story_id UUID PRIMARY KEY, program_id UUID, mentorship_id UUID, "
        "recorded_on DATE NOT NULL, title VARCHAR, people INTEGER"
    ),
    "program_matching": "program_id UUID PRIMARY KEY, rules VARCHAR, weights VARCHAR",
    "program_mentors": (
        "enrolment_id UUID NOT NULL, program_id UUID NOT NULL, mentor_id UUID NOT NULL, "
        "hris_id VARCHAR, round_no INTEGER, route VARCHAR, status VARCHAR, trained BOOLEAN, "
        "topics VARCHAR[], capacity INTEGER, hours_per_month INTEGER, taken INTEGER, "
        "department VARCHAR, location VARCHAR, level INTEGER, manager_id UUID, employed BOOLEAN, "
        "hired_on DATE, left_on DATE"
    ),
    "performance_ratings": (
        "notification_id BIGINT NOT NULL, employee_id UUID NOT NULL, effective_date DATE NOT NULL, "
        "cycle VARCHAR, rating DOUBLE NOT NULL, scale_min DOUBLE NOT NULL, "
        "scale_max DOUBLE NOT NULL"
    ),
}

KEYS: dict[str, tuple[str, ...]] = {
    "programs": ("program_id",),
    "program_rounds": ("program_id", "round_no"),
    "mentor_enrolments": ("enrolment_id",),
    "mentor_slots": ("enrolment_id", "mentorship_id"),
    "mentee_enrolments": ("enrolment_id",),
    "nominations": ("nomination_id",),
    "requests": ("request_id",),
    "request_answers": ("request_id", "mentor_id"),
    "mentorships": ("mentorship_id",),
    "participations": ("mentorship_id", "role"),
    "goals": ("mentorship_id", "goal_id"),
    "program_matching": ("program_id",),
}
"""Tables whose rows later events update, by primary key; all others are insert-only."""

DERIVED = ("employees", "employee_history", "employment_spells")
"""Tables recomputed from employee_changes for the employees a batch touched."""


@cache
def columns(table: str) -> list[tuple[str, str]]:
    """The (name, SQL type) pairs of a table, in order, from its definition."""
    result: list[tuple[str, str]] = []
    for part in _split_top_level(TABLES[table]):
        name, _, rest = part.strip().partition(" ")
        if name == "PRIMARY":
            continue
        result.append((name, rest.split(" NOT NULL")[0].split(" PRIMARY KEY")[0]))
    return result


@cache
def column_names(table: str) -> frozenset[str]:
    """The names of a table's columns."""
    return frozenset(name for name, _ in columns(table))


def _split_top_level(definition: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in definition:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


VIEWS: dict[str, str] = {
    "promotions": (
        "SELECT notification_id, employee_id, effective_date, level AS new_level "
        "FROM employee_changes WHERE change = 'promoted'"
    ),
    "mentorship_origins": (
        "SELECT m.mentorship_id, m.program_id, m.round_no, m.mentee_id, m.mentor_id, "
        "m.started_on, m.ended_on, m.end_reason, a.choice_index, "
        "CASE WHEN coalesce(m.origin, 'unknown') <> 'request' THEN coalesce(m.origin, 'unknown') "
        "WHEN a.choice_index = 0 THEN 'first_choice' WHEN a.choice_index > 0 THEN 'later_choice' "
        "ELSE 'request' END AS origin "
        "FROM mentorships m LEFT JOIN request_answers a "
        "ON a.request_id = m.request_id AND a.mentor_id = m.mentor_id"
    ),
}
"""Views over the tables. mentorship_origins: how each pair was formed, the accepted request's
rank made explicit: first_choice (the mentee's first-ranked mentor accepted), later_choice (a
later-ranked mentor accepted after the request was forwarded), assigned (an admin assigned the
pair), matching (cohort matching); choice_index is the accepting mentor's rank (0 = first)."""


ADDED_COLUMNS: dict[str, tuple[str, ...]] = {
    "program_rounds": ("hired_on_or_after", "max_tenure_days"),
    "requests": ("version", "ranked", "reason"),
}
"""Columns added to a table after files were projected (issue 16): added to an existing file
when it opens (a log recorded before them projects them NULL or from its events)."""


INDEXES: dict[str, tuple[str, str]] = {
    "employees_by_id": ("employees", "employee_id"),
    "requests_by_mentee": ("requests", "mentee_id"),
    "request_answers_by_mentor": ("request_answers", "mentor_id"),
    "mentorships_by_mentee": ("mentorships", "mentee_id"),
    "mentorships_by_mentor": ("mentorships", "mentor_id"),
    "sessions_by_mentorship": ("sessions", "mentorship_id"),
    "goals_by_mentorship": ("goals", "mentorship_id"),
    "surveys_by_mentorship": ("surveys", "mentorship_id"),
    "employment_spells_by_employee": ("employment_spells", "employee_id"),
    "request_answers_by_request": ("request_answers", "request_id"),
    "mentee_enrolments_by_mentee": ("mentee_enrolments", "mentee_id"),
    "mentor_slots_by_enrolment": ("mentor_slots", "enrolment_id"),
    "program_mentors_by_enrolment": ("program_mentors", "enrolment_id"),
}
"""ART indexes for the portal's lists (projections/portal/queries.py) and suggestions
(projections/portal/matching_reads.py): one person's or one mentorship's rows are found by an
index scan, not a scan of the whole table (issue 16)."""


FILLED_ON_OPEN: tuple[str, ...] = (mentor_table.BACKFILL,)
"""Tables added after files were projected, derived from older tables: each filled when a file
that lacks their rows opens (program_mentors: projections/portal/mentor_table.py)."""


def create_statements() -> list[str]:
    """CREATE statements (idempotent) for every table and view, the added columns and the
    indexes."""
    tables = [f"CREATE TABLE IF NOT EXISTS {name} ({body})" for name, body in TABLES.items()]
    types = {table: dict(columns(table)) for table in ADDED_COLUMNS}
    added = [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {types[table][column]}"
        for table, names in ADDED_COLUMNS.items()
        for column in names
    ]
    indexes = [
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})"
        for name, (table, column) in INDEXES.items()
    ]
    views = [f"CREATE OR REPLACE VIEW {name} AS {body}" for name, body in VIEWS.items()]
    return tables + added + indexes + views + list(FILLED_ON_OPEN)
