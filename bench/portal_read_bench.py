"""Read latency of the portal's lists (and suggestions) on read sides of three sizes.

    .venv/bin/python bench/portal_read_bench.py [--demo DIR ...] [--employees 1000000]
        [--runs 300] [--skip-generated] [--threads N]

Each read side is an in-memory DuckDB read model, as the API process keeps one
(`projections/portal/follower.py`): the tables of a demo's projected file (`--demo DIR`: a
directory where `mentoring demo` wrote `analytics.duckdb`, e.g. the demo at 2,000 and at 8,000
employees) are copied into it; the generated one is built directly in DuckDB at `--employees`
(1 million: requests, mentorships, sessions, goals, surveys, enrolments in proportion). Every
list runs through the same query functions the HTTP routes call (`projections/portal/queries`),
`--runs` times, each time for a subject drawn at random (an employee who has requests, a
mentorship with sessions, ...): wall p50 and p99 and the median CPU time of a read, in
milliseconds, then the ratios of each read side's figures to the first one's (pass the demo at
2,000 first and at 8,000 second: the ratio between log lengths), with `uptime` before and after.
The read sides are built first and take turns, one read each (``measure``), so the machine's
drift during the run does not pass for a ratio. Suggestions
(`projections.portal.suggestions.suggestions`) are timed with the lists, through a
``ProgramCache`` as the API's read model holds one (the bench writes nothing, so it stays at
one position). DuckDB runs `--threads` threads, as the API's read model (`READ_THREADS`).
Target: p99 < 20 ms, ratio <= 1.5. One run of all three:

    .venv/bin/python bench/portal_read_bench.py --demo DEMO2000 --demo DEMO8000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from projections.portal import mentor_table, queries  # noqa: E402
from projections.portal.durable import READ_THREADS  # noqa: E402
from projections.portal.mentor_pool import ProgramCache  # noqa: E402
from projections.schema import TABLES  # noqa: E402
from projections.view import DuckDBView  # noqa: E402

TOPICS = [f"topic {i}" for i in range(20)]
SUGGESTIONS_DAY = date(2026, 6, 1)


@dataclass
class Subjects:
    """What each list is asked about, drawn from the read side's own rows."""

    programs: list[Any] = field(default_factory=list)
    big_program: Any = None
    mentor_page: str | None = None
    mentees: list[str] = field(default_factory=list)
    mentors: list[str] = field(default_factory=list)
    mentorships: list[Any] = field(default_factory=list)
    topic: str = "sales"
    newcomers: list[str] = field(default_factory=list)
    """Employees the big program's open round admits as mentees (suggestions' subjects)."""


# --- read sides -----------------------------------------------------------------------------


def copied_read_side(projected: Path) -> DuckDBView:
    """An in-memory read model holding the tables of a projected file."""
    view = DuckDBView(":memory:")
    connection = view.connection
    connection.execute(f"ATTACH '{projected}' AS projected (READ_ONLY)")
    present = {row[0] for row in connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'projected'"
    ).fetchall()}
    for table in TABLES:
        if table not in present:
            continue
        columns = [row[0] for row in connection.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'projected' "
            "AND table_name = ? ORDER BY column_index", [table]
        ).fetchall()]
        names = ", ".join(columns)
        connection.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM projected.{table}")
    connection.execute("DETACH projected")
    if "program_mentors" not in present:  # a demo projected before the table existed
        for statement in mentor_table.fill_all():
            connection.execute(statement)
    return view


