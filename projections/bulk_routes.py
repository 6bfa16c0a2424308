"""Set-based routes: high-volume insert-only events turned into rows by DuckDB, not by Python.

For these event classes the projector hands DuckDB the stored JSON state of the whole batch and
one INSERT ... SELECT per class extracts the columns (decoding tens of thousands of events per
second in Python is what limits catch-up). The row projections keep a Python handler for each
of them, producing identical rows (a test holds the two to it); classes with a class_version
above 1 are never routed here, since their upcasting needs the mapper.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from eventsourcing.utils import get_topic

from domain.base import NAMESPACE
from domain.employees import Employee
from domain.mentorships import Mentorship


@dataclass(frozen=True)
class Column:
    """A column's SQL over `j` (the parsed state), and the JSON field and shape it reads."""

    sql: str
    field: str | None = None
    shape: Any = None
    digest: str | None = None
    """A per-row SHA-1 the column needs, computed once in an inner query (a macro repeats it)."""


def _text(field: str) -> Column:
    return Column(f'j."{field}"', field, "VARCHAR")


def _date(field: str) -> Column:
    return Column(f'CAST(j."{field}"._data_ AS DATE)', field, {"_data_": "VARCHAR"})


def _int(field: str) -> Column:
    return Column(f'CAST(j."{field}" AS INTEGER)', field, "BIGINT")


def _double(field: str) -> Column:
    return Column(f'CAST(j."{field}" AS DOUBLE)', field, "DOUBLE")


def _uuid(field: str) -> Column:
    return Column(f'CAST(j."{field}"._data_ AS UUID)', field, {"_data_": "VARCHAR"})


def _list(field: str) -> Column:
    return Column(f'j."{field}"', field, ["VARCHAR"])


def _person(field: str) -> Column:
    digest = f"sha1(unhex('{NAMESPACE.hex}') || encode('employee:' || j.\"{field}\"))"
    return Column(f"employee_uuid_from_sha(sha_{field})", field, "VARCHAR", digest)


EMPLOYEE_UUID_MACRO = f"""
CREATE OR REPLACE MACRO employee_uuid_from_sha(x) AS CAST(
    substr(x, 1, 8) || '-' || substr(x, 9, 4) || '-5' || substr(x, 14, 3) || '-'
    || lower(printf('%x', (CAST('0x' || substr(x, 17, 1) AS INTEGER) & 3) | 8))
    || substr(x, 18, 3) || '-' || substr(x, 21, 12) AS UUID);
CREATE OR REPLACE MACRO employee_uuid(hris) AS employee_uuid_from_sha(
    sha1(unhex('{NAMESPACE.hex}') || encode('employee:' || hris)));
"""
"""uuid5(NAMESPACE, "employee:<hris id>") in SQL: domain.base.natural_id("employee", hris)."""


@dataclass(frozen=True)
class Route:
    """Where an event class's rows go and how each column is computed from the JSON state.

    Two steps: `select` computes the route's finished rows (into a staging table, on the reader
    thread or in the batch's transaction); `apply` copies them into the read side inside the
    batch's transaction, then runs `then`: further statements over the staged rows (named
    `{staged}` in them), e.g. rows of a second table.
    """

    table: str
    columns: dict[str, Column]
    then: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    """The read-side tables written, when not `table` itself."""

    def select(self, source: str, route_no: int, where: str = "TRUE") -> str:
        """The SELECT of this route's finished rows, from the events of `source`.

        `source(notification_id, route, originator_id UUID, state VARCHAR)` holds a batch's
        set-based events; this route's have `route = route_no` (and match `where`). The state
        is parsed once per row with from_json into a struct of just the fields used.
        """
        expressions = ", ".join(f"{c.sql} AS {name}" for name, c in self.columns.items())
        shape = json.dumps({c.field: c.shape for c in self.columns.values() if c.field})
        digests = "".join(
            f", {c.digest} AS sha_{c.field}" for c in self.columns.values() if c.digest
        )
        return (
            f"SELECT {expressions} FROM (SELECT *{digests} FROM ("
            f"SELECT notification_id, originator_id, from_json(state, '{shape}') AS j "
            f"FROM {source} WHERE route = {int(route_no)} AND {where}))"
        )

    def apply(self, staged: str) -> list[str]:
        """Copy the staged rows into the read side, then run `then` (`{staged}` names them)."""
        names = ", ".join(self.columns)
        insert = f"INSERT INTO {self.table} ({names}) SELECT {names} FROM {staged}"
        return [insert, *(statement.format(staged=staged) for statement in self.then)]

    @property
    def tables(self) -> tuple[str, ...]:
        """The read-side tables this route writes."""
        return self.writes or (self.table,)


