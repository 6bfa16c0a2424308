"""The DuckDB schema of the read side (documented column by column in docs/read-side.md)."""

from __future__ import annotations

TABLES: dict[str, str] = {
    "tracking": "application_name VARCHAR PRIMARY KEY, notification_id BIGINT NOT NULL",
    "employee_changes": (
        "notification_id BIGINT PRIMARY KEY, employee_id UUID NOT NULL, change VARCHAR NOT NULL, "
        "effective_date DATE NOT NULL, hris_id VARCHAR, department VARCHAR, level VARCHAR, manager_id UUID, "
        "location VARCHAR, demographic_group VARCHAR, exit_reason VARCHAR"
    ),
    "employees": (
        "employee_id UUID NOT NULL, hris_id VARCHAR, demographic_group VARCHAR, "
        "first_hired_on DATE, department VARCHAR, level VARCHAR, manager_id UUID, "
        "location VARCHAR, employed BOOLEAN"
    ),
    "employee_history": (
        "employee_id UUID NOT NULL, valid_from DATE NOT NULL, valid_to DATE, "
        "department VARCHAR, level VARCHAR, manager_id UUID, location VARCHAR"
    ),
    "employment_spells": (
        "employee_id UUID NOT NULL, spell_no INTEGER NOT NULL, hired_on DATE NOT NULL, "
        "left_on DATE, exit_reason VARCHAR, voluntary BOOLEAN"
    ),
    "promotions": (
        "notification_id BIGINT PRIMARY KEY, employee_id UUID NOT NULL, "
        "effective_date DATE NOT NULL, from_level VARCHAR, to_level VARCHAR"
    ),
    "programs": (
        "program_id UUID PRIMARY KEY, name VARCHAR, program_type VARCHAR, formality VARCHAR, "
        "launched_on DATE, closed_on DATE, sponsor_id UUID"
    ),
    "program_rounds": (
        "program_id UUID NOT NULL, round_no INTEGER NOT NULL, opened_on DATE, closed_on DATE, "
        "PRIMARY KEY (program_id, round_no)"
    ),
    "mentor_enrolments": (
        "program_id UUID NOT NULL, mentor_id UUID NOT NULL, route VARCHAR, enrolled_on DATE, "
        "trained_on DATE, capacity INTEGER, topics VARCHAR[], withdrawn_on DATE, "
        "PRIMARY KEY (program_id, mentor_id)"
    ),
    "mentee_enrolments": (
        "program_id UUID NOT NULL, mentee_id UUID NOT NULL, round_no INTEGER, enrolled_on DATE, "
        "PRIMARY KEY (program_id, mentee_id)"
    ),
    "nominations": (
        "nomination_id UUID PRIMARY KEY, program_id UUID, nominee_id UUID NOT NULL, "
        "nominated_by UUID, nominated_on DATE NOT NULL, outcome VARCHAR, decided_on DATE"
    ),
    "requests": (
        "request_id UUID PRIMARY KEY, program_id UUID, round_no INTEGER, mentee_id UUID NOT NULL, "
        "mentor_id UUID NOT NULL, choice_rank INTEGER, made_on DATE NOT NULL, respond_by DATE, "
        "outcome VARCHAR NOT NULL, outcome_on DATE, decline_reason VARCHAR"
    ),
    "mentorships": (
        "mentorship_id UUID PRIMARY KEY, program_id UUID, round_no INTEGER, "
        "mentee_id UUID NOT NULL, mentor_id UUID NOT NULL, request_id UUID, origin VARCHAR, "
        "started_on DATE NOT NULL, ended_on DATE, end_reason VARCHAR, kickoff_answers INTEGER"
    ),
    "participations": (
        "mentorship_id UUID NOT NULL, employee_id UUID NOT NULL, role VARCHAR NOT NULL, "
        "program_id UUID, round_no INTEGER, started_on DATE NOT NULL, ended_on DATE, "
        "PRIMARY KEY (mentorship_id, role)"
    ),
    "goals": (
        "mentorship_id UUID NOT NULL, goal_no INTEGER NOT NULL, set_on DATE, achieved_on DATE, "
        "PRIMARY KEY (mentorship_id, goal_no)"
    ),
    "sessions": (
        "notification_id BIGINT PRIMARY KEY, mentorship_id UUID NOT NULL, held_on DATE NOT NULL, "
        "duration_minutes INTEGER, mode VARCHAR, topics VARCHAR[]"
    ),
    "memos": (
        "notification_id BIGINT PRIMARY KEY, mentorship_id UUID NOT NULL, mentee_id UUID, "
        "filed_on DATE NOT NULL, skills VARCHAR[]"
    ),
    "surveys": (
        "notification_id BIGINT PRIMARY KEY, mentorship_id UUID, respondent_id UUID, "
        "respondent_role VARCHAR, answered_on DATE NOT NULL, confidence INTEGER, "
        "commitment INTEGER, org_understanding INTEGER, networking INTEGER, pairing_fit INTEGER"
    ),
    "success_stories": (
        "notification_id BIGINT PRIMARY KEY, story_id UUID, program_id UUID, mentorship_id UUID, "
        "recorded_on DATE NOT NULL, headline VARCHAR"
    ),
}

KEYS: dict[str, tuple[str, ...]] = {
    "employees": ("employee_id",),
    "programs": ("program_id",),
    "program_rounds": ("program_id", "round_no"),
    "mentor_enrolments": ("program_id", "mentor_id"),
    "mentee_enrolments": ("program_id", "mentee_id"),
    "nominations": ("nomination_id",),
    "requests": ("request_id",),
    "mentorships": ("mentorship_id",),
    "participations": ("mentorship_id", "role"),
    "goals": ("mentorship_id", "goal_no"),
}
"""Tables whose rows later events update, by primary key; all others are insert-only."""

DERIVED = ("employees", "employee_history", "employment_spells")
"""Tables recomputed from employee_changes for the employees a batch touched."""


def columns(table: str) -> list[tuple[str, str]]:
    """The (name, SQL type) pairs of a table, in order, from its definition."""
    result: list[tuple[str, str]] = []
    for part in _split_top_level(TABLES[table]):
        name, _, rest = part.strip().partition(" ")
        if name == "PRIMARY":
            continue
        result.append((name, rest.split(" NOT NULL")[0].split(" PRIMARY KEY")[0]))
    return result


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


def create_statements() -> list[str]:
    """CREATE TABLE IF NOT EXISTS statements for every table."""
    return [f"CREATE TABLE IF NOT EXISTS {name} ({body})" for name, body in TABLES.items()]
