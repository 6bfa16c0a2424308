"""Read latency of a mentee's suggestions on a generated read side of a million employees.

    .venv/bin/python bench/suggestions_bench.py [--employees 1000000] [--mentors 2000]
        [--runs 300]

The read side is an in-memory read model (`projections/portal/follower.py` keeps one): its
tables and indexes are the projector's (`DuckDBView`), filled directly in DuckDB: the employees
(a reporting tree 8 wide; hire dates, departments, levels and locations from a hash of their
number; 5% gone), their employment spells, one program with an open round and `--mentors`
mentor enrolments (90% trained, capacity 1-4, about a third of the slots taken, 1-3 of 20
topics), 10,000 enrolled mentees with past requests (some declined). Each run asks
`projections.portal.suggestions.suggestions` (what the HTTP route calls) for a random enrolled
mentee's top 10, without a topic and with one; p50 and p99 in milliseconds, with the machine's
load (`uptime`).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from projections.portal import mentor_table  # noqa: E402
from projections.portal.suggestions import suggestions  # noqa: E402
from projections.view import DuckDBView  # noqa: E402

DAY = date(2026, 6, 1)
PROGRAM = UUID("00000000-0000-4000-8000-000000000016")
TOPICS = "[" + ", ".join(f"'topic {i}'" for i in range(20)) + "]"

GENERATED = """
SELECT setseed(0.16);
CREATE TEMP TABLE people AS SELECT range AS n, hash(range) AS h FROM range({employees});
INSERT INTO employees SELECT employee_uuid('E' || n), 'E' || n, 'A',
    DATE '2010-01-01' + CAST(h % 5800 AS INTEGER),
    (['Sales', 'Eng', 'Ops', 'Finance', 'HR', 'Legal'])[1 + CAST((h // 5800) % 6 AS INTEGER)],
    1 + CAST((h // 34800) % 7 AS INTEGER),
    CASE WHEN n > 0 THEN employee_uuid('E' || (n // 8)) END,
    (['Paris', 'Lyon', 'Berlin', 'Madrid'])[1 + CAST((h // 243600) % 4 AS INTEGER)],
    (h // 974400) % 20 <> 0
FROM people;
INSERT INTO employment_spells SELECT employee_id, 1, first_hired_on,
    CASE WHEN NOT employed THEN DATE '2026-01-01' END, NULL, NULL FROM employees;
INSERT INTO programs VALUES ('{program}', 'Suggested', 'general', 'structured',
    DATE '2026-01-01', NULL, 'monthly', 'E1', DATE '2026-01-01', NULL);
INSERT INTO program_rounds (program_id, round_no, round_name, departments, opened_on)
    VALUES ('{program}', 1, 'round 1', [], DATE '2026-01-02');
INSERT INTO program_matching VALUES ('{program}',
    '{{"reporting_line_levels": 2, "forbid_same_manager": false, "require_training": true,
      "allow_junior_mentors": false}}', '{{}}');
INSERT INTO mentor_enrolments SELECT uuid(), '{program}', employee_uuid('E' || person), 1,
    'volunteer', 'active', DATE '2026-01-02',
    CASE WHEN random() < 0.9 THEN DATE '2026-01-03' END,
    ({topics})[1 + (range * 7) % 20 : 1 + (range * 7) % 20 + range % 3],
    1 + range % 4, 4, NULL
FROM (SELECT row_number() OVER () AS range, person FROM (SELECT range AS person
      FROM range(1, {employees})) USING SAMPLE reservoir({mentors} ROWS) REPEATABLE (16));
INSERT INTO mentee_enrolments SELECT uuid(), '{program}', employee_uuid('E' || person), 1,
    DATE '2026-01-05', [({topics})[1 + range % 20]]
FROM (SELECT range, 1 + CAST(floor(random() * ({employees} - 1)) AS BIGINT) AS person
      FROM range(10000));
CREATE TEMP TABLE numbered_mentors AS
    SELECT row_number() OVER () - 1 AS j, enrolment_id, mentor_id, capacity
    FROM mentor_enrolments;
CREATE TEMP TABLE numbered_mentees AS
    SELECT row_number() OVER () - 1 AS i, mentee_id FROM mentee_enrolments;
INSERT INTO mentor_slots SELECT m.enrolment_id, uuid(), me.mentee_id, DATE '2026-02-01', NULL
FROM numbered_mentors m CROSS JOIN range(4) t(k)
JOIN numbered_mentees me ON me.i = (m.j * 4 + k) % 10000
WHERE k < m.capacity AND random() < 0.35;
CREATE TEMP TABLE asked AS SELECT uuid() AS request_id, me.mentee_id, m.mentor_id,
    CASE WHEN random() < 0.5 THEN 'declined' ELSE 'expired' END AS answer
FROM range(20000) r
JOIN numbered_mentees me ON me.i = r.range % 10000
JOIN numbered_mentors m ON m.j = CAST(floor(random() * {mentors}) AS BIGINT);
INSERT INTO requests (request_id, program_id, round_no, mentee_id, topic, made_on, outcome)
SELECT request_id, '{program}', 1, mentee_id, 'topic 1', DATE '2026-02-01', answer FROM asked;
INSERT INTO request_answers (request_id, mentor_id, choice_index, asked_on, answer)
SELECT request_id, mentor_id, 0, DATE '2026-02-01', answer FROM asked
"""


def generated(employees: int, mentors: int) -> DuckDBView:
    """The in-memory read model, filled as the module's docstring says."""
    view = DuckDBView(":memory:")
    sql = GENERATED.format(employees=employees, mentors=mentors, program=PROGRAM, topics=TOPICS)
    for statement in sql.split(";"):
        if statement.strip():
            view.connection.execute(statement)
    for statement in mentor_table.fill_all():  # as the projector keeps it
        view.connection.execute(statement)
    return view


def measure(
    view: DuckDBView, runs: int, topic: str | None
) -> tuple[float, float, float, int]:
    """p50 and p99 (ms) of the top-10 suggestions of random enrolled mentees, the median CPU
    time (ms, every thread of the process: what a loaded machine does not inflate), and how many
    suggestions the runs listed in all."""
    cursor = view.cursor()
    mentees = [row[0] for row in cursor.execute(
        "SELECT e.hris_id FROM mentee_enrolments m JOIN employees e "
        "ON e.employee_id = m.mentee_id WHERE e.employed"
    ).fetchall()]
    rng = random.Random(16)
    listed, timings, cpu = 0, [], []
    for run in range(runs + 5):
        mentee = rng.choice(mentees)
        started, cpu_started = time.perf_counter(), time.process_time()
        found, _ = suggestions(cursor, PROGRAM, mentee, DAY, topic, 10)
        if run >= 5:
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            listed += len(found)
    cursor.close()
    timings.sort()
    p99 = timings[min(len(timings) - 1, round(0.99 * len(timings)) - 1)]
    return statistics.median(timings), p99, statistics.median(cpu), listed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=1_000_000)
    parser.add_argument("--mentors", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=300)
    arguments = parser.parse_args()
    started = time.perf_counter()
    view = generated(arguments.employees, arguments.mentors)
    print(f"{arguments.employees:,} employees, {arguments.mentors:,} mentor enrolments "
          f"(built in {time.perf_counter() - started:.0f} s)", flush=True)
    for topic in (None, "topic 3"):
        p50, p99, cpu, listed = measure(view, arguments.runs, topic)
        print(f"suggestions (top 10, topic={topic}): p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
              f"CPU {cpu:.1f} ms (median) over {arguments.runs} mentees "
              f"({listed / arguments.runs:.1f} listed each)")
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    view.close()


if __name__ == "__main__":
    main()