GENERATED = """
SELECT setseed(0.16);
INSERT INTO employees SELECT employee_uuid('E' || range), 'E' || range, 'A',
    DATE '2010-01-01' + CAST(floor(random() * 5800) AS INTEGER),
    (['Sales', 'Eng', 'Ops', 'Finance', 'HR', 'Legal'])[1 + CAST(floor(random() * 6) AS INTEGER)],
    1 + CAST(floor(random() * 7) AS INTEGER),
    CASE WHEN range > 0 THEN employee_uuid('E' || (range // 8)) END,
    (['Paris', 'Lyon', 'Berlin', 'Madrid'])[1 + CAST(floor(random() * 4) AS INTEGER)],
    random() < 0.95
FROM range({n});
INSERT INTO employment_spells SELECT employee_id, 1, first_hired_on, NULL, NULL, NULL
FROM employees;
INSERT INTO programs SELECT uuid(), 'Program ' || range, 'general', 'structured',
    DATE '2020-01-01', NULL, 'monthly', 'E1', DATE '2020-01-01' + CAST(range AS INTEGER),
    CASE WHEN range % 5 = 4 THEN DATE '2025-01-01' END FROM range({programs});
CREATE TEMP TABLE ordered_programs AS
    SELECT row_number() OVER (ORDER BY launched_on) - 1 AS i, program_id FROM programs;
INSERT INTO program_rounds (program_id, round_no, round_name, departments, opened_on, closed_on,
    hired_on_or_after, max_tenure_days)
SELECT program_id, r, 'round ' || r, [], DATE '2021-01-01' + CAST(r * 200 AS INTEGER),
    CASE WHEN r < 3 THEN DATE '2021-01-01' + CAST(r * 200 + 180 AS INTEGER) END,
    NULL, CASE WHEN r = 3 AND i % 2 = 0 THEN 365 END
FROM ordered_programs, range(1, 4) t(r);
CREATE TEMP TABLE mentor_people AS SELECT range AS m,
    CAST(floor(random() * {n}) AS BIGINT) AS person,
    CASE WHEN range < {big} THEN 0 ELSE 1 + range % ({programs} - 1) END AS p FROM range({mentors});
INSERT INTO mentor_enrolments SELECT uuid(), o.program_id, employee_uuid('E' || person), 3,
    'volunteer', CASE WHEN random() < 0.9 THEN 'active' ELSE 'withdrawn' END,
    DATE '2026-01-02', CASE WHEN random() < 0.8 THEN DATE '2026-01-03' END,
    ({topics})[1 + (m * 7) % 20 : 1 + (m * 7) % 20 + m % 3],
    1 + m % 3, 4, NULL
FROM mentor_people JOIN ordered_programs o ON o.i = p;
CREATE TEMP TABLE mentee_people AS SELECT range AS e,
    CAST(floor(random() * {n}) AS BIGINT) AS person,
    CAST(floor(random() * {programs}) AS BIGINT) AS p FROM range({mentees});
INSERT INTO mentee_enrolments SELECT uuid(), o.program_id, employee_uuid('E' || person), 3,
    DATE '2026-01-05', [({topics})[1 + e % 20]]
FROM mentee_people JOIN ordered_programs o ON o.i = p;
CREATE TEMP TABLE mentor_list AS SELECT row_number() OVER () - 1 AS j, mentor_id, program_id,
    enrolment_id FROM mentor_enrolments;
CREATE TEMP TABLE asked AS SELECT uuid() AS request_id, me.mentee_id, ml.mentor_id,
    ml.program_id, DATE '2026-01-06' + CAST(floor(random() * 300) AS INTEGER) AS made_on,
    CASE WHEN random() < 0.5 THEN 'accepted' WHEN random() < 0.5 THEN 'declined'
         WHEN random() < 0.5 THEN 'pending' ELSE 'withdrawn' END AS outcome
FROM (SELECT range, CAST(floor(random() * {mentors}) AS BIGINT) AS pick
      FROM range({requests})) r
JOIN (SELECT row_number() OVER () - 1 AS i, mentee_id FROM mentee_enrolments) me
  ON me.i = r.range % {mentees}
JOIN mentor_list ml ON ml.j = r.pick;
INSERT INTO requests (request_id, program_id, round_no, mentee_id, topic, made_on, choices,
    mentor_id, choice_index, respond_by, outcome, outcome_on, mentorship_id, version, ranked,
    reason)
SELECT request_id, program_id, 3, mentee_id, 'topic 1', made_on, 1, mentor_id, 0, made_on + 14,
    outcome, CASE WHEN outcome <> 'pending' THEN made_on + 3 END,
    CASE WHEN outcome = 'accepted' THEN uuid() END, 2, ['M'], 'a reason'
FROM asked;
INSERT INTO request_answers SELECT request_id, mentor_id, 0, made_on, made_on + 14,
    CASE WHEN outcome = 'withdrawn' THEN 'pending' ELSE outcome END,
    CASE WHEN outcome IN ('accepted', 'declined') THEN made_on + 3 END, NULL FROM requests;
INSERT INTO mentorships SELECT mentorship_id, program_id, 3, mentee_id, mentor_id, request_id,
    'request', topic, made_on + 3,
    CASE WHEN random() < 0.4 THEN made_on + 120 END, NULL FROM requests
WHERE mentorship_id IS NOT NULL;
INSERT INTO mentor_slots SELECT e.enrolment_id, m.mentorship_id, m.mentee_id, m.started_on,
    m.ended_on FROM mentorships m
JOIN mentor_enrolments e ON e.program_id = m.program_id AND e.mentor_id = m.mentor_id;
CREATE TEMP TABLE numbered AS SELECT row_number() OVER () - 1 AS i, mentorship_id, started_on,
    mentee_id FROM mentorships;
SET VARIABLE pairs = (SELECT count(*) FROM numbered);
INSERT INTO sessions SELECT range, n.mentorship_id, n.started_on + CAST(range % 90 AS INTEGER),
    60, 'virtual', ['topic 1']
FROM range({sessions}) JOIN numbered n ON n.i = range % getvariable('pairs');
INSERT INTO goals SELECT mentorship_id, 'g' || k, started_on,
    CASE WHEN k = 1 THEN started_on + 30 END FROM numbered, range(1, 3) t(k);
INSERT INTO surveys SELECT {sessions} + range, n.mentorship_id, n.mentee_id,
    n.started_on + 60, 4, 4, 3, 3, 5
FROM range({surveys}) JOIN numbered n ON n.i = range % getvariable('pairs');
INSERT INTO success_stories SELECT uuid(), o.program_id, NULL,
    DATE '2026-01-01' + CAST(range % 300 AS INTEGER), 'story ' || range, 2
FROM range({stories}) JOIN ordered_programs o ON o.i = range % {programs}
"""


