"""program_mentors, kept in step batch by batch, equals what its source tables derive afresh."""

from __future__ import annotations

from contextlib import closing

import duckdb

from gateways.demo.run import DemoOutcome
from gateways.settings import Settings
from projections.portal import mentor_table

CHANGED_AFTER_ENROLLING = """
SELECT count(DISTINCT e.enrolment_id) FROM mentor_enrolments e
JOIN employee_changes c ON c.employee_id = e.mentor_id AND c.effective_date > e.enrolled_on
WHERE c.change IN ('transferred', 'promoted', 'left', 'manager_changed')
"""


def test_program_mentors_equal_the_rows_their_enrolments_people_and_slots_derive(
    demo_settings: Settings, demo_run: DemoOutcome
) -> None:
    with closing(duckdb.connect(str(demo_settings.duckdb), read_only=True)) as db:
        kept = db.execute("SELECT * FROM program_mentors ORDER BY ALL").fetchall()
        derived = db.execute(mentor_table.SELECT.format(which="true") + " ORDER BY ALL").fetchall()
        changed = db.execute(CHANGED_AFTER_ENROLLING).fetchall()[0][0]
    assert changed > 0  # mentors were transferred, promoted or left after enrolling
    assert kept == derived