def _change(kind: str, **columns: Column) -> Route:
    base = {
        "notification_id": Column("notification_id"),
        "employee_id": Column("originator_id"),
        "change": Column(f"'{kind}'"),
        "effective_date": _date("effective_date"),
    }
    return Route("employee_changes", {**base, **columns})


def _mentorship_fact(table: str, day: str, **columns: Column) -> Route:
    base = {"notification_id": Column("notification_id"), "mentorship_id": Column("originator_id")}
    return Route(table, {**base, day: _date("effective_date"), **columns})


STARTED = (
    """
INSERT INTO participations (mentorship_id, employee_id, role, program_id, started_on)
SELECT mentorship_id, mentee_id, 'mentee', program_id, started_on FROM {staged}
UNION ALL
SELECT mentorship_id, mentor_id, 'mentor', program_id, started_on FROM {staged}
""",
    "INSERT INTO new_mentorships SELECT mentorship_id FROM {staged}",
)
"""A new pair's mentorship row, its two participations, and its id for the round fix-ups."""


def _start(origin: str, request_id: Column) -> Route:
    columns = {
        "mentorship_id": Column("originator_id"), "program_id": _uuid("program_id"),
        "mentee_id": _person("mentee_id"), "mentor_id": _person("mentor_id"),
        "request_id": request_id, "origin": Column(f"'{origin}'"), "topic": _text("topic"),
        "started_on": _date("effective_date"),
    }
    return Route("mentorships", columns, then=STARTED, writes=("mentorships", "participations"))


ROUTES: dict[type, Route] = {
    Mentorship.Matched: _start("request", _uuid("request_id")),
    Mentorship.PairAssigned: _start("assigned", Column("CAST(NULL AS UUID)")),
    Mentorship.CohortMatched: _start("matching", Column("CAST(NULL AS UUID)")),
    Employee.Hired: _change(
        "hired", hris_id=_text("hris_id"), department=_text("department"),
        level=_int("job_level"), manager_id=_person("manager_id"), location=_text("location"),
        demographic_group=_text("demographic_group"),
    ),
    Employee.Promoted: _change("promoted", level=_int("new_job_level")),
    Employee.Transferred: _change("transferred", department=_text("new_department")),
    Employee.ManagerChanged: _change("manager_changed", manager_id=_person("new_manager_id")),
    Employee.Left: _change("left", exit_reason=_text("reason")),
    Employee.Rehired: _change(
        "rehired", department=_text("department"), level=_int("job_level"),
        manager_id=_person("manager_id"), location=_text("location"),
    ),
    Mentorship.KickoffAnswered: _mentorship_fact(
        "kickoffs", "answered_on", participant_id=_person("participant_id")
    ),
    Mentorship.SessionHeld: _mentorship_fact(
        "sessions", "held_on", duration_minutes=_int("duration_minutes"), mode=_text("mode"),
        topics=_list("topics"),
    ),
    Mentorship.MemoFiled: _mentorship_fact("memos", "filed_on", skills=_list("skills")),
    Mentorship.SurveyAnswered: _mentorship_fact(
        "surveys", "answered_on", respondent_id=_person("respondent_id"),
        confidence=_int("confidence"), commitment=_int("commitment"),
        org_understanding=_int("org_understanding"), networking=_int("networking"),
        pairing_fit=_int("pairing_fit"),
    ),
    Employee.PerformanceRated: Route("performance_ratings", {
        "notification_id": Column("notification_id"), "employee_id": Column("originator_id"),
        "effective_date": _date("effective_date"), "cycle": _text("cycle"),
        "rating": _double("rating"), "scale_min": _double("scale_min"),
        "scale_max": _double("scale_max"),
    }),
}


@cache
def routes_by_topic() -> dict[str, Route]:
    """The routes by stored topic, leaving out classes whose schema version needs upcasting."""
    return {
        get_topic(cls): route
        for cls, route in ROUTES.items()
        if getattr(cls, "class_version", 1) == 1
    }


@cache
def route_numbers() -> dict[str, int]:
    """A number per routed topic: how staged events name their route (`staged_events.route`)."""
    return {topic: number for number, topic in enumerate(routes_by_topic())}


@cache
def employee_routes() -> tuple[int, ...]:
    """The route numbers whose rows change an employee's derived history."""
    routes = routes_by_topic()
    return tuple(n for t, n in route_numbers().items() if routes[t].table == "employee_changes")