def generated_read_side(employees: int) -> DuckDBView:
    """An in-memory read model generated at `employees` people (the rest in proportion)."""
    view = DuckDBView(":memory:")
    sizes = {
        "n": employees, "programs": 20, "big": 5_000, "mentors": max(employees // 20, 6_000),
        "mentees": max(employees // 7, 1_000), "requests": employees,
        "sessions": employees * 3 // 2, "surveys": employees // 2, "stories": employees // 50,
        "topics": "[" + ", ".join(f"'{t}'" for t in TOPICS) + "]",
    }
    for statement in GENERATED.format(**sizes).split(";"):
        if statement.strip():
            view.connection.execute(statement)
    for statement in mentor_table.fill_all():  # as the projector keeps it
        view.connection.execute(statement)
    _matching_settings(view.connection)
    return view


def _matching_settings(connection: duckdb.DuckDBPyConnection) -> None:
    """Default rules and weights for every program, if this read side keeps them."""
    if "program_matching" not in TABLES:
        return
    from domain.programs import ConflictRules

    try:
        from domain.matching import MatchingWeights
        weights = json.dumps(asdict(MatchingWeights()))
    except ImportError:
        weights = "{}"
    connection.execute(
        "INSERT INTO program_matching SELECT program_id, ?, ? FROM programs "
        "WHERE program_id NOT IN (SELECT program_id FROM program_matching)",
        [json.dumps(asdict(ConflictRules())), weights],
    )


def sizes_of(connection: duckdb.DuckDBPyConnection) -> str:
    """The size of the read side, in words."""
    counts = {t: connection.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in (
        "employees", "requests", "mentorships", "sessions", "mentor_enrolments"
    )}
    return ", ".join(f"{count:,} {table}" for table, count in counts.items())


# --- subjects and lists -----------------------------------------------------------------------


def subjects(connection: duckdb.DuckDBPyConnection, sample: int = 200) -> Subjects:
    """A random sample of what the lists are asked about."""

    def column(sql: str) -> list[Any]:
        return [row[0] for row in connection.execute(sql).fetchall()]

    found = Subjects()
    found.programs = column("SELECT program_id FROM programs")
    found.big_program = column(
        "SELECT program_id FROM mentor_enrolments GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
    )[0]
    found.topic = column(
        "SELECT t FROM (SELECT unnest(topics) AS t FROM mentor_enrolments WHERE program_id = "
        f"'{found.big_program}') GROUP BY t ORDER BY count(*) DESC LIMIT 1"
    )[0]
    found.mentees = column(
        "SELECT hris_id FROM employees WHERE employee_id IN (SELECT mentee_id FROM requests) "
        f"USING SAMPLE {sample} ROWS"
    )
    found.mentors = column(
        "SELECT hris_id FROM employees WHERE employee_id IN (SELECT mentor_id FROM "
        f"request_answers) USING SAMPLE {sample} ROWS"
    )
    found.mentorships = column(
        "SELECT mentorship_id FROM mentorships WHERE mentorship_id IN "
        f"(SELECT mentorship_id FROM sessions) USING SAMPLE {sample} ROWS"
    )
    first = queries.mentors(connection, found.big_program, topic=None, available=None,
                            department=None, location=None, limit=50, cursor=None)
    found.mentor_page = first.next
    found.newcomers = column(
        "SELECT * FROM (SELECT e.hris_id FROM employees e JOIN employment_spells s "
        f"USING (employee_id) WHERE e.employed AND s.hired_on <= DATE '{SUGGESTIONS_DAY}' "
        f"AND s.hired_on > DATE '{SUGGESTIONS_DAY}' - INTERVAL 365 DAY) "
        f"USING SAMPLE {sample} ROWS"
    ) or found.mentees
    return found


Read = Callable[[duckdb.DuckDBPyConnection, random.Random], object]


def lists(found: Subjects) -> dict[str, Read]:
    """Each list, as the HTTP route calls it (default page size 50)."""
    page: dict[str, Any] = {"limit": 50, "cursor": None}
    return {
        "programs (open)": lambda c, r: queries.programs(c, status="open", **page),
        "rounds of a program": lambda c, r: queries.rounds(
            c, r.choice(found.programs), status="all", **page),
        "mentors: topic + available": lambda c, r: queries.mentors(
            c, found.big_program, topic=found.topic, available=True, department=None,
            location=None, **page),
        "mentors: later page": lambda c, r: queries.mentors(
            c, found.big_program, topic=None, available=None, department=None, location=None,
            limit=50, cursor=found.mentor_page),
        "mentors: department": lambda c, r: queries.mentors(
            c, found.big_program, topic=None, available=None, department="Sales",
            location=None, **page),
        "requests: a mentee's, both roles": lambda c, r: queries.requests(
            c, r.choice(found.mentees), role=None, statuses=(), **page),
        "requests: a mentor's pending": lambda c, r: queries.requests(
            c, r.choice(found.mentors), role="mentor", statuses=("pending",), **page),
        "open requests of a mentor": lambda c, r: queries.open_requests(
            c, r.choice(found.mentors)),
        "mentorships of a person (all)": lambda c, r: queries.mentorships(
            c, r.choice(found.mentees), status="all", **page),
        "sessions of a mentorship": lambda c, r: queries.sessions(
            c, r.choice(found.mentorships), **page),
        "goals of a mentorship": lambda c, r: queries.goals(
            c, r.choice(found.mentorships), achieved=None, **page),
        "surveys of a mentorship": lambda c, r: queries.surveys(
            c, r.choice(found.mentorships), **page),
        "stories of a program": lambda c, r: queries.stories(c, r.choice(found.programs), **page),
        **_suggestions(found),
    }


def _suggestions(found: Subjects) -> dict[str, Read]:
    """The suggestions read, when `projections.portal.suggestions` provides it (the hook)."""
    try:
        from projections.portal.suggestions import suggestions
    except ImportError:
        return {}
    programs = ProgramCache()  # as the API's read model holds it, at one position: no writes
    return {
        "suggestions (top 10)": lambda c, r: suggestions(
            c, found.big_program, r.choice(found.newcomers), SUGGESTIONS_DAY, None, 10,
            programs),
        # the first read at a new position (after each batch the read model applies) reads the
        # program's settings and mentor pool again: every read without the cache
        "suggestions, first at a position": lambda c, r: suggestions(
            c, found.big_program, r.choice(found.newcomers), SUGGESTIONS_DAY, None, 10),
    }


def percentile(timings: list[float], fraction: float) -> float:
    """The nearest-rank percentile of sorted `timings`."""
    return timings[min(len(timings) - 1, max(0, round(fraction * len(timings)) - 1))]


SLOW_BUDGET_SECONDS = 60.0
"""A list is read `runs` times, or as often as fits in this budget (at least 5 times)."""


Timing = tuple[float, float, float]
"""Wall p50, wall p99 and median CPU time of one read (ms)."""


def measure(views: list[DuckDBView], runs: int, seed: int = 5) -> list[dict[str, Timing]]:
    """Wall p50 and p99 and the median CPU time (ms) of every list on each read side, each list
    printed as it is measured (CPU: every thread of the process, what the load does not
    inflate). The read sides take turns, one read each, so a change of the machine's speed
    during the run (other work, the VM's neighbours) weighs on every side alike and the ratios
    between them compare the read sides, not the moments they were measured at."""
    cursors = [view.cursor() for view in views]
    reads = [lists(subjects(cursor)) for cursor in cursors]
    results: list[dict[str, Timing]] = [{} for _ in views]
    for label in reads[0]:
        turns = [(cursor, read[label], random.Random(seed)) for cursor, read in
                 zip(cursors, reads, strict=True)]
        for cursor, read, rng in turns:
            for _ in range(3):
                read(cursor, rng)
        timings: list[list[float]] = [[] for _ in views]
        cpu: list[list[float]] = [[] for _ in views]
        began = time.perf_counter()
        while len(timings[0]) < runs and (
            len(timings[0]) < 5 or time.perf_counter() - began < SLOW_BUDGET_SECONDS
        ):
            for side, (cursor, read, rng) in enumerate(turns):
                started, cpu_started = time.perf_counter(), time.process_time()
                read(cursor, rng)
                timings[side].append((time.perf_counter() - started) * 1000)
                cpu[side].append((time.process_time() - cpu_started) * 1000)
        cells = []
        for side, walls in enumerate(timings):
            walls.sort()
            results[side][label] = (
                statistics.median(walls), percentile(walls, 0.99), statistics.median(cpu[side])
            )
            cells.append("p50 {:.1f} p99 {:.1f} CPU {:.1f}".format(*results[side][label]))
        print(f"  {label:<34} " + " | ".join(cells) + f"  ({len(timings[0])} reads each)",
              flush=True)
    for cursor in cursors:
        cursor.close()
    return results


def print_table(names: list[str], results: list[dict[str, Timing]]) -> None:
    """Per list and read side: wall p50 / p99 and CPU (ms); then, for every read side after the
    first, the ratios of its p50, p99 and CPU to the first's (the demo at 8,000 employees over
    the demo at 2,000: the ratio between log lengths)."""
    print(f"{'list':<34}" + "".join(f"{name:>30}" for name in names))
    for label in results[0]:
        cells = [r.get(label) for r in results]
        print(f"{label:<34}" + "".join(
            f"{c[0]:>8.1f} /{c[1]:>7.1f} / CPU{c[2]:>5.1f}" if c else f"{'—':>30}"
            for c in cells
        ))
    for name, other in zip(names[1:], results[1:], strict=True):
        print(f"\nratio {name} / {names[0]}: p50, p99, CPU")
        for label, base in results[0].items():
            cell = other.get(label)
            if cell:
                print(f"  {label:<34}" + "".join(
                    f"{mine / theirs:>8.2f}" for mine, theirs in zip(cell, base, strict=True)
                ))


def uptime() -> str:
    """The machine's load, as `uptime` prints it."""
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, action="append", default=[],
                        help="a directory where `mentoring demo` wrote analytics.duckdb")
    parser.add_argument("--employees", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--skip-generated", action="store_true")
    parser.add_argument("--threads", type=int, default=READ_THREADS,
                        help="DuckDB threads of each read model (default: the API read "
                             "model's, projections/portal/durable.py; 0: DuckDB's, one per "
                             "core)")
    arguments = parser.parse_args()
    names: list[str] = []
    sides: list[tuple[str, Callable[[], DuckDBView]]] = [
        (directory.name, partial(copied_read_side, directory / "analytics.duckdb"))
        for directory in arguments.demo
    ]
    if not arguments.skip_generated:
        sides.append((f"generated {arguments.employees:,}",
                      lambda: generated_read_side(arguments.employees)))
    views = []
    for name, build in sides:
        started = time.perf_counter()
        view = build()
        if arguments.threads:
            view.connection.execute(f"SET threads = {int(arguments.threads)}")
        print(f"{name}: {sizes_of(view.connection)} (built in "
              f"{time.perf_counter() - started:.0f} s)", flush=True)
        names.append(name)
        views.append(view)
    print(f"before: {uptime()}", flush=True)
    results = measure(views, arguments.runs)
    print(f"after:  {uptime()}", flush=True)
    for view in views:
        view.close()
    print(f"\nwall p50 / wall p99 / median CPU, ms, over {arguments.runs} reads each (the query "
          f"functions the HTTP routes call, in-memory read model, threads "
          f"{arguments.threads or 'DuckDB default'})")
    print_table(names, results)
    print(uptime())


if __name__ == "__main__":
    main()
